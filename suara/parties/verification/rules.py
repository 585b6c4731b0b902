"""Pure: the order of a factual verification's steps and the party's result in a kab/kota.

Attempts (the 2022 practice of KPU kab/kota, PKPU 4/2022): first a visit at home, then a gathering at the
party's office, then a video call; each method at most once, in that order (one may be skipped); no more
attempts once the person was met (they confirmed or denied), found moved or deceased, or the member is
decided. The outcome decided follows the last attempt: confirmed → MS; denies, moved, deceased → TMS;
"not found" → TMS, and only after the last resort, the video call, failed too.

The result (our reading, stated on every sample as ``RESULT_RULE``): PKPU 4/2022 has the Krejcie–Morgan
sample verified; we found no wording we could quote for the share of the sample that must be confirmed,
so the party passes (MS) in the kab/kota when more than half of the sample's n places end MS, a place
ending MS when its member was confirmed, or, when that member failed, its one replacement was. The
required count is stored with each sample when it is drawn, so a later change of rule never changes a
drawn sample's result.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

METHODS = ("rumah", "kantor", "video")  # in the order they are tried
FINDINGS = ("confirmed", "denies", "not_met", "moved", "deceased")
OUTCOMES = ("confirmed", "denies", "not_found", "moved", "deceased")
CONCLUSIVE = frozenset({"confirmed", "denies", "moved", "deceased"})  # no attempt follows these
RESULT_RULE = "lebih-dari-separuh-v1"


def id_ok(value: object) -> bool:
    """Whether ``value`` can be a row's id (a bigint): anything else names no row, and is never sent to the
    database, which would fail on it."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63


def required_ms(size: int) -> int:
    """MS places the sample needs: more than half of n."""
    return size // 2 + 1


def attempt_problem(previous: Iterable[tuple[str, str]], method: str, *, decided: bool) -> str | None:
    """Why an attempt by ``method`` cannot follow ``previous`` ((method, finding) pairs), or None."""
    if method not in METHODS:
        return "cara upaya tidak dikenal"
    if decided:
        return "anggota ini sudah diputuskan"
    previous = list(previous)
    if any(finding in CONCLUSIVE for _, finding in previous):
        return "upaya sebelumnya sudah menemukan hasil; putuskan anggota ini"
    done = [METHODS.index(m) for m, _ in previous]
    if done and METHODS.index(method) <= max(done):
        return "upaya dilakukan berurutan: rumah, kantor partai, panggilan video, masing-masing sekali"
    return None


def outcome_of(finding: str) -> str:
    return "not_found" if finding == "not_met" else finding


def decision_problem(previous: list[tuple[str, str]], outcome: str) -> tuple[str, str] | None:
    """(kind, why) a member cannot be decided ``outcome`` after ``previous`` attempts, or None. kind is
    "order" (a step is missing) or "inconsistent" (the outcome is not what the attempts found)."""
    if not previous:
        return "order", "belum ada upaya verifikasi untuk anggota ini"
    method, finding = previous[-1]
    if outcome != outcome_of(finding):
        return "inconsistent", "hasil berbeda dengan temuan upaya terakhir"
    if outcome == "not_found" and method != METHODS[-1]:
        return "order", "'tidak ditemui' diputuskan setelah panggilan video juga gagal"
    return None


def decision_of(outcome: str) -> str:
    return "MS" if outcome == "confirmed" else "TMS"


@dataclass(frozen=True)
class Place:
    """One of the sample's n places: its member's decision and, if drawn, its replacement's."""

    decision: str  # "", "MS", "TMS"
    replacement: str | None = None  # None: no replacement drawn; else its decision ("" while undecided)

    @property
    def final(self) -> str:
        if self.decision == "TMS" and self.replacement is not None:
            return self.replacement
        return self.decision


def ms_places(places: Iterable[Place]) -> int:
    return sum(1 for place in places if place.final == "MS")


def undecided(places: Iterable[Place]) -> int:
    return sum(1 for place in places if "" in (place.decision, place.replacement))


def result(places: list[Place], required: int) -> str:
    return "MS" if ms_places(places) >= required else "TMS"
