"""Cek anggota partai: "is my NIK listed by a party?" by NIK and name, answered without ever confirming that
a NIK exists or that a person belongs to a party unless the name given is theirs.

A listing is party membership of a named person: sensitive personal data (UU PDP 27/2022). The answer is a
hit only when the NIK has current listings and the name given has the name key of one of them; then it
carries the masked name and, per listing, the party's ballot number and name, the date it was listed and
its check status (MS/BMS). Every other case (unknown NIK, a NIK whose listings were all removed, a wrong
name) gets the one constant "not listed" answer, built once, so the bytes cannot differ. The pattern, its
two rate limits, its input check, its API answer, fast path and page are the people kernel's (``people.lookup``
and the modules beside it); this module gives it the member list's query and answer.

Work kept equal. A person may be listed by several parties, so ``find`` reads every current listing of a
NIK in one query, and reads the same way when there are none: the statement takes the first current NIK at
or after the one asked (the list's first when none is) and reads all of that NIK's current listings, with
their parties. So a listed NIK costs one probe of the partial NIK index and its listings' rows; an unlisted
one the same probe and the listings of its neighbour, drawn from the same distribution of one, two or three
parties a NIK (how many listings came back says nothing about whether the NIK asked was listed). The name is
then compared, in constant time, against the key of every row that came back, all of them, never stopping
at a match. (A stand-in fixed once would stay in the CPU's and the database's caches and answer faster than
a real row read from wherever it lies: cek DPT's reasoning, ``voters/cekdpt/lookup.py``.)

The limits: per client ``SUARA_PARTY_LOOKUP_RATE`` lookups a minute per keyed hash of the address (an
integrator's API key limited by its own rate instead), counted before anything else, malformed lookups
included; per NIK ``SUARA_PARTY_LOOKUP_NIK_RATE`` lookups an hour, whoever asks, for every well-formed NIK
whether or not it is listed. Nothing here logs; errors never repeat the NIK or the name.
"""

from __future__ import annotations

import functools
import hmac
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from suara.core.db import prepared_cursor
from suara.parties.models import Member, Party
from suara.people.lookup import Candidate, PrivateLookup
from suara.people.names import mask_name, name_key

NOT_LISTED_MESSAGE = (
    "Data tidak ditemukan: NIK dan nama tersebut tidak tercatat bersama sebagai anggota partai politik mana "
    "pun. Periksa kembali penulisan NIK dan nama sesuai KTP-el."
)
LISTED_MESSAGE = "NIK dan nama Anda tercatat sebagai anggota partai politik berikut."
# The date a listing was added, as KPU dates it: in WIB.
_WIB = ZoneInfo("Asia/Jakarta")
# Between the name keys of one NIK's listings in ``Candidate.name_key``: no key holds it (keys are letters).
KEY_SEPARATOR = "\x1f"


@dataclass(frozen=True)
class Listing:
    nomor_urut: int
    partai: str
    singkatan: str
    sejak: str  # ISO date, WIB
    status: str  # "MS", "BMS", or "" not yet checked
    member_id: int = field(default=0, compare=False)  # for the complaint form's token, never in an answer

    def as_dict(self) -> dict:
        return {
            "nomor_urut": self.nomor_urut,
            "partai": self.partai,
            "singkatan": self.singkatan,
            "sejak": self.sejak,
            "status": self.status,
        }


@dataclass(frozen=True)
class PartyLookupAnswer:
    tercatat: bool
    pesan: str
    nama: str | None = None
    partai: tuple[Listing, ...] = ()

    def as_dict(self) -> dict:
        return {
            "tercatat": self.tercatat,
            "pesan": self.pesan,
            "nama": self.nama,
            "partai": [listing.as_dict() for listing in self.partai],
        }


NOT_LISTED = PartyLookupAnswer(tercatat=False, pesan=NOT_LISTED_MESSAGE)


# One statement, prepared once per connection: every current listing of the first current NIK at or after
# the one asked (the subject's own when listed, a neighbour's otherwise), with its party. See the module's
# docstring for why a neighbour rather than a fixed stand-in.
_LOOKUP_SQL = """
SELECT CASE WHEN m.nik = %s THEN 1 ELSE 0 END, m.id, m.name, m.name_key, m.added_at, m.status,
       p.number, p.name, p.abbreviation
FROM {members} m
JOIN {parties} p ON p.id = m.party_id
WHERE m.removed_at IS NULL AND m.nik = COALESCE(
    (SELECT w.nik FROM {members} w WHERE w.removed_at IS NULL AND w.nik >= %s ORDER BY w.nik LIMIT 1),
    (SELECT min(f.nik) FROM {members} f WHERE f.removed_at IS NULL)
)
ORDER BY p.number, m.id
"""


@functools.cache
def _lookup_sql() -> str:
    return _LOOKUP_SQL.format(members=Member._meta.db_table, parties=Party._meta.db_table)


def _listed_on(added_at: datetime | str) -> date:
    """The WIB date of a listing's ``added_at`` as a raw statement returns it (aware on PostgreSQL, naive
    UTC or text on SQLite)."""
    if isinstance(added_at, str):
        added_at = datetime.fromisoformat(added_at)
    if added_at.tzinfo is None:
        added_at = added_at.replace(tzinfo=UTC)
    return added_at.astimezone(_WIB).date()


def keys_match(given: str, stored_keys: str) -> bool:
    """Whether the name given has one of the stored name keys: compared in constant time against each, all of
    them (no early end), so the work depends on how many rows came back, never on where a match is."""
    given_key = name_key(given).encode()
    matched = False
    for stored in stored_keys.split(KEY_SEPARATOR):
        matched |= hmac.compare_digest(given_key, stored.encode())
    return matched


class PartyLookup(PrivateLookup[list, PartyLookupAnswer]):
    rate_key = "cekpartai"
    client_rate_setting = "SUARA_PARTY_LOOKUP_RATE"
    subject_rate_setting = "SUARA_PARTY_LOOKUP_NIK_RATE"
    miss = NOT_LISTED

    def find(self, nik: str) -> Candidate[list] | None:
        with prepared_cursor() as cursor:
            cursor.execute(_lookup_sql(), [nik, nik])
            rows = cursor.fetchall()
        if not rows:  # no current listing at all
            return None
        return Candidate(found=rows[0][0] == 1, name_key=KEY_SEPARATOR.join(row[3] for row in rows), row=rows)

    def match(self, given: str, stored_key: str) -> bool:
        return keys_match(given, stored_key)

    def answer(self, rows: list) -> PartyLookupAnswer:
        listings = tuple(
            Listing(
                nomor_urut=number,
                partai=party_name,
                singkatan=abbreviation,
                sejak=_listed_on(added_at).isoformat(),
                status=status or "",
                member_id=member_id,
            )
            for _, member_id, _, _, added_at, status, number, party_name, abbreviation in rows
        )
        # The name as the first listing spells it, masked: the parties may have typed it differently.
        return PartyLookupAnswer(tercatat=True, pesan=LISTED_MESSAGE, nama=mask_name(rows[0][2]), partai=listings)


PARTY_LOOKUP = PartyLookup()


def party_lookup(*, nik: str, nama: str) -> PartyLookupAnswer:
    """The answer for a clean lookup (``people.lookup.lookup_clean``)."""
    return PARTY_LOOKUP.lookup(nik=nik, nama=nama)
