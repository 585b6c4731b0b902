"""Scores, shortlist, comments (selection.services), appointment by decree, reserves and accounts
(selection.services_appointment), with their refusals: each a clear code, nothing half-applied."""

from datetime import date

import pytest
from django.utils import timezone

from suara.accounts.models import User
from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import DomainError
from suara.officers.bodies import Body, Position, Status
from suara.officers.models import Decree, Officer, OfficerStatusChange, PublicComment, WrittenTestScore
from suara.officers.selection import services
from suara.officers.selection.services_appointment import officers_appoint, reserve_promote, roster_accounts
from suara.officers.selection.tests.support import DESA, KECAMATAN, TPS, make_adhoc

pytestmark = pytest.mark.django_db
TERM = {"term_start": date(2024, 1, 25), "term_end": date(2024, 3, 25)}


def decree(number="01/PP.04.1-Kpt/3276/2024", **extra):
    return {"number": number, "decreed_on": date(2024, 1, 24), "signer": "Ketua KPU Kota Depok", **TERM, **extra}


def refused(code, call, *args, **kwargs):
    with pytest.raises(DomainError) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code, caught.value.message
    return caught.value


# --- scores and shortlist ------------------------------------------------------------------------------


def test_scores_are_imported_by_nik_or_id(staff, pemilu_2024):
    a = make_adhoc(pemilu_2024, Body.PPK, KECAMATAN)
    b = make_adhoc(pemilu_2024, Body.PPK, KECAMATAN)
    count = services.scores_import(
        actor=Actor.of(staff["kpu"]),
        election=pemilu_2024,
        body="ppk",
        region="3276",
        content=f"nik,nilai\n{a.nik},81.5\n",
    )
    assert count == 1
    services.scores_import(
        actor=Actor.of(staff["kpu"]), election=pemilu_2024, body="ppk", region="3276", content=f"id,nilai\n{b.pk},77\n"
    )
    assert {s.officer_id: float(s.score) for s in WrittenTestScore.objects.all()} == {a.pk: 81.5, b.pk: 77.0}
    event = AuditEvent.objects.filter(action="officers.scores_import").last()
    assert a.nik not in event.summary


def test_a_scores_file_with_errors_is_refused_whole_with_lines_and_codes(staff, pemilu_2024):
    a = make_adhoc(pemilu_2024, Body.PPK, KECAMATAN)
    ineligible = make_adhoc(pemilu_2024, Body.PPK, KECAMATAN, status=Status.APPLICANT)
    content = f"nik,nilai\n{a.nik},80\n{a.nik},70\n9999999999999999,50\n{ineligible.nik},50\n,60\n"
    error = refused(
        "scores_file_invalid",
        services.scores_import,
        actor=Actor.of(staff["kpu"]),
        election=pemilu_2024,
        body="ppk",
        region="3276",
        content=content,
    )
    assert [(d["line"], d["code"]) for d in error.details] == [
        (3, "duplicate"),
        (4, "applicant_unknown"),
        (5, "not_eligible"),
        (6, "key_missing"),
    ]
    assert a.nik not in error.message
    assert not WrittenTestScore.objects.exists()


def test_a_bad_score_and_a_bad_header(staff, pemilu_2024):
    a = make_adhoc(pemilu_2024, Body.PPS, DESA)
    kwargs = {"actor": Actor.of(staff["kpu"]), "election": pemilu_2024, "body": "pps", "region": "3276"}
    error = refused("scores_file_invalid", services.scores_import, content=f"nik,nilai\n{a.nik},101\n", **kwargs)
    assert error.details[0]["code"] == "score_invalid"
    error = refused("scores_file_invalid", services.scores_import, content="nama,skor\n", **kwargs)
    assert error.details[0]["code"] == "header_invalid"


