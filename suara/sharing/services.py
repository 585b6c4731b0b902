"""Agreements: drafted by a KPU office over its region (``Action.SHARE_VOTER_DATA``) with their impact
assessment, approved by a KPU RI officer other than the drafter, revoked by KPU RI (``APPROVE_DATA_SHARING``),
and their partner API keys bound by KPU RI. Each write in one transaction with one audit event (a partner
key also records the token's own). What is wrong is refused with its code before anything is written."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from suara.accounts.authz import assignments_of, require
from suara.accounts.models import Organisation, User
from suara.accounts.roles import Action, Role, Scope, ScopeKind
from suara.accounts.tokens import token_issue
from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.core import clock
from suara.core.errors import Conflict, DomainError, ErrorCode, NotFound, PermissionDenied
from suara.core.stored_files import write_once
from suara.regions.models import Region
from suara.sharing import keys
from suara.sharing.audit_actions import SharingAuditAction
from suara.sharing.errors import SharingErrorCode
from suara.sharing.models import Agreement, PartnerKey
from suara.sharing.rules import (
    DPIA_MAX_BYTES,
    LegalBasis,
    Problem,
    Refusal,
    State,
    agreement_state,
    has_control,
    ordered_fields,
    pdf_whole,
    terms_problem,
)
from suara.sharing.selectors import agreement_for

TEXT_LENGTH = (5, 2000)
REASON_LENGTH = (5, 1000)


def refused(refusal: Refusal) -> DomainError:
    """The DomainError of a rule's refusal: 403 when a request reaches beyond its agreement, 400 otherwise."""
    if refusal.problem == Problem.REGION_INVALID:
        return DomainError(ErrorCode.INVALID_REGION_CODE, refusal.message, field=refusal.field)
    code = SharingErrorCode(refusal.problem.value)
    if refusal.problem in (Problem.FIELD_NOT_ALLOWED, Problem.OUTSIDE_REGION):
        return PermissionDenied(code, refusal.message, field=refusal.field)
    return DomainError(code, refusal.message, field=refusal.field)


_STATE_REFUSALS = {
    State.DRAFT: (SharingErrorCode.AGREEMENT_NOT_APPROVED, "Perjanjian belum disetujui KPU RI."),
    State.APPROVED: (SharingErrorCode.AGREEMENT_NOT_STARTED, "Masa berlaku perjanjian belum dimulai."),
    State.EXPIRED: (SharingErrorCode.AGREEMENT_EXPIRED, "Masa berlaku perjanjian sudah berakhir."),
    State.REVOKED: (SharingErrorCode.AGREEMENT_REVOKED, "Perjanjian sudah dicabut."),
}


def state_of(agreement: Agreement, today: date | None = None) -> State:
    return agreement_state(
        status=agreement.status,
        start=agreement.period_start,
        end=agreement.period_end,
        today=today or clock.today(),
    )


def require_active(agreement: Agreement) -> None:
    """PermissionDenied with the state's code unless the agreement works today."""
    state = state_of(agreement)
    if state != State.ACTIVE:
        code, message = _STATE_REFUSALS[state]
        raise PermissionDenied(code, message, field="agreement")


@dataclass(frozen=True)
class AgreementInput:
    recipient: str
    purpose: str
    legal_basis: str
    aggregation: str
    period_start: date | str
    period_end: date | str
    fields: Sequence[str] = field(default_factory=tuple)
    region_code: str = ""
    sensitive: bool = False
    legal_reference: str = ""
    organisation: str = ""  # the recipient organisation's code, for the partner API ('' none)


