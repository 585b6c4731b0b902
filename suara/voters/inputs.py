"""The form of each voter field, checked before any rule or lookup: the services' first step."""

from __future__ import annotations

from datetime import date

from suara.core.errors import DomainError, ErrorCodes
from suara.people.errors import PeopleErrorCode
from suara.people.names import name_key
from suara.voters.errors import VoterErrorCode
from suara.voters.models import Voter


def check_digits(value: str, length: int, code: ErrorCodes, field: str, label: str) -> str:
    value = (value or "").strip()
    if not (len(value) == length and value.isascii() and value.isdigit()):
        raise DomainError(code, f"{label} harus berupa {length} digit angka.", field=field)
    return value


def clean_fields(fields: dict) -> dict:
    """Checks each field's form (not yet its consistency); returns the cleaned values."""
    out = dict(fields)
    if "kk" in out:
        out["kk"] = check_digits(out["kk"], 16, VoterErrorCode.INVALID_KK, "kk", "Nomor KK")
    if "name" in out:
        out["name"] = " ".join((out["name"] or "").split())
        if not out["name"] or not name_key(out["name"]):
            raise DomainError(PeopleErrorCode.NAME_REQUIRED, "Nama lengkap wajib diisi.", field="name")
        if len(out["name"]) > 150:
            raise DomainError(PeopleErrorCode.NAME_TOO_LONG, "Nama paling panjang 150 huruf.", field="name")
    if "birth_date" in out and not isinstance(out["birth_date"], date):
        raise DomainError(
            VoterErrorCode.INVALID_BIRTH_DATE, "Tanggal lahir harus berupa tanggal (YYYY-MM-DD).", field="birth_date"
        )
    if "sex" in out and out["sex"] not in Voter.Sex.values:
        raise DomainError(VoterErrorCode.INVALID_SEX, "Jenis kelamin harus L atau P.", field="sex")
    if "marital" in out and out["marital"] not in Voter.Marital.values:
        raise DomainError(VoterErrorCode.INVALID_MARITAL, "Status kawin harus B, S atau P.", field="marital")
    for part, code in (("rt", VoterErrorCode.INVALID_RT), ("rw", VoterErrorCode.INVALID_RW)):
        if part in out:
            value = (out[part] or "").strip()
            if value and not (len(value) <= 3 and value.isascii() and value.isdigit()):
                raise DomainError(code, f"{part.upper()} berupa angka paling banyak 3 digit.", field=part)
            out[part] = value.zfill(3) if value else ""
    for text, limit, code in (
        ("birth_place", 100, VoterErrorCode.BIRTH_PLACE_TOO_LONG),
        ("address", 250, VoterErrorCode.ADDRESS_TOO_LONG),
        ("disability", 60, VoterErrorCode.DISABILITY_TOO_LONG),
    ):
        if text in out:
            out[text] = " ".join((out[text] or "").split())
            if len(out[text]) > limit:
                raise DomainError(code, f"Isian {text} paling panjang {limit} huruf.", field=text)
    return out


def clean_note(note: str, *, required: bool) -> str:
    note = (note or "").strip()
    if required and not note:
        raise DomainError(
            VoterErrorCode.EVIDENCE_REQUIRED, "Keterangan dan dasar (bukti) perubahan wajib diisi.", field="note"
        )
    if len(note) > 1000:
        raise DomainError(VoterErrorCode.NOTE_TOO_LONG, "Keterangan paling panjang 1000 huruf.", field="note")
    return note
