"""The quick count's writes: design, draw, enumerators and their reports. One transaction and one audit
event each (enumerators: one per account made, and the service's own).

An organisation's operator (``Role.ORGANISATION_OPERATOR``) runs its organisation's quick counts, if the
organisation is a registered survey institution, a KPU office or a Diskominfo. Enumerators hold
``Role.ENUMERATOR`` over their sampled TPS and report its numbers under the tally rules of the official
entry, kept here, apart from the official count.
"""

from __future__ import annotations

import statistics

from django.db import IntegrityError, transaction
from django.utils import timezone

from suara.accounts.authz import require
from suara.accounts.models import Organisation
from suara.accounts.provisioning import IssuedCode, account_create
from suara.accounts.roles import Action, Role, Scope, ScopeKind
from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from suara.core.region_codes import TPS_LENGTH
from suara.elections.models import Contest
from suara.quickcount import design, draw
from suara.quickcount.audit_actions import QuickCountAuditAction
from suara.quickcount.errors import QuickCountError
from suara.quickcount.errors import QuickCountErrorCode as Code
from suara.quickcount.models import EstimateSnapshot, QuickCount, QuickCountReport, SampledTps, SurveyInstitution
from suara.quickcount.selectors import domain_error, estimate_body, estimate_of, frame_of, quick_count_get
from suara.results.entry.services import check_tally, contest_for_entry

SNAPSHOT_EVERY_SECONDS = 60
SURVEYING_KINDS = {Organisation.Kind.KPU, Organisation.Kind.DISKOMINFO}


def _organisation(actor: Actor, code: str) -> tuple[Organisation, str]:
    role = require(actor.user, Action.RUN_QUICK_COUNT, Scope(ScopeKind.ORGANISATION, code))
    organisation = Organisation.objects.filter(code=code).first()
    if organisation is None:
        raise NotFound(Code.QUICK_COUNT_NOT_FOUND, "Organisasi tidak ditemukan.", field="organisation")
    registered = hasattr(organisation, "survey_institution")
    if organisation.kind not in SURVEYING_KINDS and not registered:
        raise PermissionDenied(
            Code.NOT_A_SURVEYOR,
            "Hitung cepat hanya oleh lembaga survei terdaftar di KPU, KPU, atau Diskominfo.",
            field="organisation",
        )
    return organisation, role


def _running(actor: Actor, quick_count_id: int) -> tuple[QuickCount, str]:
    qc = quick_count_get(quick_count_id)
    role = require(actor.user, Action.RUN_QUICK_COUNT, Scope(ScopeKind.ORGANISATION, qc.organisation.code))
    return qc, role


def quickcount_create(
    *,
    actor: Actor,
    organisation: str,
    contest: str,
    name: str,
    margin: float,
    confidence: float = 0.95,
    allocation: str = design.PROPORTIONAL,
    sample_size: int | None = None,
    reserve_rate: float = 0.1,
) -> QuickCount:
    """A quick count's design: its sample size (given, or from the margin with the design effect) spread
    over the contest's strata. Nothing is drawn yet."""
    org, role = _organisation(actor, organisation)
    target = Contest.objects.select_related("election").filter(slug=contest).first()
    if target is None:
        raise NotFound(Code.CONTEST_UNKNOWN, f"Kontestasi '{contest}' tidak ditemukan.", field="contest")
    name = " ".join(str(name or "").split())[:200]
    if not name:
        raise DomainError(Code.QUICK_COUNT_NAME_REQUIRED, "Nama hitung cepat wajib diisi.", field="name")
    if not 0 <= reserve_rate <= 1:
        raise DomainError(Code.RESERVE_RATE_INVALID, "Rasio cadangan antara 0 dan 1.", field="reserve_rate")
    fr = frame_of(target)
    try:
        planned = design.sample_size(margin, frame_tps=len(fr), confidence=confidence)
        n = planned.tps if sample_size is None else sample_size
        sizes = fr.stratum_sizes()
        allocated = design.allocate(sizes, n, method=allocation, spread=_size_spread(fr))
    except QuickCountError as exc:
        raise domain_error(exc) from None
    reserves = design.reserves(allocated, sizes, reserve_rate)
    strata = {key: {"frame": sizes[key], "sample": allocated[key], "reserve": reserves[key]} for key in sizes}
    with service_transaction():
        qc = QuickCount.objects.create(
            organisation=org,
            contest=target,
            name=name,
            margin=margin,
            confidence=confidence,
            sample_size=sum(allocated.values()),
            design_effect=planned.design_effect,
            allocation=allocation,
            reserve_rate=reserve_rate,
            frame_tps=len(fr),
            frame_digest=fr.digest(),
            strata=strata,
            created_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            role=role,
            action=QuickCountAuditAction.CREATE,
            object_code=str(qc.pk),
            summary=f"{org.code}: {qc.name}, {target.slug}, margin {margin:.3f}, {qc.sample_size} TPS dari "
            f"{len(fr)} dalam {len(strata)} strata ({allocation})",
        )
    return qc