def _day(value: date | str | None, name: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise DomainError(
            SharingErrorCode.AGREEMENT_PERIOD_INVALID, "Tanggal harus berformat YYYY-MM-DD.", field=name
        ) from None


def _text(value: object, name: str, limits: tuple[int, int] = TEXT_LENGTH) -> str:
    text = " ".join(str(value or "").split()) if name != "purpose" else str(value or "").strip()
    if not limits[0] <= len(text) <= limits[1] or has_control(text):
        raise DomainError(
            SharingErrorCode.PURPOSE_REQUIRED,
            f"Tuliskan penerima dan tujuan ({limits[0]} sampai {limits[1]} karakter).",
            field=name,
        )
    return text


def _clean(data: AgreementInput) -> dict:
    recipient = _text(data.recipient, "recipient", (5, 200))
    purpose = _text(data.purpose, "purpose")
    if data.legal_basis not in LegalBasis.__members__.values():
        raise DomainError(
            SharingErrorCode.LEGAL_BASIS_INVALID, "Pilih dasar pemrosesan dari Pasal 20 ayat (2) UU PDP.",
            field="legal_basis",
        )  # fmt: skip
    names = [str(name).strip() for name in (data.fields or ())]
    start, end = _day(data.period_start, "period_start"), _day(data.period_end, "period_end")
    region = str(data.region_code or "").strip()
    problem = terms_problem(
        fields=names, sensitive=bool(data.sensitive), aggregation=str(data.aggregation or ""), region_code=region,
        start=start, end=end, today=clock.today(),
    )  # fmt: skip
    if problem is not None:
        raise refused(problem)
    if region and not Region.objects.filter(code=region).exists():
        raise NotFound(ErrorCode.REGION_NOT_FOUND, f"Wilayah {region} tidak dikenal.", field="region_code")
    organisation = None
    if str(data.organisation or "").strip():
        code = str(data.organisation).strip()
        known = Scope(ScopeKind.ORGANISATION, code).well_formed()
        organisation = Organisation.objects.filter(code=code).first() if known else None
        if organisation is None:
            raise DomainError(
                SharingErrorCode.PARTNER_ACCOUNT_INVALID, "Organisasi penerima tidak dikenal.", field="organisation"
            )
    reference = "".join(c for c in " ".join(str(data.legal_reference or "").split()) if c.isprintable())[:300]
    return {
        "recipient": recipient, "purpose": purpose, "legal_basis": data.legal_basis, "legal_reference": reference,
        "fields": ordered_fields(names), "sensitive": bool(data.sensitive), "aggregation": data.aggregation,
        "region_code": region, "period_start": start, "period_end": end, "organisation": organisation,
    }  # fmt: skip


def _dpia(raw: bytes | None) -> tuple[bytes, str]:
    if not raw:
        raise DomainError(SharingErrorCode.DPIA_REQUIRED, "Lampirkan penilaian dampak (DPIA) dalam PDF.", field="dpia")
    if len(raw) > DPIA_MAX_BYTES:
        raise DomainError(SharingErrorCode.DPIA_NOT_PDF, "Berkas DPIA paling besar 10 MB.", field="dpia", status=413)
    if not pdf_whole(raw):
        raise DomainError(SharingErrorCode.DPIA_NOT_PDF, "Berkas DPIA harus PDF yang utuh.", field="dpia")
    return raw, hashlib.sha256(raw).hexdigest()


def _file_name(name: str) -> str:
    cleaned = "".join(c for c in str(name or "") if c.isalnum() or c in "._- ").strip()[:150]
    return cleaned or "dpia.pdf"


def _store_dpia(raw: bytes, sha256: str):
    """Writes the PDF once (atomically); returns its path when this call wrote it, None when it was there."""
    return write_once(keys.dpia_path(sha256), raw, folder_mode=0o700)


def agreement_create(*, actor: Actor, data: AgreementInput, dpia: bytes | None, dpia_name: str = "") -> Agreement:
    """A draft agreement over ``data.region_code``, drafted by a KPU office covering that region."""
    user = actor.officer()
    fields = _clean(data)
    role = require(user, Action.SHARE_VOTER_DATA, fields["region_code"])
    raw, sha256 = _dpia(dpia)
    written = _store_dpia(raw, sha256)
    try:
        with service_transaction():
            agreement = Agreement.objects.create(
                **fields, dpia_sha256=sha256, dpia_name=_file_name(dpia_name), dpia_size=len(raw),
                drafted_by=user, drafted_at=clock.now(),
            )  # fmt: skip
            audit_record(
                actor=actor,
                role=role.value,
                action=SharingAuditAction.AGREEMENT_CREATE,
                object_code=str(agreement.pk),
                summary=(
                    f"perjanjian #{agreement.pk} dirancang: {len(agreement.fields)} kolom, {agreement.aggregation}, "
                    f"wilayah {agreement.region_code or 'nasional'}, {agreement.period_start}..{agreement.period_end}"
                ),
            )
    except BaseException:
        if written is not None:
            written.unlink(missing_ok=True)
        raise
    return agreement


def _locked(user: User, pk: int) -> Agreement:
    agreement_for(user, pk)  # visible to this officer, or agreement_not_found
    return Agreement.objects.select_for_update().get(pk=pk)


def agreement_approve(*, actor: Actor, pk: int) -> Agreement:
    """KPU RI approves a draft it did not draft itself; a period already over is not approved."""
    user = actor.officer()
    role = require(user, Action.APPROVE_DATA_SHARING, "")
    with service_transaction():
        agreement = _locked(user, pk)
        if agreement.status != Agreement.Status.DRAFT:
            raise Conflict(SharingErrorCode.AGREEMENT_NOT_DRAFT, "Hanya draf perjanjian yang disetujui.", field="id")
        if agreement.drafted_by_id == user.pk:
            raise PermissionDenied(
                SharingErrorCode.APPROVER_IS_DRAFTER,
                "Perjanjian disetujui oleh petugas KPU RI lain, bukan perancangnya.",
                field="id",
            )
        if agreement.period_end < clock.today():
            raise DomainError(
                SharingErrorCode.AGREEMENT_PERIOD_INVALID, "Masa berlaku perjanjian ini sudah lewat.", field="id"
            )
        agreement.status, agreement.approved_by, agreement.approved_at = Agreement.Status.APPROVED, user, clock.now()
        agreement.save(update_fields=["status", "approved_by", "approved_at"])
        audit_record(
            actor=actor,
            role=role.value,
            action=SharingAuditAction.AGREEMENT_APPROVE,
            object_code=str(agreement.pk),
            summary=f"perjanjian #{agreement.pk} disetujui, berlaku {agreement.period_start}..{agreement.period_end}",
        )
    return agreement


def agreement_revoke(*, actor: Actor, pk: int, reason: str) -> Agreement:
    """KPU RI revokes a draft or an approved agreement, with its reason: nothing is shared under it again."""
    user = actor.officer()
    role = require(user, Action.APPROVE_DATA_SHARING, "")
    reason = " ".join(str(reason or "").split())
    if not REASON_LENGTH[0] <= len(reason) <= REASON_LENGTH[1] or has_control(reason):
        raise DomainError(ErrorCode.REASON_REQUIRED, "Tuliskan alasan pencabutan (5 sampai 1.000 karakter).",
                          field="reason")  # fmt: skip
    with service_transaction():
        agreement = _locked(user, pk)
        if agreement.status == Agreement.Status.REVOKED:
            raise Conflict(SharingErrorCode.AGREEMENT_NOT_DRAFT, "Perjanjian ini sudah dicabut.", field="id")
        agreement.status, agreement.revoked_by, agreement.revoked_at = Agreement.Status.REVOKED, user, clock.now()
        agreement.revoke_reason = reason
        agreement.save(update_fields=["status", "revoked_by", "revoked_at", "revoke_reason"])
        audit_record(
            actor=actor,
            role=role.value,
            action=SharingAuditAction.AGREEMENT_REVOKE,
            object_code=str(agreement.pk),
            summary=f"perjanjian #{agreement.pk} dicabut",
        )
    return agreement


def partner_key_issue(
    *, actor: Actor, pk: int, username: str, rate_per_minute: int | None = None
) -> tuple[PartnerKey, str]:
    """KPU RI binds a new API token of an operator of the agreement's recipient organisation to the agreement
    (approved, not expired or revoked); returns it with the token's text, shown once."""
    user = actor.officer()
    role = require(user, Action.APPROVE_DATA_SHARING, "")
    agreement = agreement_for(user, pk)
    if state_of(agreement) not in (State.APPROVED, State.ACTIVE):
        require_active(agreement)
    username = str(username or "").strip()
    printable = 0 < len(username) <= 150 and username.isprintable()
    partner = User.objects.filter(username=username, is_active=True).first() if printable else None
    organisation = agreement.organisation
    if (
        organisation is None
        or partner is None
        or not any(
            a.role == Role.ORGANISATION_OPERATOR and a.scope == organisation.code for a in assignments_of(partner)
        )
    ):
        raise DomainError(
            SharingErrorCode.PARTNER_ACCOUNT_INVALID,
            "Kunci mitra diberikan kepada akun operator aktif dari organisasi penerima perjanjian ini.",
            field="username",
        )
    with service_transaction(events=2):
        token, plaintext = token_issue(
            user=partner, name=f"Mitra perjanjian #{agreement.pk}", rate_per_minute=rate_per_minute, actor=actor
        )
        key = PartnerKey.objects.create(
            agreement=agreement, token=token, key_id=keys.new_key_id(), issued_by=user.username, issued_at=clock.now()
        )
        audit_record(
            actor=actor,
            role=role.value,
            action=SharingAuditAction.PARTNER_KEY_ISSUE,
            object_code=str(agreement.pk),
            summary=f"kunci mitra #{key.pk} (token #{token.pk}) untuk perjanjian #{agreement.pk}",
        )
    return key, plaintext
