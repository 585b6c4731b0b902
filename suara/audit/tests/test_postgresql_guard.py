"""The audit log cannot be used to freeze the system: on PostgreSQL, with the application's role set up
exactly as docs/deployment.md says (it does not own the tables), every way that role could forge, jam or
break the chain is refused, and the sealer and ``audit verify`` keep working as that role afterwards."""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from suara.audit.actors import SYSTEM, Actor
from suara.audit.chain import event_hash
from suara.audit.models import AuditEvent
from suara.audit.services import audit_record, audit_seal, audit_verify

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the guard is PostgreSQL's trigger")

PASSWORD = "app-role-test"  # noqa: S105 - a throwaway role of the test database's cluster
EVENT_TIME = "2026-12-07T01:02:03.456789+00:00"


def deployment_grants() -> str:
    """The SQL of docs/deployment.md's PostgreSQL section, as written there."""
    text = (Path(settings.PROJECT_DIR) / "docs" / "deployment.md").read_text(encoding="utf-8")
    return re.search(r"## PostgreSQL.*?```sql\n(.*?)```", text, re.S).group(1)


@pytest.fixture
def app_role(transactional_db):
    """A login role granted what docs/deployment.md grants ``suara_app``; its name is this test database's
    own (roles belong to the whole cluster). Yields a function that opens a psycopg connection as it."""
    role = f"suara_app_{connection.settings_dict['NAME']}"[:63]
    grants = deployment_grants().replace("suara_app", role).replace("PASSWORD '...'", f"PASSWORD '{PASSWORD}'")
    drop = f"DROP OWNED BY {role}; DROP ROLE {role}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone():  # left behind by an interrupted run
            cursor.execute(drop)
        cursor.execute(grants)
    opened = []

    def connect() -> psycopg.Connection:
        db = connection.settings_dict
        conn = psycopg.connect(
            host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, dbname=db["NAME"], user=role, password=PASSWORD
        )
        conn.autocommit = True
        opened.append(conn)
        return conn

    connect.role = role
    yield connect
    for conn in opened:
        conn.close()
    with connection.cursor() as cursor:
        cursor.execute(drop)


@contextmanager
def django_as(role: str):
    """Django's own connection as ``role``, so the services run as the application runs in production."""
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(USER=role, PASSWORD=PASSWORD)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


def record(n: int) -> None:
    for i in range(n):
        with transaction.atomic():
            audit_record(actor=SYSTEM, action="test.write", object_code=f"32{i:02d}", summary=f"perubahan {i}")


def head() -> tuple[int, str]:
    event = AuditEvent.objects.filter(seq__isnull=False).order_by("-seq").first()
    return event.seq, event.hash


def insert(conn, **columns) -> None:
    row = {
        "created_at": EVENT_TIME,
        "actor": "kpps_001",
        "role": "kpps",
        "action": "results.submit",
        "object_code": "3276011006001",
        "summary": "palsu",
        "prev_hash": "",
        **columns,
    }
    names = ", ".join(row)
    conn.execute(f"INSERT INTO audit_auditevent ({names}) VALUES ({', '.join(['%s'] * len(row))})", list(row.values()))  # noqa: S608


def sealed_fields(pk: int, seq: int, prev: str) -> dict:
    event = AuditEvent.objects.get(pk=pk)
    return {**event.as_fields(), "seq": seq, "prev_hash": prev}


def forged_seal(seq: int, prev: str):
    return {"seq": seq, "prev_hash": prev, "hash": "a" * 64}


INSERT_ATTACKS = {
    "pre-sealed beyond the head": lambda h: {"seq": h[0] + 1000, "prev_hash": h[1], "hash": "b" * 64},
    "pre-sealed right after the head": lambda h: {
        "seq": h[0] + 1,
        "prev_hash": h[1],
        "hash": event_hash(
            {
                "seq": h[0] + 1,
                "created_at": EVENT_TIME,
                "actor": "kpps_001",
                "role": "kpps",
                "action": "results.submit",
                "object_code": "3276011006001",
                "summary": "palsu",
                "prev_hash": h[1],
            }
        ),
    },
    "a hash without a place": lambda h: {"hash": "c" * 64},
    "a place without a hash": lambda h: {"seq": h[0] + 1},
    "a link without a place": lambda h: {"prev_hash": h[1]},
    "a time that is no time": lambda h: {"created_at": "kemarin"},
    "no actor": lambda h: {"actor": ""},
    "no action": lambda h: {"action": ""},
}


@pytest.mark.parametrize("attack", INSERT_ATTACKS)
def test_the_app_role_inserts_only_unsealed_well_formed_events(app_role, attack):
    record(2)
    audit_seal()
    conn = app_role()

    with pytest.raises(psycopg.Error, match="audit_auditevent"):
        insert(conn, **INSERT_ATTACKS[attack](head()))

    assert AuditEvent.objects.count() == 2
    insert(conn)  # what the application itself writes is taken, and sealed in its turn
    assert audit_seal() == 1
    assert audit_verify().intact