def test_kpps_take_no_written_test_and_others_region_is_refused(staff, pemilu_2024):
    refused(
        "no_written_test",
        services.scores_import,
        actor=Actor.of(staff["pps"]),
        election=pemilu_2024,
        body="kpps",
        region=DESA,
        content="nik,nilai\n",
    )
    refused(
        "forbidden",
        services.scores_import,
        actor=Actor.of(staff["kpu_bekasi"]),
        election=pemilu_2024,
        body="ppk",
        region="3276",
        content="nik,nilai\n",
    )
    # The PPS appoints no PPK: the wrong role for the body.
    refused(
        "forbidden",
        services.scores_import,
        actor=Actor.of(staff["pps"]),
        election=pemilu_2024,
        body="ppk",
        region=KECAMATAN,
        content="nik,nilai\n",
    )


def test_the_shortlist_takes_three_times_the_seats_with_ties(staff, pemilu_2024):
    scored = [make_adhoc(pemilu_2024, Body.PPS, DESA, score=90 - n) for n in range(8)]  # 90..83
    tied = make_adhoc(pemilu_2024, Body.PPS, DESA, score=82)
    tied_too = make_adhoc(pemilu_2024, Body.PPS, DESA, score=82)
    low = make_adhoc(pemilu_2024, Body.PPS, DESA, score=50)
    chosen = services.shortlist_draw(actor=Actor.of(staff["kpu"]), election=pemilu_2024, body="pps", posting=DESA)
    # 3 seats x 3 = 9 places; the 9th place is a tie of two: both kept.
    assert chosen == sorted([o.pk for o in scored] + [tied.pk, tied_too.pk])
    assert Officer.objects.get(pk=low.pk).status == Status.ELIGIBLE
    assert Officer.objects.filter(status=Status.SHORTLISTED).count() == 10
    assert AuditEvent.objects.filter(action="officers.shortlist").count() == 1


def test_no_scored_applicant_no_shortlist(staff, pemilu_2024):
    refused(
        "not_shortlistable",
        services.shortlist_draw,
        actor=Actor.of(staff["kpu"]),
        election=pemilu_2024,
        body="pps",
        posting=DESA,
    )


# --- public comments -----------------------------------------------------------------------------------


def test_a_comment_window_takes_comments_while_open(staff, pemilu_2024, fixed_today):
    candidate = make_adhoc(pemilu_2024, Body.PPS, DESA, status=Status.SHORTLISTED)
    window = services.comment_window_open(
        actor=Actor.of(staff["kpu"]),
        election=pemilu_2024,
        body="pps",
        posting=DESA,
        opens_on=date(2023, 1, 10),
        closes_on=date(2023, 1, 16),
    )
    fixed_today(date(2023, 1, 12))
    comment = services.comment_add(
        window_id=window.pk, officer_id=candidate.pk, text="Pengurus partai.", contact="0812000000"
    )
    assert PublicComment.objects.get().officer == candidate
    event = AuditEvent.objects.get(action="officers.comment")
    assert event.actor == "publik" and "0812000000" not in event.summary and str(comment.pk) in event.summary
    fixed_today(date(2023, 1, 17))
    refused("comment_window_closed", services.comment_add, window_id=window.pk, officer_id=None, text="x", contact="y")
    fixed_today(date(2023, 1, 12))
    refused("comment_invalid", services.comment_add, window_id=window.pk, officer_id=None, text="ada", contact=" ")
    refused("comment_invalid", services.comment_add, window_id=window.pk, officer_id=-1, text="ada", contact="0812")
    refused("comment_window_not_found", services.comment_add, window_id=0, officer_id=None, text="a", contact="b")
    refused(
        "comment_window_exists",
        services.comment_window_open,
        actor=Actor.of(staff["kpu"]),
        election=pemilu_2024,
        body="pps",
        posting=DESA,
        opens_on=date(2023, 1, 10),
        closes_on=date(2023, 1, 16),
    )
    refused(
        "comment_window_invalid",
        services.comment_window_open,
        actor=Actor.of(staff["kpu"]),
        election=pemilu_2024,
        body="ppk",
        posting=KECAMATAN,
        opens_on=date(2023, 1, 10),
        closes_on=date(2023, 1, 9),
    )


# --- appointment ---------------------------------------------------------------------------------------


