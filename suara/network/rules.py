"""The readiness rules of a TPS's network. Pure: no Django.

A TPS's readiness class is derived from its observations (surveys by its KPPS or PPS, by the city's
Diskominfo staff, rows of an imported blank-spot list), never entered by hand:

1. An observation older than the age limit (``SUARA_NETWORK_MAX_AGE_DAYS``, 180 days by default) does not
   count: it is read as if it were not there.
2. Per operator, the newest observation that counts is the operator's signal at the TPS (newest wins, even
   when it is worse than an older one: a tower switched off is news). Ties (the same instant) go to the
   later record.
3. Each operator's signal has a grade: ``none`` → no signal; ``voice`` (voice and SMS only) → voice;
   3G or 4G whose measurement is weak (the browser's effective type ``2g``/``slow-2g``, or the probe to the
   server took longer than ``WEAK_PROBE_MS``) → weak data; 3G otherwise → data; 4G otherwise → fast data.
4. The TPS's grade is its best operator's (a KPPS uses whichever SIM works), and its class:
   fast data or data → ``siap``; weak data or voice → ``terbatas`` (send by SMS, or later);
   no signal at every operator → ``blank_spot``; no observation that counts → ``belum`` (not surveyed).

On election night a TPS that has not reported yet is read with its class (``night_status``): a missing
blank-spot TPS is expected, a missing ``siap`` TPS is an alarm.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum, StrEnum

from suara.core.translatable import gettext_noop

# A probe (one small request to the server, timed by the page) slower than this is a weak link.
WEAK_PROBE_MS = 2000
MAX_PROBE_MS = 120_000  # what a probe may report at most (a slower one timed out)
# The browser's `navigator.connection.effectiveType` values (Network Information API).
EFFECTIVE_TYPES = ("slow-2g", "2g", "3g", "4g")
WEAK_EFFECTIVE_TYPES = frozenset({"slow-2g", "2g"})


class Kind(StrEnum):
    NONE = "none"
    VOICE = "voice"  # voice and SMS, no data
    G3 = "3g"
    G4 = "4g"


KIND_LABELS = {
    Kind.NONE: gettext_noop("Tidak ada sinyal"),
    Kind.VOICE: gettext_noop("Hanya telepon dan SMS"),
    Kind.G3: gettext_noop("3G"),
    Kind.G4: gettext_noop("4G"),
}


class Source(StrEnum):
    KPPS = "kpps"
    PPS = "pps"
    DISKOMINFO = "diskominfo"  # the city's staff (the pemkot role and its field officers)
    IMPORT = "import"  # a row of an imported blank-spot list


class Grade(IntEnum):
    NONE = 0
    VOICE = 1
    WEAK_DATA = 2
    DATA = 3
    FAST = 4


class Readiness(StrEnum):
    SIAP = "siap"
    TERBATAS = "terbatas"
    BLANK_SPOT = "blank_spot"
    BELUM = "belum"  # no observation that counts


READINESS_ORDER = (Readiness.SIAP, Readiness.TERBATAS, Readiness.BLANK_SPOT, Readiness.BELUM)
READINESS_LABELS = {
    Readiness.SIAP: gettext_noop("Siap (data)"),
    Readiness.TERBATAS: gettext_noop("Terbatas (SMS atau data lemah)"),
    Readiness.BLANK_SPOT: gettext_noop("Blank spot"),
    Readiness.BELUM: gettext_noop("Belum disurvei"),
}


@dataclass(frozen=True, slots=True)
class Observation:
    operator: str
    kind: Kind
    observed_at: datetime
    effective_type: str = ""  # "" when the browser does not say
    probe_ms: int | None = None
    order: int = 0  # the record's id: the later of two at the same instant wins


def weak(effective_type: str, probe_ms: int | None) -> bool:
    return effective_type in WEAK_EFFECTIVE_TYPES or (probe_ms is not None and probe_ms > WEAK_PROBE_MS)


def grade_of(observation: Observation) -> Grade:
    kind = observation.kind
    if kind == Kind.NONE:
        return Grade.NONE
    if kind == Kind.VOICE:
        return Grade.VOICE
    if weak(observation.effective_type, observation.probe_ms):
        return Grade.WEAK_DATA
    return Grade.FAST if kind == Kind.G4 else Grade.DATA


def current_by_operator(observations: Iterable[Observation], *, now: datetime, max_age: timedelta) -> dict:
    """operator → its newest observation within the age limit (rules 1 and 2). Two at the same instant
    and order (records not yet numbered) are settled for the worse grade, whatever order they come in."""
    cutoff = now - max_age
    current: dict[str, Observation] = {}
    for o in observations:
        if o.observed_at < cutoff:
            continue
        held = current.get(o.operator)
        if held is None or (o.observed_at, o.order, -grade_of(o)) > (held.observed_at, held.order, -grade_of(held)):
            current[o.operator] = o
    return current


def class_of_grade(grade: Grade | None) -> Readiness:
    if grade is None:
        return Readiness.BELUM
    if grade >= Grade.DATA:
        return Readiness.SIAP
    if grade >= Grade.VOICE:
        return Readiness.TERBATAS
    return Readiness.BLANK_SPOT


@dataclass(frozen=True)
class TpsReadiness:
    readiness: Readiness
    grade: Grade | None
    by_operator: dict  # operator → Grade, for the operators with an observation that counts
    newest: datetime | None


def readiness_of(observations: Iterable[Observation], *, now: datetime, max_age: timedelta) -> TpsReadiness:
    """A TPS's class from its observations (rules 1 to 4)."""
    current = current_by_operator(observations, now=now, max_age=max_age)
    grades = {op: grade_of(o) for op, o in current.items()}
    best = max(grades.values()) if grades else None
    newest = max((o.observed_at for o in current.values()), default=None)
    return TpsReadiness(class_of_grade(best), best, grades, newest)


