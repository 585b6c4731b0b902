"""Accounts by the chain of command: create with a one-time code, suspend, reactivate, reset, revoke tokens,
give and take roles, activate; each refused with its code and nothing left behind, each audited once."""

from __future__ import annotations

import csv
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from conftest import make_officer
from suara.accounts import provisioning as p
from suara.accounts.authz import authorize
from suara.accounts.bulk import accounts_bulk_create
from suara.accounts.models import ApiToken, OneTimeCode, RoleAssignment, User
from suara.accounts.roles import SCOPE_KIND, Action, Role, Scope, ScopeKind
from suara.accounts.tokens import token_authenticate, token_issue
from suara.audit.models import AuditEvent
from suara.core.errors import Conflict, DomainError, PermissionDenied
from suara.regions.models import Tps

PASSWORD = "correct-horse-battery-staple"
NEW_PASSWORD = "a-brand-new-passphrase-42"
DESA = "3276011006"


@pytest.fixture
def chain(geography):
    return {
        "ri": make_officer("kpu_ri", "kpu_ri", ""),
        "jabar": make_officer("kpu_jabar", "kpu_provinsi", "32"),
        "depok": make_officer("kpu_depok", "kpu_kabkota", "3276"),
        "bekasi": make_officer("kpu_bekasi", "kpu_kabkota", "3275"),
        "ppk": make_officer("ppk_pancoranmas", "ppk", "327601"),
        "pps": make_officer("pps_depok", "pps", DESA),
    }


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


def test_each_level_creates_the_next_and_the_officer_activates_with_the_code(chain):
    user, issued = p.account_create(actor=chain["depok"], username="PPK_Beji", role="ppk", scope="327602")
    assert user.username == "ppk_beji" and not user.has_usable_password()
    assert p.account_status(user) == "pending"
    assert len(issued.code) == 11 and issued.code[5] == "-"
    stored = OneTimeCode.objects.get(user=user)
    assert issued.code not in stored.digest and issued.code.replace("-", "") not in stored.digest
    event = events("accounts.account_create")[-1]
    assert (event.actor, event.role, event.object_code) == ("kpu_depok", "kpu_kabkota", "327602")
    assert issued.code not in event.summary

    # The code is typed loosely (lower case, spaces) with the username; the password gets Argon2.
    active = p.account_activate(username="ppk_beji", code=issued.code.lower().replace("-", " "), password=NEW_PASSWORD)
    assert active.check_password(NEW_PASSWORD) and active.password.startswith("argon2$")
    assert not OneTimeCode.objects.filter(user=user).exists()
    assert events("accounts.activate")[-1].actor == "ppk_beji"
    # Used up: the same code again is refused.
    with pytest.raises(DomainError) as err:
        p.account_activate(username="ppk_beji", code=issued.code, password=NEW_PASSWORD)
    assert err.value.code == "invalid_code"


@pytest.mark.parametrize(
    ("creator", "role", "scope"),
    [
        ("ri", "kpu_provinsi", "32"),
        ("ri", "party_operator", "partai-1"),
        ("jabar", "kpu_kabkota", "3276"),
        ("depok", "pemkot_viewer", "3276"),
        ("depok", "health_officer", "3276"),
        ("depok", "integrator", "3276"),
        ("ppk", "pps", "3276011007"),
        ("pps", "kpps", "3276011006003"),
    ],
)
def test_the_chain_of_command(chain, creator, role, scope):
    user, _ = p.account_create(actor=chain[creator], username="new_officer", role=role, scope=scope)
    kind = SCOPE_KIND[Role(role)].value
    assert list(user.assignments.values_list("role", "scope", "scope_kind")) == [(role, scope, kind)]


def test_a_party_operator_acts_for_its_own_party_only(chain):
    operator, _ = p.account_create(actor=chain["ri"], username="operator_a", role="party_operator", scope="partai-1")
    operator = User.objects.get(pk=operator.pk)  # its assignments read back from the table
    own = authorize(operator, Action.UPLOAD_PARTY_MEMBERS, Scope(ScopeKind.PARTY, "partai-1"))
    assert own.role == Role.PARTY_OPERATOR
    assert not authorize(operator, Action.UPLOAD_PARTY_MEMBERS, Scope(ScopeKind.PARTY, "partai-2"))
    assert not authorize(operator, Action.UPLOAD_PARTY_MEMBERS, "")


