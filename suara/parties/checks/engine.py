"""The membership checks as set-based SQL: every current listing in scope gets its reason bits
(``parties.reasons.MemberReason``) and its status (MS, or BMS when a blocking reason holds) from a few
statements over the whole listing table, on SQLite and PostgreSQL alike.

1. The distinct stated occupations in scope are read and judged once each (``occupations``, pure);
   the barred ones go into a temporary table.
2. The NIKs listed more than once among the election's current listings, with how often each party lists
   them and by how many parties, go into a second temporary table (small: the duplicates only). The
   candidates are the NIKs listed more than once among all current listings (a superset, grouped from
   the current-NIK index alone, which PostgreSQL can read without the table).
3. One pass over the listings in scope, LEFT JOINed with the voter register and the officer list (by
   their unique NIK indexes; hashed on PostgreSQL) and with the two small tables, computes each listing's
   bits and keeps only the listings whose bits or status differ from what they have (a third table:
   empty after a run that changed nothing).
4. One UPDATE by primary key writes those. ``checked_at`` is the check that gave the listing its current
   status.

Scopes: the whole election, one party (its listings and every other party's listing of a NIK it lists or
listed, whose double-membership bit may have changed), what one version of a party's list touched (after
an upload), or the listings of one NIK (after a double membership is resolved). Called by the services,
inside their transaction; nothing here records an audit event or logs a NIK.
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
CANDIDATES = "parties_checks_candidates"
SCOPE = "parties_checks_scope"
CHANGES = "parties_checks_changes"
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


def version_touched_niks(party_id: int, version: int) -> tuple[str, tuple]:
    """SQL (and its parameters) for the NIKs a version of a party's list touched: listings it added or whose
    details it changed (both wait unchecked, ``checked_at`` null; so does any a failed check left) and
    listings it removed."""
    return (
        f"SELECT nik FROM {MEMBER} WHERE party_id = %s AND "  # noqa: S608 - table names are ours
        "((removed_at IS NULL AND checked_at IS NULL) OR removed_version = %s)",
        (party_id, version),
    )


def version_scope(election_id: int, party_id: int, version: int) -> Scope:
    """After an upload: every current listing in the election of a NIK the version touched (the party's
    own, with a copy it still lists, and the other parties', whose double-membership bit may change). The
    party's untouched listings keep their bits: they change only with the register or the officer list,
    which the full check (a job, and the daily check) follows."""
    touched, touched_params = version_touched_niks(party_id, version)
    ids = (
        f"SELECT id, nik FROM {MEMBER} WHERE removed_at IS NULL "  # noqa: S608
        f"AND party_id IN (SELECT id FROM {PARTY} WHERE election_id = %s) AND nik IN ({touched})"
    )
    return Scope(
        f"c.id IN (SELECT id FROM {SCOPE})",  # noqa: S608
        (),
        f"nik IN (SELECT nik FROM {SCOPE})",  # noqa: S608
        (),
        ids_sql=ids,
        ids_params=(election_id, *touched_params),
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
    how often that party lists it, and by how many parties it is listed. The candidate NIKs are grouped
    over every current listing, without the election's filter (a column the current-NIK index lacks):
    a NIK listed twice in the election is listed twice overall, and a candidate listed once in the
    election gets n = parties = 1, hence no bit."""
    _temp_table(
        cursor,
        DOUBLE,
        "nik varchar(16) NOT NULL, party_id bigint NOT NULL, n integer NOT NULL, parties integer NOT NULL",
    )
    current = (
        f"SELECT nik, party_id FROM {MEMBER} WHERE removed_at IS NULL "  # noqa: S608
        f"AND party_id IN (SELECT id FROM {PARTY} WHERE election_id = %s) AND {scope.nik_sql}"
    )
    # The candidates first, in a table of their own: once analysed, the planner knows they are few and
    # reads their listings by the NIK index instead of hashing the whole listing table a second time.
    _temp_table(cursor, CANDIDATES, "nik varchar(16) PRIMARY KEY")
    cursor.execute(
        f"INSERT INTO {CANDIDATES} (nik) SELECT nik FROM {MEMBER} "  # noqa: S608 - table names are ours
        f"WHERE removed_at IS NULL AND {scope.nik_sql} GROUP BY nik HAVING count(*) > 1",
        scope.nik_params,
    )
    if connection.vendor == "postgresql":
        cursor.execute(f"ANALYZE {CANDIDATES}")
    cursor.execute(
        f"INSERT INTO {DOUBLE} (nik, party_id, n, parties) "  # noqa: S608
        "SELECT g.nik, g.party_id, g.n, count(*) OVER (PARTITION BY g.nik) FROM ("
        f"SELECT l.nik, l.party_id, count(*) AS n FROM ({current}) l "
        f"WHERE l.nik IN (SELECT nik FROM {CANDIDATES}) "
        "GROUP BY l.nik, l.party_id) g",
        (election_id, *scope.nik_params),
    )
    cursor.execute(f"CREATE INDEX {DOUBLE}_nik ON {DOUBLE} (nik, party_id)")
    if connection.vendor == "postgresql":
        cursor.execute(f"ANALYZE {DOUBLE}")  # temporary tables are never analysed by autovacuum
        cursor.execute(f"ANALYZE {BARRED}")


def _bits_sql() -> str:
    """A listing's reason bits as one SQL expression over the listing ``c`` and its LEFT JOINs: the voter
    ``v`` (by NIK), the duplicates ``d`` (by NIK and party), the barred occupation ``b`` and the officer
    list ``o``; one ``%s``: the underage cutoff. A join that finds nothing gives NULLs, hence no bit (but
    NOT_ON_REGISTER, and UNDERAGE with no marital status to clear it)."""
    r = MemberReason
    return (
        f"(CASE WHEN d.n > 1 THEN {r.LISTED_TWICE:d} ELSE 0 END)"
        f" + (CASE WHEN d.parties > 1 THEN {r.OTHER_PARTY:d} ELSE 0 END)"
        f" + (CASE WHEN c.birth_date > %s AND (v.marital IS NULL OR v.marital NOT IN ('S', 'P'))"
        f" THEN {r.UNDERAGE:d} ELSE 0 END)"
        f" + (CASE WHEN b.occupation IS NOT NULL THEN {r.BARRED_OCCUPATION:d} ELSE 0 END)"
        f" + (CASE WHEN o.nik IS NOT NULL THEN {r.ELECTION_OFFICER:d} ELSE 0 END)"
        f" + (CASE WHEN v.nik IS NULL THEN {r.NOT_ON_REGISTER:d} ELSE 0 END)"
        f" + (CASE WHEN v.status = 'tms' AND v.tms_code = {DECEASED:d} THEN {r.DECEASED:d} ELSE 0 END)"
    )


def _status_sql(bits: str) -> str:
    return f"CASE WHEN ({bits} & {int(BLOCKING):d}) <> 0 THEN 'BMS' ELSE 'MS' END"


def _fill_changes(cursor, scope: Scope, cutoff: date) -> None:
    """One pass over the listings in scope: each one's bits from its LEFT JOINs (the register and the
    officer list by their unique NIK indexes, hashed on PostgreSQL; the small tables of duplicates and
    barred occupations), compared with what it has; only the listings whose bits or status differ are
    kept, with their new bits (none after a run that changed nothing), and those never checked since they
    were added or their details changed (``checked_at`` null), so that a version's check marks them."""
    _temp_table(cursor, CHANGES, "member_id bigint PRIMARY KEY, bits integer NOT NULL")
    cursor.execute(
        f"INSERT INTO {CHANGES} (member_id, bits) SELECT x.id, x.bits FROM ("  # noqa: S608 - table names are ours
        f"SELECT c.id, c.reasons, c.status, c.checked_at, {_bits_sql()} AS bits FROM {MEMBER} c "
        f"LEFT JOIN {VOTER} v ON v.nik = c.nik "
        f"LEFT JOIN {DOUBLE} d ON d.nik = c.nik AND d.party_id = c.party_id "
        f"LEFT JOIN {BARRED} b ON b.occupation = c.occupation "
        f"LEFT JOIN {OFFICER} o ON o.nik = c.nik "
        f"WHERE c.removed_at IS NULL AND {scope.sql}) x "
        f"WHERE x.reasons <> x.bits OR x.status <> {_status_sql('x.bits')} OR x.checked_at IS NULL",
        (cutoff, *scope.params),
    )


def statistics_refresh() -> None:
    """Before a check (PostgreSQL): the parties table holds a few dozen rows, under autovacuum's threshold
    (50 changed rows). Never analysed, it is planned as one row, and each statement filtering listings by
    "a party of the election" looped over every party per listing (55 s for 20,000 listings, not 1)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {PARTY}")


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
        _fill_changes(cursor, scope, cutoff)
        # The listings whose bits or status changed, by primary key (none when nothing changed).
        cursor.execute(
            f"UPDATE {MEMBER} AS c SET reasons = f.bits, status = {_status_sql('f.bits')}, checked_at = %s "  # noqa: S608
            f"FROM {CHANGES} f WHERE c.id = f.member_id",
            (checked_at,),
        )
        changed = cursor.rowcount
        for table in (CHANGES, DOUBLE, CANDIDATES, BARRED, *((SCOPE,) if scope.ids_sql else ())):
            cursor.execute(f"DROP TABLE {table}")
    return changed
