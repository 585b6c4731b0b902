"""Duplicate detection's writes: a run that stores the pairs it proposes, and the kab/kota operator's
decision on a pair (confirm: the extra record gets TMS 2 through ``voters.services.voter_mark_tms``;
reject). Each is one transaction with its audit event. A pair once stored is never proposed again, so a
rejected pair does not come back and a confirmed one is not asked twice.

Audit summaries name pairs and voters by id, regions by code: never a NIK or a name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from suara.accounts.authz import assignments_of, authorize, require
from suara.accounts.models import User
from suara.accounts.roles import ALLOWED, Action
from suara.audit.actors import Actor
from suara.audit.services import audit_record
from suara.core.errors import Conflict, DomainError, ErrorCode, NotFound, PermissionDenied
from suara.regions.models import Region
from suara.voters import services as voter_services
from suara.voters.audit_actions import VoterAuditAction
from suara.voters.errors import VoterErrorCode
from suara.voters.models import DuplicatePair, Voter, VoterEvent
from suara.voters.tms import DUPLICATE

if TYPE_CHECKING:
    # Splink, DuckDB and pandas load only when a run starts: the operator pages that import this module
    # run in every server process, which would each carry them (about 0.9 s and 100 MB) for nothing.
    from suara.voters.dedup import pairs as pair_finder
    from suara.voters.dedup.model import Model

SYSTEM_ACTOR = Actor.named("sistem:ganda")


@dataclass
class RunOutcome:
    records: int  # active voters compared
    focus: int | None  # records checked against the rest (None: the whole register against itself)
    model_version: str
    threshold: float
    proposed: list[pair_finder.Pair] = field(default_factory=list)  # pairs undecided after the run
    new: int = 0  # of which stored by this run
    decided: int = 0  # found again but already decided: skipped
    niks: dict[int, str] = field(default_factory=dict)  # for the operators' report only


def _region_filter(code: str) -> Q:
    code = (code or "").strip()
    if not (code.isascii() and code.isdigit() and len(code) in (2, 4, 6, 10)):
        raise DomainError(
            ErrorCode.INVALID_REGION_CODE, "Kode wilayah harus 2, 4, 6 atau 10 digit angka.", field="region"
        )
    if not Region.objects.filter(code=code).exists():
        raise NotFound(ErrorCode.REGION_NOT_FOUND, f"Wilayah dengan kode {code} tidak ditemukan.", field="region")
    return Q(desa__code__startswith=code) | Q(desa__isnull=True, kemendagri_desa_code__startswith=code)


def focus_ids(*, region: str = "", since: date | None = None, batch: str = "") -> list[int] | None:
    """The active voters a run checks against the whole register, or None for all of it."""
    if not region and since is None and not batch:
        return None
    voters = Voter.objects.filter(status=Voter.Status.ACTIVE)
    if region:
        voters = voters.filter(_region_filter(region))
    if since is not None:
        start = timezone.make_aware(datetime.combine(since, time.min))
        voters = voters.filter(created_at__gte=start)
    if batch:
        batch = batch.strip()
        events = VoterEvent.objects.filter(batch=batch, kind=VoterEvent.Kind.IMPORT)
        if not events.exists():
            raise NotFound(VoterErrorCode.BATCH_NOT_FOUND, f"Batch impor {batch[:40]} tidak ditemukan.", field="batch")
        voters = voters.filter(pk__in=events.values("voter_id"))
    return list(voters.order_by("pk").values_list("pk", flat=True))


def dedup_run(
    *, region: str = "", since: date | None = None, batch: str = "", model: Model | None = None, threads: int = 0
) -> RunOutcome:
    """Finds probable duplicates among active voters and stores the undecided new ones as proposals.

    With ``region``, ``since`` (registered on or after that day) or ``batch`` (an import batch), only
    those voters are checked, against the whole register; otherwise the register against itself.
    """
    from suara.voters.dedup import pairs as pair_finder
    from suara.voters.dedup.export import export_candidates, export_register, name_counts, place_counts, refresh_keys
    from suara.voters.dedup.model import load_model

    model = model or load_model()
    focus = focus_ids(region=region, since=since, batch=batch)
    con = pair_finder.connect(threads or None)
    try:
        places, names = None, None
        if focus is None:
            refresh_keys()  # kept up to date here too, so that the next run over some voters finds them so
            records = export_register(con)
        else:
            # Only the voters checked and the records they could pair with leave the database; counts
            # over the whole register come as aggregates.
            records = Voter.objects.filter(status=Voter.Status.ACTIVE).count()
            places = place_counts()
            export_candidates(con, focus)
        pair_finder.prepare(con, place_counts=places)
        if focus is not None:
            words = con.execute(f"select distinct words from {pair_finder.FEATURES} where words is not null")  # noqa: S608
            names = name_counts([row[0] for row in words.fetchall()])
        found = pair_finder.find_pairs(con, model, focus_ids=focus, register_size=records, name_counts=names)
        outcome = RunOutcome(
            records=records,
            focus=None if focus is None else len(focus),
            model_version=model.version,
            threshold=model.threshold,
        )
        _store(outcome, found, model, region=region)
        ids = sorted({i for p in outcome.proposed for i in (p.id_a, p.id_b)})
        if ids:
            outcome.niks = dict(
                con.execute(
                    "select unique_id, nik from register where unique_id in (select unnest(?))", [ids]
                ).fetchall()
            )
    finally:
        con.close()
    return outcome


def _store(outcome: RunOutcome, found: list[pair_finder.Pair], model: Model, *, region: str = "") -> None:
    known: dict[tuple[int, int], str] = {}
    ids = sorted({i for p in found for i in (p.id_a, p.id_b)})
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        for a, b, status in DuplicatePair.objects.filter(voter_a_id__in=chunk).values_list(
            "voter_a_id", "voter_b_id", "status"
        ):
            known[(a, b)] = status
    regions = {}
    for start in range(0, len(ids), 5000):
        for pk, desa, kemendagri in Voter.objects.filter(pk__in=ids[start : start + 5000]).values_list(
            "pk", "desa_id", "kemendagri_desa_code"
        ):
            regions[pk] = desa or kemendagri
    now = timezone.now()
    new = []
    for pair in found:
        status = known.get((pair.id_a, pair.id_b))
        if status is None:
            new.append(pair)
        elif status != DuplicatePair.Status.PROPOSED:
            outcome.decided += 1
            continue
        outcome.proposed.append(pair)
    with transaction.atomic():
        DuplicatePair.objects.bulk_create(
            [
                DuplicatePair(
                    voter_a_id=p.id_a,
                    voter_b_id=p.id_b,
                    region_a=regions.get(p.id_a, ""),
                    region_b=regions.get(p.id_b, ""),
                    probability=p.probability,
                    model_version=model.version,
                    found_at=now,
                )
                for p in new
            ],
            batch_size=2000,
            ignore_conflicts=True,  # a run at the same time stored it first: one row either way
        )
        outcome.new = len(new)
        scope = "seluruh daftar" if outcome.focus is None else f"{outcome.focus} pemilih terhadap seluruh daftar"
        audit_record(
            actor=SYSTEM_ACTOR,
            action=VoterAuditAction.DEDUP_RUN,
            object_code=region,
            summary=f"Deteksi ganda ({model.version}, ambang {model.threshold}): {scope}; "
            f"{len(new)} pasangan baru diusulkan, {outcome.decided} sudah diputuskan dilewati",
        )


# --- decisions ----------------------------------------------------------------------------------------------


def _pair_for_update(pair_id: int) -> DuplicatePair:
    pair = DuplicatePair.objects.select_for_update().filter(pk=pair_id).first()
    if pair is None:
        raise NotFound(VoterErrorCode.PAIR_NOT_FOUND, f"Pasangan ganda #{pair_id} tidak ditemukan.", field="pair")
    return pair


def may_decide(user: User, pair: DuplicatePair) -> bool:
    """Whether the pair lies in one of the user's kab/kota (either record)."""
    return any(authorize(user, Action.DECIDE_DUPLICATE, code).allowed for code in (pair.region_a, pair.region_b))