def test_an_organisation_operator_is_kpu_ris_to_give_and_acts_for_its_organisation_only(chain):
    from suara.accounts.organisations import OrganisationInput, organisation_save

    organisation_save(actor="test", data=OrganisationInput(code="kominfo-depok", name="Diskominfo", kind="diskominfo"))
    with pytest.raises(DomainError) as err:
        p.account_create(
            actor=chain["depok"], username="operator_b", role="organisation_operator", scope="kominfo-depok"
        )
    assert err.value.code == "forbidden"
    operator, _ = p.account_create(
        actor=chain["ri"], username="operator_a", role="organisation_operator", scope="kominfo-depok"
    )
    assert list(operator.assignments.values_list("scope_kind", flat=True)) == ["organisation"]
    operator = User.objects.get(pk=operator.pk)
    own = authorize(operator, Action.WATCH_MEMBERSHIP, Scope(ScopeKind.ORGANISATION, "kominfo-depok"))
    assert own.role == Role.ORGANISATION_OPERATOR
    assert not authorize(operator, Action.WATCH_MEMBERSHIP, Scope(ScopeKind.ORGANISATION, "kominfo-bekasi"))
    assert not authorize(operator, Action.VIEW_INTERNAL, "3276")


@pytest.mark.parametrize(
    ("creator", "role", "scope", "code"),
    [
        ("depok", "ppk", "327501", "forbidden"),  # Kota Bekasi
        ("depok", "pps", DESA, "forbidden"),  # skips a level
        ("jabar", "kpu_provinsi", "32", "forbidden"),  # its own peer
        ("pps", "kpps", "3276011007001", "forbidden"),  # the next desa
        ("pps", "kpps", DESA, "invalid_scope"),
        ("pps", "kpps", "3276011006999", "unknown_scope"),
        ("pps", "mayor", DESA, "unknown_role"),
        ("ri", "party_operator", "", "invalid_scope"),  # an operator of no party
        ("ri", "party_operator", "Partai 1", "invalid_scope"),
        ("depok", "party_operator", "partai-1", "forbidden"),  # parties are KPU RI's to give
        ("ri", "organisation_operator", "kominfo-depok", "unknown_organisation"),  # no such organisation yet
        ("ri", "organisation_operator", "", "invalid_scope"),
    ],
)
def test_refusals_leave_nothing_behind(chain, creator, role, scope, code):
    before = (User.objects.count(), AuditEvent.objects.count())
    with pytest.raises(DomainError) as err:
        p.account_create(actor=chain[creator], username="new_officer", role=role, scope=scope)
    assert err.value.code == code
    assert (User.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize("username", ["ab", "budi santoso", "x" * 51, "<script>", "Ünïcode", ""])
def test_usernames_are_plain(chain, username):
    with pytest.raises(DomainError) as err:
        p.account_create(actor=chain["pps"], username=username, role="kpps", scope="3276011006002")
    assert err.value.code == "invalid_username"


def test_a_taken_username_is_a_conflict(chain):
    with pytest.raises(Conflict):
        p.account_create(actor=chain["pps"], username="kpu_depok", role="kpps", scope="3276011006002")


def credentials_accepted(username: str, password: str) -> bool:
    """Whether sign-in's first step accepts these (through django-axes, which needs the request)."""
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    return authenticate(RequestFactory().post("/masuk/"), username=username, password=password) is not None


def test_suspension_stops_sign_in_sessions_and_tokens(chain, settings):
    kpps = make_officer("kpps_001", "kpps", "3276011006001")
    _, plaintext = token_issue(user=kpps, name="field app", actor="test")
    session = Client()
    session.force_login(kpps)
    assert session.get("/dasbor/").status_code == 200
    settings.SUARA_TOKEN_CACHE_SECONDS = 60
    assert token_authenticate(plaintext) is not None  # now kept by this process

    p.account_suspend(actor=chain["pps"], user=kpps)
    assert token_authenticate(plaintext) is None  # at once in the suspending process
    assert session.get("/dasbor/").status_code == 302  # the session ends at its next request
    assert not credentials_accepted("kpps_001", PASSWORD)
    assert events("accounts.account_suspend")[-1].role == "pps"
    with pytest.raises(Conflict):
        p.account_suspend(actor=chain["pps"], user=kpps)

    p.account_reactivate(actor=chain["pps"], user=kpps)
    assert token_authenticate(plaintext) is not None
    assert credentials_accepted("kpps_001", PASSWORD)
    with pytest.raises(Conflict):
        p.account_reactivate(actor=chain["pps"], user=kpps)


def test_a_suspension_reaches_other_processes_within_the_token_cache_time(chain, settings, monkeypatch):
    """Another process kept the token: it keeps accepting it for at most SUARA_TOKEN_CACHE_SECONDS."""
    import time as real_time

    from suara.accounts import tokens

    kpps = make_officer("kpps_001", "kpps", "3276011006001")
    _, plaintext = token_issue(user=kpps, name="field app", actor="test")
    settings.SUARA_TOKEN_CACHE_SECONDS = 5
    now = [real_time.monotonic()]
    monkeypatch.setattr(tokens.time, "monotonic", lambda: now[0])
    assert token_authenticate(plaintext) is not None
    User.objects.filter(pk=kpps.pk).update(is_active=False)  # as a suspension by another process
    now[0] += 4.9
    assert token_authenticate(plaintext) is not None
    now[0] += 0.2
    assert token_authenticate(plaintext) is None


def test_nobody_manages_an_account_beyond_their_chain(chain):
    kpps_bekasi = make_officer("kpps_bekasi", "kpps", "3275011001001")
    for actor, target in [
        (chain["pps"], kpps_bekasi),
        (chain["pps"], chain["ppk"]),  # upwards
        (chain["depok"], chain["bekasi"]),  # a peer
        (chain["ppk"], kpps_bekasi),
        (chain["ri"], chain["depok"]),  # two levels down: the province manages its kab/kota
    ]:
        with pytest.raises(PermissionDenied):
            p.account_suspend(actor=actor, user=target)
    assert User.objects.filter(is_active=False).count() == 0


def test_reset_ends_the_password_and_issues_a_code_shown_once(chain):
    pps = chain["pps"]
    session = Client()
    session.force_login(pps)
    issued = p.account_reset(actor=chain["ppk"], user=pps)
    pps.refresh_from_db()
    assert not pps.has_usable_password()
    assert session.get("/dasbor/").status_code == 302  # signed out everywhere
    assert events("accounts.password_reset")[-1].role == "ppk"
    again = p.account_reset(actor=chain["ppk"], user=pps)  # a second reset replaces the first code
    with pytest.raises(DomainError):
        p.account_activate(username="pps_depok", code=issued.code, password=NEW_PASSWORD)
    p.account_activate(username="pps_depok", code=again.code, password=NEW_PASSWORD)
    assert credentials_accepted("pps_depok", NEW_PASSWORD)
    assert events("accounts.password_set")[-1].actor == "pps_depok"


def test_activation_refusals(chain):
    user, issued = p.account_create(actor=chain["pps"], username="kpps_002", role="kpps", scope="3276011006002")
    for username, code, password, expected in [
        ("nobody", issued.code, NEW_PASSWORD, "invalid_code"),
        ("kpps_002", "AAAAA-AAAAA", NEW_PASSWORD, "invalid_code"),
        ("kpps_002", "not a code at all", NEW_PASSWORD, "invalid_code"),
        ("kpps_002", None, NEW_PASSWORD, "invalid_code"),
        ("kpps_002", issued.code, "12345", "weak_password"),
        ("kpps_002", issued.code, None, "weak_password"),
    ]:
        with pytest.raises(DomainError) as err:
            p.account_activate(username=username, code=code, password=password)
        assert err.value.code == expected
    assert OneTimeCode.objects.filter(user=user).exists()  # a weak password does not use the code up
    p.account_suspend(actor=chain["pps"], user=user)
    with pytest.raises(DomainError) as err:
        p.account_activate(username="kpps_002", code=issued.code, password=NEW_PASSWORD)
    assert err.value.code == "account_suspended"
    p.account_reactivate(actor=chain["pps"], user=user)
    OneTimeCode.objects.filter(user=user).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(DomainError) as err:
        p.account_activate(username="kpps_002", code=issued.code, password=NEW_PASSWORD)
    assert err.value.code == "code_expired"
    assert not User.objects.get(pk=user.pk).has_usable_password()


def test_revoke_tokens(chain):
    kpps = make_officer("kpps_001", "kpps", "3276011006001")
    _, one = token_issue(user=kpps, name="a", actor="test")
    token_issue(user=kpps, name="b", actor="test")
    assert p.account_tokens_revoke(actor=chain["pps"], user=kpps) == 2
    assert token_authenticate(one) is None
    assert not ApiToken.objects.filter(user=kpps, revoked_at__isnull=True).exists()
    assert "2 token" in events("accounts.tokens_revoke")[-1].summary
    with pytest.raises(Conflict):
        p.account_tokens_revoke(actor=chain["pps"], user=kpps)


def test_roles_are_given_and_taken_within_the_chain(chain):
    kpps = make_officer("kpps_001", "kpps", "3276011006001")
    second = p.account_role_add(actor=chain["pps"], user=kpps, role="kpps", scope="3276011006002")
    with pytest.raises(Conflict):
        p.account_role_add(actor=chain["pps"], user=kpps, role="kpps", scope="3276011006002")
    with pytest.raises(PermissionDenied):  # a role the PPS does not give
        p.account_role_add(actor=chain["pps"], user=kpps, role="pps", scope=DESA)
    with pytest.raises(PermissionDenied):  # an account the PPS does not manage
        p.account_role_add(actor=chain["pps"], user=chain["depok"], role="kpps", scope="3276011006003")
    p.account_role_remove(actor=chain["pps"], user=kpps, assignment_id=second.pk)
    last = kpps.assignments.get()
    with pytest.raises(Conflict) as err:
        p.account_role_remove(actor=chain["pps"], user=kpps, assignment_id=last.pk)
    assert err.value.code == "last_role"
    with pytest.raises(DomainError) as err:
        p.account_role_remove(actor=chain["pps"], user=kpps, assignment_id=999999)
    assert err.value.code in ("assignment_not_found", "forbidden")
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="accounts.role_")][-2:] == [
        "accounts.role_assign",
        "accounts.role_revoke",
    ]


