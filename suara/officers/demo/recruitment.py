"""The demo's recruitment and selection of one kecamatan's ad-hoc officers, through the services: schedules,
the applicants' import, the Satpol PP's Linmas, BPJS screenings (and a few measured ones, one high-risk
officer cleared by a doctor), eligibility, written-test scores, shortlists, appointments by decree, and
one PPS selection left in progress (shortlist drawn, comment window open). Each step once."""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from datetime import date, timedelta

from suara.audit.actors import Actor
from suara.core import clock
from suara.elections.models import Election
from suara.officers.bodies import HAS_CHAIR, Body, Status
from suara.officers.demo import people as demo_people
from suara.officers.demo.people import Person
from suara.officers.health.services_screening import clearance_record, screening_record, screenings_import_bpjs
from suara.officers.models import CommentWindow, Decree, Officer, PublicComment, RecruitmentSchedule, Screening
from suara.officers.recruitment.assessment import eligibility_assess
from suara.officers.recruitment.eligibility import CHAIR_BLOCKING
from suara.officers.recruitment.importing import applicants_import
from suara.officers.recruitment.schedules import schedule_set
from suara.officers.rosters.services import linmas_intake
from suara.officers.selection.services import comment_add, comment_window_open, scores_import, shortlist_draw
from suara.officers.selection.services_appointment import officers_appoint
from suara.parties.models import Member
from suara.regions.models import Level, Region, Tps
from suara.voters.models import Voter

# Pemilu 2024's appointment days (KPU's schedule, PKPU 3/2022 and its technical decisions). The KPPS's
# public form is kept open around the demo's day so that anyone can try it; the rules read its
# appointment day.
APPOINTMENT = {
    Body.PPK: date(2023, 1, 4),
    Body.PPS: date(2023, 1, 24),
    Body.PANTARLIH: date(2023, 2, 12),
    Body.KPPS: date(2024, 1, 25),
    Body.LINMAS: date(2024, 1, 25),
}
WINDOWS = {
    Body.PPK: (date(2022, 11, 20), date(2022, 11, 29)),
    Body.PPS: (date(2022, 12, 18), date(2022, 12, 27)),
    Body.PANTARLIH: (date(2023, 1, 10), date(2023, 1, 20)),
    Body.LINMAS: (date(2023, 12, 11), date(2023, 12, 20)),
}
OPEN_BODY = Body.KPPS
OPEN_BEFORE, OPEN_AFTER = timedelta(days=7), timedelta(days=28)
SOURCE = "Demo Suara: tanggal pelantikan Pemilu 2024; jendela pendaftaran KPPS dibuka untuk dicoba"
TERMS = {
    Body.PPK: (date(2023, 1, 4), date(2024, 12, 31)),
    Body.PPS: (date(2023, 1, 24), date(2024, 12, 31)),
    Body.KPPS: (date(2024, 1, 25), date(2024, 2, 23)),
}
SIGNER = {Body.PPK: "Ketua KPU Kota (demo)", Body.PPS: "Ketua KPU Kota (demo)", Body.KPPS: "Ketua PPS (demo)"}
RESERVES = {Body.PPK: 2, Body.PPS: 2, Body.KPPS: 0}
SCREENED_ON = date(2024, 1, 10)
SCREENED_SHARE = 0.86  # BPJS screened 86.4% of the 2024 officers
AT_RISK_SHARE = 0.06  # 5.83% of those screened were at risk
DEMO_DOCTOR = "dr. Contoh Sintetis (demo)"
# What the at-risk declared: nothing more, hypertension (most), heart disease (a quarter), diabetes.
HISTORIES = ("", "hipertensi", "jantung", "diabetes", "hipertensi;diabetes")
HISTORY_WEIGHTS = (25, 45, 20, 5, 5)
PAST_SHORTLIST = (Status.SHORTLISTED, Status.SELECTED, Status.APPOINTED, Status.RESERVE)