def seven_kpps(election, count=7, status=Status.ELIGIBLE):
    return [make_adhoc(election, Body.KPPS, TPS, status=status) for _ in range(count)]


def test_a_pps_appoints_its_tps_kpps_by_decree(staff, pemilu_2024):
    kpps = seven_kpps(pemilu_2024, 9)
    chair = kpps[0]
    record = officers_appoint(
        actor=Actor.of(staff["pps"]),
        election=pemilu_2024,
        body="kpps",
        posting=TPS,
        officer_ids=[o.pk for o in kpps[:7]],
        chair_id=chair.pk,
        reserve_ids=[o.pk for o in kpps[7:]],
        **decree(),
    )
    assert record.entries.count() == 7 and record.signer == "Ketua KPU Kota Depok"
    appointed = Officer.objects.filter(status=Status.APPOINTED)
    assert appointed.count() == 7
    assert list(appointed.filter(position=Position.CHAIR).values_list("pk", flat=True)) == [chair.pk]
    assert set(appointed.values_list("term_start", flat=True)) == {date(2024, 1, 25)}
    assert Officer.objects.filter(status=Status.RESERVE).count() == 2
    # History: eligible -> selected -> appointed, each step kept.
    assert list(OfficerStatusChange.objects.filter(officer=chair).values_list("status", flat=True)) == [
        "terpilih",
        "dilantik",
    ]
    event = AuditEvent.objects.get(action="officers.appoint")
    assert event.role == "pps" and event.object_code == TPS


def test_a_high_risk_officer_is_not_appointed_kpps_chair_without_a_doctors_clearance(staff, pemilu_2024):
    from suara.officers.models import Screening

    kpps = seven_kpps(pemilu_2024, 7)
    chair = kpps[0]
    Screening.objects.create(officer=chair, screened_on=date(2024, 1, 10), risk=Screening.Risk.HIGH,
                             recorded_by="uji", recorded_at=timezone.now())  # fmt: skip
    refused(
        "chair_not_cleared",
        officers_appoint,
        actor=Actor.of(staff["pps"]),
        election=pemilu_2024,
        body="kpps",
        posting=TPS,
        officer_ids=[o.pk for o in kpps],
        chair_id=chair.pk,
        **decree(),
    )
    assert not Officer.objects.filter(status=Status.APPOINTED).exists() and not Decree.objects.exists()


def test_an_appointment_beyond_the_seats_is_refused_and_nothing_changes(staff, pemilu_2024):
    kpps = seven_kpps(pemilu_2024, 8)
    refused(
        "seats_exceeded",
        officers_appoint,
        actor=Actor.of(staff["pps"]),
        election=pemilu_2024,
        body="kpps",
        posting=TPS,
        officer_ids=[o.pk for o in kpps],
        **decree(),
    )
    assert not Officer.objects.filter(status=Status.APPOINTED).exists()
    assert not Decree.objects.exists() and not OfficerStatusChange.objects.exists()
    # Seats already taken count: five, then three more is one too many.
    officers_appoint(
        actor=Actor.of(staff["pps"]),
        election=pemilu_2024,
        body="kpps",
        posting=TPS,
        officer_ids=[o.pk for o in kpps[:5]],
        **decree("A"),
    )
    refused(
        "seats_exceeded",
        officers_appoint,
        actor=Actor.of(staff["pps"]),
        election=pemilu_2024,
        body="kpps",
        posting=TPS,
        officer_ids=[o.pk for o in kpps[5:]] + [make_adhoc(pemilu_2024, Body.KPPS, TPS).pk],
        **decree("B"),
    )
    assert Officer.objects.filter(status=Status.APPOINTED).count() == 5


