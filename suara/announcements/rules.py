"""What an announcement is made of: its categories, the limits of its fields and attachments, what a
correction changed, and the tag of a public answer. Pure: no Django."""

from __future__ import annotations

import hashlib
import re
from enum import StrEnum

from suara.core.translatable import gettext_noop


class Category(StrEnum):
    TAHAPAN = "tahapan"  # the stages and their dates
    REKRUTMEN = "rekrutmen"  # recruitment of PPK, PPS, KPPS, Pantarlih
    DPB = "dpb"  # the voter register: DPS, DPT, DPB, where to check
    KAMPANYE = "kampanye"  # the campaign period and its rules
    PEMUNGUTAN = "pemungutan"  # voting day: TPS, hours, what to bring
    HASIL = "hasil"  # the count and its recapitulation
    SOSIALISASI = "sosialisasi"  # voter education, events
    LAINNYA = "lainnya"


CATEGORY_LABELS = {
    Category.TAHAPAN: gettext_noop("Tahapan"),
    Category.REKRUTMEN: gettext_noop("Rekrutmen badan ad hoc"),
    Category.DPB: gettext_noop("Daftar pemilih"),
    Category.KAMPANYE: gettext_noop("Kampanye"),
    Category.PEMUNGUTAN: gettext_noop("Pemungutan suara"),
    Category.HASIL: gettext_noop("Hasil"),
    Category.SOSIALISASI: gettext_noop("Sosialisasi"),
    Category.LAINNYA: gettext_noop("Lainnya"),
}
# English labels for the feeds and calendars asked for in English (``?bahasa=en``), which no cookie decides.
CATEGORY_LABELS_EN = {
    Category.TAHAPAN: "Stages",
    Category.REKRUTMEN: "Recruitment of ad-hoc bodies",
    Category.DPB: "Voter register",
    Category.KAMPANYE: "Campaign",
    Category.PEMUNGUTAN: "Voting",
    Category.HASIL: "Results",
    Category.SOSIALISASI: "Voter education",
    Category.LAINNYA: "Other",
}

TITLE_LENGTH = (5, 200)
BODY_LENGTH = (20, 20_000)
NOTE_LENGTH = (10, 1000)  # a correction's, a rejection's or a withdrawal's note
LOCATION_MAX_LENGTH = 200
MAX_ATTACHMENTS = 5
PDF_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_NAME_MAX_LENGTH = 120

# The fields a version keeps and a correction may change, with their names in the correction's notice.
PUBLIC_FIELDS = {
    "title": gettext_noop("judul"),
    "body": gettext_noop("isi"),
    "title_en": gettext_noop("judul (Inggris)"),
    "body_en": gettext_noop("isi (Inggris)"),
    "category": gettext_noop("kategori"),
    "region_code": gettext_noop("wilayah"),
    "event_start": gettext_noop("mulai acara"),
    "event_end": gettext_noop("selesai acara"),
    "event_location": gettext_noop("tempat acara"),
    "attachments": gettext_noop("lampiran"),
}


def changed_fields(before: dict, after: dict) -> list[str]:
    """The public fields whose values differ between two versions' bodies, in ``PUBLIC_FIELDS`` order."""
    return [name for name in PUBLIC_FIELDS if before.get(name) != after.get(name)]


_PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")


def pdf_whole(raw: bytes) -> bool:
    """Whether ``raw`` is shaped like a whole PDF, judged by its bytes: the ``%PDF-1.x`` header first, a
    cross-reference pointer and the end-of-file marker in its last kilobytes (a cut upload has neither)."""
    return bool(_PDF_HEADER.match(raw)) and b"startxref" in raw[-2048:] and b"%%EOF" in raw[-1024:]


_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")


def attachment_name(name: str, extension: str) -> str:
    """The name an attachment is offered under: the uploaded file's name reduced to safe characters,
    with the extension its content decided (a PDF named .jpg is offered as .pdf)."""
    stem = str(name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    stem = _UNSAFE_NAME.sub("-", stem).strip(" .-")[: ATTACHMENT_NAME_MAX_LENGTH - 5] or "lampiran"
    return f"{stem}.{extension}"


# Bump when what a public answer is made of changes shape (a template, a feed's fields), so that caches
# holding the old shape under an old tag ask again.
ANSWER_FORMAT = "1"


def public_tag(*parts: object) -> str:
    """An ETag (quoted) over what a public answer is made of: its kind and filters, the change stamp of
    the regions it covers and the time of the latest announcement it lists (``listing``)."""
    text = "|".join(str(part) for part in (ANSWER_FORMAT, *parts))
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:24] + '"'


def tag_matches(if_none_match: str, etag: str) -> bool:
    """Whether an If-None-Match header names ``etag`` (or is ``*``); weak tags compare as strong ones,
    as a shared cache may have weakened the tag of an answer it compressed."""
    if not if_none_match:
        return False
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == etag:
            return True
    return False