def _check_open(pair: DuplicatePair, user: User) -> None:
    if not may_decide(user, pair):
        raise PermissionDenied(
            VoterErrorCode.PAIR_OUTSIDE_AREA,
            f"Pasangan ganda #{pair.pk} berada di luar wilayah kerja Anda.",
            field="pair",
        )
    if pair.status != DuplicatePair.Status.PROPOSED:
        raise Conflict(
            VoterErrorCode.PAIR_DECIDED,
            f"Pasangan ganda #{pair.pk} sudah diputuskan ({pair.get_status_display().lower()}).",
            field="pair",
        )


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > 1000:
        raise DomainError(VoterErrorCode.NOTE_TOO_LONG, "Keterangan paling panjang 1000 huruf.", field="note")
    return note


def pair_confirm(*, actor: Actor, pair_id: int, extra_voter_id: int | None = None, note: str = "") -> DuplicatePair:
    """Confirms a pair as one person: the extra record (the later one, voter_b, unless the operator names
    voter_a) is marked TMS 2 with the pair as its evidence."""
    user = actor.officer()
    note = _clean_note(note)
    with transaction.atomic():
        pair = _pair_for_update(pair_id)
        _check_open(pair, user)
        extra_id = pair.voter_b_id if extra_voter_id is None else extra_voter_id
        if extra_id not in (pair.voter_a_id, pair.voter_b_id):
            raise DomainError(
                VoterErrorCode.EXTRA_NOT_IN_PAIR,
                f"Pemilih #{extra_id} bukan bagian dari pasangan #{pair.pk}.",
                field="extra",
            )
        kept_id = pair.voter_a_id if extra_id == pair.voter_b_id else pair.voter_b_id
        extra_region = pair.region_b if extra_id == pair.voter_b_id else pair.region_a
        role = require(user, Action.DECIDE_DUPLICATE, extra_region)
        evidence = f"Ganda dengan pemilih #{kept_id} (pasangan #{pair.pk}, model {pair.model_version})"
        voter_services.voter_mark_tms(
            actor=actor, voter_id=extra_id, tms_code=DUPLICATE, note=f"{evidence}. {note}" if note else evidence
        )
        pair.status, pair.extra_id = DuplicatePair.Status.CONFIRMED, extra_id
        pair.decided_by, pair.decided_at, pair.note = user.username, timezone.now(), note
        pair.save(update_fields=["status", "extra", "decided_by", "decided_at", "note"])
        audit_record(
            actor=actor,
            role=role.value,
            action=VoterAuditAction.DEDUP_CONFIRM,
            object_code=extra_region,
            summary=f"Pasangan ganda #{pair.pk} dikonfirmasi: pemilih #{extra_id} TMS 2, pemilih #{kept_id} tetap",
        )
    return pair


