"""API tokens: issue, authenticate, revoke; the token on the API (401, /me, its own rate limit)."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from suara.accounts.authz import authorize, require
from suara.accounts.models import ApiToken, RoleAssignment, User
from suara.accounts.roles import Action, Role, Scope, ScopeKind
from suara.accounts.tokens import OPERATOR_DEFAULT_RATE, token_authenticate, token_issue, token_revoke
from suara.audit.actors import SYSTEM, Actor
from suara.audit.models import AuditEvent
from suara.core.errors import Conflict, DomainError

API = "/api/v1"


@pytest.fixture
def integrator(db):
    user = User.objects.create_user(username="depok-app", password=None)  # no hashing: tokens need no password
    RoleAssignment.objects.create(user=user, role="integrator", scope="3276")
    return user


@pytest.fixture
def operator(db):
    return User.objects.create_user(username="operator", password=None)  # no hashing: tokens need no password


@pytest.fixture
def frozen_minute(monkeypatch):
    """Keeps the rate limiter inside one window, so a test never straddles a minute boundary."""
    monkeypatch.setattr("suara.core.ratelimit.time", SimpleNamespace(time=lambda: 1_700_000_010.0))


def bearer(plaintext: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def test_issue_stores_only_a_digest_and_records_one_audit_event(integrator, settings):
    settings.SUARA_INTEGRATOR_DEFAULT_RATE = 123
    before = AuditEvent.objects.count()

    token, plaintext = token_issue(user=integrator, name="  Aplikasi   Kota Depok ", actor=SYSTEM)

    assert plaintext.startswith("suara_")
    assert len(plaintext) >= 6 + 43
    assert token.digest == hashlib.sha256(plaintext.encode()).hexdigest()
    assert token.prefix == plaintext[:12]
    assert token.name == "Aplikasi Kota Depok"
    assert token.rate_per_minute == 123  # an integrator's default
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert plaintext not in [str(v) for v in stored.values()]
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert [e.action for e in events] == ["accounts.token_issue"]
    assert events[0].actor == "system"
    assert plaintext[6:] not in events[0].summary
    assert integrator.username not in events[0].summary


def test_rates(operator, integrator):
    assert token_issue(user=operator, name="skrip", actor=SYSTEM)[0].rate_per_minute == OPERATOR_DEFAULT_RATE
    assert token_issue(user=integrator, name="uji", rate_per_minute=5, actor=Actor.of(operator))[0].rate_per_minute == 5
    for rate in (0, -1, 10_000_000):
        with pytest.raises(DomainError) as error:
            token_issue(user=operator, name="x", rate_per_minute=rate, actor=SYSTEM)
        assert error.value.code == "invalid_rate"
    with pytest.raises(DomainError) as error:
        token_issue(user=operator, name="   ", actor=SYSTEM)
    assert error.value.code == "invalid_token_name"


def test_two_tokens_never_share_text(operator):
    first = token_issue(user=operator, name="a", actor=SYSTEM)[1]
    second = token_issue(user=operator, name="b", actor=SYSTEM)[1]

    assert first != second


def _lookup_queries() -> int:
    """The token and the last-used hint: one statement on PostgreSQL, two elsewhere."""
    return 1 if connection.vendor == "postgresql" else 2


def test_a_token_looked_up_on_postgresql_brings_its_users_roles(operator, django_assert_num_queries):
    if connection.vendor != "postgresql":
        pytest.skip("the roles come with the token's own statement on PostgreSQL only")
    RoleAssignment.objects.create(user=operator, role=Role.KPPS.value, scope="3276011001001", scope_kind="tps")
    RoleAssignment.objects.create(user=operator, role=Role.PARTY_OPERATOR.value, scope="1", scope_kind="party")
    _, plaintext = token_issue(user=operator, name="skrip", actor=SYSTEM)

    found = token_authenticate(plaintext)

    with django_assert_num_queries(0):
        assert require(found.user, Action.SUBMIT_RESULT, "3276011001001") == Role.KPPS
        assert not authorize(found.user, Action.SUBMIT_RESULT, "3276011001002")
        # The kind came with the statement: party "1" covers that party, never the region coded "1".
        assert require(found.user, Action.UPLOAD_PARTY_MEMBERS, Scope(ScopeKind.PARTY, "1")) == Role.PARTY_OPERATOR
        assert not authorize(found.user, Action.UPLOAD_PARTY_MEMBERS, "1")


def test_the_last_used_hint_is_left_alone_for_an_inactive_user(operator):
    token, plaintext = token_issue(user=operator, name="skrip", actor=SYSTEM)
    User.objects.filter(pk=operator.pk).update(is_active=False)

    assert token_authenticate(plaintext) is None
    assert ApiToken.objects.get(pk=token.pk).last_used_at is None


def test_authenticate(operator, settings, django_assert_num_queries):
    settings.SUARA_TOKEN_CACHE_SECONDS = 0  # each lookup reads the token: the hint is the database's
    token, plaintext = token_issue(user=operator, name="skrip", actor=SYSTEM)

    with django_assert_num_queries(_lookup_queries()):
        found = token_authenticate(plaintext)
        assert found == token and found.user == operator and found.rate_per_minute == token.rate_per_minute
    first_use = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first_use is not None

    token_authenticate(plaintext)  # used a moment ago: the hint stays
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first_use

    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - timedelta(minutes=2))
    token_authenticate(plaintext)
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first_use


def test_a_process_keeps_a_valid_token_for_a_few_seconds(operator, settings, django_assert_num_queries, monkeypatch):
    settings.SUARA_TOKEN_CACHE_SECONDS = 5
    clock = SimpleNamespace(monotonic=lambda: 1000.0)
    monkeypatch.setattr("suara.accounts.tokens.time", clock)
    token, plaintext = token_issue(user=operator, name="skrip", actor=SYSTEM)
    token_authenticate(plaintext)

    with django_assert_num_queries(0):
        found = token_authenticate(plaintext)
    assert found == token and found.user == operator and found.rate_per_minute == token.rate_per_minute

    clock.monotonic = lambda: 1005.0  # kept no longer than the setting
    with django_assert_num_queries(_lookup_queries()):
        assert token_authenticate(plaintext) == token


def test_a_revoked_token_stops_at_once_in_the_revoking_process_despite_the_cache(operator, settings):
    settings.SUARA_TOKEN_CACHE_SECONDS = 60
    token, plaintext = token_issue(user=operator, name="skrip", actor=SYSTEM)
    assert token_authenticate(plaintext) == token

    token_revoke(token=token, actor=SYSTEM)

    assert token_authenticate(plaintext) is None


def test_guesses_are_not_kept(operator, settings, django_assert_num_queries):
    settings.SUARA_TOKEN_CACHE_SECONDS = 60
    token_authenticate("suara_guess")

    with django_assert_num_queries(1):
        assert token_authenticate("suara_guess") is None


def test_authenticate_refuses_a_revoked_token_and_an_inactive_user(operator):
    token, plaintext = token_issue(user=operator, name="skrip", actor=SYSTEM)
    operator.is_active = False
    operator.save(update_fields=["is_active"])
    assert token_authenticate(plaintext) is None
    operator.is_active = True
    operator.save(update_fields=["is_active"])
    assert token_authenticate(plaintext) == token
    token_revoke(token=token, actor=SYSTEM)
    assert token_authenticate(plaintext) is None


@pytest.mark.parametrize(
    "guess", ["", "suara_", "suara_nope", "SUARA_x", "suara_" + "a" * 500, "suara_ä", "Bearer suara_x"]
)
def test_authenticate_refuses_guesses(operator, guess):
    token_issue(user=operator, name="skrip", actor=SYSTEM)

    assert token_authenticate(guess) is None


def test_revoke(operator):
    token, plaintext = token_issue(user=operator, name="skrip", actor=SYSTEM)
    before = AuditEvent.objects.count()

    token_revoke(token=token, actor=SYSTEM)

    assert token.revoked_at is not None
    assert token_authenticate(plaintext) is None
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)[before:]) == [
        "accounts.token_revoke"
    ]
    with pytest.raises(Conflict):
        token_revoke(token=token, actor=SYSTEM)
    assert AuditEvent.objects.count() == before + 1


def test_inactive_user_token_stops_working(operator):
    _, plaintext = token_issue(user=operator, name="skrip", actor=SYSTEM)
    User.objects.filter(pk=operator.pk).update(is_active=False)

    assert token_authenticate(plaintext) is None


def test_me(client, integrator):
    _, plaintext = token_issue(user=integrator, name="Aplikasi Kota Depok", rate_per_minute=50, actor=SYSTEM)

    for headers in (bearer(plaintext), {"HTTP_X_API_KEY": plaintext}, {"HTTP_AUTHORIZATION": f"bearer  {plaintext} "}):
        response = client.get(f"{API}/me", **headers)
        assert response.status_code == 200
        body = response.json()
        assert body["username"] == "depok-app"
        assert body["token"]["name"] == "Aplikasi Kota Depok"
        assert body["token"]["prefix"] == plaintext[:12]
        assert body["token"]["rate_per_minute"] == 50
        assert body["roles"] == [{"role": "integrator", "label": "Integrator (aplikasi kota)", "scope": "3276"}]
        assert plaintext not in response.content.decode()


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_AUTHORIZATION": "Basic dXNlcjpwYXNz"},  # a proxy's own auth is not a token
    ],
)
def test_me_needs_a_token(client, db, headers):
    response = client.get(f"{API}/me", **headers)

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "headers",
    [
        bearer("suara_not-a-real-token"),
        {"HTTP_AUTHORIZATION": "Bearer"},
        {"HTTP_AUTHORIZATION": "Bearer "},
        {"HTTP_X_API_KEY": "wrong"},
    ],
)
def test_a_bad_token_is_refused_even_on_public_endpoints(client, db, headers):
    for path in ("/elections", "/regions/32", "/me", "/no-such-path"):
        response = client.get(f"{API}{path}", **headers)
        assert response.status_code == 401, path
        assert response.json()["code"] == "unauthenticated"


def test_a_revoked_token_is_refused(client, operator):
    token, plaintext = token_issue(user=operator, name="skrip", actor=SYSTEM)
    assert client.get(f"{API}/elections", **bearer(plaintext)).status_code == 200

    token_revoke(token=token, actor=SYSTEM)

    response = client.get(f"{API}/elections", **bearer(plaintext))
    assert response.status_code == 401
    assert response.json()["message"] == "Token API tidak sah atau sudah dicabut."


def test_public_endpoints_ignore_other_authorization_schemes(client, db):
    assert client.get(f"{API}/elections", HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz").status_code == 200


def test_integrator_limit_gives_429_with_retry_after(client, integrator, operator, frozen_minute):
    _, tiny = token_issue(user=integrator, name="uji", rate_per_minute=3, actor=SYSTEM)
    _, other = token_issue(user=operator, name="lain", actor=SYSTEM)

    assert [client.get(f"{API}/elections", **bearer(tiny)).status_code for _ in range(3)] == [200] * 3
    response = client.get(f"{API}/elections", **bearer(tiny))

    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert "detik" in response.json()["message"]
    assert 1 <= int(response["Retry-After"]) <= 60
    # Every endpoint counts, invalid input and unknown paths too.
    assert client.get(f"{API}/regions/xx", **bearer(tiny)).status_code == 429
    assert client.get(f"{API}/nowhere", **bearer(tiny)).status_code == 429
    assert client.get(f"{API}/me", **bearer(tiny)).status_code == 429
    # The limit is the token's: another token and anonymous clients are unaffected.
    assert client.get(f"{API}/elections", **bearer(other)).status_code == 200
    assert client.get(f"{API}/elections").status_code == 200


def test_issue_token_command_prints_the_token_once(integrator):
    out, err = StringIO(), StringIO()

    call_command("issue_token", "depok-app", "--name", "Aplikasi Kota Depok", "--rate", "30", stdout=out, stderr=err)

    plaintext = out.getvalue().strip()
    token = token_authenticate(plaintext)
    assert token is not None
    assert token.rate_per_minute == 30
    assert token.user == integrator
    assert plaintext not in err.getvalue()
    with pytest.raises(CommandError):
        call_command("issue_token", "nobody", "--name", "x", stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError):
        call_command("issue_token", "depok-app", "--name", "x", "--rate", "0", stdout=StringIO(), stderr=StringIO())
