"""Reads of the quick count: its frame, its estimate (kept a few seconds per process), its dashboard, the
public release after the embargo, and the registry of survey institutions with the scoreboard."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings

from suara.accounts.authz import authorize
from suara.accounts.models import Organisation, User
from suara.accounts.roles import Action, Scope, ScopeKind
from suara.core import caches, clock
from suara.core.errors import DomainError, NotFound
from suara.elections.models import Contest
from suara.quickcount import embargo, estimate, frame
from suara.quickcount.errors import QuickCountError, QuickCountErrorCode
from suara.quickcount.models import EstimateSnapshot, QuickCount, QuickCountReport, SampledTps, SurveyInstitution
from suara.results.geography import tps_with_voters


def domain_error(exc: QuickCountError) -> DomainError:
    """The pure package's error as the API answers it."""
    return DomainError(exc.code, exc.message, status=exc.code.status)


def frame_of(contest: Contest) -> frame.Frame:
    """The contest's TPS in the default strata: province (the code's first two digits) by size class."""
    return frame.Frame.of(
        frame.FrameTps(code=code, stratum=frame.default_stratum(code[:2], registered), registered=registered)
        for code, registered in tps_with_voters(contest.election, contest.region_code)
    )


def quick_count_get(quick_count_id: int) -> QuickCount:
    qc = QuickCount.objects.select_related("organisation", "contest__election").filter(pk=quick_count_id).first()
    if qc is None:
        raise NotFound(QuickCountErrorCode.QUICK_COUNT_NOT_FOUND, "Hitung cepat tidak ditemukan.", field="id")
    return qc


def may_run(user: User, qc: QuickCount) -> bool:
    return bool(authorize(user, Action.RUN_QUICK_COUNT, Scope(ScopeKind.ORGANISATION, qc.organisation.code)))


def organisations_run_by(user: User) -> list[Organisation]:
    return [
        org
        for org in Organisation.objects.order_by("name")
        if authorize(user, Action.RUN_QUICK_COUNT, Scope(ScopeKind.ORGANISATION, org.code))
    ]


def quick_counts_of(user: User) -> list[QuickCount]:
    codes = [org.code for org in organisations_run_by(user)]
    return list(QuickCount.objects.filter(organisation__code__in=codes).select_related("organisation", "contest"))


def candidates_of(qc: QuickCount) -> list[tuple[int, str]]:
    return list(qc.contest.candidates.order_by("number").values_list("number", "name"))


_estimates: dict[int, tuple[float, int, estimate.Estimate | None]] = {}
caches.register("quickcount.estimates", _estimates.clear)


def estimate_of(qc: QuickCount, *, replicates: int = 1000) -> estimate.Estimate | None:
    """The estimate from the reports in, None before the first. Kept for SUARA_QUICKCOUNT_CACHE_SECONDS
    per process and recomputed at once when a report came in since."""
    reports = list(
        QuickCountReport.objects.filter(quick_count=qc).values_list(
            "tps_code", "stratum", "votes", "voted", "registered"
        )
    )
    if not reports:
        return None
    cached = _estimates.get(qc.pk)
    now = time.monotonic()
    if cached is not None and cached[1] == len(reports) and now - cached[0] < settings.SUARA_QUICKCOUNT_CACHE_SECONDS:
        return cached[2]
    sampled = {key: value["sample"] for key, value in qc.strata.items()}
    frame_sizes = {key: value["frame"] for key, value in qc.strata.items()}
    result = estimate.estimate(
        [estimate.Report(code=c, stratum=s, votes=tuple(v), voted=u, registered=x) for c, s, v, u, x in reports],
        frame_sizes=frame_sizes,
        sampled=sampled,
        candidates=len(candidates_of(qc)),
        confidence=qc.confidence,
        replicates=replicates,
        seed=qc.pk,
    )
    _estimates[qc.pk] = (now, len(reports), result)
    return result


def estimate_body(qc: QuickCount, result: estimate.Estimate | None) -> dict:
    """The estimate as the pages, the API and the snapshots show it (shares in percent)."""
    candidates = candidates_of(qc)
    sampled = sum(v["sample"] for v in qc.strata.values())
    body: dict = {
        "id": qc.pk,
        "name": qc.name,
        "contest": qc.contest.slug,
        "sampled": sampled,
        "reported": 0,
        "candidates": [],
        "turnout": None,
        "leader": None,
        "warnings": [],
        "disclaimer": embargo.DISCLAIMER,
    }
    if result is None:
        body["candidates"] = [{"number": n, "name": name} for n, name in candidates]
        return body
    body["reported"] = result.reports
    for index, (number, name) in enumerate(candidates):
        entry = {
            "number": number,
            "name": name,
            "share": round(result.shares[index] * 100, 2),
            "taylor": [round(result.taylor[index].low * 100, 2), round(result.taylor[index].high * 100, 2)],
            "standard_error": round(result.standard_errors[index] * 100, 3),
        }
        if result.bootstrap is not None:
            entry["bootstrap"] = [
                round(result.bootstrap[index].low * 100, 2),
                round(result.bootstrap[index].high * 100, 2),
            ]
        body["candidates"].append(entry)
    if result.turnout is not None:
        body["turnout"] = {
            "share": round(result.turnout * 100, 2),
            "taylor": [round(result.turnout_taylor.low * 100, 2), round(result.turnout_taylor.high * 100, 2)],
        }
    body["leader"] = {
        "number": candidates[result.leader][0],
        "probability": round(result.leader_probability, 4),
        "probability_bootstrap": None
        if result.leader_probability_bootstrap is None
        else round(result.leader_probability_bootstrap, 4),
    }
    body["warnings"] = list(result.warnings)
    return body


