"""``core.db``: linked new rows written in order, all or none, in one statement on PostgreSQL
(``insert_rows``); commits that skip the WAL flush only where the statement is its own transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import IntegrityError, connection, transaction

from suara.accounts.models import ApiToken, RoleAssignment, User
from suara.core.db import (
    IN_LIST,
    SMALL_UPDATE,
    RowWriter,
    bulk_delete,
    bulk_fetch,
    bulk_insert,
    bulk_insert_ids,
    bulk_update,
    ids_reserve,
    insert_rows,
    select_in,
    unflushed_commit,
)
from suara.core.models import RateWindow
from suara.core.ratelimit import rate_check


def _rows(username: str, digest: str) -> list:
    user = User(username=username, password="!")
    return [
        user,
        ApiToken(user=user, name="satu", prefix="suara_aaaaaa", digest=digest, rate_per_minute=60),
        RoleAssignment(user=user, role="kpps", scope="3276011001001"),
    ]


def test_rows_are_written_in_order_and_a_foreign_key_takes_an_earlier_rows_new_id(db):
    user, token, assignment = _rows("kpps-1", "a" * 64)

    insert_rows([user, token, assignment])

    assert user.pk and token.pk and assignment.pk
    assert not user._state.adding and not token._state.adding
    stored = ApiToken.objects.select_related("user").get(pk=token.pk)
    assert stored.user.username == "kpps-1" and stored.created_at is not None  # auto_now_add, as save() sets it
    assert RoleAssignment.objects.get(pk=assignment.pk).user_id == user.pk == token.user_id


def test_a_saved_parent_gives_its_id(db):
    user = User.objects.create(username="kpps-1", password="!")
    token = ApiToken(user=user, name="satu", prefix="suara_aaaaaa", digest="a" * 64, rate_per_minute=60)

    insert_rows([token])

    assert ApiToken.objects.get(pk=token.pk).user_id == user.pk


def test_postgresql_writes_them_all_in_one_statement(db, django_assert_num_queries):
    rows = _rows("kpps-1", "a" * 64)

    with django_assert_num_queries(1 if connection.vendor == "postgresql" else len(rows)):
        insert_rows(rows, savepoint=False)

    assert User.objects.filter(username="kpps-1").exists()


def test_a_refused_row_leaves_none_written_and_the_callers_transaction_usable(db):
    insert_rows(_rows("kpps-1", "a" * 64))
    user, token, assignment = _rows("kpps-2", "a" * 64)  # the same digest: the token is refused

    with transaction.atomic():
        with pytest.raises(IntegrityError):
            insert_rows([user, token, assignment])
        assert not User.objects.filter(username="kpps-2").exists()  # the caller goes on, and sees nothing

    assert User.objects.count() == 1 and ApiToken.objects.count() == 1 and RoleAssignment.objects.count() == 1


def test_without_a_transaction_of_the_callers_a_refusal_writes_nothing(transactional_db):
    insert_rows(_rows("kpps-1", "a" * 64))

    with pytest.raises(IntegrityError):
        insert_rows(_rows("kpps-2", "a" * 64))

    assert list(User.objects.values_list("username", flat=True)) == ["kpps-1"]
    assert ApiToken.objects.count() == 1 and RoleAssignment.objects.count() == 1


def _synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


def test_an_unflushed_commit_ends_with_its_own_statement(transactional_db):
    if connection.vendor != "postgresql":
        assert unflushed_commit() is None
        return
    assert unflushed_commit() is not None  # no transaction of the caller's: the statement is its own

    rate_check("api:addr:probe", 10)

    assert RateWindow.objects.filter(key="api:addr:probe").exists()
    assert _synchronous_commit() == "on"  # the setting lasted only for the count's own transaction


def test_inside_the_callers_transaction_nothing_is_committed_unflushed(transactional_db):
    with transaction.atomic():
        assert unflushed_commit() is None
        rate_check("api:addr:probe", 10)
        if connection.vendor == "postgresql":
            assert _synchronous_commit() == "on"  # the caller's own writes still wait for the flush


# -- Bulk writes --------------------------------------------------------------------------------------------------

BULK_COLUMNS = ("key", "window", "count")


def _windows() -> dict[tuple[str, int], int]:
    return {(w.key, w.window): w.count for w in RateWindow.objects.all()}


@pytest.mark.parametrize("n", [3, SMALL_UPDATE + 1])  # a few UPDATEs; on PostgreSQL, a COPY-filled temporary table
def test_bulk_rows_go_in_change_come_out_and_go_away(db, n):
    with transaction.atomic():
        assert bulk_insert(RateWindow, BULK_COLUMNS, ((f"k{i}", i, i) for i in range(n))) == n
        assert bulk_insert(RateWindow._meta.db_table, BULK_COLUMNS, []) == 0
    assert _windows() == {(f"k{i}", i): i for i in range(n)}
    ids = dict(RateWindow.objects.values_list("key", "pk"))

    with transaction.atomic():
        assert bulk_update(RateWindow, "id", ("count",), [(ids[f"k{i}"], 100 + i) for i in range(0, n, 2)]) == len(
            range(0, n, 2)
        )
    assert _windows() == {(f"k{i}", i): (100 + i if i % 2 == 0 else i) for i in range(n)}
    assert sorted(bulk_fetch(RateWindow, ("key", "count")))[:2] == [("k0", 100), ("k1", 1)]

    with transaction.atomic():
        assert bulk_delete(RateWindow, "key", [f"k{i}" for i in range(1, n)]) == n - 1
    assert _windows() == {("k0", 0): 100}


def test_a_row_writer_writes_as_rows_come_and_nothing_on_an_error(db):
    with transaction.atomic(), RowWriter(RateWindow, BULK_COLUMNS) as writer:
        for i in range(5):
            writer.write((f"k{i}", i, 1))
    assert len(_windows()) == 5

    with pytest.raises(RuntimeError), transaction.atomic(), RowWriter(RateWindow, BULK_COLUMNS) as writer:
        writer.write(("other", 1, 1))
        raise RuntimeError("the file could not be read")
    assert ("other", 1) not in _windows()


def test_a_bulk_insert_refused_by_a_constraint_raises(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk_insert(RateWindow, BULK_COLUMNS, [("k", 1, 1), ("k", 1, 2)])
    assert _windows() == {}


OFFICER_COLUMNS = ("id", "election_id", "body", "posting_code", "position", "nik", "kk", "name", "sex", "birth_date",
                   "marital", "phone", "email", "address", "domicile_code", "education", "occupation", "status",
                   "reasons", "flags", "source", "applied_at", "updated_at")  # fmt: skip


NAME = "Siti Ñurhaliza \\ Ab"  # beyond ASCII, and a backslash (COPY's text format escapes it)


def _officer(pk: int, serial: int, at) -> tuple:
    return (pk, 1, "kpps", "3276011006001", "", f"32760157059{serial:05d}", "", NAME, "P", date(1990, 5, 17),
            "S", "", "", "", "3276011006", "sma", "", "pendaftar", 7, 0, "import", at, at)  # fmt: skip


@pytest.mark.parametrize("binary", [False, True])
def test_reserved_ids_link_rows_written_in_bulk_and_later_rows_take_others(db, binary):
    from suara.officers.models import Application, Officer

    at = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    with transaction.atomic(), connection.cursor() as cursor:
        ids = ids_reserve(Officer, 3, cursor=cursor)
        assert len(set(ids)) == 3 and ids_reserve(Officer, 0, cursor=cursor) == []
        bulk_insert(Officer, OFFICER_COLUMNS, [_officer(pk, n, at) for n, pk in enumerate(ids)], binary=binary)
        rows = [(pk, 5, pk == ids[0], "") for pk in ids]
        bulk_insert(Application, ("officer_id", "documents", "education_letter", "code_hash"), rows, binary=binary)
        later = ids_reserve(Officer, 2, cursor=cursor)
    assert not set(later) & set(ids)
    first = Officer.objects.get(pk=ids[0])
    assert (first.name, first.birth_date, first.applied_at, first.reasons) == (
        "Siti Ñurhaliza \\ Ab",
        date(1990, 5, 17),
        at,
        7,
    )
    assert first.application.education_letter and not Officer.objects.get(pk=ids[1]).application.education_letter
    created = Officer.objects.create(**dict(zip(OFFICER_COLUMNS[1:], _officer(0, 9, at)[1:], strict=True)))
    assert created.pk not in ids


def test_select_in_reads_the_rows_of_more_values_than_one_in_list_holds(db):
    n = IN_LIST + 5
    with transaction.atomic():
        bulk_insert(RateWindow, BULK_COLUMNS, ((f"k{i}", i, i) for i in range(n)))
    rows = select_in(
        "SELECT key, count FROM core_ratewindow WHERE count > %s AND key {values}",
        [0],
        [f"k{i}" for i in range(n)] + ["missing"],
    )
    assert sorted(rows) == sorted((f"k{i}", i) for i in range(1, n))
    assert select_in("SELECT 1 WHERE 1 {values}", [], []) == []


def test_rows_that_differ_only_by_id_go_in_for_every_id_in_runs_or_apart(db):
    from suara.officers.models import OfficerStatusChange

    at = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    step = {"status": "pendaftar", "reasons": 0, "note": "impor berkas", "actor": "pps_1", "at": at}
    ids = [5, 6, 7, 10, 12, 13, 3]
    with transaction.atomic():
        assert bulk_insert_ids(OfficerStatusChange, "officer_id", ids, step) == 7
        assert bulk_insert_ids(OfficerStatusChange, "officer_id", [], step) == 0
    rows = OfficerStatusChange.objects.values_list("officer_id", "status", "note", "actor", "at")
    assert sorted(rows) == [(i, "pendaftar", "impor berkas", "pps_1", at) for i in sorted(ids)]