def _size_spread(fr) -> dict[str, float]:
    """Neyman's S_h without a past election at hand: the spread of the stratum's TPS sizes (a TPS's
    votes vary with its voters; docs/quickcount.md)."""
    values: dict[str, list[int]] = {}
    for tps in fr.tps:
        values.setdefault(tps.stratum, []).append(tps.registered or 0)
    return {key: (statistics.pstdev(v) if len(v) > 1 else 0.0) for key, v in values.items()}


def quickcount_draw(*, actor: Actor, quick_count_id: int, seed: str | None = None) -> QuickCount:
    """Draws the sample and its reserve with a new seed (``suara-acak-strata-v1``). Once: a drawn sample
    never changes, and its seed, frame digest and n_h are published with it."""
    qc, role = _running(actor, quick_count_id)
    if qc.status != QuickCount.Status.DESIGNED:
        raise Conflict(Code.ALREADY_DRAWN, "Sampel sudah ditarik dan tidak dapat diubah.", field="id")
    fr = frame_of(qc.contest)
    if fr.digest() != qc.frame_digest:
        raise Conflict(Code.FRAME_CHANGED, "Daftar TPS kontestasi berubah sejak desain dibuat: buat desain baru.")
    seed = seed or draw.seed_new()
    try:
        drawn = draw.draw(
            fr,
            {k: v["sample"] for k, v in qc.strata.items()},
            {k: v["reserve"] for k, v in qc.strata.items()},
            seed,
        )
    except QuickCountError as exc:
        raise domain_error(exc) from None
    registered = {tps.code: tps.registered for tps in fr.tps}
    rows = [
        SampledTps(quick_count=qc, tps_code=code, stratum=key, kind=kind, order=order, registered=registered[code])
        for groups, kind in ((drawn.sample, SampledTps.Kind.SAMPLE), (drawn.reserve, SampledTps.Kind.RESERVE))
        for key, codes in groups.items()
        for order, code in enumerate(codes, start=1)
    ]
    with service_transaction():
        if (
            QuickCount.objects.filter(pk=qc.pk, status=QuickCount.Status.DESIGNED).update(
                status=QuickCount.Status.DRAWN, seed=seed, algorithm=draw.ALGORITHM, drawn_at=timezone.now()
            )
            != 1
        ):
            raise Conflict(Code.ALREADY_DRAWN, "Sampel sudah ditarik dan tidak dapat diubah.", field="id")
        SampledTps.objects.bulk_create(rows, batch_size=2000)
        audit_record(
            actor=actor,
            role=role,
            action=QuickCountAuditAction.DRAW,
            object_code=str(qc.pk),
            summary=f"{draw.ALGORITHM}, seed {seed}, kerangka {qc.frame_digest}: {len(drawn.sample_codes())} TPS "
            f"sampel, {len(drawn.reserve_codes())} cadangan",
        )
    qc.refresh_from_db()
    return qc


def enumerators_create(*, actor: Actor, quick_count_id: int) -> list[tuple[str, IssuedCode]]:
    """An enumerator account for every sampled TPS without one (``enum-<id>-<TPS>``), with its activation
    code, shown once: (TPS code, code)."""
    qc, role = _running(actor, quick_count_id)
    if qc.status != QuickCount.Status.DRAWN:
        raise Conflict(Code.NOT_DRAWN, "Tarik sampel terlebih dahulu.", field="id")
    wanting = list(
        SampledTps.objects.filter(quick_count=qc, kind=SampledTps.Kind.SAMPLE, enumerator__isnull=True).order_by(
            "tps_code"
        )
    )
    issued: list[tuple[str, IssuedCode]] = []
    with service_transaction(events=len(wanting) + 1):
        for tps in wanting:
            user, code = account_create(
                actor=actor,
                username=f"enum-{qc.pk}-{tps.tps_code}",
                role=Role.ENUMERATOR.value,
                scope=tps.tps_code,
                full_name=f"Enumerator {qc.organisation.name} TPS {tps.tps_code}",
            )
            SampledTps.objects.filter(pk=tps.pk).update(enumerator=user)
            issued.append((tps.tps_code, code))
        audit_record(
            actor=actor,
            role=role,
            action=QuickCountAuditAction.ENUMERATORS,
            object_code=str(qc.pk),
            summary=f"{len(issued)} akun enumerator untuk TPS sampel",
        )
    return issued


