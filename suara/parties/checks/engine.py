"""The membership checks as set-based SQL: every current listing in scope gets its reason bits
(``parties.reasons.MemberReason``) and its status (MS, or BMS when a blocking reason holds) from a few
statements over the whole listing table, on SQLite and PostgreSQL alike.

1. The distinct stated occupations in scope are read and judged once each (``occupations``, pure);
   the barred ones go into a temporary table.
2. The NIKs listed more than once among the election's current listings, with how often each party lists
   them and by how many parties, go into a second temporary table (small: the duplicates only).
3. One join of the listings in scope with the voter register (by NIK) keeps the exceptions only: the
   listings not on the register, under 17 and not married there, or deceased there (a third table).
4. The listings with any reason are gathered with their bits (the union of the duplicates, the barred
   occupations, the officer list and the register's exceptions) into a fourth table.
5. Two UPDATEs write only what changed: the listings without a reason become MS with no bits (one hashed
   lookup each), the others get their bits and status by primary key. ``checked_at`` is the check that
   gave the listing its current status.

Scopes: the whole election, one party (after its upload: its listings and every other party's listing
of a NIK it lists or listed, whose double-membership bit may have changed), or the listings of one NIK
(after a double membership is resolved). Called by the services, inside their transaction; nothing here
records an audit event or logs a NIK.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection

from suara.parties.checks.occupations import barred_occupation
from suara.parties.checks.rules import underage_cutoff
from suara.parties.models import Member, OfficerNik, Party
from suara.parties.reasons import BLOCKING, MemberReason
from suara.voters.models import Voter
from suara.voters.tms import DECEASED

MEMBER = Member._meta.db_table
PARTY = Party._meta.db_table
OFFICER = OfficerNik._meta.db_table
VOTER = Voter._meta.db_table
BARRED = "parties_checks_barred"
DOUBLE = "parties_checks_double"
REGISTER = "parties_checks_register"
SCOPE = "parties_checks_scope"
FACTS = "parties_checks_facts"
WORK_MEM = "256MB"


@dataclass(frozen=True)
class Scope:
    """Which current listings to check: ``sql`` a condition on the listing alias ``c``, ``nik_sql`` one
    narrowing the NIKs whose duplicates matter (on a bare ``nik`` column), with their parameters."""

    sql: str
    params: tuple
    nik_sql: str
    nik_params: tuple
    # A party's scope is gathered first into a small table of listing ids (``ids_sql``, by the party
    # index), so that every statement after it reads those listings by primary key, not the whole table.
    ids_sql: str = ""
    ids_params: tuple = ()


def election_scope(election_id: int) -> Scope:
    return Scope(f"c.party_id IN (SELECT id FROM {PARTY} WHERE election_id = %s)", (election_id,), "1 = 1", ())  # noqa: S608


def party_scope(election_id: int, party_id: int) -> Scope:
    """The party's current listings and every other party's current listing of a NIK the party lists or
    ever listed (its double-membership bit may have changed)."""
    listed = f"SELECT nik FROM {MEMBER} WHERE party_id = %s"  # noqa: S608 - table names are ours
    ids = (
        f"SELECT id, nik FROM {MEMBER} WHERE party_id = %s AND removed_at IS NULL "  # noqa: S608
        f"UNION SELECT o.id, o.nik FROM {MEMBER} o WHERE o.removed_at IS NULL AND o.party_id <> %s "
        f"AND o.party_id IN (SELECT id FROM {PARTY} WHERE election_id = %s) AND o.nik IN ({listed})"
    )
    return Scope(
        f"c.id IN (SELECT id FROM {SCOPE})",  # noqa: S608
        (),
        f"nik IN (SELECT nik FROM {SCOPE})",  # noqa: S608
        (),
        ids_sql=ids,
        ids_params=(party_id, party_id, election_id, party_id),
    )


def nik_scope(election_id: int, nik: str) -> Scope:
    return Scope(
        f"c.nik = %s AND c.party_id IN (SELECT id FROM {PARTY} WHERE election_id = %s)",  # noqa: S608
        (nik, election_id),
        "nik = %s",
        (nik,),
    )


def _temp_table(cursor, name: str, columns: str) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {name}")
    cursor.execute(f"CREATE TEMPORARY TABLE {name} ({columns})")


def _fill_barred(cursor, scope: Scope) -> int:
    cursor.execute(
        f"SELECT DISTINCT c.occupation FROM {MEMBER} c "  # noqa: S608 - table names are ours
        f"WHERE c.removed_at IS NULL AND c.occupation <> '' AND {scope.sql}",
        scope.params,
    )
    barred = [(text,) for (text,) in cursor.fetchall() if barred_occupation(text)]
    _temp_table(cursor, BARRED, "occupation varchar(100) PRIMARY KEY")
    if barred:
        cursor.executemany(f"INSERT INTO {BARRED} (occupation) VALUES (%s)", barred)  # noqa: S608
    return len(barred)


def _fill_double(cursor, election_id: int, scope: Scope) -> None:
    """Per NIK listed more than once in the election (narrowed to the scope's NIKs): per party listing it,
    how often that party lists it, and by how many parties it is listed."""
    _temp_table(
        cursor,
        DOUBLE,
        "nik varchar(16) NOT NULL, party_id bigint NOT NULL, n integer NOT NULL, parties integer NOT NULL",
    )
    current = (
        f"SELECT nik, party_id FROM {MEMBER} WHERE removed_at IS NULL "  # noqa: S608
        f"AND party_id IN (SELECT id FROM {PARTY} WHERE election_id = %s) AND {scope.nik_sql}"
    )
    cursor.execute(
        f"INSERT INTO {DOUBLE} (nik, party_id, n, parties) "  # noqa: S608
        "SELECT g.nik, g.party_id, g.n, count(*) OVER (PARTITION BY g.nik) FROM ("
        f"SELECT l.nik, l.party_id, count(*) AS n FROM ({current}) l "
        f"WHERE l.nik IN (SELECT nik FROM ({current}) d GROUP BY nik HAVING count(*) > 1) "
        "GROUP BY l.nik, l.party_id) g",
        (election_id, *scope.nik_params, election_id, *scope.nik_params),
    )
    cursor.execute(f"CREATE INDEX {DOUBLE}_nik ON {DOUBLE} (nik, party_id)")
    if connection.vendor == "postgresql":
        cursor.execute(f"ANALYZE {DOUBLE}")  # temporary tables are never analysed by autovacuum
        cursor.execute(f"ANALYZE {BARRED}")


def _fill_register(cursor, scope: Scope, cutoff: date) -> None:
    """The listings in scope the register has something to say about, with those bits: not on it, under 17
    and not married on it (or not on it), deceased on it. One join of the listings with the register whose
    result is small (the exceptions), so that the UPDATE after it reads only small tables."""
    r = MemberReason
    _temp_table(cursor, REGISTER, "member_id bigint PRIMARY KEY, bits integer NOT NULL")
    underage = "c.birth_date > %s AND (v.marital IS NULL OR v.marital NOT IN ('S', 'P'))"
    deceased = f"v.status = 'tms' AND v.tms_code = {DECEASED:d}"
    cursor.execute(
        f"INSERT INTO {REGISTER} (member_id, bits) "  # noqa: S608 - table names are ours
        f"SELECT c.id, (CASE WHEN v.nik IS NULL THEN {r.NOT_ON_REGISTER:d} ELSE 0 END)"
        f" + (CASE WHEN {underage} THEN {r.UNDERAGE:d} ELSE 0 END)"
        f" + (CASE WHEN {deceased} THEN {r.DECEASED:d} ELSE 0 END) "
        f"FROM {MEMBER} c LEFT JOIN {VOTER} v ON v.nik = c.nik "
        f"WHERE c.removed_at IS NULL AND {scope.sql} AND (v.nik IS NULL OR ({underage}) OR ({deceased}))",
        (cutoff, *scope.params, cutoff),
    )


def _fill_facts(cursor, scope: Scope) -> None:
    """Every listing in scope with a reason, and its bits: the union of the duplicates, the barred
    occupations, the officer list and the register's exceptions (each part joins small tables, or reads
    the listings once), summed per listing (each part gives a listing one set of bits at most)."""
    r = MemberReason
    current = f"c.removed_at IS NULL AND {scope.sql}"
    _temp_table(cursor, FACTS, "member_id bigint PRIMARY KEY, bits integer NOT NULL")
    cursor.execute(
        f"INSERT INTO {FACTS} (member_id, bits) SELECT member_id, sum(bits) FROM ("  # noqa: S608
        f"SELECT c.id AS member_id, (CASE WHEN d.n > 1 THEN {r.LISTED_TWICE:d} ELSE 0 END)"
        f" + (CASE WHEN d.parties > 1 THEN {r.OTHER_PARTY:d} ELSE 0 END) AS bits "
        f"FROM {MEMBER} c JOIN {DOUBLE} d ON d.nik = c.nik AND d.party_id = c.party_id WHERE {current} "
        f"UNION ALL SELECT c.id, {r.BARRED_OCCUPATION:d} FROM {MEMBER} c "
        f"JOIN {BARRED} b ON b.occupation = c.occupation WHERE {current} "
        f"UNION ALL SELECT c.id, {r.ELECTION_OFFICER:d} FROM {MEMBER} c "
        f"JOIN {OFFICER} o ON o.nik = c.nik WHERE {current} "
        f"UNION ALL SELECT member_id, bits FROM {REGISTER}"
        ") f GROUP BY member_id",
        (*scope.params, *scope.params, *scope.params),
    )
    if connection.vendor == "postgresql":
        cursor.execute(f"ANALYZE {FACTS}")


def run_checks(*, election_id: int, scope: Scope, check_date: date, now: datetime) -> int:
    """Checks every current listing in ``scope``; returns how many listings changed bits or status."""
    cutoff = underage_cutoff(check_date)
    checked_at = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The join of the listings with the register hashes millions of NIKs: in memory rather than
            # in batches on disk. SET LOCAL: for this transaction only (the services' own).
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
            # JIT compiling the checks' expressions costs seconds of CPU that simple scans never win back.
            cursor.execute("SET LOCAL jit = off")
        if scope.ids_sql:
            _temp_table(cursor, SCOPE, "id bigint PRIMARY KEY, nik varchar(16) NOT NULL")
            cursor.execute(f"INSERT INTO {SCOPE} (id, nik) {scope.ids_sql}", scope.ids_params)  # noqa: S608
            cursor.execute(f"CREATE INDEX {SCOPE}_nik ON {SCOPE} (nik)")
            if connection.vendor == "postgresql":
                cursor.execute(f"ANALYZE {SCOPE}")
        _fill_barred(cursor, scope)
        _fill_double(cursor, election_id, scope)
        _fill_register(cursor, scope, cutoff)
        _fill_facts(cursor, scope)
        # Listings without a reason: MS with no bits, unless they are already (one hashed lookup each).
        cursor.execute(
            f"UPDATE {MEMBER} AS c SET reasons = 0, status = 'MS', checked_at = %s "  # noqa: S608
            f"WHERE c.removed_at IS NULL AND {scope.sql} AND (c.status <> 'MS' OR c.reasons <> 0) "
            f"AND c.id NOT IN (SELECT member_id FROM {FACTS})",
            (checked_at, *scope.params),
        )
        changed = cursor.rowcount
        # Listings with a reason: their bits and status, where they changed (by primary key).
        status = f"CASE WHEN (f.bits & {int(BLOCKING):d}) <> 0 THEN 'BMS' ELSE 'MS' END"
        cursor.execute(
            f"UPDATE {MEMBER} AS c SET reasons = f.bits, status = {status}, checked_at = %s "  # noqa: S608
            f"FROM {FACTS} f WHERE c.id = f.member_id AND (c.reasons <> f.bits OR c.status <> {status})",
            (checked_at,),
        )
        changed += cursor.rowcount
        for table in (FACTS, DOUBLE, BARRED, REGISTER, *((SCOPE,) if scope.ids_sql else ())):
            cursor.execute(f"DROP TABLE {table}")
    return changed
