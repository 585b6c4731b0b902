"""Agreements: drafted by a KPU office over its region with a PDF impact assessment, approved by another KPU
RI officer, revoked; partner keys bound to them. One audit event per write; every refusal leaves nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import DomainError
from suara.sharing.keys import dpia_path
from suara.sharing.models import Agreement, PartnerKey
from suara.sharing.services import agreement_approve, agreement_create, agreement_revoke, partner_key_issue, state_of
from suara.sharing.tests.support import PDF, TODAY, agreement, terms

pytestmark = pytest.mark.django_db


def _events(action: str) -> int:
    return AuditEvent.objects.filter(action=f"sharing.{action}").count()


def test_draft_then_another_kpu_ri_officer_approves(people):
    draft = agreement(people["kpu_depok"])
    assert draft.status == "draft" and state_of(draft) == "draft"
    assert draft.fields == ["nama", "usia", "jenis_kelamin", "alamat", "rt", "rw", "kode_desa"]
    assert dpia_path(draft.dpia_sha256).read_bytes() == PDF and draft.dpia_name == "dpia.pdf"
    assert _events("agreement_create") == 1
    approved = agreement_approve(actor=Actor.of(people["kpu_ri"]), pk=draft.pk)
    assert approved.status == "approved" and state_of(approved) == "active" and approved.approved_by == people["kpu_ri"]
    assert _events("agreement_approve") == 1
    event = AuditEvent.objects.get(action="sharing.agreement_approve")
    assert (event.actor, event.role, event.object_code) == ("kpu_ri", "kpu_ri", str(draft.pk))


def test_the_drafter_does_not_approve_and_only_kpu_ri_approves(people):
    draft = agreement(people["kpu_ri"])
    with pytest.raises(DomainError) as same:
        agreement_approve(actor=Actor.of(people["kpu_ri"]), pk=draft.pk)
    assert same.value.code == "approver_is_drafter" and same.value.status == 403
    with pytest.raises(DomainError) as local:
        agreement_approve(actor=Actor.of(people["kpu_depok"]), pk=draft.pk)
    assert local.value.code == "forbidden"
    assert Agreement.objects.get().status == "draft" and not _events("agreement_approve")
    agreement_approve(actor=Actor.of(people["kpu_ri_2"]), pk=draft.pk)
    with pytest.raises(DomainError) as again:
        agreement_approve(actor=Actor.of(people["kpu_ri"]), pk=draft.pk)
    assert again.value.code == "agreement_not_draft" and again.value.status == 409


def test_an_office_drafts_only_over_its_region(people):
    with pytest.raises(DomainError) as refused:
        agreement(people["kpu_bekasi"])
    assert refused.value.code == "forbidden"
    with pytest.raises(DomainError) as pps:
        agreement(people["pps"], region_code="3276011006")
    assert pps.value.code == "forbidden"
    assert not Agreement.objects.exists() and not _events("agreement_create")


@pytest.mark.parametrize(
    ("overrides", "code", "status"),
    [
        ({"fields": ["nama", "nik"]}, "sensitive_not_flagged", 400),
        ({"fields": ["nama", "gaji"]}, "unknown_sharing_field", 400),
        ({"fields": []}, "fields_required", 400),
        ({"aggregation": "tps", "fields": ["nama"]}, "field_not_countable", 400),
        ({"aggregation": "kabkota", "fields": [], "region_code": "327601"}, "aggregation_above_region", 400),
        ({"aggregation": "semua"}, "aggregation_invalid", 400),
        ({"legal_basis": "suka-suka"}, "legal_basis_invalid", 400),
        ({"purpose": "x"}, "purpose_required", 400),
        ({"recipient": ""}, "purpose_required", 400),
        ({"period_end": TODAY - timedelta(days=1)}, "agreement_period_invalid", 400),
        ({"period_start": "2026-13-01"}, "agreement_period_invalid", 400),
        ({"region_code": "32x"}, "invalid_region_code", 400),
        ({"region_code": "3276099999"}, "region_not_found", 404),
        ({"organisation": "tidak-ada"}, "partner_account_invalid", 400),
    ],
)
def test_bad_terms_are_refused_with_their_code_and_nothing_written(people, private_dir, overrides, code, status):
    with pytest.raises(DomainError) as refused:
        agreement(people["kpu_ri"], **overrides)
    assert (refused.value.code, refused.value.status) == (code, status)
    assert not Agreement.objects.exists() and not _events("agreement_create")
    assert not (private_dir / "sharing").exists()


@pytest.mark.parametrize(
    ("dpia", "code", "status"),
    [(None, "dpia_required", 400), (b"GIF89a not a pdf", "dpia_not_pdf", 400), (PDF[:-7], "dpia_not_pdf", 400),
     (PDF + b"x" * (10 * 1024 * 1024), "dpia_not_pdf", 413)],
)  # fmt: skip
def test_the_impact_assessment_is_a_whole_pdf(people, dpia, code, status):
    with pytest.raises(DomainError) as refused:
        agreement_create(actor=Actor.of(people["kpu_ri"]), data=terms(), dpia=dpia)
    assert (refused.value.code, refused.value.status) == (code, status)
    assert not Agreement.objects.exists()


def test_nik_only_when_flagged_sensitive(people):
    made = agreement(people["kpu_ri"], fields=["nik", "nama"], sensitive=True)
    assert made.sensitive and made.fields == ["nik", "nama"]


def test_revoke_needs_kpu_ri_and_a_reason(people):
    made = agreement(people["kpu_depok"], people["kpu_ri"])
    with pytest.raises(DomainError) as no_reason:
        agreement_revoke(actor=Actor.of(people["kpu_ri"]), pk=made.pk, reason="")
    assert no_reason.value.code == "reason_required"
    with pytest.raises(DomainError) as local:
        agreement_revoke(actor=Actor.of(people["kpu_depok"]), pk=made.pk, reason="Tujuan sudah selesai.")
    assert local.value.code == "forbidden"
    revoked = agreement_revoke(actor=Actor.of(people["kpu_ri"]), pk=made.pk, reason="Tujuan sudah selesai.")
    assert state_of(revoked) == "revoked" and revoked.revoke_reason == "Tujuan sudah selesai."
    with pytest.raises(DomainError) as twice:
        agreement_revoke(actor=Actor.of(people["kpu_ri"]), pk=made.pk, reason="Lagi.")
    assert twice.value.code == "agreement_not_draft"
    assert _events("agreement_revoke") == 1


def test_an_unknown_or_hidden_agreement_is_not_found(people):
    made = agreement(people["kpu_depok"])
    with pytest.raises(DomainError) as hidden:
        agreement_revoke(actor=Actor.of(people["kpu_bekasi"]), pk=made.pk, reason="Bukan wilayah saya.")
    assert hidden.value.code == "forbidden"  # not KPU RI at all
    with pytest.raises(DomainError) as missing:
        agreement_approve(actor=Actor.of(people["kpu_ri"]), pk=made.pk + 100)
    assert missing.value.code == "agreement_not_found" and missing.value.status == 404


def test_a_partner_key_goes_to_the_recipients_operator_of_an_approved_agreement(people):
    draft = agreement(people["kpu_depok"])
    with pytest.raises(DomainError) as early:
        partner_key_issue(actor=Actor.of(people["kpu_ri"]), pk=draft.pk, username="mitra_dinkes")
    assert early.value.code == "agreement_not_approved" and early.value.status == 403
    agreement_approve(actor=Actor.of(people["kpu_ri"]), pk=draft.pk)
    for username in ("kpu_depok", "nobody", ""):
        with pytest.raises(DomainError) as wrong:
            partner_key_issue(actor=Actor.of(people["kpu_ri"]), pk=draft.pk, username=username)
        assert wrong.value.code == "partner_account_invalid"
    assert not PartnerKey.objects.exists()
    key, plaintext = partner_key_issue(actor=Actor.of(people["kpu_ri"]), pk=draft.pk, username="mitra_dinkes")
    assert plaintext.startswith("suara_") and key.token.user == people["partner"] and key.agreement == draft
    assert _events("partner_key_issue") == 1
    assert AuditEvent.objects.filter(action="accounts.token_issue").count() == 1


def test_an_agreement_expires_after_its_last_day(people, fixed_today):
    made = agreement(people["kpu_depok"], people["kpu_ri"])
    fixed_today(made.period_end + timedelta(days=1))
    assert state_of(made) == "expired"
    with pytest.raises(DomainError) as late:
        partner_key_issue(actor=Actor.of(people["kpu_ri"]), pk=made.pk, username="mitra_dinkes")
    assert late.value.code == "agreement_expired"
