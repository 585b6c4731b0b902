"""Template filters for the public pages: names for the active language, KPU capitals in title case,
grouped numbers and translated choice labels."""

from django import template
from django.utils import formats
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.translation import get_language

from suara.accounts import labels as role_labels
from suara.core.text import display_name
from suara.core.timezones import ZONES, zone_of
from suara.regions import labels as region_labels

register = template.Library()


@register.filter
def local(obj, field: str = "name"):
    """``obj.<field>_en`` when English is active and it is filled in, else ``obj.<field>`` (Indonesian)."""
    if (get_language() or "").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field, "")


@register.filter
def place(name: str) -> str:
    """A KPU name in capitals, as people write it."""
    return display_name(name or "")


@register.filter
def grouped(value) -> str:
    """1234567 -> 1.234.567 in Indonesian, 1,234,567 in English."""
    if value is None or value == "":
        return ""
    return formats.number_format(value, force_grouping=True)


@register.filter
def level_label(region) -> str:
    return region_labels.level_label(region.code, region.level)


@register.filter
def child_heading(region) -> str:
    return region_labels.child_heading(region.code, region.level)


@register.filter
def tps_kind(kind: str) -> str:
    return region_labels.TPS_KINDS.get(kind, kind)


@register.filter
def role_label(role: str) -> str:
    return role_labels.role_label(role)


@register.simple_tag
def date_range(start, end=None):
    """Two <time> elements sharing what they can: "11–13 Feb 2024", "28 Nov 2023 – 10 Feb 2024"."""
    if end is None or end == start:
        return format_html('<time datetime="{}">{}</time>', start.isoformat(), date_format(start, "j M Y"))
    if (start.year, start.month) == (end.year, end.month):
        first, separator = date_format(start, "j"), "–"
    elif start.year == end.year:
        first, separator = date_format(start, "j M"), " – "
    else:
        first, separator = date_format(start, "j M Y"), " – "
    return format_html(
        '<time datetime="{}">{}</time>{}<time datetime="{}">{}</time>',
        start.isoformat(),
        first,
        separator,
        end.isoformat(),
        date_format(end, "j M Y"),
    )


@register.filter
def local_time(value, code: str = "") -> str:
    """A moment as people in the region ``code`` read it: "7 Des 2026 10.58 WITA" (the active language's
    month names), in WIB for the nation and overseas (``core.timezones``)."""
    if not value:
        return ""
    zone = zone_of(str(code or ""))
    return f"{date_format(value.astimezone(ZONES[zone]), 'j M Y H:i')} {zone}"
