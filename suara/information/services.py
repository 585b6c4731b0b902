"""Writes of hoax clarifications: each in one transaction with one audit event. A clarification is
drafted by a KPU office or the city's Diskominfo (a KPU role or the city's viewer over its region, or an
operator of a Diskominfo organisation serving it), and published by a second person of the same kind;
every write keeps a version."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from urllib.parse import urlsplit

from suara.accounts.authz import authorize
from suara.accounts.models import User
from suara.accounts.public_voice import diskominfo_serving
from suara.accounts.roles import Action, Role
from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.core import clock
from suara.core.errors import Conflict, DomainError, ErrorCode, NotFound, PermissionDenied
from suara.information.audit_actions import InformationAuditAction
from suara.information.errors import InformationErrorCode
from suara.information.grouping import group_answer, group_locked
from suara.information.matching import search_document
from suara.information.models import Clarification, ClarificationVersion, Platform, RumourGroup
from suara.information.notify import reporters_notify
from suara.information.verdicts import Answers, verdict_problem

CLAIM_LENGTH = (10, 2000)
EXPLANATION_LENGTH = (20, 10_000)
LINK_MAX_LENGTH = 500
MAX_EVIDENCE = 10


@dataclass(frozen=True)
class ClarificationInput:
    claim: str
    platform: str
    verdict: str | None
    explanation: str
    answers: dict = field(default_factory=dict)  # verdicts.QUESTIONS' names -> bool
    appearance_url: str = ""
    first_seen: date | str | None = None
    evidence: tuple[str, ...] | list[str] = ()
    region_code: str = ""
    rumour_group: int | None = None  # the group of rumour reports this clarification answers, if any


def clarification_authority(user: User, region_code: str) -> Role:
    """The role under which ``user`` writes and publishes clarifications about ``region_code``: a KPU role
    or the city's viewer over it, or an operator of a Diskominfo whose region covers it."""
    decision = authorize(user, Action.PUBLISH_CLARIFICATION, region_code)
    if decision:
        return decision.role
    if diskominfo_serving(user, region_code) is not None:
        return Role.ORGANISATION_OPERATOR
    raise PermissionDenied(
        ErrorCode.FORBIDDEN,
        "Hanya KPU atau Diskominfo wilayah itu yang menulis dan menerbitkan klarifikasi hoaks.",
        field="region_code",
    )


def _refuse(code: InformationErrorCode, message: str, field_name: str) -> DomainError:
    return DomainError(code, message, field=field_name)


def link_clean(value: object, field_name: str) -> str:
    """An http(s) address with a host, at most ``LINK_MAX_LENGTH`` characters, no spaces."""
    value = str(value or "").strip()
    if len(value) > LINK_MAX_LENGTH or not value.startswith(("https://", "http://")) or any(c.isspace() for c in value):
        raise _refuse(InformationErrorCode.INVALID_LINK, "Tautan harus alamat http(s) yang utuh.", field_name)
    try:
        host = urlsplit(value).hostname
    except ValueError:
        host = None
    if not host:
        raise _refuse(InformationErrorCode.INVALID_LINK, "Tautan harus alamat http(s) yang utuh.", field_name)
    return value


def _clean(data: ClarificationInput) -> dict:
    """The fields of a clarification, checked; DomainError on the first problem."""
    verdict = str(data.verdict or "").strip().upper()
    if not verdict:
        raise _refuse(InformationErrorCode.VERDICT_REQUIRED, "Klarifikasi harus memiliki vonis.", "verdict")
    claim = " ".join(str(data.claim or "").split())
    if not CLAIM_LENGTH[0] <= len(claim) <= CLAIM_LENGTH[1]:
        raise _refuse(
            InformationErrorCode.CLAIM_REQUIRED, "Tuliskan klaim yang beredar (10 sampai 2.000 karakter).", "claim"
        )
    explanation = str(data.explanation or "").strip()
    if not EXPLANATION_LENGTH[0] <= len(explanation) <= EXPLANATION_LENGTH[1]:
        raise _refuse(
            InformationErrorCode.EXPLANATION_REQUIRED,
            "Tuliskan penjelasan (20 sampai 10.000 karakter).",
            "explanation",
        )
    if data.platform not in Platform.values:
        raise _refuse(InformationErrorCode.INVALID_PLATFORM, "Platform tidak dikenal.", "platform")
    answers = data.answers or {}
    names = ("facts_true", "misleading_frame", "fabricated", "intent_to_deceive")
    if any(not isinstance(answers.get(name), bool) for name in names):
        raise _refuse(
            InformationErrorCode.ANSWERS_REQUIRED, "Jawab keempat pertanyaan penentu vonis (ya/tidak).", "answers"
        )
    problem = verdict_problem(verdict, Answers(**{name: answers[name] for name in names}))
    if problem:
        raise _refuse(InformationErrorCode.VERDICT_DISAGREES, f"Vonis tidak sesuai: {problem}.", "verdict")
    first_seen = data.first_seen
    if isinstance(first_seen, str):
        try:
            first_seen = date.fromisoformat(first_seen) if first_seen.strip() else None
        except ValueError:
            raise _refuse(
                InformationErrorCode.FIRST_SEEN_INVALID, "Tanggal tidak sah (YYYY-MM-DD).", "first_seen"
            ) from None
    if first_seen is not None and first_seen > clock.today():
        raise _refuse(
            InformationErrorCode.FIRST_SEEN_INVALID, "Tanggal pertama terlihat tidak boleh di masa depan.", "first_seen"
        )
    appearance_url = link_clean(data.appearance_url, "appearance_url") if str(data.appearance_url or "").strip() else ""
    evidence = [str(link).strip() for link in (data.evidence or ()) if str(link).strip()]
    if len(evidence) > MAX_EVIDENCE:
        raise _refuse(InformationErrorCode.TOO_MANY_LINKS, f"Paling banyak {MAX_EVIDENCE} tautan bukti.", "evidence")
    evidence = [link_clean(link, "evidence") for link in evidence]
    region_code = str(data.region_code or "").strip()
    if region_code and not (region_code.isascii() and region_code.isdigit() and len(region_code) in (2, 4, 6, 10)):
        raise DomainError(
            ErrorCode.INVALID_REGION_CODE, "Kode wilayah harus 2, 4, 6 atau 10 digit.", field="region_code"
        )
    return {
        "claim": claim,
        "platform": data.platform,
        "appearance_url": appearance_url,
        "first_seen": first_seen,
        "verdict": verdict,
        **{name: answers[name] for name in names},
        "explanation": explanation,
        "evidence": evidence,
        "region_code": region_code,
        "search_document": search_document(claim, explanation),
    }