class Night(StrEnum):
    REPORTED = "reported"
    ALARM = "alarm"  # a TPS with data signal that has not reported: call its KPPS
    WATCH = "watch"  # voice/SMS or weak data: expect the SMS fallback or a late send
    EXPECTED = "expected"  # a blank spot: its KPPS sends from the nearest point with signal, later
    UNKNOWN = "unknown"  # never surveyed: nobody knows


NIGHT_ORDER = (Night.ALARM, Night.UNKNOWN, Night.WATCH, Night.EXPECTED, Night.REPORTED)
NIGHT_LABELS = {
    Night.REPORTED: gettext_noop("Sudah melapor"),
    Night.ALARM: gettext_noop("Alarm: sinyal ada, belum melapor"),
    Night.WATCH: gettext_noop("Perhatikan: sinyal terbatas"),
    Night.EXPECTED: gettext_noop("Wajar: blank spot"),
    Night.UNKNOWN: gettext_noop("Belum disurvei, belum melapor"),
}


def night_status(readiness: Readiness, *, reported: bool) -> Night:
    if reported:
        return Night.REPORTED
    return {
        Readiness.SIAP: Night.ALARM,
        Readiness.TERBATAS: Night.WATCH,
        Readiness.BLANK_SPOT: Night.EXPECTED,
        Readiness.BELUM: Night.UNKNOWN,
    }[readiness]


# Remediation: what the city's Diskominfo does about a TPS or a group of TPS.
class Remedy(StrEnum):
    BOOSTER = "booster"
    OPERATOR_REQUEST = "operator_request"
    SATELLITE = "satellite"  # a satellite link through BAKTI
    MOVE_TPS = "move_tps"
    FALLBACK_SMS = "fallback_sms"
    FALLBACK_NEAREST = "fallback_nearest"  # send from the nearest point with signal


REMEDY_LABELS = {
    Remedy.BOOSTER: gettext_noop("Penguat sinyal (booster)"),
    Remedy.OPERATOR_REQUEST: gettext_noop("Permintaan ke operator seluler"),
    Remedy.SATELLITE: gettext_noop("Tautan satelit melalui BAKTI"),
    Remedy.MOVE_TPS: gettext_noop("Pindahkan lokasi TPS"),
    Remedy.FALLBACK_SMS: gettext_noop("Rencana cadangan: kirim lewat SMS"),
    Remedy.FALLBACK_NEAREST: gettext_noop("Rencana cadangan: kirim dari titik bersinyal terdekat"),
}


class Status(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


STATUS_LABELS = {
    Status.OPEN: gettext_noop("Direncanakan"),
    Status.IN_PROGRESS: gettext_noop("Berjalan"),
    Status.DONE: gettext_noop("Selesai"),
    Status.CANCELLED: gettext_noop("Dibatalkan"),
}
OPEN_STATUSES = frozenset({Status.OPEN, Status.IN_PROGRESS})
# Where an action's status may go: done and cancelled are final (a new need is a new action, with its own
# history), so the record of what was done stays as it was.
MOVES = {
    Status.OPEN: frozenset({Status.IN_PROGRESS, Status.DONE, Status.CANCELLED}),
    Status.IN_PROGRESS: frozenset({Status.OPEN, Status.DONE, Status.CANCELLED}),
    Status.DONE: frozenset(),
    Status.CANCELLED: frozenset(),
}


def may_move(current: Status, to: Status) -> bool:
    return to == current or to in MOVES[current]