def schedules_ensure(election: Election, actor: Actor) -> bool:
    """Every body's schedule; the KPPS's window moved to around today when it has closed. Once a day."""
    today, did = clock.today(), False
    for body in Body:
        schedule = RecruitmentSchedule.objects.filter(election=election, body=body).first()
        if body == OPEN_BODY:
            if schedule is not None and schedule.opens_on <= today <= schedule.closes_on:
                continue
            opens, closes = today - OPEN_BEFORE, today + OPEN_AFTER
        elif schedule is not None:
            continue
        else:
            opens, closes = WINDOWS[body]
        schedule_set(
            actor=actor, election=election, body=body, opens_on=opens, closes_on=closes,
            appointment_on=APPOINTMENT[body], source=SOURCE,
        )  # fmt: skip
        did = True
    return did


def _desa(kecamatan: str) -> list[tuple[str, str]]:
    """(KPU code, Kemendagri code) of the kecamatan's desa."""
    rows = Region.objects.filter(level=Level.DESA, code__startswith=kecamatan).order_by("code")
    return [(code, kemendagri or code) for code, kemendagri in rows.values_list("code", "kemendagri_code")]


def _members_of(desa: str, kemendagri: str) -> list[Person]:
    """People of the demo's party lists living in ``desa`` (KPU code; ``kemendagri`` its Kemendagri code,
    the lists'): applicants the rules bar."""
    rows = (
        Member.objects.filter(desa_code=kemendagri, removed_at__isnull=True)
        .order_by("pk")
        .values_list("nik", "name", "sex", "birth_date")[:3]
    )
    return [
        Person(nik, name, sex, born.isoformat(), "S", "Jl. Contoh", desa, phone=f"0813{int(nik[-8:]):08d}")
        for nik, name, sex, born in rows
    ]


def applicants_ensure(election: Election, kecamatan: str, tps: list[str], actor: Actor, role: str) -> int:
    """The applicants of PPK (the kecamatan), PPS (each desa) and KPPS (7 per TPS), a few of each made
    ineligible on purpose, and the Satpol PP's two Linmas per TPS; all synthetic. Once."""
    if Officer.objects.filter(election=election, posting_code__startswith=kecamatan).exists():
        return 0
    desa = _desa(kecamatan)
    taken = set(Voter.objects.filter(nik__startswith=kecamatan).values_list("nik", flat=True))
    taken |= set(Member.objects.filter(nik__startswith=kecamatan).values_list("nik", flat=True))
    by_desa: dict[str, list[str]] = {}
    for code in tps:
        by_desa.setdefault(code[:10], []).append(code)
    rows: list[tuple[Person, str, str]] = []
    linmas: list[tuple[Person, str]] = []
    for n, (code, kemendagri) in enumerate(desa):
        its_tps = by_desa.get(code, [])
        wanted = 7 * len(its_tps) + 2 * len(its_tps) + 12 + 4 + 3
        pool = list(demo_people.people_of(code, kemendagri, wanted, seed=2024 + n, taken=taken))
        ppk, pps, pool = pool[:4], pool[4:16], pool[16:]
        rows += [(p, Body.PPK.value, kecamatan) for p in ppk]
        rows += [(p, Body.PPS.value, code) for p in pps]
        other = desa[(n + 1) % len(desa)][0]
        rows.append((demo_people.living_in(pool.pop(), other), Body.PPS.value, code))  # outside the area
        for t in its_tps:
            rows += [(pool.pop(), Body.KPPS.value, t) for _ in range(7)]
            linmas += [(pool.pop(), t) for _ in range(2)]
        if its_tps:
            rows.append((demo_people.without_letter(pool.pop()), Body.KPPS.value, its_tps[0]))  # education
            rows += [(p, Body.KPPS.value, its_tps[-1]) for p in _members_of(code, kemendagri)]  # party members
    result = applicants_import(
        stream=io.BytesIO(demo_people.applicants_csv(rows)), election=election, actor=actor, role=role,
        scope=kecamatan[:4],
    )  # fmt: skip
    if result.rejected:  # the demo's own file: a refused row is the demo's mistake
        raise RuntimeError(f"demo applicants refused: {[(p.line, p.code) for p in result.problems[:10]]}")
    if linmas:
        linmas_intake(actor=actor, election=election, region=kecamatan[:4], content=demo_people.linmas_csv(linmas))
    return len(rows) + len(linmas)