def test_accounts_listed_by_region_are_those_the_officer_provisions(chain):
    make_officer("kpps_001", "kpps", "3276011006001")
    make_officer("kpps_bekasi", "kpps", "3275011001001")
    assert [u.username for u in p.accounts_in_region(actor=chain["pps"], region="")] == ["kpps_001"]
    assert [u.username for u in p.accounts_in_region(actor=chain["depok"], region="")] == ["ppk_pancoranmas"]
    assert [u.username for u in p.accounts_in_region(actor=chain["depok"], region="327602")] == []
    assert [u.username for u in p.accounts_in_region(actor=chain["ri"], region="32")] == ["kpu_jabar"]


def test_a_pps_creates_every_kpps_of_its_desa_at_once(chain):
    tps = list(Tps.objects.filter(desa_id=DESA).order_by("code").values_list("code", flat=True))
    make_officer("kpps_001", "kpps", tps[0])  # one TPS already has its KPPS
    outcome = accounts_bulk_create(actor=chain["pps"], role="kpps", region=DESA)
    assert [c.scope for c in outcome.created] == tps[1:]
    assert outcome.skipped == 1
    first = outcome.created[0]
    assert first.username == f"kpps-{tps[1]}"
    user = User.objects.get(username=first.username)
    assert not user.has_usable_password() and user.is_active
    assert list(user.assignments.values_list("role", "scope")) == [("kpps", tps[1])]
    (event,) = events("accounts.bulk_create")
    assert (event.actor, event.role, event.object_code) == ("pps_depok", "pps", DESA)
    assert f"{len(tps) - 1} akun kpps" in event.summary
    # Each officer activates with its own code, and signs in.
    p.account_activate(username=first.username, code=first.code, password=NEW_PASSWORD)
    assert credentials_accepted(first.username, NEW_PASSWORD)
    # A second run creates nothing and says so.
    assert accounts_bulk_create(actor=chain["pps"], role="kpps", region=DESA).created == []
    # The PPS manages the accounts it created.
    p.account_suspend(actor=chain["pps"], user=user)


