"""The PostgreSQL backend checks a kept connection's health only after the connection idled, and prepares
the statements of a ``prepared_cursor`` once per connection."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import DatabaseError, connection, connections
from django.test.utils import CaptureQueriesContext

from suara.core.db import prepared_fetchone

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend")


@pytest.fixture
def kept_connection(db, monkeypatch):
    """A second connection to the test database, as a server thread keeps one, on a clock of our own."""
    clock = SimpleNamespace(now=1000.0)
    monkeypatch.setattr("suara.core.postgresql.base.time", SimpleNamespace(monotonic=lambda: clock.now))
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper, clock
    wrapper.close()


def request_boundary(wrapper, clock, seconds_later: float) -> None:
    clock.now += seconds_later
    wrapper.close_if_unusable_or_obsolete()  # what Django runs as a request starts or ends


def test_a_connection_in_steady_use_is_not_checked_before_each_request(kept_connection):
    wrapper, clock = kept_connection
    request_boundary(wrapper, clock, 0)  # a request ends
    request_boundary(wrapper, clock, 0.3)  # the next starts soon after

    assert wrapper.health_check_done


def test_a_connection_that_idled_is_checked_and_replaced_when_the_server_dropped_it(kept_connection):
    wrapper, clock = kept_connection
    request_boundary(wrapper, clock, 0)
    with connection.cursor() as cursor:  # the server drops the kept connection while it idles
        cursor.execute("SELECT pg_terminate_backend(%s)", [wrapper.connection.info.backend_pid])

    request_boundary(wrapper, clock, 5)
    assert not wrapper.health_check_done
    with wrapper.cursor() as cursor:  # the check finds it dead, so the request gets a new one
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def prepared_statements(cursor) -> list[str]:
    cursor.execute("SELECT statement FROM pg_prepared_statements")
    return [statement for (statement,) in cursor.fetchall()]


def test_a_prepared_statement_is_prepared_once_per_connection_and_reused(db):
    sql = "SELECT %s::int + 1 AS suara_prepared_probe"
    assert prepared_fetchone(sql, [1]) == (2,)
    assert prepared_fetchone(sql, [41]) == (42,)

    with connection.cursor() as cursor:
        statements = [s for s in prepared_statements(cursor) if "suara_prepared_probe" in s]
    assert len(statements) == 1


def test_a_prepared_statement_is_logged_like_any_other_and_its_errors_are_djangos(db):
    with CaptureQueriesContext(connection) as queries:
        prepared_fetchone("SELECT %s::int AS suara_logged_probe", [7])
    assert any("suara_logged_probe" in query["sql"] for query in queries)

    with pytest.raises(DatabaseError):
        prepared_fetchone("SELECT 1 / %s::int", [0])
