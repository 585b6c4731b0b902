"""Reads for the KPPS's and PPK's result pages: the TPS a page is about, the (contest, TPS) pairs a KPPS
enters, a result's versions and photos, the contests a PPK may correct and the corrections waiting."""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q
from django.urls import reverse

from suara.accounts.authz import assignments_of
from suara.accounts.roles import Role
from suara.core.region_codes import covers, kecamatan_of
from suara.elections.models import Candidate, Contest
from suara.elections.selectors import contest_get
from suara.results.entry.services import tps_for_contest
from suara.results.models import CountRegion, CountTps, ResultPhoto, ResultVersion, TpsResult
from suara.results.snapshots import photo_url


@dataclass(frozen=True)
class Target:
    contest: Contest
    tps: CountTps
    candidates: list[Candidate]
    desa_name: str
    kecamatan_name: str

    @property
    def public_url(self) -> str:
        return reverse("results:tps_result", args=[self.contest.slug, self.tps.code])


def target_get(contest_slug: str, tps_code: str) -> Target:
    """The contest and TPS a page is about, with what the form needs; NotFound when either is unknown."""
    contest = contest_get(contest_slug)
    tps = tps_for_contest(contest, tps_code)
    kecamatan = kecamatan_of(tps.code)
    around = CountRegion.objects.filter(election_id=contest.election_id, code__in=[tps.desa_code, kecamatan])
    names = dict(around.values_list("code", "name"))
    return Target(
        contest,
        tps,
        list(contest.candidates.order_by("number")),
        names.get(tps.desa_code, ""),
        names.get(kecamatan, ""),
    )


def photos_of(version: ResultVersion) -> list[dict]:
    return [
        {"page": p.page, "url": photo_url(p), "width": p.width, "height": p.height}
        for p in ResultPhoto.objects.filter(version=version).order_by("page")
    ]


def pending_among(result_ids) -> set[int]:
    """Which of these results have a correction waiting for the PPK."""
    return set(
        ResultVersion.objects.filter(result_id__in=result_ids, status=ResultVersion.Status.PENDING).values_list(
            "result_id", flat=True
        )
    )


@dataclass(frozen=True)
class EntryItem:
    contest: Contest
    tps_code: str
    tps_number: int
    desa_name: str
    result: TpsResult | None
    correction_pending: bool


def entry_items(user) -> list[EntryItem]:
    """The (contest, TPS) pairs a KPPS may enter, from their role assignments, with each one's state."""
    tps_codes = sorted({a.scope for a in assignments_of(user) if a.role == Role.KPPS})
    if not tps_codes:
        return []
    tps_rows = list(CountTps.objects.filter(code__in=tps_codes).order_by("code", "election_id"))
    election_ids = {t.election_id for t in tps_rows}
    contests = list(
        Contest.objects.filter(election_id__in=election_ids, candidates__isnull=False)
        .distinct()
        .select_related("election")
        .order_by("election__voting_day", "ballot_type", "region_code")
    )
    desa_names = {
        (r.election_id, r.code): r.name
        for r in CountRegion.objects.filter(election_id__in=election_ids, code__in={t.desa_code for t in tps_rows})
    }
    pairs = [
        (c, t) for t in tps_rows for c in contests if c.election_id == t.election_id and covers(c.region_code, t.code)
    ]
    results = {
        (r.contest_id, r.tps_code): r
        for r in TpsResult.objects.filter(contest__in={c for c, _ in pairs}, tps_code__in=tps_codes)
    }
    pending = pending_among([r.pk for r in results.values()])
    items = []
    for contest, tps in pairs:
        result = results.get((contest.pk, tps.code))
        items.append(
            EntryItem(
                contest,
                tps.code,
                tps.number,
                desa_names.get((tps.election_id, tps.desa_code), ""),
                result,
                result is not None and result.pk in pending,
            )
        )
    return items


def result_of(contest: Contest, tps_code: str) -> TpsResult | None:
    return TpsResult.objects.filter(contest=contest, tps_code=tps_code).first()