def report_submit(
    *, actor: Actor, quick_count_id: int, tps: str, tally: dict, submission_id: str
) -> tuple[QuickCountReport, bool]:
    """An enumerator's numbers of its sampled TPS, under the official entry's tally rules. Returns the
    report and whether it is new; a retry with the same id and numbers answers the stored one."""
    qc = quick_count_get(quick_count_id)
    if not (isinstance(tps, str) and len(tps) == TPS_LENGTH and tps.isascii() and tps.isdigit()):
        raise DomainError(Code.QUICK_COUNT_TPS_INVALID, "Kode TPS terdiri dari 13 digit.", field="tps")
    require(actor.user, Action.REPORT_QUICK_COUNT, tps)
    sampled = SampledTps.objects.filter(quick_count=qc, tps_code=tps, enumerator=actor.user).first()
    if sampled is None:
        raise PermissionDenied(Code.NOT_IN_SAMPLE, "TPS ini bukan TPS sampel Anda dalam hitung cepat ini.", field="tps")
    contest, ballots = contest_for_entry(qc.contest.slug)
    check_tally(contest, tally, ballots)
    stored = QuickCountReport.objects.filter(quick_count=qc, tps_code=tps).first()
    if stored is not None:
        if stored.submission_id == submission_id and stored.tally == tally:
            return stored, False
        raise Conflict(Code.REPORT_EXISTS, "TPS ini sudah melapor dengan angka lain.", field="tps")
    now = timezone.now()
    report = QuickCountReport(
        quick_count=qc,
        tps_code=tps,
        stratum=sampled.stratum,
        tally=tally,
        votes=[int(tally[f"votes.{n}"]) for n in ballots],
        voted=int(tally.get("voted_total.j", tally["total"])),
        registered=sampled.registered or 0,
        submission_id=submission_id,
        reported_by=actor.name,
        reported_at=now,
    )
    try:
        with service_transaction():
            report.save()
            audit_record(
                actor=actor,
                role=Role.ENUMERATOR.value,
                action=QuickCountAuditAction.REPORT,
                object_code=f"{qc.pk}/{tps}",
                summary=f"laporan hitung cepat {qc.name}, TPS {tps}",
            )
    except IntegrityError:  # the same TPS at the same moment
        raise Conflict(Code.REPORT_EXISTS, "TPS ini sudah melapor.", field="tps") from None
    _snapshot_maybe(qc)
    return report, True


def _snapshot_maybe(qc: QuickCount) -> None:
    """Keeps the estimate for the chart of estimates over time, at most once a minute (Taylor only: the
    bootstrap is for the dashboard's latest)."""
    last = EstimateSnapshot.objects.filter(quick_count=qc).order_by("-at").values_list("at", flat=True).first()
    now = timezone.now()
    if last is not None and (now - last).total_seconds() < SNAPSHOT_EVERY_SECONDS:
        return
    try:
        result = estimate_of(qc, replicates=0)
    except QuickCountError:
        return
    body = estimate_body(qc, result)
    with transaction.atomic():
        EstimateSnapshot.objects.create(quick_count=qc, at=now, reports=body["reported"], body=body)


def institution_register(
    *,
    actor: Actor,
    organisation: str,
    legal_entity: str,
    registration_letter: str,
    methodology: str,
    funding_source: str,
    contact: str,
    registered_on,
    sample_size: int | None = None,
) -> SurveyInstitution:
    """Records KPU's registration of a survey institution (PKPU 9/2022): by KPU RI, for an organisation of
    the survey kind."""
    role = require(actor.user, Action.MANAGE_ORGANISATIONS, "") if actor.user is not None else "sistem"
    org = Organisation.objects.filter(code=organisation).first()
    if org is None:
        raise NotFound(Code.QUICK_COUNT_NOT_FOUND, "Organisasi tidak ditemukan.", field="organisation")
    if org.kind != Organisation.Kind.SURVEY:
        raise DomainError(Code.NOT_A_SURVEYOR, "Hanya organisasi berjenis lembaga survei yang didaftarkan.", status=400)
    with service_transaction():
        institution, _ = SurveyInstitution.objects.update_or_create(
            organisation=org,
            defaults={
                "legal_entity": legal_entity[:200],
                "registration_letter": registration_letter[:200],
                "methodology": methodology,
                "funding_source": funding_source[:300],
                "contact": contact[:200],
                "registered_on": registered_on,
            },
        )
        audit_record(
            actor=actor,
            role=role,
            action=QuickCountAuditAction.INSTITUTION,
            object_code=org.code,
            summary=f"lembaga survei {org.name} terdaftar: {registration_letter[:100]}",
        )
    return institution
