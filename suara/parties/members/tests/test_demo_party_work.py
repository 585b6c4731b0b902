"""The demo gives every party page something to show: the checks run over its lists (with an officer list
and a synthetic population figure), a verification sample with outcomes, complaints; once. And the public
page of the samples' draws shows what redraws them, never a member."""

from __future__ import annotations

from django.test import Client

from suara.accounts.models import RoleAssignment, User
from suara.accounts.roles import ScopeKind
from suara.audit.models import AuditEvent
from suara.parties.demo import DEMO_SEED, demo_parties_ensure, demo_party_work_ensure
from suara.parties.models import (
    Complaint,
    KabkotaPopulation,
    Member,
    OfficerNik,
    PartyCheck,
    SampledMember,
    VerificationAttempt,
    VerificationSample,
)
from suara.parties.reasons import MemberReason


def _with_bit(bit: int):
    return Member.objects.filter(removed_at__isnull=True, reasons__in=[b for b in range(128) if b & bit])


def test_the_demo_checks_verifies_and_complains_once(parties, kemendagri, settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path / "private"
    demo_parties_ensure(kecamatan="327601")
    kpu_depok = User.objects.create_user(username="kpu_depok", password="sandi-uji-coba-1234")
    RoleAssignment.objects.create(user=kpu_depok, role="kpu_kabkota", scope="3276", scope_kind=ScopeKind.REGION)

    assert demo_party_work_ensure() == ["checks", "verification sample", "complaints"]

    current = Member.objects.filter(removed_at__isnull=True)
    assert not current.filter(status="").exists()  # every listing has its status
    assert _with_bit(MemberReason.OTHER_PARTY).count() == 240  # 120 people, on two lists each
    officer = _with_bit(MemberReason.ELECTION_OFFICER).get()
    assert officer.party.code == "pkb" and officer.status == "BMS" and OfficerNik.objects.count() == 1
    assert PartyCheck.objects.get(party__code="pkb").double == 120
    population = KabkotaPopulation.objects.get(kabkota_code="3276")
    assert "sintetis" in population.source

    sample = VerificationSample.objects.get()
    assert (sample.party.code, sample.kabkota_code, sample.seed) == ("pkb", "3276", DEMO_SEED)
    decided = dict(sample.members.exclude(decision="").values_list("outcome", "decision"))
    assert decided == {"confirmed": "MS", "denies": "TMS"}
    assert sample.members.filter(kind=SampledMember.Kind.REPLACEMENT).count() == 1
    assert VerificationAttempt.objects.count() == 2

    assert sorted(Complaint.objects.values_list("state", flat=True)) == ["decided", "received"]
    assert set(Complaint.objects.values_list("party__code", flat=True)) == {"pdip"}

    events = AuditEvent.objects.count()
    assert demo_party_work_ensure() == []  # a second run changes nothing
    assert AuditEvent.objects.count() == events

    page = Client().get("/partai/verifikasi/")
    html = page.content.decode()
    assert page.status_code == 200
    for published in (DEMO_SEED, sample.frame_digest, sample.algorithm, "--replacements 1"):
        assert published in html
    assert f"<dd data-population>{sample.population}</dd>" in html and f"<dd data-size>{sample.size}</dd>" in html
    names = Member.objects.filter(pk__in=sample.members.values("member_id")).values_list("name", "nik")
    assert not any(name in html or nik in html for name, nik in names)
    assert 'href="/partai/verifikasi/"' in Client().get("/partai/").content.decode()