def pair_reject(*, actor: Actor, pair_id: int, note: str = "") -> DuplicatePair:
    """Records that the pair is two people; it is never proposed again."""
    user = actor.officer()
    note = _clean_note(note)
    with transaction.atomic():
        pair = _pair_for_update(pair_id)
        _check_open(pair, user)
        code = pair.region_a if authorize(user, Action.DECIDE_DUPLICATE, pair.region_a) else pair.region_b
        role = require(user, Action.DECIDE_DUPLICATE, code)
        pair.status = DuplicatePair.Status.REJECTED
        pair.decided_by, pair.decided_at, pair.note = user.username, timezone.now(), note
        pair.save(update_fields=["status", "decided_by", "decided_at", "note"])
        audit_record(
            actor=actor,
            role=role.value,
            action=VoterAuditAction.DEDUP_REJECT,
            object_code=code,
            summary=f"Pasangan ganda #{pair.pk} (pemilih #{pair.voter_a_id} dan #{pair.voter_b_id}) bukan ganda",
        )
    return pair


def proposed_pairs_for(user: User):
    """The proposed pairs in the user's kab/kota (their DECIDE_DUPLICATE scopes), likeliest first."""
    scopes = sorted({a.scope for a in assignments_of(user) if a.role in ALLOWED[Action.DECIDE_DUPLICATE]})
    if not scopes:
        return DuplicatePair.objects.none()
    where = Q()
    for scope in scopes:
        where |= Q(region_a__startswith=scope) | Q(region_b__startswith=scope)
    return (
        DuplicatePair.objects.filter(status=DuplicatePair.Status.PROPOSED)
        .filter(where)
        .select_related("voter_a", "voter_b")
        .order_by("-probability", "pk")
    )