@pytest.mark.parametrize(
    ("creator", "role", "region", "code"),
    [
        ("pps", "kpps", "3276011007", "forbidden"),
        ("ppk", "kpps", DESA, "forbidden"),
        ("pps", "integrator", DESA, "bulk_role_unsupported"),
        ("pps", "kpps", "32'; --", "invalid_region_code"),
        ("pps", "kpps", "9999999999", "unknown_scope"),
    ],
)
def test_bulk_refusals(chain, creator, role, region, code):
    before = User.objects.count()
    with pytest.raises(DomainError) as err:
        accounts_bulk_create(actor=chain[creator], role=role, region=region)
    assert err.value.code == code
    assert User.objects.count() == before and not events("accounts.bulk_create")


def test_the_command_creates_a_city_and_writes_the_codes_once(chain, tmp_path, capsys):
    out = tmp_path / "codes.csv"
    call_command("accounts", "bulk-create", "--region", "3276", "--role", "kpps", "--out", str(out))
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == Tps.objects.filter(code__startswith="3276").count()
    assert out.stat().st_mode & 0o077 == 0  # the owner's alone
    assert RoleAssignment.objects.filter(role="kpps", scope__startswith="3276").count() == len(rows)
    (event,) = events("accounts.bulk_create")
    assert event.actor == "system" and event.object_code == "3276"
    sample = rows[len(rows) // 2]
    p.account_activate(username=sample["username"], code=sample["activation_code"], password=NEW_PASSWORD)
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):  # never overwrites a file of codes
        call_command("accounts", "bulk-create", "--region", "3276", "--role", "kpps", "--out", str(out))
    assert len(list(csv.DictReader(out.open()))) == len(rows)


