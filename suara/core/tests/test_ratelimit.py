"""The fixed-window rate limiter, alone and in front of the API (anonymous clients, by address)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import connection
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from suara.audit.actors import SYSTEM
from suara.core.errors import RateLimited
from suara.core.models import RateWindow
from suara.core.ratelimit import rate_check

MINUTE = 28_333_333  # any unix minute
START = MINUTE * 60.0


def windows(key: str) -> list[tuple[int, int]]:
    return list(RateWindow.objects.filter(key=key).order_by("window").values_list("window", "count"))


def test_counts_up_to_the_limit_then_says_how_long_to_wait(db):
    for _ in range(3):
        rate_check("k", 3, now=START + 10)

    with pytest.raises(RateLimited) as refused:
        rate_check("k", 3, now=START + 10)

    assert refused.value.status == 429
    assert refused.value.code == "rate_limited"
    assert refused.value.retry_after == 50
    with pytest.raises(RateLimited) as refused:
        rate_check("k", 3, now=START + 59.5)
    assert refused.value.retry_after == 1  # never 0: a client told 0 would retry at once


def test_a_new_minute_starts_afresh_and_old_windows_go(db):
    for _ in range(3):
        rate_check("k", 3, now=START)

    rate_check("k", 3, now=START + 60)
    assert windows("k") == [(MINUTE, 3), (MINUTE + 1, 1)]

    rate_check("k", 3, now=START + 180)
    assert windows("k") == [(MINUTE + 3, 1)]


def test_keys_are_counted_apart(db):
    rate_check("a", 1, now=START)
    rate_check("b", 1, now=START)

    with pytest.raises(RateLimited):
        rate_check("a", 1, now=START)


def test_zero_means_unlimited_and_writes_nothing(db):
    for _ in range(50):
        rate_check("k", 0, now=START)

    assert not RateWindow.objects.exists()


@pytest.fixture
def frozen_minute(monkeypatch):
    monkeypatch.setattr("suara.core.ratelimit.time", SimpleNamespace(time=lambda: START + 30))


def test_anonymous_api_clients_are_limited_per_address(client, db, settings, frozen_minute):
    settings.SUARA_ANONYMOUS_API_RATE = 2

    statuses = [client.get("/api/v1/elections").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    response = client.get("/api/v1/regions/xx")
    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    assert response.json()["code"] == "rate_limited"
    assert client.get("/api/v1/elections", REMOTE_ADDR="10.0.0.7").status_code == 200
    # The table tells clients apart without holding their addresses.
    assert not RateWindow.objects.filter(key__contains="127.0.0.1").exists()
    assert not RateWindow.objects.filter(key__contains="10.0.0.7").exists()


def test_a_token_makes_the_limit_its_own(client, db, settings, frozen_minute):
    from suara.accounts.models import User
    from suara.accounts.tokens import token_issue

    settings.SUARA_ANONYMOUS_API_RATE = 1
    user = User.objects.create_user(username="app", password=None)
    _, plaintext = token_issue(user=user, name="uji", rate_per_minute=5, actor=SYSTEM)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}

    assert [client.get("/api/v1/elections", **headers).status_code for _ in range(6)] == [200] * 5 + [429]
    assert client.get("/api/v1/elections").status_code == 200
    assert client.get("/api/v1/elections").status_code == 429


def test_anonymous_limit_off_by_default(client, db, settings, frozen_minute):
    settings.SUARA_ANONYMOUS_API_RATE = 0

    assert {client.get("/api/v1/elections").status_code for _ in range(20)} == {200}
    assert not RateWindow.objects.exists()


def test_bad_tokens_count_against_the_address(client, db, settings, frozen_minute):
    settings.SUARA_ANONYMOUS_API_RATE = 2
    headers = {"HTTP_AUTHORIZATION": "Bearer suara_guess"}

    statuses = [client.get("/api/v1/elections", **headers).status_code for _ in range(3)]

    assert statuses == [401, 401, 429]
    assert client.get("/api/v1/elections").status_code == 429


def test_a_large_limit_is_counted_in_blocks_of_a_hundredth(db, django_assert_num_queries):
    # The first block of the window, and clearing older windows: one statement on PostgreSQL.
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 2):
        rate_check("key", 1000, now=START)
    with django_assert_num_queries(0):
        for _ in range(9):
            rate_check("key", 1000, now=START)
    assert windows("key") == [(MINUTE, 10)]

    rate_check("key", 1000, now=START)  # the eleventh request takes the next block
    assert windows("key") == [(MINUTE, 20)]


def test_a_block_does_not_outlive_its_window(db):
    rate_check("key", 1000, now=START)
    rate_check("key", 1000, now=START + 60)

    assert windows("key") == [(MINUTE, 10), (MINUTE + 1, 10)]


class Processes:
    """Several server processes counting one key: each has its own blocks, the table is shared."""

    def __init__(self, count: int, monkeypatch):
        self.held = [{} for _ in range(count)]
        self.monkeypatch = monkeypatch

    def request(self, process: int, key: str, limit: int) -> bool:
        self.monkeypatch.setattr("suara.core.ratelimit._blocks", self.held[process])
        try:
            rate_check(key, limit, now=START)
        except RateLimited:
            return False
        return True


_examples = iter(range(10**9))


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    limit=st.integers(min_value=1, max_value=1500),
    order=st.lists(st.integers(min_value=0, max_value=4), min_size=1, max_size=2000),
)
def test_blocks_never_allow_more_than_the_limit_and_refuse_early_by_at_most_a_block_a_process(
    db, monkeypatch, limit, order
):
    processes = Processes(5, monkeypatch)
    key = f"key{next(_examples)}"

    allowed = sum(processes.request(process, key, limit) for process in order)

    block = max(1, limit // 100)
    assert allowed <= limit
    assert allowed >= min(len(order), limit - 4 * block)


def test_one_process_alone_gets_exactly_the_limit(db):
    allowed = 0
    for _ in range(260):
        try:
            rate_check("key", 250, now=START)
            allowed += 1
        except RateLimited:
            pass

    assert allowed == 250
