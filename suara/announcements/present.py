"""How an announcement is shown, the same on every public channel: its text in a language (English when
asked for and written, else Indonesian), its region's label, its corrections, its links."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from suara.announcements.models import Announcement
from suara.announcements.rules import CATEGORY_LABELS, CATEGORY_LABELS_EN, PUBLIC_FIELDS, Category
from suara.core.region_codes import url_word

LANGUAGES = ("id", "en")


def text(announcement: Announcement, name: str, language: str = "id") -> str:
    """``title`` or ``body`` in ``language``: the English when asked for and written, else the Indonesian."""
    return (language == "en" and getattr(announcement, f"{name}_en", "")) or getattr(announcement, name)


def category_label(category: str, language: str = "id") -> str:
    if language == "en":
        return CATEGORY_LABELS_EN[Category(category)]
    return _(CATEGORY_LABELS[Category(category)])


def region_label(code: str, name: str | None) -> str:
    return _("Seluruh Indonesia") if not code else (name or code).title()


def corrections(announcement: Announcement) -> list[dict]:
    """Its corrections, oldest first, each with its time, note and the names of the fields it changed."""
    shown = []
    for entry in announcement.corrections or ():
        at = entry["at"]
        shown.append(
            {
                "at": datetime.fromisoformat(at) if isinstance(at, str) else at,
                "note": entry["note"],
                "changed": [_(PUBLIC_FIELDS[name]) for name in entry["changed"] if name in PUBLIC_FIELDS],
                "fields": list(entry["changed"]),
                "version": entry["version"],
            }
        )
    return shown


def absolute_of(request):
    """A function making a path absolute for this request (its scheme and host read once, not per link)."""
    origin = f"{request.scheme}://{request.get_host()}"
    return lambda path: origin + path


def detail_path(announcement: Announcement) -> str:
    return reverse("announcements:detail", args=[announcement.pk])


def detail_path_of():
    """``detail_path`` for many announcements: the URL reversed once (under the request's script prefix,
    which an embedding sets), each id put in it."""
    sentinel = 987654321
    head, _, tail = reverse("announcements:detail", args=[sentinel]).partition(str(sentinel))
    return lambda pk: f"{head}{pk}{tail}"


def region_path(code: str) -> str:
    return reverse("announcements:region", args=[url_word(code)])


def attachment_path(announcement: Announcement, attachment: dict) -> str:
    name = f"{attachment['sha256']}.{attachment['extension']}"
    return reverse("announcements:attachment", args=[announcement.pk, name])
