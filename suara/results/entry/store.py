"""What a TPS's first entry, the hottest write of election night, reads before it writes, in one plain
statement (its rows are then written by ``core.db.insert_rows``, in one more).

Measured on this project's 2-core machine: building the ORM's queries was most of a submission's CPU
(about 24 queries compiled per entry), while each plain statement costs tens of microseconds. The
service decides everything; this module only reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from suara.core.db import prepared_fetchone
from suara.core.region_codes import codes_above
from suara.results.models import CountTps, RecapLock, ResultVersion, TpsResult


@dataclass(frozen=True)
class EntryCheck:
    """What a first entry needs to know before it writes, read in one round trip."""

    tps_id: int | None  # None: the election has no such TPS
    lock_code: str | None  # the standing lock on the TPS's region or above ('' national); None: no lock
    stored_version_id: int | None  # the version already stored under this submission id, if any
    stored_digest: str | None  # and the digest of its payload
    result_exists: bool  # the TPS has a result in this contest already


def lock_prefixes(tps_code: str) -> list[str]:
    """The region codes a lock can stand on above a TPS: national, province, kab/kota, kecamatan, desa."""
    return codes_above(tps_code)


def entry_check(*, contest_id: int, election_id: int, tps_code: str, submission_id: str, username: str) -> EntryCheck:
    """Submission ids are the account's own: another account's id never names this one's submission."""
    prefixes = lock_prefixes(tps_code)
    tps, locks, versions = CountTps._meta.db_table, RecapLock._meta.db_table, ResultVersion._meta.db_table
    results = TpsResult._meta.db_table
    sql = (
        f"SELECT (SELECT id FROM {tps} WHERE election_id = %s AND code = %s), "  # noqa: S608 - our tables
        f"(SELECT region_code FROM {locks} WHERE contest_id = %s AND reopened_at IS NULL "
        f"AND region_code IN ({', '.join(['%s'] * len(prefixes))}) ORDER BY region_code LIMIT 1), "
        f"(SELECT id FROM {versions} WHERE submitted_by = %s AND submission_id = %s), "
        f"(SELECT payload_digest FROM {versions} WHERE submitted_by = %s AND submission_id = %s), "
        f"(SELECT COUNT(*) FROM {results} WHERE contest_id = %s AND tps_code = %s)"
    )
    params = [
        election_id, tps_code, contest_id, *prefixes,
        username, submission_id, username, submission_id, contest_id, tps_code,
    ]  # fmt: skip
    tps_id, lock_code, version_id, digest, results_count = prepared_fetchone(sql, params)
    return EntryCheck(tps_id, lock_code, version_id, digest, bool(results_count))