@dataclass(frozen=True)
class Arrival:
    province: str
    sampled: int
    reported: int


def arrivals(qc: QuickCount) -> list[Arrival]:
    """Reports in of sampled TPS, per province (the TPS code's first two digits)."""
    sampled: dict[str, int] = {}
    for code in SampledTps.objects.filter(quick_count=qc, kind=SampledTps.Kind.SAMPLE).values_list(
        "tps_code", flat=True
    ):
        sampled[code[:2]] = sampled.get(code[:2], 0) + 1
    reported: dict[str, int] = {}
    for code in QuickCountReport.objects.filter(quick_count=qc).values_list("tps_code", flat=True):
        reported[code[:2]] = reported.get(code[:2], 0) + 1
    return [Arrival(p, sampled.get(p, 0), reported.get(p, 0)) for p in sorted(set(sampled) | set(reported))]


def timeline(qc: QuickCount) -> list[EstimateSnapshot]:
    return list(EstimateSnapshot.objects.filter(quick_count=qc).order_by("at"))


def release_check(qc: QuickCount) -> None:
    """Refuses a public read before 15:00 WIB on voting day (the embargo)."""
    opens = embargo.published_from(qc.contest.election.voting_day)
    if not embargo.may_publish(clock.now(), qc.contest.election.voting_day):
        raise DomainError(
            QuickCountErrorCode.EMBARGO,
            f"Hasil hitung cepat baru boleh diumumkan mulai {opens:%d-%m-%Y} pukul 15.00 WIB "
            "(UU 7/2017 pasal 449, PKPU 9/2022 pasal 19).",
            status=403,
        )


def public_quick_counts() -> list[QuickCount]:
    return list(
        QuickCount.objects.filter(status=QuickCount.Status.DRAWN).select_related("organisation", "contest__election")
    )


def institutions() -> list[SurveyInstitution]:
    return list(SurveyInstitution.objects.select_related("organisation"))


def sampled_tps(qc: QuickCount) -> list[SampledTps]:
    return list(SampledTps.objects.filter(quick_count=qc).order_by("stratum", "kind", "order"))


def enumerator_assignments(user: User) -> list[SampledTps]:
    return list(SampledTps.objects.filter(enumerator=user).select_related("quick_count__contest"))


def contests() -> list[Contest]:
    return list(Contest.objects.select_related("election").order_by("-election__voting_day", "slug")[:500])


def reported_codes(assignments: list[SampledTps]) -> set[str]:
    pairs = {(a.quick_count_id, a.tps_code) for a in assignments}
    rows = QuickCountReport.objects.filter(
        quick_count_id__in={q for q, _ in pairs}, tps_code__in={t for _, t in pairs}
    ).values_list("quick_count_id", "tps_code")
    return {f"{q}/{t}" for q, t in rows if (q, t) in pairs}


@dataclass(frozen=True)
class LiveScore:
    quick_count: QuickCount
    official: dict[str, float]
    published: dict[str, float]
    score: object  # scoreboard.Score


def live_scoreboard() -> list[LiveScore]:
    """Each quick count run in Suara beside its contest's official result, once the contest's top level
    has signed its recapitulation off (its published snapshot says ``locked``): signed error per candidate,
    mean absolute error and the winner called, in points."""
    from suara.quickcount.scoreboard import score
    from suara.results.public.selectors import region_recap

    scored = []
    for qc in public_quick_counts():
        body = region_recap(qc.contest.slug, qc.contest.region_code).body
        if not body.get("locked"):
            continue
        valid = sum(c["votes"] for c in body["candidates"])
        result = estimate_of(qc, replicates=0)
        if not valid or result is None:
            continue
        official = {str(c["number"]): round(100 * c["votes"] / valid, 2) for c in body["candidates"]}
        numbers = [str(n) for n, _ in candidates_of(qc)]
        published = {n: round(100 * s, 2) for n, s in zip(numbers, result.shares, strict=True)}
        scored.append(LiveScore(quick_count=qc, official=official, published=published,
                                score=score(published, official)))  # fmt: skip
    return scored