def test_wrong_region_wrong_role_and_wrong_candidates_are_refused(staff, pemilu_2024):
    kpps = seven_kpps(pemilu_2024, 2)
    ids = [o.pk for o in kpps]
    common = {"election": pemilu_2024, "body": "kpps", "posting": TPS, "officer_ids": ids, **decree()}
    refused("forbidden", officers_appoint, actor=Actor.of(staff["pps_next"]), **common)  # another desa's PPS
    refused("forbidden", officers_appoint, actor=Actor.of(staff["ppk"]), **common)  # the PPK appoints no KPPS
    refused("forbidden", officers_appoint, actor=Actor.of(staff["kpu"]), **common)  # nor the KPU: the PPS does
    ppk = make_adhoc(pemilu_2024, Body.PPK, KECAMATAN, status=Status.SHORTLISTED)
    refused(
        "forbidden",
        officers_appoint,
        actor=Actor.of(staff["pps"]),
        election=pemilu_2024,
        body="ppk",
        posting=KECAMATAN,
        officer_ids=[ppk.pk],
        **decree(),
    )
    elsewhere = make_adhoc(pemilu_2024, Body.KPPS, DESA + "002")
    refused(
        "candidate_not_appointable",
        officers_appoint,
        actor=Actor.of(staff["pps"]),
        **{**common, "officer_ids": [*ids, elsewhere.pk]},
    )
    applicant = make_adhoc(pemilu_2024, Body.KPPS, TPS, status=Status.APPLICANT)
    refused(
        "candidate_not_appointable",
        officers_appoint,
        actor=Actor.of(staff["pps"]),
        **{**common, "officer_ids": [applicant.pk]},
    )
    refused(
        "chair_invalid",
        officers_appoint,
        actor=Actor.of(staff["pps"]),
        **{**common, "chair_id": applicant.pk},
    )
    refused(
        "appointment_invalid",
        officers_appoint,
        actor=Actor.of(staff["pps"]),
        **{**common, "number": " "},
    )
    refused(
        "region_not_found",
        officers_appoint,
        actor=Actor.of(staff["pps"]),
        **{**common, "posting": DESA},
    )
    assert not Officer.objects.filter(status=Status.APPOINTED).exists()


def test_kpu_appoints_ppk_after_the_interview_and_a_second_chair_is_refused(staff, pemilu_2024):
    ppk = [make_adhoc(pemilu_2024, Body.PPK, KECAMATAN, status=Status.SHORTLISTED) for _ in range(6)]
    officers_appoint(
        actor=Actor.of(staff["kpu"]),
        election=pemilu_2024,
        body="ppk",
        posting=KECAMATAN,
        officer_ids=[ppk[0].pk],
        chair_id=ppk[0].pk,
        **decree("1"),
    )
    refused(
        "chair_invalid",
        officers_appoint,
        actor=Actor.of(staff["kpu"]),
        election=pemilu_2024,
        body="ppk",
        posting=KECAMATAN,
        officer_ids=[ppk[1].pk],
        chair_id=ppk[1].pk,
        **decree("2"),
    )
    refused(
        "decree_number_taken",
        officers_appoint,
        actor=Actor.of(staff["kpu"]),
        election=pemilu_2024,
        body="ppk",
        posting=KECAMATAN,
        officer_ids=[ppk[1].pk],
        **decree("1"),
    )


# --- reserves ------------------------------------------------------------------------------------------


@pytest.fixture
def full_tps(staff, pemilu_2024):
    kpps = seven_kpps(pemilu_2024, 8)
    officers_appoint(
        actor=Actor.of(staff["pps"]),
        election=pemilu_2024,
        body="kpps",
        posting=TPS,
        officer_ids=[o.pk for o in kpps[:7]],
        chair_id=kpps[0].pk,
        reserve_ids=[kpps[7].pk],
        **decree(),
    )
    return kpps


def test_a_reserve_replaces_a_chair_who_died_in_one_action(staff, full_tps):
    chair, reserve = full_tps[0], full_tps[7]
    before = AuditEvent.objects.count()
    reserve_promote(
        actor=Actor.of(staff["pps"]),
        reserve_id=reserve.pk,
        leaving_id=chair.pk,
        leaving_status="meninggal",
        note="duka",
    )
    chair.refresh_from_db()
    reserve.refresh_from_db()
    assert chair.status == Status.DECEASED
    assert reserve.status == Status.APPOINTED and reserve.position == Position.CHAIR
    assert reserve.term_end == date(2024, 3, 25)
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(action="officers.promote")
    assert str(chair.pk) in event.summary and "meninggal" in event.summary


