"""The fingerprint every extract carries, and how a leaked copy is traced back by it. Pure: no Django.

Each extract (and each partner API key) has a key id, drawn at random and recorded; its secret is the
HMAC-SHA256 of that id under the server's sharing key (``extract_secret``), so a secret is never stored
and one extract's secret says nothing of another's. With it:

- every row carries a keyed-hash column (``TOKEN_COLUMN``, 20 hex digits): the HMAC of the voter's row id
  (``voter_token``; a count's row: of its group's code, ``group_token``). Only the server can compute it,
  so a copy whose column survived names its extract by which secret reproduces its values;
- a few marker records (``markers``) are mixed among the rows at places drawn from the secret
  (``marker_positions``): plausible people who do not exist (a generated name, a place in the extract's
  region, a structurally valid NIK that the register does not hold), generated from the secret alone. A
  copy stripped of the hash column still names its extract by them (their values, ``marker_signature``).
  A count carries no markers: a made-up count would change the totals its recipient relies on.

``trace`` weighs each recorded source against a leaked table (``Leak``): how many of its hashes occur in
it, which of its markers occur (by hash or by content), and says which sources are identified
(``identified``): one marker or one hash. A hash is 80 bits: for a leak of a billion cells and a source of a
billion rows, the chance that any cell equals any of the source's hashes by accident is below 1 in a million,
so one match names its source; the evidence says how many matched.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from suara.people.nik import nik_make
from suara.sharing.rules import FIELD_BY_NAME, age_on
from suara.voters.synthetic import names as words

TOKEN_COLUMN = "id_baris"  # noqa: S105 - a column name, not a secret
TOKEN_LENGTH = 20
TOKEN = re.compile(r"[0-9a-f]{%d}" % TOKEN_LENGTH)  # noqa: UP031 - a regex, not a message
MIN_HASHES = 1
_DOMAIN = b"suara-sharing-fingerprint\x00"


def extract_secret(server_key: bytes, key_id: str) -> bytes:
    """The secret of the extract (or partner key) with this key id."""
    return hmac.new(server_key, _DOMAIN + key_id.encode("ascii"), hashlib.sha256).digest()


class Tokens:
    """The keyed hashes of one secret. Holds the HMAC's keyed state once and copies it per value (about
    twice as fast as ``hmac.new`` each time: a trace computes one per row of every candidate extract)."""

    def __init__(self, secret: bytes):
        self._base = hmac.new(secret, digestmod=hashlib.sha256)

    def _token(self, message: bytes) -> str:
        state = self._base.copy()
        state.update(message)
        return state.hexdigest()[:TOKEN_LENGTH]

    def voter(self, voter_id: int) -> str:
        return self._token(b"v:%d" % voter_id)

    def group(self, code: str) -> str:
        return self._token(b"g:" + code.encode("utf-8", "replace"))

    def marker(self, index: int) -> str:
        return self._token(b"m:%d" % index)


def _rng(secret: bytes, purpose: bytes) -> random.Random:
    return random.Random(int.from_bytes(hmac.new(secret, purpose, hashlib.sha256).digest()[:8], "big"))  # noqa: S311


@dataclass(frozen=True)
class Place:
    """Where a marker may live: a desa of the extract's region, its Kemendagri kecamatan code (a NIK's first
    six digits) and its TPS codes."""

    desa: str
    kecamatan: str
    tps: tuple[str, ...] = ()


def marker_count(rows: int) -> int:
    """How many markers an extract of ``rows`` real rows carries: none in an empty one, one in a small one."""
    if rows == 0:
        return 0
    if rows < 20:
        return 1
    return 3 if rows < 10_000 else 5


def _name(rng: random.Random, sex: str) -> str:
    if sex == "L":
        first = rng.choice(words.COMMON_MALE_FIRST + words.FAKER_MALE_FIRST)
        last = rng.choice(words.FAKER_MALE_LAST)
    else:
        first = rng.choice(words.COMMON_FEMALE_FIRST + words.FAKER_FEMALE_FIRST)
        last = rng.choice(words.FAKER_FEMALE_LAST)
    return f"{first} {last}".upper()


def _address(rng: random.Random) -> str:
    number = rng.randint(1, 150)
    if rng.random() < 0.6:
        return f"JL. {rng.choice(words.STREET_WORDS).upper()} NO. {number}"
    return f"GG. {rng.choice(words.STREET_WORDS).upper()} NO. {number}"


def marker_candidates(secret: bytes, places: Sequence[Place], day: date) -> Iterator[dict]:
    """Made-up people, endlessly, the same ones for the same secret, places and day: every field of the
    register's catalogue (``rules.FIELDS``), and ``n``, the candidate's number."""
    if not places:
        return
    rng = _rng(secret, b"markers")
    n = 0
    while True:
        place = places[rng.randrange(len(places))]
        sex = rng.choice("LP")
        age = rng.randint(21, 74)
        born = date(day.year - age, rng.randint(1, 12), rng.randint(1, 28))
        issued = date(rng.randint(2010, 2023), rng.randint(1, 12), rng.randint(1, 28))
        yield {
            "n": n,
            "kk": f"{place.kecamatan}{issued:%d%m%y}{rng.randint(1, 9999):04d}",
            "nik": nik_make(place.kecamatan, born, sex, rng.randint(1, 9999)),
            "nama": _name(rng, sex),
            "tempat_lahir": rng.choice(words.BIRTH_PLACES).upper(),
            "tanggal_lahir": born.isoformat(),
            "usia": str(age_on(born, day)),
            "status_kawin": rng.choice("BSP") if age < 30 else rng.choice("SSSP"),
            "jenis_kelamin": sex,
            "alamat": _address(rng),
            "rt": f"{rng.randint(1, 12):03d}",
            "rw": f"{rng.randint(1, 9):03d}",
            "disabilitas": "",
            "kode_desa": place.desa,
            "tps": place.tps[rng.randrange(len(place.tps))] if place.tps else "",
        }
        n += 1


def markers(
    secret: bytes, count: int, places: Sequence[Place], day: date, *, taken: Callable[[dict], bool] = lambda m: False
) -> list[dict]:
    """The first ``count`` candidates that ``taken`` does not refuse (a NIK or KK the register holds, a
    name seen already), each with its ``token``. Fewer when there are no places."""
    chosen: list[dict] = []
    if count <= 0:
        return chosen
    tokens = Tokens(secret)
    seen: set[str] = set()
    for candidate in marker_candidates(secret, places, day):
        if candidate["nik"] in seen or candidate["nama"] in seen or taken(candidate):
            continue
        seen.update((candidate["nik"], candidate["nama"]))
        chosen.append({**candidate, "token": tokens.marker(candidate["n"])})
        if len(chosen) == count:
            break
    return chosen


def marker_positions(secret: bytes, rows: int, count: int) -> list[int]:
    """Where the markers go among ``rows`` real rows: ``count`` distinct output line numbers in
    ``[0, rows + count)``, ascending."""
    if count <= 0:
        return []
    return sorted(_rng(secret, b"positions").sample(range(rows + count), count))


def interleave(rows: Iterable[list[str]], placed: Sequence[list[str]], positions: Sequence[int]) -> Iterator[list[str]]:
    """The real rows with the marker rows at their positions (in order); markers whose position lies past
    the last real row come at the end."""
    pending = list(zip(positions, placed, strict=True))
    out = 0
    for row in rows:
        while pending and pending[0][0] <= out:
            yield pending.pop(0)[1]
            out += 1
        yield row
        out += 1
    for _, marker in pending:
        yield marker


def marker_row(marker: dict, fields: Sequence[str]) -> list[str]:
    """A marker as an extract writes it: its token, then its values of ``fields``."""
    return [marker["token"], *(marker[name] for name in fields)]


# ---- tracing ----


def normalise(value: object) -> str:
    return " ".join(str(value if value is not None else "").split()).casefold()


def marker_signature(marker: dict, fields: Sequence[str]) -> frozenset[str] | None:
    """The values a marker is recognised by in a copy without its hash column: all its values of the
    extract's fields, when there are at least three and one of them tells people apart; None otherwise."""
    values = frozenset(normalise(marker[name]) for name in fields if normalise(marker[name]))
    if len(values) < 3 or not any(FIELD_BY_NAME[name].distinctive and marker[name] for name in fields):
        return None
    return values