def test_ids_chosen_ahead_of_the_sequence_cannot_block_the_next_events(app_role):
    record(1)
    conn = app_role()
    last = AuditEvent.objects.get().pk
    # The ids the application's next five events would get, and some further ahead.
    for ahead in [*range(1, 6), 100, 1000]:
        insert(conn, id=last + ahead, summary=f"penghalang {ahead}")

    with connection.cursor() as cursor:  # every id was the sequence's: none waits ahead of it
        cursor.execute("SELECT max(id) <= (SELECT last_value FROM audit_auditevent_id_seq) FROM audit_auditevent")
        assert cursor.fetchone() == (True,)
    record(5)  # none collides with the ones inserted first
    assert audit_seal() == 13 and audit_verify().intact


@pytest.mark.parametrize(
    "seal",
    [
        pytest.param(lambda pk, h: forged_seal(h[0] + 1000, h[1]), id="beyond the head"),
        pytest.param(lambda pk, h: forged_seal(h[0], h[1]), id="on the head's place"),
        pytest.param(lambda pk, h: forged_seal(h[0] + 1, h[1]), id="a hash of its own"),
        pytest.param(
            lambda pk, h: {
                "seq": h[0] + 1,
                "prev_hash": "d" * 64,
                "hash": event_hash(sealed_fields(pk, h[0] + 1, "d" * 64)),
            },
            id="a link of its own",
        ),
    ],
)
def test_the_app_role_seals_only_as_the_sealer_does(app_role, seal):
    record(2)
    audit_seal()
    record(1)
    pk = AuditEvent.objects.get(seq__isnull=True).pk
    conn = app_role()

    with pytest.raises(psycopg.Error, match="seal must follow the head"):
        values = seal(pk, head())
        conn.execute(
            "UPDATE audit_auditevent SET seq = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [values["seq"], values["prev_hash"], values["hash"], pk],
        )

    assert audit_seal() == 1
    report = audit_verify()
    assert report.intact and report.length == 3


def test_a_correct_seal_by_hand_is_the_sealers_own(app_role):
    """The one UPDATE the role may make is the sealer's: the event, in its place, with its hash."""
    record(1)
    pk = AuditEvent.objects.get().pk
    conn = app_role()
    fields = sealed_fields(pk, 1, "0" * 64)
    conn.execute(
        "UPDATE audit_auditevent SET seq = 1, prev_hash = %s, hash = %s WHERE id = %s",
        [fields["prev_hash"], event_hash(fields), pk],
    )

    assert audit_verify().intact and audit_verify().length == 1


@pytest.mark.parametrize(
    ("statement", "refusal"),
    [
        ("DELETE FROM audit_auditevent", "permission denied"),
        ("TRUNCATE audit_auditevent", "permission denied"),
        ("UPDATE audit_auditevent SET summary = 'x'", "append-only"),
        ("ALTER TABLE audit_auditevent DISABLE TRIGGER USER", "must be owner"),
        ("DROP TRIGGER audit_event_guard_insert ON audit_auditevent", "must be owner"),
        (
            "CREATE OR REPLACE FUNCTION audit_event_insert_guard() RETURNS trigger AS 'BEGIN RETURN NEW; END' "
            "LANGUAGE plpgsql",
            "must be owner|permission denied",
        ),
        ("SET session_replication_role = replica", "permission denied"),
    ],
)
def test_the_app_role_cannot_remove_change_or_unguard_events(app_role, statement, refusal):
    record(2)
    audit_seal()
    conn = app_role()

    with pytest.raises(psycopg.Error, match=refusal):
        conn.execute(statement)

    assert audit_verify().intact and AuditEvent.objects.count() == 2


def test_after_every_attack_the_app_role_records_seals_and_verifies(app_role, capsys):
    record(2)
    audit_seal()
    conn = app_role()
    for attack in INSERT_ATTACKS.values():
        with pytest.raises(psycopg.Error):
            insert(conn, **attack(head()))
    pending = AuditEvent.objects.count()

    with django_as(app_role.role):
        record(3)
        assert audit_seal() == 3
        call_command("audit", "verify")

    assert f"intact: {pending + 3} events" in capsys.readouterr().out


# Any text PostgreSQL stores (no NUL, no lone surrogate): quotes, backslashes, control characters,
# non-ASCII letters, emoji.
stored_text = st.text(st.characters(exclude_characters="\x00", exclude_categories=["Cs"]), max_size=40)


@given(actor=stored_text.filter(bool), role=stored_text, object_code=stored_text, summary=stored_text)
@hypothesis_settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_the_trigger_and_the_chain_hash_the_same_canonical_form(db, actor, role, object_code, summary):
    with transaction.atomic():
        audit_record(
            actor=Actor.named(actor[:150]), role=role[:32], action="test.hash", object_code=object_code, summary=summary
        )

    assert audit_seal() == 1  # the trigger recomputed the hash the sealer gave and found it the same
