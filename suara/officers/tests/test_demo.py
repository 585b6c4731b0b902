"""The officers' demo on the geography slice, two TPS per desa of Pancoran Mas: every body recruited,
screened, selected and appointed through the services, the election night in progress; a second run adds
nothing."""

from django.db.models import Count

from conftest import make_officer
from suara.audit.models import AuditEvent
from suara.officers.bodies import Body, Status
from suara.officers.demo import officers_demo_ensure
from suara.officers.demo.election_day import demo_now
from suara.officers.models import (
    CheckIn,
    CommentWindow,
    Decree,
    HealthAlert,
    Incident,
    Officer,
    OfficerStatusChange,
    PublicComment,
    RecruitmentSchedule,
    Screening,
)
from suara.officers.recruitment.eligibility import Reason

KECAMATAN = "327601"
TABLES = (Officer, OfficerStatusChange, Screening, Decree, CheckIn, HealthAlert, Incident, CommentWindow, PublicComment)

AUDITED = ("officers.applicants_import", "officers.linmas_intake", "officers.eligibility", "officers.scores_import",
           "officers.shortlist", "officers.comment_window", "officers.comment", "officers.appoint", "officers.checkin",
           "officers.screening_import", "officers.screening", "officers.clearance", "officers.health_alerts",
           "officers.incident", "officers.schedule")  # fmt: skip


def _counts():
    return {model.__name__: model.objects.count() for model in (*TABLES, RecruitmentSchedule, AuditEvent)}


def test_the_officers_demo_loads_a_kecamatan_and_its_election_night_once(geography, pemilu_2024):
    make_officer("kpu_depok", "kpu_kabkota", "3276")
    make_officer("kesehatan_depok", "health_officer", "3276")
    make_officer("pps_depok", "pps", "3276011006")

    first = officers_demo_ensure(kecamatan=KECAMATAN, tps_per_desa=2)

    assert "schedules" in first.done and "incident" in first.done
    desa = sorted({code[:10] for code in Officer.objects.filter(body=Body.KPPS).values_list("posting_code", flat=True)})
    assert len(desa) == 6
    rows = Officer.objects.filter(status=Status.APPOINTED).values_list("body").annotate(n=Count("pk"))
    appointed = dict(rows.values_list("body", "n"))
    # PPK 5; PPS 3 in each desa but the one whose selection is in progress; KPPS 7 and Linmas 2 per TPS.
    assert appointed[Body.PPK] == 5
    assert appointed[Body.PPS] == 3 * 5
    assert appointed[Body.LINMAS] == 2 * 12
    assert 7 * 12 - 3 <= appointed[Body.KPPS] <= 7 * 12  # an applicant may be under 17 on the appointment day
    assert Officer.objects.filter(body=Body.PPS, status=Status.RESERVE).count() == 2 * 5
    in_progress = desa[-1]
    assert Officer.objects.filter(body=Body.PPS, posting_code=in_progress, status=Status.SHORTLISTED).count() == 9
    assert CommentWindow.objects.get().posting_code == in_progress
    assert PublicComment.objects.count() == 1
    # Ineligible applicants with their reasons: a party member, education, living elsewhere.
    ineligible = list(Officer.objects.filter(status=Status.INELIGIBLE).values_list("reasons", flat=True))
    for reason in (Reason.EDUCATION, Reason.OUTSIDE_AREA):
        assert any(bits & reason for bits in ineligible)
    assert Officer.objects.filter(status=Status.ELIGIBLE).exists()
    # Screenings: most screened, some at risk, the measured high-risk one cleared and chairing.
    assert Screening.objects.count() > 0.8 * Officer.objects.count()
    assert Screening.objects.filter(risk__in=["sedang", "tinggi"]).exists()
    cleared = Screening.objects.exclude(cleared_by_doctor="").get()
    assert cleared.officer.position == "ketua" and cleared.officer.status == Status.APPOINTED
    # Election night: every chair checked in, the first TPS still counting, missed check-ins alerted.
    chairs = Officer.objects.filter(body=Body.KPPS, position="ketua", status=Status.APPOINTED).count()
    assert CheckIn.objects.values("tps_code").distinct().count() == chairs == 12
    first_tps = f"{desa[0]}001"
    assert not CheckIn.objects.filter(tps_code=first_tps, slot="selesai").exists()
    relief = set(HealthAlert.objects.filter(kind="relief").values_list("tps_code", flat=True))
    missed = set(HealthAlert.objects.filter(kind="missed").values_list("tps_code", flat=True))
    assert first_tps in relief and missed and first_tps not in missed
    assert relief == missed | {first_tps}  # those who missed are still counting too
    assert HealthAlert.objects.filter(resolved_at__isnull=True).count() == HealthAlert.objects.count()
    assert Incident.objects.get().kind == "rujuk"
    assert max(CheckIn.objects.values_list("at", flat=True)) < demo_now(pemilu_2024, first_tps)
    # Through the services, each audited.
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert set(AUDITED) <= actions

    before = _counts()
    second = officers_demo_ensure(kecamatan=KECAMATAN, tps_per_desa=2)

    assert second.done == []
    assert _counts() == before