def _keep_version(clarification: Clarification, user: User) -> None:
    body = {
        name: getattr(clarification, name)
        for name in ("claim", "platform", "appearance_url", "verdict", "explanation", "evidence", "region_code")
    }
    body["first_seen"] = clarification.first_seen.isoformat() if clarification.first_seen else None
    body["answers"] = {
        name: getattr(clarification, name)
        for name in ("facts_true", "misleading_frame", "fabricated", "intent_to_deceive")
    }
    body["status"] = clarification.status
    ClarificationVersion.objects.create(
        clarification=clarification,
        number=clarification.version,
        body=body,
        written_by=user,
        written_at=clarification.updated_at,
    )


def clarification_create(*, actor: Actor, data: ClarificationInput) -> Clarification:
    """A draft; started from a group of rumour reports (``data.rumour_group``), it answers that group,
    whose reporters are told when it is published."""
    user = actor.officer()
    fields = _clean(data)
    role = clarification_authority(user, fields["region_code"])
    now = clock.now()
    with service_transaction():
        group = group_locked(data.rumour_group) if data.rumour_group is not None else None
        clarification = Clarification.objects.create(**fields, author=user, created_at=now, updated_at=now)
        _keep_version(clarification, user)
        if group is not None:
            group_answer(group, clarification, user, now)
        audit_record(
            actor=actor,
            action=InformationAuditAction.CLARIFICATION_CREATE,
            role=role,
            object_code=str(clarification.pk),
            summary=f"klarifikasi dibuat: {clarification.verdict}"
            + (f", menjawab kelompok laporan {group.pk}" if group is not None else ""),
        )
    return clarification


def _locked(pk: int) -> Clarification:
    clarification = Clarification.objects.select_for_update().filter(pk=pk).first()
    if clarification is None:
        raise NotFound(InformationErrorCode.CLARIFICATION_NOT_FOUND, "Klarifikasi tidak ditemukan.", field="id")
    return clarification


def clarification_update(*, actor: Actor, pk: int, data: ClarificationInput) -> Clarification:
    """A new version: a draft edited, or a published clarification corrected (it stays published)."""
    user = actor.officer()
    fields = _clean(data)
    with service_transaction():
        clarification = _locked(pk)
        role = clarification_authority(user, clarification.region_code)
        clarification_authority(user, fields["region_code"])
        for name, value in fields.items():
            setattr(clarification, name, value)
        clarification.version += 1
        clarification.updated_at = clock.now()
        clarification.save()
        _keep_version(clarification, user)
        audit_record(
            actor=actor,
            action=InformationAuditAction.CLARIFICATION_UPDATE,
            role=role,
            object_code=str(clarification.pk),
            summary=f"klarifikasi diubah: versi {clarification.version}, {clarification.verdict}",
        )
    return clarification


def clarification_publish(*, actor: Actor, pk: int) -> Clarification:
    user = actor.officer()
    with service_transaction():
        clarification = _locked(pk)
        role = clarification_authority(user, clarification.region_code)
        if clarification.status == Clarification.Status.PUBLISHED:
            raise Conflict(InformationErrorCode.ALREADY_PUBLISHED, "Klarifikasi sudah terbit.", field="id")
        if clarification.author_id == user.pk:
            raise PermissionDenied(
                InformationErrorCode.SAME_PERSON, "Klarifikasi diterbitkan oleh orang kedua, bukan penulisnya."
            )
        now = clock.now()
        clarification.status = Clarification.Status.PUBLISHED
        clarification.publisher = user
        clarification.published_at = now
        clarification.updated_at = now
        clarification.save(update_fields=["status", "publisher", "published_at", "updated_at"])
        groups = list(
            clarification.rumour_groups.filter(status=RumourGroup.Status.ANSWERED).values_list("pk", flat=True)
        )
        told = reporters_notify(clarification, groups) if groups else 0
        audit_record(
            actor=actor,
            action=InformationAuditAction.CLARIFICATION_PUBLISH,
            role=role,
            object_code=str(clarification.pk),
            summary=f"klarifikasi terbit: {clarification.verdict}" + (f"; {told} pelapor diberi tahu" if told else ""),
        )
    return clarification


def answers_of(clarification: Clarification) -> dict:
    return asdict(
        Answers(
            clarification.facts_true,
            clarification.misleading_frame,
            clarification.fabricated,
            clarification.intent_to_deceive,
        )
    )