def version_of(contest: Contest, tps_code: str, version_id: int) -> ResultVersion | None:
    return (
        ResultVersion.objects.select_related("result")
        .filter(pk=version_id, result__contest=contest, result__tps_code=tps_code)
        .first()
    )


def correction_get(version_id: int) -> ResultVersion | None:
    return (
        ResultVersion.objects.select_related("result__contest", "result__tps")
        .filter(pk=version_id, kind=ResultVersion.Kind.CORRECTION)
        .first()
    )


def ppk_scopes(user) -> list[str]:
    return sorted({a.scope for a in assignments_of(user) if a.role == Role.PPK})


def pickable_contests(scopes: list[str]) -> list[Contest]:
    """Contests with candidates whose counting geography holds one of the PPK's kecamatan."""
    election_ids = set(CountRegion.objects.filter(code__in=scopes).values_list("election_id", flat=True))
    contests = Contest.objects.filter(election_id__in=election_ids, candidates__isnull=False).distinct()
    return [
        c for c in contests.order_by("election__voting_day", "slug") if any(covers(c.region_code, s) for s in scopes)
    ]


def pending_for(user) -> list[ResultVersion]:
    """The pending corrections the user may see: under their PPK kecamatan and at their KPPS TPS."""
    scopes = [Q(result__tps_code__startswith=s) for s in ppk_scopes(user)]
    kpps_tps = [a.scope for a in assignments_of(user) if a.role == Role.KPPS]
    if kpps_tps:
        scopes.append(Q(result__tps_code__in=kpps_tps))
    if not scopes:
        return []
    return list(
        ResultVersion.objects.filter(status=ResultVersion.Status.PENDING)
        .filter(reduce(or_, scopes))
        .select_related("result__contest")
        .order_by("submitted_at", "pk")
    )


def tps_submitted(election_id: int, tps_codes: list[str] | set[str]) -> set[str]:
    """Of ``tps_codes``, those that have submitted a result for every contest of the election counted
    there (a contest whose area covers the TPS): the rest are still counting. Set-based: one grouped
    query over the results of those TPS (the officers' health check asks it of every TPS past
    midnight)."""
    codes = set(tps_codes)
    if not codes:
        return set()
    contests = list(Contest.objects.filter(election_id=election_id).values_list("pk", "region_code"))
    if not contests:
        return set()
    seen: dict[str, set[int]] = {}
    ordered = sorted(codes)
    for start in range(0, len(ordered), 5000):
        chunk = ordered[start : start + 5000]
        for code, contest_id in TpsResult.objects.filter(
            contest_id__in=[pk for pk, _ in contests], tps_code__in=chunk
        ).values_list("tps_code", "contest_id"):
            seen.setdefault(code, set()).add(contest_id)
    done = set()
    for code, got in seen.items():
        wanted = {pk for pk, area in contests if covers(area, code)}
        if wanted <= got:
            done.add(code)
    return done


def app_entries(user) -> list[dict]:
    """What the field app (``views_app``) keeps on the device for the signed-in KPPS: each (contest, TPS)
    they enter, with its candidates, the election's hard maximum of any count at one TPS (rule R10) and
    whether the TPS has sent already. Plain data for JSON; read in four queries whatever the count."""
    items = entry_items(user)
    contest_ids = {item.contest.pk for item in items}
    candidates: dict[int, list[dict]] = {}
    for c in Candidate.objects.filter(contest_id__in=contest_ids).order_by("contest_id", "number"):
        candidates.setdefault(c.contest_id, []).append({"number": c.number, "name": c.name})
    return [
        {
            "contest": item.contest.slug,
            "contest_name": item.contest.name,
            "contest_name_en": item.contest.name_en,
            "tps": item.tps_code,
            "tps_number": item.tps_number,
            "desa": item.desa_name,
            "tps_max": item.contest.election.tps_count_max,
            "candidates": candidates.get(item.contest.pk, []),
            "sent_version": item.result.version if item.result is not None else None,
        }
        for item in items
    ]
