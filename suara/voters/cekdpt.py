"""Cek DPT: "am I registered?" by NIK and name, answered without ever confirming that a NIK exists.

The answer is "registered" only when the NIK is on the register, active, and the name given has the
voter's name key; then it carries the masked name, the TPS number and the desa, kecamatan and kab/kota
names, nothing else. Every other case (unknown NIK, wrong name, TMS) gets the one constant "not
registered" answer, built once, so the bytes cannot differ; and the work is the same in every case
(one indexed query, the name key computed and compared in constant time), so timing tells little more.

The lookup is rate-limited twice. Per client: ``SUARA_CEK_DPT_RATE`` lookups a minute per keyed hash of
the address (300 by default: one mobile carrier's address carries many citizens), counted in the shared
``core.ratelimit`` table before anything else, malformed lookups included; an integrator's API key (a
token of an account with the integrator role) is limited by the key's own rate instead, which
``api_gate`` counts. Per NIK: ``SUARA_CEK_DPT_NIK_RATE`` lookups an hour of one NIK (keyed-hashed),
whoever asks, counted for every well-formed NIK whether or not it is on the register, so guessing names
for one NIK is slow from any number of addresses. The name is what protects the register: without it a
lookup confirms nothing (docs/voters.md). Nothing here logs, and errors never repeat the NIK or the
name.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import time
from dataclasses import asdict, dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from suara.accounts.api_auth import client_key, request_token
from suara.accounts.roles import Role
from suara.core import answers
from suara.core.db import prepared_fetchone
from suara.core.errors import DomainError, RateLimited
from suara.core.ratelimit import rate_check
from suara.core.text import display_name
from suara.regions.models import Region, Tps
from suara.voters.models import Voter
from suara.voters.names import mask_name, name_key

NAME_MAX_LENGTH = 150
NIK_RATE_PERIOD = 3600  # SUARA_CEK_DPT_NIK_RATE counts lookups of one NIK in this many seconds
NOT_REGISTERED_MESSAGE = (
    "Data tidak ditemukan: NIK dan nama tersebut tidak terdaftar bersama sebagai pemilih aktif. Periksa "
    "kembali penulisan NIK dan nama sesuai KTP-el, atau hubungi PPS desa/kelurahan Anda."
)
REGISTERED_MESSAGE = "Anda terdaftar sebagai pemilih."
# Compared against while the register is empty, so every path compares a key.
_ABSENT_KEY = "\x00absent"


@dataclass(frozen=True)
class CekDptAnswer:
    terdaftar: bool
    pesan: str
    nama: str | None = None
    tps: str | None = None  # "003"; None while the voter has no TPS yet
    tps_kode: str | None = None  # the TPS's 13-digit code, for a link to its page (where to vote)
    desa: str | None = None
    kecamatan: str | None = None
    kabkota: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


NOT_REGISTERED = CekDptAnswer(terdaftar=False, pesan=NOT_REGISTERED_MESSAGE)


class NikRateLimited(RateLimited):
    """Too many lookups of one NIK, whoever asked. Said alike whether or not the NIK is on the register."""

    def __init__(self, retry_after: int):
        minutes = max(1, -(-retry_after // 60))
        DomainError.__init__(
            self, "nik_rate_limited", f"NIK ini terlalu sering dicari. Coba lagi dalam {minutes} menit."
        )
        self.retry_after = retry_after


def cek_dpt_nik_rate_check(nik: str) -> None:
    """Counts one lookup of a clean NIK against ``SUARA_CEK_DPT_NIK_RATE`` an hour; NikRateLimited past it.
    Counted under a keyed hash of the NIK, so the rate table never holds a NIK."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"cekdpt-nik:{nik}".encode(), hashlib.sha256).hexdigest()[:32]
    try:
        rate_check(f"cekdpt:nik:{digest}", settings.SUARA_CEK_DPT_NIK_RATE, period=NIK_RATE_PERIOD)
    except RateLimited as exc:
        raise NikRateLimited(exc.retry_after) from None


def cek_dpt_rate_check(request: HttpRequest, *, api: bool) -> None:
    """Counts one lookup against the client's limit; RateLimited past it. Over the API an integrator's
    key stands in for the address; the page always counts the address."""
    token = request_token(request) if api else None
    if token is not None and _is_integrator(token):
        return  # the key's own rate, counted by api_gate for every request it makes
    rate_check(f"cekdpt:addr:{client_key(request)}", settings.SUARA_CEK_DPT_RATE)


# token id -> (monotonic time checked, is an integrator's). Roles change rarely; a key's requests come fast.
_integrator_seen: dict[int, tuple[float, bool]] = {}
INTEGRATOR_CACHE_SECONDS = 30.0


