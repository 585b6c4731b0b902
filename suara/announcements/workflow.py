"""An announcement's workflow: its states, the phase the public and the officers see, and the one table of
the steps allowed from each phase. Pure: no Django.

    draft ──submit──▶ submitted ──approve (a second person)──▶ approved ──schedule (a future time)──▶ scheduled
      ▲                   │                                        │                                    │
      └──────reject───────┘  (a second person, with a note)        │              publish_at passes     ▼
      └───────────edit (from any phase before publication: the approval is void)─┘               [published]
                                                                                                   │ correct: a new
    withdraw: from any phase but withdrawn, with a reason                                         ◀─┘ version, shown

"Published" is not a stored state: an announcement is published when it is scheduled and its time has
come (``phase_of``). So it appears at its time exactly, on every channel at once, with no job to run and
nothing to fail in between; a channel that must act when it appears (a push) asks for the announcements
published since it last looked (``selectors.published_announcements``) and keeps its own record.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from suara.announcements.errors import AnnouncementErrorCode
from suara.core.errors import Conflict, DomainError, PermissionDenied
from suara.core.translatable import gettext_noop


class State(StrEnum):
    """What is stored."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    WITHDRAWN = "withdrawn"


class Phase(StrEnum):
    """What is seen: the state, with a scheduled announcement whose time has come published."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


PHASE_LABELS = {
    Phase.DRAFT: gettext_noop("Draf"),
    Phase.SUBMITTED: gettext_noop("Menunggu pemeriksaan"),
    Phase.APPROVED: gettext_noop("Disetujui, belum dijadwalkan"),
    Phase.SCHEDULED: gettext_noop("Dijadwalkan"),
    Phase.PUBLISHED: gettext_noop("Terbit"),
    Phase.WITHDRAWN: gettext_noop("Dicabut"),
}


class Step(StrEnum):
    EDIT = "edit"
    SUBMIT = "submit"
    APPROVE = "approve"
    REJECT = "reject"
    SCHEDULE = "schedule"
    CORRECT = "correct"
    WITHDRAW = "withdraw"


# (phase, step) -> the state the step leaves. A pair missing here is refused.
TRANSITIONS: dict[tuple[Phase, Step], State] = {
    (Phase.DRAFT, Step.EDIT): State.DRAFT,
    (Phase.SUBMITTED, Step.EDIT): State.DRAFT,
    (Phase.APPROVED, Step.EDIT): State.DRAFT,
    (Phase.SCHEDULED, Step.EDIT): State.DRAFT,
    (Phase.DRAFT, Step.SUBMIT): State.SUBMITTED,
    (Phase.SUBMITTED, Step.APPROVE): State.APPROVED,
    (Phase.SUBMITTED, Step.REJECT): State.DRAFT,
    (Phase.APPROVED, Step.SCHEDULE): State.SCHEDULED,
    (Phase.SCHEDULED, Step.SCHEDULE): State.SCHEDULED,
    (Phase.PUBLISHED, Step.CORRECT): State.SCHEDULED,
    **{(phase, Step.WITHDRAW): State.WITHDRAWN for phase in Phase if phase != Phase.WITHDRAWN},
}

# The steps only a second person takes: one who wrote none of the content under review.
SECOND_PERSON_STEPS = frozenset({Step.APPROVE, Step.REJECT})


def phase_of(state: str, publish_at: datetime | None, now: datetime) -> Phase:
    if state == State.SCHEDULED and publish_at is not None and publish_at <= now:
        return Phase.PUBLISHED
    return Phase(state)


def allowed_steps(phase: Phase) -> list[Step]:
    return [step for (from_phase, step) in TRANSITIONS if from_phase == phase]


def transition(
    phase: Phase, step: Step, *, actor_wrote: bool, publish_at: datetime | None = None, now: datetime | None = None
) -> State:
    """The state ``step`` leaves an announcement in ``phase``; DomainError when it may not be taken.

    ``actor_wrote``: whether the acting officer wrote any of the content under review (approval and
    rejection are a second person's). ``publish_at`` and ``now``: for a schedule, which must lie ahead."""
    target = TRANSITIONS.get((phase, step))
    if target is None:
        raise Conflict(
            AnnouncementErrorCode.ANNOUNCEMENT_WRONG_STATE,
            f"Langkah ini tidak dapat diambil: pengumuman berstatus {PHASE_LABELS[phase].lower()}.",
            field="state",
        )
    if step in SECOND_PERSON_STEPS and actor_wrote:
        raise PermissionDenied(
            AnnouncementErrorCode.SECOND_PERSON_REQUIRED,
            "Pengumuman diperiksa oleh orang kedua, bukan oleh penulisnya.",
        )
    if step == Step.SCHEDULE and (publish_at is None or now is None or publish_at <= now):
        raise DomainError(
            AnnouncementErrorCode.PUBLISH_AT_PAST,
            "Waktu terbit harus di masa depan.",
            field="publish_at",
        )
    return target
