"""Cek DPT: "am I registered?" by NIK and name, answered without ever confirming that a NIK exists.

The answer is "registered" only when the NIK is on the register, active, and the name given has the
voter's name key; then it carries the masked name, the TPS number and the desa, kecamatan and kab/kota
names, nothing else. Every other case (unknown NIK, wrong name, TMS) gets the one constant "not
registered" answer, built once, so the bytes cannot differ; and the work is the same in every case
(one indexed query, the name key computed and compared in constant time), so timing tells little more.
The pattern, its two rate limits, its input check, its API answer, fast path and page are the people
kernel's (``people.lookup`` and the modules beside it); this module gives it the register's query and
answer.

The limits: per client ``SUARA_CEK_DPT_RATE`` lookups a minute per keyed hash of the address (300 by
default: one mobile carrier's address carries many citizens), counted before anything else, malformed
lookups included, an integrator's API key limited by its own rate instead; per NIK
``SUARA_CEK_DPT_NIK_RATE`` lookups an hour, whoever asks, for every well-formed NIK whether or not it is on
the register. The name is what protects the register: without it a lookup confirms nothing
(docs/voters.md). Nothing here logs, and errors never repeat the NIK or the name.
"""

from __future__ import annotations

import functools
import hmac
from dataclasses import asdict, dataclass

from suara.core.db import prepared_fetchone
from suara.core.text import display_name
from suara.people.lookup import Candidate, PrivateLookup, lookup_clean
from suara.people.names import mask_name, name_key
from suara.regions.models import Region, Tps
from suara.voters.models import Voter

NOT_REGISTERED_MESSAGE = (
    "Data tidak ditemukan: NIK dan nama tersebut tidak terdaftar bersama sebagai pemilih aktif. Periksa "
    "kembali penulisan NIK dan nama sesuai KTP-el, atau hubungi PPS desa/kelurahan Anda."
)
REGISTERED_MESSAGE = "Anda terdaftar sebagai pemilih."


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


def names_match(given: str, stored_key: str) -> bool:
    """Whether the name given has the stored name key, in constant time; every lookup calls it once."""
    return hmac.compare_digest(name_key(given).encode(), stored_key.encode())


# One query, prepared once per connection: the voter by NIK with its TPS number and the names of the three
# regions above. It reads the first voter whose NIK is at or after the one asked (the register's first
# when none is): that voter itself when the NIK is on the register, a neighbour otherwise; ``found`` says
# which. So an unknown NIK costs what a known NIK with a wrong name costs, to the cache: one probe of the
# NIK index, one voter row read from wherever it lies, its four joined rows, and one name comparison
# against that row's key. (A stand-in fixed once would stay in the CPU's cache and answer faster.) The
# voter's row id comes last, for a lookup that answers about the record elsewhere (``sharing.lookup``).
_LOOKUP_SQL = """
SELECT CASE WHEN v.nik = %s THEN 1 ELSE 0 END, v.name, v.name_key, v.status, t.number, d.name, k.name, kk.name,
       t.code, v.id
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


class CekDpt(PrivateLookup[tuple, CekDptAnswer]):
    rate_key = "cekdpt"
    client_rate_setting = "SUARA_CEK_DPT_RATE"
    subject_rate_setting = "SUARA_CEK_DPT_NIK_RATE"
    miss = NOT_REGISTERED

    def find(self, nik: str) -> Candidate[tuple] | None:
        row = prepared_fetchone(_lookup_sql(), [nik, nik])  # None only while the register is empty
        return None if row is None else Candidate(found=row[0] == 1, name_key=row[2], row=row)

    def match(self, given: str, stored_key: str) -> bool:
        return names_match(given, stored_key)  # this module's, so that one lookup's work can be observed

    def answer(self, row: tuple) -> CekDptAnswer | None:
        _, name, _, status, tps_number, desa, kecamatan, kabkota, tps_code, _ = row
        if status != Voter.Status.ACTIVE or desa is None:
            return None
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


CEK_DPT = CekDpt()


def cek_dpt(*, nik: str, nama: str) -> CekDptAnswer:
    """The answer for a clean lookup (see ``cek_dpt_clean``)."""
    return CEK_DPT.lookup(nik=nik, nama=nama)


def cek_dpt_clean(nik: object, nama: object) -> tuple[str, str]:
    """The lookup's NIK and name, or DomainError naming what is malformed (never repeating it)."""
    return lookup_clean(nik, nama)