@dataclass
class Leak:
    """A leaked table as the trace sees it: its rows (cells normalised), and every cell shaped like a hash."""

    rows: list[list[str]]
    tokens: set[str] = field(default_factory=set)
    cells: list[frozenset[str]] = field(default_factory=list)

    @classmethod
    def of(cls, rows: Iterable[Sequence[object]]) -> Leak:
        leak = cls(rows=[])
        for raw in rows:
            row = [normalise(value) for value in raw]
            if not any(row):
                continue
            leak.rows.append(row)
            leak.cells.append(frozenset(row))
            leak.tokens.update(cell for cell in row if TOKEN.fullmatch(cell))
        return leak


@dataclass(frozen=True)
class Source:
    """A recorded recipient of rows: an extract or a partner key, its secret and what it was given."""

    kind: str  # "extract" or "partner"
    pk: int
    secret: bytes
    fields: tuple[str, ...]
    aggregated: bool = False
    voter_ids: Callable[[], Iterable[int]] = lambda: ()  # called once, streamed
    markers: tuple[dict, ...] = ()


@dataclass(frozen=True)
class Evidence:
    kind: str
    pk: int
    rows_given: int  # how many of its rows' hashes were computed (aggregated: the leaked rows checked)
    hashes_matched: int
    markers_by_hash: tuple[int, ...] = ()  # the markers' ordinals (1-based) found by their hash
    markers_by_content: tuple[int, ...] = ()  # ... and by their values

    @property
    def markers_found(self) -> tuple[int, ...]:
        return tuple(sorted(set(self.markers_by_hash) | set(self.markers_by_content)))

    @property
    def strength(self) -> tuple[int, int]:
        return (len(self.markers_found), self.hashes_matched)


