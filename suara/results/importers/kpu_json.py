"""KPU's published numbers for one TPS in 2024 (Sirekap), one JSON file per TPS, as tallies. Pure: no
Django.

A file is named ``<13-digit TPS code>.json`` and holds, as KPU's site served it::

    {"chart": {"100025": 71, "100026": 641, "100027": 511, "null": null},
     "administrasi": {"suara_sah": 185, "suara_tidak_sah": 5, "suara_total": 190,
                      "pemilih_dpt_j": 250, "pemilih_dpt_l": 120, "pemilih_dpt_p": 130,
                      "pengguna_dpt_j": 180, ..., "pengguna_total_p": 95},
     "images": ["https://...jpg", null, null], "ts": "2024-02-15 10:00:00",
     "status_suara": true, "status_adm": true, "psu": null, "mode": "hlm"}

``chart`` maps Sirekap's candidate ids to votes; any number may be null (not read yet). The numbers are
KPU's reading of the form photo, often wrong (the 71/641/511 misreading of a TPS with 185 valid votes), so
they are checked by the same rules as an entry and stored beside the count, never as it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from suara.results.rules import check

# Sirekap's candidate ids per contest: ballot number by id.
SIREKAP_CANDIDATES = {"ppwp-2024": {"100025": 1, "100026": 2, "100027": 3}}
TOTALS = {"suara_sah": "valid", "suara_tidak_sah": "invalid", "suara_total": "total"}
GROUPS = {
    "pemilih_dpt": "dpt",
    "pengguna_dpt": "voted_dpt",
    "pengguna_dptb": "voted_dptb",
    "pengguna_non_dpt": "voted_dpk",
    "pengguna_total": "voted_total",
}
META_KEYS = ("images", "ts", "status_suara", "status_adm", "psu", "mode")
FILE_NAME = re.compile(r"([0-9]{13})\.json")
MAX_FILE_BYTES = 256 * 1024  # a real file is under 2 KB

OK, BREACH, INCOMPLETE, INVALID = "ok", "breach", "incomplete", "invalid"


@dataclass(frozen=True)
class KpuTps:
    """One file read: ``status`` ok / breach (``rules`` broken, checked on whatever numbers are there) /
    incomplete (numbers missing, none of the present ones breaks a rule) / invalid (``reason``: nothing
    stored)."""

    tps_code: str  # the file's name when it is not a TPS code
    status: str
    rules: tuple[str, ...] = ()
    tally: dict = field(default_factory=dict)
    meta: dict = field(default_factory=dict)
    reason: str = ""


def tps_code_of(file_name: str) -> str | None:
    match = FILE_NAME.fullmatch(file_name)
    return match.group(1) if match else None


def invalid(name: str, reason: str) -> KpuTps:
    return KpuTps(name, INVALID, reason=reason)


def _scalar(value: object) -> object:
    # Numbers are kept as KPU wrote them (R0 judges them); anything else that is not a number or null
    # would not be a number either, so it is kept as its JSON text, which R0 refuses too.
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return json.dumps(value)[:40]


def read_tps(file_name: str, content: bytes, *, candidate_ids: dict[str, int]) -> KpuTps:
    """One file's tally and status. ``candidate_ids``: Sirekap id -> ballot number for the contest."""
    code = tps_code_of(file_name)
    if code is None:
        return invalid(file_name, "nama berkas harus <kode TPS 13 digit>.json")
    if len(content) > MAX_FILE_BYTES:
        return invalid(code, "berkas terlalu besar")
    try:
        data = json.loads(content)
    except (UnicodeDecodeError, ValueError):
        return invalid(code, "bukan JSON yang sah")
    if not isinstance(data, dict):
        return invalid(code, "isi berkas harus objek JSON")
    chart, admin = data.get("chart"), data.get("administrasi")
    if not isinstance(chart, (dict, type(None))) or not isinstance(admin, (dict, type(None))):
        return invalid(code, "chart dan administrasi harus objek JSON")
    tally: dict[str, object] = {}
    for key, votes in (chart or {}).items():
        if key == "null":
            continue  # Sirekap's placeholder entry, never a candidate
        number = candidate_ids.get(key)
        if number is None:
            return invalid(code, f"id calon {key[:20]} tidak dikenal dalam kontestasi ini")
        if votes is not None:
            tally[f"votes.{number}"] = _scalar(votes)
    for source, target in TOTALS.items():
        if (admin or {}).get(source) is not None:
            tally[target] = _scalar(admin[source])
    for source, group in GROUPS.items():
        for part in ("l", "p", "j"):
            value = (admin or {}).get(f"{source}_{part}")
            if value is not None:
                tally[f"{group}.{part}"] = _scalar(value)
    meta = {key: data[key] for key in META_KEYS if key in data}
    ballot_numbers = sorted(set(candidate_ids.values()))
    # Each rule is checked once all its fields are there, whatever else is missing: a file with no
    # candidate votes yet whose administrative numbers already break R2-R8 is a breach, not incomplete.
    breaches = tuple(dict.fromkeys(b.code for b in check(tally, ballot_numbers=ballot_numbers)))
    if breaches:
        return KpuTps(code, BREACH, breaches, tally, meta)
    needed = [f"votes.{n}" for n in ballot_numbers] + list(TOTALS.values())
    if any(key not in tally for key in needed):
        return KpuTps(code, INCOMPLETE, tally=tally, meta=meta)
    return KpuTps(code, OK, (), tally, meta)
