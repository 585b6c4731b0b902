"""The form of each voter field, checked before any rule or lookup: the services' first step."""

from __future__ import annotations

from datetime import date

from suara.core.errors import DomainError
from suara.people.names import name_key
from suara.voters.models import Voter


def check_digits(value: str, length: int, code: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not (len(value) == length and value.isascii() and value.isdigit()):
        raise DomainError(code, f"{label} harus berupa {length} digit angka.", field=field)
    return value


def clean_fields(fields: dict) -> dict:
    """Checks each field's form (not yet its consistency); returns the cleaned values."""
    out = dict(fields)
    if "kk" in out:
        out["kk"] = check_digits(out["kk"], 16, "invalid_kk", "kk", "Nomor KK")
    if "name" in out:
        out["name"] = " ".join((out["name"] or "").split())
        if not out["name"] or not name_key(out["name"]):
            raise DomainError("name_required", "Nama lengkap wajib diisi.", field="name")
        if len(out["name"]) > 150:
            raise DomainError("name_too_long", "Nama paling panjang 150 huruf.", field="name")
    if "birth_date" in out and not isinstance(out["birth_date"], date):
        raise DomainError("invalid_birth_date", "Tanggal lahir harus berupa tanggal (YYYY-MM-DD).", field="birth_date")
    if "sex" in out and out["sex"] not in Voter.Sex.values:
        raise DomainError("invalid_sex", "Jenis kelamin harus L atau P.", field="sex")
    if "marital" in out and out["marital"] not in Voter.Marital.values:
        raise DomainError("invalid_marital", "Status kawin harus B, S atau P.", field="marital")
    for part in ("rt", "rw"):
        if part in out:
            value = (out[part] or "").strip()
            if value and not (len(value) <= 3 and value.isascii() and value.isdigit()):
                raise DomainError(f"invalid_{part}", f"{part.upper()} berupa angka paling banyak 3 digit.", field=part)
            out[part] = value.zfill(3) if value else ""
    for text, limit in (("birth_place", 100), ("address", 250), ("disability", 60)):
        if text in out:
            out[text] = " ".join((out[text] or "").split())
            if len(out[text]) > limit:
                raise DomainError(f"{text}_too_long", f"Isian {text} paling panjang {limit} huruf.", field=text)
    return out


def clean_note(note: str, *, required: bool) -> str:
    note = (note or "").strip()
    if required and not note:
        raise DomainError("evidence_required", "Keterangan dan dasar (bukti) perubahan wajib diisi.", field="note")
    if len(note) > 1000:
        raise DomainError("note_too_long", "Keterangan paling panjang 1000 huruf.", field="note")
    return note