def test_a_promotion_with_no_seat_open_is_refused(staff, full_tps):
    reserve = full_tps[7]
    refused("no_seat_open", reserve_promote, actor=Actor.of(staff["pps"]), reserve_id=reserve.pk)
    refused(
        "leaving_status_invalid",
        reserve_promote,
        actor=Actor.of(staff["pps"]),
        reserve_id=reserve.pk,
        leaving_id=full_tps[1].pk,
        leaving_status="dilantik",
    )
    refused(
        "reserve_not_found",
        reserve_promote,
        actor=Actor.of(staff["pps"]),
        reserve_id=full_tps[1].pk,
        leaving_id=full_tps[2].pk,
        leaving_status="diganti",
    )
    refused(
        "leaving_not_appointed",
        reserve_promote,
        actor=Actor.of(staff["pps"]),
        reserve_id=reserve.pk,
        leaving_id=reserve.pk,
        leaving_status="diganti",
    )
    refused(
        "forbidden",
        reserve_promote,
        actor=Actor.of(staff["pps_next"]),
        reserve_id=reserve.pk,
        leaving_id=full_tps[1].pk,
        leaving_status="mengundurkan_diri",
    )
    assert Officer.objects.filter(status=Status.APPOINTED).count() == 7
    assert Officer.objects.get(pk=reserve.pk).status == Status.RESERVE


def test_a_reserve_fills_an_open_seat(staff, pemilu_2024):
    kpps = seven_kpps(pemilu_2024, 7)
    officers_appoint(
        actor=Actor.of(staff["pps"]),
        election=pemilu_2024,
        body="kpps",
        posting=TPS,
        officer_ids=[o.pk for o in kpps[:6]],
        reserve_ids=[kpps[6].pk],
        **decree(),
    )
    promoted = reserve_promote(actor=Actor.of(staff["pps"]), reserve_id=kpps[6].pk)
    assert promoted.status == Status.APPOINTED and promoted.position == Position.MEMBER


# --- accounts ------------------------------------------------------------------------------------------


def test_buat_akun_makes_the_kpps_chair_an_account_linked_to_the_record(staff, full_tps):
    codes = roster_accounts(actor=Actor.of(staff["pps"]), election=full_tps[0].election, body="kpps", posting=TPS)
    chair = Officer.objects.get(pk=full_tps[0].pk)
    assert [c.username for c in codes] == [f"kpps-{TPS}-{chair.pk}"]
    assert chair.user.username == codes[0].username and not chair.user.has_usable_password()
    assert chair.user.assignments.get().scope == TPS
    assert Officer.objects.filter(user__isnull=False).count() == 1  # the members do not sign in
    refused(
        "no_account_needed",
        roster_accounts,
        actor=Actor.of(staff["pps"]),
        election=full_tps[0].election,
        body="kpps",
        posting=TPS,
    )


def test_buat_akun_follows_the_chain_of_command(staff, pemilu_2024):
    pps = [make_adhoc(pemilu_2024, Body.PPS, DESA, status=Status.SHORTLISTED) for _ in range(3)]
    officers_appoint(
        actor=Actor.of(staff["kpu"]),
        election=pemilu_2024,
        body="pps",
        posting=DESA,
        officer_ids=[o.pk for o in pps],
        chair_id=pps[0].pk,
        **decree(),
    )
    # The PPS's accounts are the PPK's to make (accounts.roles.PROVISIONS); a PPS cannot make its peers'.
    refused(
        "forbidden",
        roster_accounts,
        actor=Actor.of(staff["pps"]),
        election=pemilu_2024,
        body="pps",
        posting=DESA,
    )
    assert not User.objects.filter(username__startswith="pps-").exists()
    codes = roster_accounts(actor=Actor.of(staff["ppk"]), election=pemilu_2024, body="pps", posting=DESA)
    assert len(codes) == 3 and Officer.objects.filter(body="pps", user__isnull=False).count() == 3
    assert AuditEvent.objects.filter(action="officers.accounts").count() == 1