def test_codes_check_keeps_only_live_codes_of_managed_accounts(chain):
    outcome = accounts_bulk_create(actor=chain["pps"], role="kpps", region=DESA)
    a, b = outcome.created[:2]
    pairs = [(a.user_id, a.code), (b.user_id, "AAAAA-AAAAA"), (chain["depok"].pk, a.code)]
    assert [c.username for c in p.codes_check(actor=chain["pps"], pairs=pairs)] == [a.username]
    assert p.codes_check(actor=chain["depok"], pairs=pairs) == []  # Depok does not manage KPPS


def test_new_codes_for_a_lost_sheet_go_to_the_accounts_never_activated(chain):
    from suara.accounts.bulk import accounts_bulk_reissue

    first = accounts_bulk_create(actor=chain["pps"], role="kpps", region=DESA).created
    p.account_activate(username=first[0].username, code=first[0].code, password=NEW_PASSWORD)
    again = accounts_bulk_reissue(actor=chain["pps"], role="kpps", region=DESA)
    assert [c.username for c in again.created] == [c.username for c in first[1:]]
    with pytest.raises(DomainError):  # the lost sheet's codes stop working
        p.account_activate(username=first[1].username, code=first[1].code, password=NEW_PASSWORD)
    p.account_activate(username=again.created[0].username, code=again.created[0].code, password=NEW_PASSWORD)
    (event,) = events("accounts.bulk_reissue")
    assert (event.role, event.object_code) == ("pps", DESA) and f"{len(first) - 1} akun" in event.summary
    for actor, region, code in [
        (chain["pps"], "3276011007", "forbidden"),
        (chain["depok"], DESA, "forbidden"),
        (chain["pps"], "²", "invalid_region_code"),
    ]:
        with pytest.raises(DomainError) as err:
            accounts_bulk_reissue(actor=actor, role="kpps", region=region)
        assert err.value.code == code
    # The other desa's PPS: nothing of its own to reissue.
    with pytest.raises(Conflict):
        accounts_bulk_reissue(actor=make_officer("pps_other", "pps", "3276011007"), role="kpps", region="3276011007")


def test_the_command_reissues_codes(chain, tmp_path):
    call_command("accounts", "bulk-create", "--region", DESA, "--role", "kpps", "--out", str(tmp_path / "a.csv"))
    call_command("accounts", "reissue-codes", "--region", DESA, "--role", "kpps", "--out", str(tmp_path / "b.csv"))
    old, new = (list(csv.DictReader((tmp_path / name).open())) for name in ("a.csv", "b.csv"))
    assert [r["username"] for r in old] == [r["username"] for r in new]
    p.account_activate(username=new[0]["username"], code=new[0]["activation_code"], password=NEW_PASSWORD)


def test_the_first_kpu_ri_officer_comes_from_the_command_line(db, capsys):
    call_command("accounts", "create", "ketua_kpu", "--role", "kpu_ri", "--name", "Ketua")
    code = capsys.readouterr().out.strip()
    user = p.account_activate(username="ketua_kpu", code=code, password=NEW_PASSWORD)
    assert list(user.assignments.values_list("role", "scope")) == [("kpu_ri", "")]
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("accounts", "create", "ketua_kpu", "--role", "kpu_ri")
