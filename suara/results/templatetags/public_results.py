"""Template helpers for the public results pages: percentages, the vote bar chart as server-rendered
SVG (no script, and no inline style: the CSP forbids it; bar widths are SVG geometry), labels."""

from __future__ import annotations

import textwrap

from django import template
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from suara.results import labels
from suara.results.public.shares import percent_value

register = template.Library()

# The chart's own coordinate system; the SVG scales to the width of its box.
CHART_WIDTH = 440
CHART_BAR_WIDTH = 370
CHART_BAR_HEIGHT = 18
CHART_LINE = 19
# Labels are 15 units high: about this many characters fit on a line of the chart's width.
CHART_LABEL_CHARACTERS = 46
CHART_COLOURS = 6

VERSION_KINDS = {
    "entry": gettext_lazy("Entri KPPS"),
    "correction": gettext_lazy("Koreksi"),
    "import": gettext_lazy("Impor"),
}
VERSION_STATUSES = {
    "accepted": gettext_lazy("Berlaku"),
    "superseded": gettext_lazy("Digantikan"),
    "pending": gettext_lazy("Menunggu persetujuan PPK"),
    "rejected": gettext_lazy("Ditolak"),
}


@register.filter
def percent(share) -> str:
    """0.4123 -> "41,23%" (the active language's decimal mark), by the one rule of ``shares``."""
    try:
        value = percent_value(float(share or 0))
    except (TypeError, ValueError, ArithmeticError):
        return ""
    return f"{formats.number_format(value, 2)}%"


@register.simple_tag
def vote_chart(candidates) -> SafeString:
    """A horizontal bar per candidate: number and name above (wrapped when long), bar and share below."""
    rows, top = [], 0
    for candidate in candidates:
        lines = textwrap.wrap(f"{candidate['number']:02d} {candidate['name']}", CHART_LABEL_CHARACTERS) or [""]
        label = format_html_join(
            "", '<tspan x="0" dy="{}">{}</tspan>', ((0 if i == 0 else CHART_LINE, line) for i, line in enumerate(lines))
        )
        bar_top = top + CHART_LINE * len(lines) + 6
        share = max(0.0, min(1.0, float(candidate.get("share") or 0)))
        rows.append(
            format_html(
                '<text class="chart__label" y="{}">{}</text>'
                '<rect class="chart__track" x="0" y="{}" width="{}" height="{}" rx="3"></rect>'
                '<rect class="chart__bar chart__bar--{}" x="0" y="{}" width="{}" height="{}" rx="3"></rect>'
                '<text class="chart__value" x="{}" y="{}" text-anchor="end">{}</text>',
                top + 15,
                label,
                bar_top,
                CHART_BAR_WIDTH,
                CHART_BAR_HEIGHT,
                (candidate["number"] - 1) % CHART_COLOURS + 1,
                bar_top,
                f"{share * CHART_BAR_WIDTH:.2f}",
                CHART_BAR_HEIGHT,
                CHART_WIDTH,
                bar_top + 14,
                percent(share),
            )
        )
        top = bar_top + CHART_BAR_HEIGHT + 12
    summary = "; ".join(f"{c['number']:02d} {c['name']}: {percent(c.get('share'))}" for c in candidates)
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}">{}</svg>',
        CHART_WIDTH,
        max(top, 1),
        _("Grafik perolehan suara: %(summary)s") % {"summary": summary},
        SafeString("".join(rows)),
    )


@register.filter
def flag_text(code: str) -> str:
    return labels.flag_text(code)


@register.filter
def version_kind(kind: str) -> str:
    return VERSION_KINDS.get(kind, kind)


@register.filter
def version_status(status: str) -> str:
    return VERSION_STATUSES.get(status, status)


@register.filter
def number_code(number) -> str:
    """A ballot or TPS number as it is printed: 01, 02; TPS 001."""
    try:
        return f"{int(number):02d}"
    except (TypeError, ValueError):
        return ""


@register.filter(name="rule_message")
def rule_message_filter(breach: dict) -> str:
    """A broken rule's message in the active language."""
    return labels.rule_message(breach)


@register.simple_tag
def rule_texts_json() -> dict:
    """Every rule's message in the active language, for entry.js (as data: the CSP runs no inline script)."""
    return labels.rule_texts()