def screenings_ensure(election: Election, kecamatan: str, health_user, seed: int = 2024) -> int:
    """BPJS's results for most applicants and the Linmas (about 6% at risk, most of them for
    hypertension, a quarter for heart disease), measured screenings of the first TPS's officers, and a
    doctor's clearance of its high-risk one. Before eligibility, so the chair gate reads them. Once."""
    officers = Officer.objects.filter(election=election, posting_code__startswith=kecamatan)
    if Screening.objects.filter(officer__in=officers).exists():
        return 0
    health = Actor.of(health_user)
    rng = random.Random(seed)
    rows = []
    for nik, status in officers.order_by("pk").values_list("nik", "status"):
        if status == Status.APPLICANT and rng.random() > SCREENED_SHARE:
            continue  # not screened (yet): as in 2024, not everyone was
        if rng.random() < AT_RISK_SHARE:
            history = rng.choices(HISTORIES, HISTORY_WEIGHTS)[0]
            rows.append((nik, SCREENED_ON.isoformat(), "berisiko", history))
        else:
            rows.append((nik, SCREENED_ON.isoformat(), "tidak_berisiko", ""))
    screenings_import_bpjs(actor=health, election=election, content=demo_people.bpjs_csv(rows))
    first = officers.filter(body=Body.KPPS).order_by("posting_code", "pk").values_list("posting_code", flat=True)[:1]
    measured = list(officers.filter(body=Body.KPPS, posting_code__in=list(first)).order_by("pk"))
    values = [(165, 100, 140, 250), (128, 84, 98, 190), (118, 76, 90, 170), (145, 92, 110, 210)]
    later = SCREENED_ON + timedelta(days=3)
    for n, officer in enumerate(measured[:4]):
        systolic, diastolic, glucose, cholesterol = values[n]
        screening_record(
            actor=health, officer_id=officer.pk, screened_on=later, systolic=systolic, diastolic=diastolic,
            fasting_glucose=glucose, total_cholesterol=cholesterol, conditions=0,
        )  # fmt: skip
    if measured:
        high = measured[0]
        if Screening.objects.filter(officer=high).order_by("-screened_on", "-id").first().risk == Screening.Risk.HIGH:
            clearance_record(actor=health, officer_id=high.pk, doctor=DEMO_DOCTOR, cleared_on=later)
    return len(rows) + min(len(measured), 4)


def eligibility_ensure(election: Election, kecamatan: str, actor: Actor, role: str) -> bool:
    """Eligibility of the open applications. Once: when none is left unassessed, nothing."""
    if not Officer.objects.filter(
        election=election, posting_code__startswith=kecamatan, status=Status.APPLICANT
    ).exists():
        return False
    eligibility_assess(election=election, actor=actor, role=role, region_code=kecamatan)
    return True


def _scores(election: Election, body: Body, kecamatan: str, seed: int) -> list[tuple[int, str]]:
    rng = random.Random(seed)
    ids = Officer.objects.filter(
        election=election, body=body, posting_code__startswith=kecamatan, status=Status.ELIGIBLE
    ).filter(test_score__isnull=True)
    return [(pk, f"{rng.uniform(45, 95):.2f}") for pk in ids.order_by("pk").values_list("pk", flat=True)]


def _appoint(election: Election, body: Body, posting: str, actor: Actor, candidates: list[Officer]) -> None:
    seats = {Body.PPK: 5, Body.PPS: 3, Body.KPPS: 7}[body]
    chosen, reserves = candidates[:seats], candidates[seats : seats + RESERVES[body]]
    if not chosen:
        return
    chair = next((o.pk for o in chosen if not o.reasons & CHAIR_BLOCKING), None) if body in HAS_CHAIR else None
    start, end = TERMS[body]
    officers_appoint(
        actor=actor, election=election, body=body.value, posting=posting, officer_ids=[o.pk for o in chosen],
        chair_id=chair, reserve_ids=[o.pk for o in reserves], number=f"{body.value.upper()}/{posting}/DEMO",
        decreed_on=start, signer=SIGNER[body], term_start=start, term_end=end,
    )  # fmt: skip


