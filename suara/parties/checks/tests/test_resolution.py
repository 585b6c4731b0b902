"""Double memberships resolved through the services: a party withdraws, the person's statement chooses one
party, or denies both; out-of-order and wrong-party decisions refused with nothing changed; the remaining
listing re-checked; membership_of and the five-year rule; the imports."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from conftest import make_officer, photo_bytes
from suara.audit.actors import SYSTEM, Actor
from suara.audit.models import AuditEvent
from suara.core.errors import DomainError
from suara.parties.checks.services import left_at_least, members_check, membership_of
from suara.parties.checks.services_imports import officer_niks_import, population_import
from suara.parties.checks.services_resolution import membership_choose, membership_deny, membership_withdraw
from suara.parties.checks.statements import statement_path
from suara.parties.checks.tests.support import BEKASI_DESA, listing, nik_of, voter
from suara.parties.models import KabkotaPopulation, Member, MembershipDecision, OfficerNik
from suara.parties.reasons import MemberReason as R

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def users(parties, geography):
    return {
        "pkb": make_officer("op_pkb", "party_operator", parties[1].code),
        "gerindra": make_officer("op_gerindra", "party_operator", parties[2].code),
        "kpu_depok": make_officer("kpu_depok", "kpu_kabkota", "3276"),
        "kpu_bekasi": make_officer("kpu_bekasi", "kpu_kabkota", "3275"),
        "kpu_ri": make_officer("kpu_ri", "kpu_ri", ""),
    }


@pytest.fixture
def double(parties, pemilu_2024):
    a, b = listing(parties[1], nik_of(1)), listing(parties[2], nik_of(1))
    voter(a.nik)
    members_check(election=pemilu_2024)
    return a, b


def current(member) -> bool:
    member.refresh_from_db()
    return member.removed_at is None


def refused(code, call, **kwargs):
    before = (Member.objects.filter(removed_at__isnull=True).count(), AuditEvent.objects.count())
    with pytest.raises(DomainError) as caught:
        call(**kwargs)
    assert caught.value.code == code
    assert (Member.objects.filter(removed_at__isnull=True).count(), AuditEvent.objects.count()) == before
    return caught.value


def test_a_party_withdraws_its_listing_and_the_other_is_rechecked(users, double):
    a, b = double
    membership_withdraw(actor=Actor.of(users["pkb"]), listing_id=a.pk)
    a.refresh_from_db(), b.refresh_from_db()
    assert a.removed_reason == "withdrawn" and a.removed_at is not None
    assert (b.removed_at, b.reasons, b.status) == (None, 0, "MS")
    event = AuditEvent.objects.filter(action="parties.withdraw").get()
    assert a.nik not in event.summary and event.role == "party_operator"
    assert MembershipDecision.objects.get().kind == "withdrawn"


def test_the_wrong_party_and_a_decision_out_of_order_change_nothing(users, double):
    a, b = double
    refused("listing_other_party", membership_withdraw, actor=Actor.of(users["gerindra"]), listing_id=a.pk)
    refused("listing_not_found", membership_withdraw, actor=Actor.of(users["pkb"]), listing_id=999_999)
    # A decision is an officer's: the command line or the system calling it is a fault in the caller.
    for decide in (
        lambda: membership_withdraw(actor=SYSTEM, listing_id=a.pk),
        lambda: membership_deny(actor=SYSTEM, listing_id=a.pk, statement=PDF),
    ):
        with pytest.raises(TypeError):
            decide()
    assert current(a) and current(b)
    membership_withdraw(actor=Actor.of(users["pkb"]), listing_id=a.pk)
    # Withdrawn already; and the other listing is no longer a double membership.
    refused("listing_not_current", membership_withdraw, actor=Actor.of(users["pkb"]), listing_id=a.pk)
    refused("not_double_membership", membership_withdraw, actor=Actor.of(users["gerindra"]), listing_id=b.pk)
    refused(
        "not_double_membership",
        membership_choose,
        actor=Actor.of(users["kpu_depok"]),
        listing_id=b.pk,
        party_id=b.party_id,
        statement=PDF,
    )


def test_a_statement_choosing_one_party_removes_the_other_listing(users, double, settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path
    a, b = double
    kept = membership_choose(actor=Actor.of(users["kpu_depok"]), listing_id=a.pk, party_id=b.party_id, statement=PDF)
    assert kept.pk == b.pk and kept.reasons == 0 and kept.status == "MS"
    a.refresh_from_db()
    assert a.removed_reason == "chose_other"
    decision = MembershipDecision.objects.get()
    assert (decision.kind, decision.kept_id, decision.removed, decision.statement_type) == (
        "chose",
        b.pk,
        1,
        "application/pdf",
    )
    assert statement_path(decision.statement_sha256, "pdf").read_bytes() == PDF
    assert AuditEvent.objects.filter(action="parties.statement_chose", role="kpu_kabkota").count() == 1


def test_a_photo_statement_denying_both_removes_both(users, double, settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path
    a, b = double
    assert membership_deny(actor=Actor.of(users["kpu_depok"]), listing_id=b.pk, statement=photo_bytes("PNG")) == 2
    assert not current(a) and not current(b)
    assert {a.removed_reason, b.removed_reason} == {"denied"}
    assert MembershipDecision.objects.get().statement_type == "image/png"


def test_statement_refusals(users, double, settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path
    a, b = double
    kpu = users["kpu_depok"]
    refused("statement_required", membership_deny, actor=Actor.of(kpu), listing_id=a.pk, statement=None)
    refused("statement_invalid", membership_deny, actor=Actor.of(kpu), listing_id=a.pk, statement=b"GIF89a....")
    refused("statement_invalid", membership_deny, actor=Actor.of(kpu), listing_id=a.pk, statement=b"%PDF-1.4 cut short")
    refused("statement_invalid", membership_deny, actor=Actor.of(kpu), listing_id=a.pk, statement=photo_bytes()[:-200])
    refused(
        "statement_too_large", membership_deny, actor=Actor.of(kpu), listing_id=a.pk, statement=PDF + b"x" * 9_000_000
    )
    refused(
        "chosen_party_invalid", membership_choose, actor=Actor.of(kpu), listing_id=a.pk, party_id=99_999, statement=PDF
    )
    # KPU Kota Bekasi holds none of the person's listings (Depok): refused, nothing stored.
    refused("listing_other_party", membership_deny, actor=Actor.of(users["kpu_bekasi"]), listing_id=a.pk, statement=PDF)
    refused("listing_other_party", membership_deny, actor=Actor.of(users["pkb"]), listing_id=a.pk, statement=PDF)
    assert not (tmp_path / "party-statements").exists()


def test_kpu_of_either_listings_region_may_decide(users, parties, pemilu_2024, settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path
    a, b = listing(parties[1], nik_of(5)), listing(parties[2], nik_of(5), desa=BEKASI_DESA)
    membership_choose(actor=Actor.of(users["kpu_bekasi"]), listing_id=a.pk, party_id=a.party_id, statement=PDF)
    assert current(a) and not current(b)


def test_membership_of_and_the_five_year_rule(parties, pemilu_2024):
    nik = nik_of(7)
    assert membership_of(nik).current == [] and left_at_least(nik, 5, date(2024, 1, 1))
    old = listing(parties[1], nik)
    Member.objects.filter(pk=old.pk).update(
        removed_at=timezone.make_aware(timezone.datetime(2018, 3, 1)), removed_reason="upload"
    )
    assert left_at_least(nik, 5, date(2023, 3, 1)) and not left_at_least(nik, 5, date(2023, 2, 28))
    listing(parties[2], nik)
    found = membership_of(nik)
    assert [(x.party_code, x.status, x.removed_at is None) for x in found.current] == [(parties[2].code, "", True)]
    assert [x.party_code for x in found.past] == [parties[1].code]
    assert not found.left_at_least(5, date(2030, 1, 1))
    assert membership_of("not a nik").current == []


def test_officer_niks_import(users, parties, pemilu_2024):
    m = listing(parties[1], nik_of(1))
    voter(m.nik)
    data = f"nik\n{m.nik}\n{nik_of(2)}\n{m.nik}\n".encode()
    assert officer_niks_import(data=data, source="KPU RI, SK 1/2023", actor=Actor.of(users["kpu_ri"])) == 2
    members_check(election=pemilu_2024)
    m.refresh_from_db()
    assert m.reasons == R.ELECTION_OFFICER
    event = AuditEvent.objects.get(action="parties.officers_import")
    assert m.nik not in event.summary and "2 NIK" in event.summary
    bad = f"nik\n{m.nik}\n12345\nabcdabcdabcdabcd\n".encode()
    error = refused("officer_file_invalid", officer_niks_import, data=bad, source="x", actor=Actor.of(users["kpu_ri"]))
    assert error.details == [{"line": 3, "problem": "nik_invalid"}, {"line": 4, "problem": "nik_invalid"}]
    assert "12345" not in error.message
    refused("source_required", officer_niks_import, data=data, source=" ", actor=Actor.of(users["kpu_ri"]))
    refused("forbidden", officer_niks_import, data=data, source="x", actor=Actor.of(users["kpu_depok"]))
    assert OfficerNik.objects.count() == 2


def test_population_import(users):
    data = b"kabkota,population,year\n3276,2.163.635,2023\n3275,2600000,2023\n"
    assert population_import(data=data, source="BPS 2023", actor=Actor.of(users["kpu_ri"])) == 2
    depok = KabkotaPopulation.objects.get(kabkota_code="3276")
    assert (depok.population, depok.year, depok.source) == (2163635, 2023, "BPS 2023")
    population_import(data=b"kabkota,population,year\n3276,2200000,2024\n", source="BPS 2024", actor=SYSTEM)
    assert KabkotaPopulation.objects.get(kabkota_code="3276").year == 2024
    assert KabkotaPopulation.objects.count() == 2
    bad = b"kabkota,population,year\n32760,1,2023\n3271,many,2023\n3272,5,1800\n3273,5,2023\n3273,6,2023\n"
    error = refused("population_file_invalid", population_import, data=bad, source="x", actor=SYSTEM)
    assert [d["problem"] for d in error.details] == [
        "kabkota_invalid",
        "population_invalid",
        "year_invalid",
        "kabkota_twice",
    ]
    refused("population_file_invalid", population_import, data=b"kode,jumlah\n3276,5\n", source="x", actor=SYSTEM)
    refused("population_file_invalid", population_import, data=b"\xff\xfe", source="x", actor=SYSTEM)


def test_the_check_counts_double_memberships_per_party_and_the_decision_updates_them(users, double):
    a, b = double
    assert a.party.last_check.double == 1
    membership_withdraw(actor=Actor.of(users["pkb"]), listing_id=a.pk)
    b.refresh_from_db()
    assert not b.reasons & R.OTHER_PARTY


def test_decisions_keep_a_removed_listing_s_history(users, double):
    a, _ = double
    before = timezone.now() - timedelta(seconds=1)
    membership_withdraw(actor=Actor.of(users["pkb"]), listing_id=a.pk)
    a.refresh_from_db()
    assert a.removed_at > before and Member.objects.filter(pk=a.pk).exists()
