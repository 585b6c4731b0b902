"""Helpers shared by the tests of several apps: the `suara` command run in a subprocess as a user runs it,
and property-based requests to one API operation."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

# --- the `suara` command -------------------------------------------------------------------------------

SUARA = [sys.executable, "-c", "from suara.cli import main; main()"]


def clean_env(tmp_path: Path, **extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUARA_") and k != "DJANGO_SETTINGS_MODULE"}
    env.pop("DATABASE_URL", None)
    env["SUARA_VAR_DIR"] = str(tmp_path / "var")
    env.update(extra)
    return env


def run(args, env, **kwargs):
    return subprocess.run([*SUARA, *args], env=env, capture_output=True, text=True, timeout=300, **kwargs)


_migrated: Path | None = None  # this process's first migrated SQLite database (a folder of its files)


def migrate(env) -> None:
    """``suara migrate`` for the SQLite database under ``env``'s SUARA_VAR_DIR. The first call in a process
    runs the command; later ones copy what it made (the same migrations), saving about 15 s each."""
    global _migrated
    var = Path(env["SUARA_VAR_DIR"])
    var.mkdir(parents=True, exist_ok=True)
    if _migrated is None:
        result = run(["migrate", "-v0"], env)
        assert result.returncode == 0, result.stderr
        kept = Path(tempfile.mkdtemp(prefix="suara-migrated-"))
        for file in var.glob("suara.sqlite3*"):  # the database and any write-ahead log left beside it
            shutil.copy2(file, kept / file.name)
        _migrated = kept
    else:
        for file in _migrated.iterdir():
            shutil.copy2(file, var / file.name)


# A counting geography of one TPS and one pending delta, written straight into a fresh database.
SEED_ONE_DELTA = """
import django
django.setup()
from django.core.management import call_command
from suara.elections.models import Contest
from suara.results.models import CountRegion, CountTps, RecapDelta

call_command("load_elections", verbosity=0)
contest = Contest.objects.get(slug="ppwp-2024")
for code, name, level, parent in [
    ("32", "JAWA BARAT", 1, ""),
    ("3276", "KOTA DEPOK", 2, "32"),
    ("327601", "PANCORAN MAS", 3, "3276"),
    ("3276011006", "DEPOK", 4, "327601"),
]:
    CountRegion.objects.create(
        election=contest.election, code=code, name=name, level=level, parent_code=parent, tps_expected=1
    )
CountTps.objects.create(election=contest.election, code="3276011006001", desa_code="3276011006", number=1)
RecapDelta.objects.create(
    contest=contest, tps_code="3276011006001", delta={"votes.1": 5, "valid": 5, "total": 5, "tps_reported": 1}
)
"""


def seed_one_delta(env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SEED_ONE_DELTA],
        env={**env, "DJANGO_SETTINGS_MODULE": "suara.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def recap_state(tmp_path: Path) -> tuple[int, str | None]:
    """Pending deltas and the national snapshot's body, read from the SQLite file as another client."""
    import sqlite3

    with sqlite3.connect(tmp_path / "var" / "suara.sqlite3", timeout=30) as db:
        pending = db.execute("SELECT count(*) FROM results_recapdelta").fetchone()[0]
        row = db.execute(
            "SELECT s.body FROM results_recappointer p JOIN results_recapsnapshot s ON s.id = p.snapshot_id "
            "WHERE p.code = ''"
        ).fetchone()
    return pending, row[0] if row else None


# --- fuzzing the API -----------------------------------------------------------------------------------

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 30
# Real codes from the fixture slice, so that the 200 answers are exercised too, not only the refusals.
KNOWN = {
    "code": ["32", "3276", "327601", "3276011006", "3276011006001", "3275011004905"],
    "region_code": ["32", "3276", "327601"],
    "id": ["pemilu-2024", "pilkada-2024"],
    "contest": ["ppwp-2024"],
}


def operation_strategy(operation):
    """Generated cases (valid and invalid) plus cases on known-good path values."""
    strategies = [
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    ]
    for name in re.findall(r"{(\w+)}", operation.path):
        strategies += [operation.as_strategy(path_parameters={name: value}) for value in KNOWN.get(name, [])]
    return st.one_of(strategies)


# Any printable header text a client might send as a token: refused (401) or ignored, never a 5xx.
# (HTTP drops the whitespace around a header value, and the client refuses to send it.)
header_text = st.text(st.characters(codec="latin-1", exclude_categories=["Cc"]), max_size=80).map(str.strip)
stray_token = st.one_of(
    st.none(),  # half the cases: no token, so that the endpoint's own answers get most of the examples
    st.one_of(
        st.builds(lambda text: {"Authorization": f"Bearer {text}"}, header_text),
        st.builds(lambda text: {"Authorization": text}, header_text),
        st.builds(lambda text: {"X-API-Key": text}, header_text),
    ),
)


def fuzz(operation, token: dict | None):
    """A hypothesis test for one operation; ``token``: headers to send with every case (else stray ones)."""

    @given(case=operation_strategy(operation), stray=stray_token)
    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(case, stray):
        # identity: the WSGI transport hands the checks the body as sent, and GZipMiddleware would
        # compress it for the client's default Accept-Encoding (a real client decompresses it itself).
        case.call_and_validate(headers={"Accept-Encoding": "identity", **(token or stray or {})}, checks=CHECKS)

    return run