def evidence(source: Source, leak: Leak) -> Evidence:
    tokens = Tokens(source.secret)
    given = matched = 0
    if source.aggregated:
        for row in leak.rows:
            row_tokens = [cell for cell in row if TOKEN.fullmatch(cell)]
            if not row_tokens:
                continue
            given += 1
            if any(tokens.group(cell) in row_tokens for cell in row if cell not in row_tokens):
                matched += 1
    else:
        for voter_id in source.voter_ids():
            given += 1
            if tokens.voter(voter_id) in leak.tokens:
                matched += 1
    by_hash, by_content = [], []
    for ordinal, marker in enumerate(source.markers, start=1):
        if marker["token"] in leak.tokens:
            by_hash.append(ordinal)
        signature = marker_signature(marker, source.fields)
        if signature is not None and any(signature <= cells for cells in leak.cells):
            by_content.append(ordinal)
    return Evidence(source.kind, source.pk, given, matched, tuple(by_hash), tuple(by_content))


def identified(found: Evidence) -> bool:
    """One marker, or MIN_HASHES hashes."""
    return bool(found.markers_found) or found.hashes_matched >= MIN_HASHES


def trace(sources: Iterable[Source], leak: Leak) -> list[Evidence]:
    """The sources the leak is identified with, strongest evidence first."""
    found = [e for e in (evidence(source, leak) for source in sources) if identified(e)]
    return sorted(found, key=lambda e: (e.strength, e.kind == "extract", e.pk), reverse=True)