def _is_integrator(token) -> bool:
    """Whether the token's account has the integrator role, asked at most every 30 s per process (0 in
    tests). Only which limit applies rides on it; the token itself is checked on every request."""
    keep = 0.0 if settings.TESTING else INTEGRATOR_CACHE_SECONDS
    now = time.monotonic()
    seen = _integrator_seen.get(token.pk)
    if seen is not None and now - seen[0] < keep:
        return seen[1]
    answer = token.user.assignments.filter(role=Role.INTEGRATOR.value).exists()
    if keep:
        _integrator_seen[token.pk] = (now, answer)
    return answer


def names_match(given: str, stored_key: str) -> bool:
    """Whether the name given has the stored name key, in constant time; every lookup calls it once."""
    return hmac.compare_digest(name_key(given).encode(), stored_key.encode())


def cek_dpt_clean(nik: object, nama: object) -> tuple[str, str]:
    """The lookup's NIK and name, or DomainError naming what is malformed (never repeating it)."""
    nik = nik.strip() if isinstance(nik, str) else ""
    if not (len(nik) == 16 and nik.isascii() and nik.isdigit()):
        raise DomainError("invalid_nik", "NIK harus berupa 16 digit angka.", field="nik")
    nama = nama.strip() if isinstance(nama, str) else ""
    if not nama:
        raise DomainError("name_required", "Nama lengkap wajib diisi, sesuai KTP-el.", field="nama")
    if len(nama) > NAME_MAX_LENGTH:
        raise DomainError("name_too_long", f"Nama paling panjang {NAME_MAX_LENGTH} huruf.", field="nama")
    return nik, nama


# One query, prepared once per connection: the voter by NIK with its TPS number and the names of the three
# regions above. It reads the first voter whose NIK is at or after the one asked (the register's first
# when none is): that voter itself when the NIK is on the register, a neighbour otherwise; ``found`` says
# which. So an unknown NIK costs what a known NIK with a wrong name costs, to the cache: one probe of the
# NIK index, one voter row read from wherever it lies, its four joined rows, and one name comparison
# against that row's key. (A stand-in fixed once would stay in the CPU's cache and answer faster.)
_LOOKUP_SQL = """
SELECT CASE WHEN v.nik = %s THEN 1 ELSE 0 END, v.name, v.name_key, v.status, t.number, d.name, k.name, kk.name,
       t.code
FROM {voters} v
LEFT JOIN {tps} t ON t.code = v.tps_id
LEFT JOIN {regions} d ON d.code = v.desa_id
LEFT JOIN {regions} k ON k.code = d.parent_id
LEFT JOIN {regions} kk ON kk.code = k.parent_id
WHERE v.nik = COALESCE(
    (SELECT w.nik FROM {voters} w WHERE w.nik >= %s ORDER BY w.nik LIMIT 1),
    (SELECT min(m.nik) FROM {voters} m)
)
"""


@functools.cache
def _lookup_sql() -> str:
    tables = {"voters": Voter._meta.db_table, "tps": Tps._meta.db_table, "regions": Region._meta.db_table}
    return _LOOKUP_SQL.format(**tables)


def cek_dpt(*, nik: str, nama: str) -> CekDptAnswer:
    """The answer for a clean lookup (see ``cek_dpt_clean``)."""
    row = prepared_fetchone(_lookup_sql(), [nik, nik])  # None only while the register is empty
    stored_key = row[2] if row is not None else _ABSENT_KEY
    matches = names_match(nama, stored_key)
    if not (row is not None and row[0] == 1 and matches and row[3] == Voter.Status.ACTIVE and row[5] is not None):
        return NOT_REGISTERED
    _, name, _, _, tps_number, desa, kecamatan, kabkota, tps_code = row
    return CekDptAnswer(
        terdaftar=True,
        pesan=REGISTERED_MESSAGE,
        nama=mask_name(name),
        tps=f"{tps_number:03d}" if tps_number is not None else None,
        tps_kode=tps_code,
        desa=display_name(desa),
        kecamatan=display_name(kecamatan) if kecamatan else None,
        kabkota=display_name(kabkota) if kabkota else None,
    )


def cek_dpt_answer(request: HttpRequest, nik: object, nama: object) -> HttpResponse:
    """The API's answer to a lookup once ``api_gate`` and the client's count (``cek_dpt_rate_check``) let
    it through: the same for the NinjaAPI's operation and the fast path (``voters/fastpath.py``).
    Refusals are raised for ``core.answers``."""
    nik, nama = cek_dpt_clean(nik, nama)
    cek_dpt_nik_rate_check(nik)
    response = answers.json_answer(cek_dpt(nik=nik, nama=nama).as_dict())
    response["Cache-Control"] = "no-store"
    return response