def _ranked(election: Election, body: Body, posting: str) -> list[Officer]:
    rows = Officer.objects.filter(election=election, body=body, posting_code=posting, status=Status.SHORTLISTED)
    return sorted(rows.select_related("test_score"), key=lambda o: (-o.test_score.score, o.pk))


def selection_ensure(
    election: Election, kecamatan: str, kpu: Actor, pps_of: Callable[[str], Actor], in_progress: str
) -> int:
    """Scores, shortlists and appointments of the PPK and of every desa's PPS but ``in_progress``'s,
    whose shortlist waits in its public comment window (with one comment); then each TPS's KPPS,
    appointed by its desa's PPS. Each posting once: one with a decree is left alone."""
    done = 0
    decreed = set(
        Decree.objects.filter(election=election, posting_code__startswith=kecamatan).values_list("body", "posting_code")
    )
    for body, seed in ((Body.PPK, 1), (Body.PPS, 2)):
        scores = _scores(election, body, kecamatan, seed)
        if scores:
            scores_import(
                actor=kpu, election=election, body=body.value, region=kecamatan, content=demo_people.scores_csv(scores)
            )
        postings = [kecamatan] if body == Body.PPK else [code for code, _ in _desa(kecamatan)]
        for posting in postings:
            if (body.value, posting) in decreed:
                continue
            at_posting = Officer.objects.filter(election=election, body=body, posting_code=posting)
            if (
                not at_posting.filter(status__in=PAST_SHORTLIST).exists()
                and at_posting.filter(status=Status.ELIGIBLE, test_score__isnull=False).exists()
            ):
                shortlist_draw(actor=kpu, election=election, body=body.value, posting=posting)
            if posting == in_progress:
                done += _comment_window(election, body, posting, kpu)
                continue
            _appoint(election, body, posting, kpu, _ranked(election, body, posting))
            done += 1
    kpps = Officer.objects.filter(
        election=election, body=Body.KPPS, posting_code__startswith=kecamatan, status=Status.ELIGIBLE
    ).order_by("posting_code", "pk")
    by_tps: dict[str, list[Officer]] = {}
    for officer in kpps:
        by_tps.setdefault(officer.posting_code, []).append(officer)
    for tps, candidates in by_tps.items():
        if (Body.KPPS.value, tps) not in decreed:
            _appoint(election, Body.KPPS, tps, pps_of(tps[:10]), candidates)
            done += 1
    return done


def _comment_window(election: Election, body: Body, posting: str, actor: Actor) -> int:
    if CommentWindow.objects.filter(election=election, body=body, posting_code=posting).exists():
        return 0
    today = clock.today()
    window = comment_window_open(
        actor=actor, election=election, body=body.value, posting=posting, opens_on=today - timedelta(days=2),
        closes_on=today + timedelta(days=12),
    )  # fmt: skip
    listed = _ranked(election, body, posting)
    if listed and not PublicComment.objects.filter(window=window).exists():
        comment_add(
            window_id=window.pk, officer_id=listed[0].pk, contact="081200000002",
            text="Contoh tanggapan masyarakat (demo): calon ini dikenal aktif dalam kegiatan kampung.",
        )  # fmt: skip
    return 1


def tps_of(kecamatan: str, limit: int | None = None) -> list[str]:
    """The kecamatan's regular TPS, in code order (the first ``limit`` per desa when given)."""
    codes = Tps.objects.filter(code__startswith=kecamatan, kind=Tps.Kind.REGULAR).order_by("code")
    codes = list(codes.values_list("code", flat=True))
    if limit is None:
        return codes
    kept: dict[str, list[str]] = {}
    for code in codes:
        if len(kept.setdefault(code[:10], [])) < limit:
            kept[code[:10]].append(code)
    return [code for group in kept.values() for code in group]
