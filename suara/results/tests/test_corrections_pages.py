"""Corrections through the officers' pages: proposed on the prefilled form with a reason and photos, seen by
the kecamatan's PPK beside the numbers in force, approved or rejected by another PPK, never by its proposer."""

import re

import pytest

from conftest import consistent_tally, make_officer, photo_bytes
from suara.audit.actors import Actor
from suara.results.entry.corrections import correction_propose
from suara.results.entry.services import result_submit
from suara.results.models import RecapDelta, ResultVersion, TpsResult
from suara.results.tests.support import element, photo_file, submission_id, text
from suara.results.tests.support import post_data as entry_data

TPS = "3276011006001"
PROPOSE = f"/petugas/koreksi/ppwp-2024/{TPS}/"
CORRECTED = consistent_tally(votes=(41, 34, 25))  # one vote moved from pair 2 to pair 1


@pytest.fixture(autouse=True)
def photo_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


@pytest.fixture
def sent(officers):
    """The TPS's first entry, version 1."""
    return result_submit(
        actor=Actor.of(officers["kpps"]),
        contest="ppwp-2024",
        tps=TPS,
        tally=consistent_tally(),
        photos=[photo_bytes()],
        submission_id="entry-0001-abcd",
    ).version.result


def propose(user, tally=CORRECTED, sid="correction-0001"):
    return correction_propose(
        actor=Actor.of(user),
        contest="ppwp-2024",
        tps=TPS,
        tally=tally,
        photos=[photo_bytes(color=(10, 10, 10))],
        reason="Suara pasangan 1 salah salin dari C.Hasil",
        submission_id=sid,
    ).version


def post_data(tally: dict, sid: str, **extra) -> dict:
    """A correction's form: the numbers, a reason code and (unless given) a photo of the corrected form."""
    return entry_data(tally, sid, **{"reason_code": "salah_ketik", "photos": photo_file(), **extra})


def signed_in(client, user):
    client.force_login(user)
    return client


def test_the_correction_form_is_prefilled_with_the_numbers_in_force(client, officers, sent):
    page = signed_in(client, officers["kpps"]).get(PROPOSE).content.decode()
    assert 'name="votes.1"' in page and re.search(r'name="votes.1" value="40"', page)
    assert re.search(r'name="ballots.received" value="115"', page)
    assert 'name="reason"' in page and "(versi 1)" in page
    assert '<script src="/static/results/rules.js" defer>' in page


def test_a_kpps_proposes_a_correction_which_waits_for_the_ppk(client, officers, sent):
    kpps = signed_in(client, officers["kpps"])
    sid = submission_id(kpps.get(PROPOSE).content.decode())
    response = kpps.post(PROPOSE, post_data(CORRECTED, sid, reason="Suara paslon 1 salah salin", photos=photo_file()))
    version = ResultVersion.objects.get(status="pending")
    assert response.status_code == 302 and response["Location"] == f"/petugas/koreksi/{version.pk}/"
    assert version.tally == CORRECTED and version.submitted_by == "kpps_001" and version.photos.count() == 1
    assert TpsResult.objects.get().version == 1 and RecapDelta.objects.count() == 1  # nothing counts yet
    again = kpps.post(PROPOSE, post_data(CORRECTED, sid, reason="Suara paslon 1 salah salin", photos=photo_file()))
    assert again["Location"] == response["Location"] and ResultVersion.objects.filter(status="pending").count() == 1


@pytest.mark.parametrize(
    ("change", "field_id", "message", "status"),
    [
        ({"reason": "salah"}, "id_reason", "10 sampai 500 karakter", 400),
        ({"votes.1": "70"}, "rule-summary", "R1 Jumlah suara seluruh pasangan calon", 422),
        ({"votes.1": "4o"}, "rule-summary", "R0 Setiap angka", 422),
    ],
)
def test_a_refused_correction_says_why_and_nothing_waits(client, officers, sent, change, field_id, message, status):
    kpps = signed_in(client, officers["kpps"])
    sid = submission_id(kpps.get(PROPOSE).content.decode())
    data = {**post_data(CORRECTED, sid, reason="Suara paslon 1 salah salin"), **change}
    response = kpps.post(PROPOSE, data)
    page = response.content.decode()
    assert response.status_code == status
    assert message in (element(page, "rule-summary") if field_id == "rule-summary" else text(page))
    assert not ResultVersion.objects.filter(status="pending").exists()


def test_a_correction_that_changes_nothing_is_refused(client, officers, sent):
    kpps = signed_in(client, officers["kpps"])
    sid = submission_id(kpps.get(PROPOSE).content.decode())
    response = kpps.post(PROPOSE, post_data(consistent_tally(), sid, reason="tidak ada yang berubah"))
    assert response.status_code == 400 and "sama dengan hasil yang berlaku" in response.content.decode()


def test_a_tps_without_a_result_has_nothing_to_correct(client, officers):
    response = signed_in(client, officers["kpps"]).get(PROPOSE)
    assert response.status_code == 404 and "belum punya hasil" in response.content.decode()


def test_the_ppk_sees_pending_corrections_of_its_kecamatan_only(client, officers, sent):
    version = propose(officers["kpps"])
    page = signed_in(client, officers["ppk"]).get("/petugas/koreksi/").content.decode()
    assert f'href="/petugas/koreksi/{version.pk}/"' in page and "salah salin" in page
    other = make_officer("ppk_sukmajaya", "ppk", "327602")
    page = signed_in(client, other).get("/petugas/koreksi/").content.decode()
    assert f"/petugas/koreksi/{version.pk}/" not in page and "Tidak ada koreksi yang menunggu" in page
    assert client.get(f"/petugas/koreksi/{version.pk}/").status_code == 403


def test_the_detail_sets_the_proposal_beside_the_numbers_in_force(client, officers, sent):
    version = propose(officers["kpps"])
    page = signed_in(client, officers["ppk"]).get(f"/petugas/koreksi/{version.pk}/").content.decode()
    assert ">Versi 1<" in page and ">Usulan<" in page
    changed = re.findall(r'<tr class="is-changed">(.*?)</tr>', page, re.S)
    assert len(changed) == 2  # votes.1 and votes.2, nothing else
    assert "Anies Baswedan" in changed[0] and re.search(r">\s*40\s*<.*>\s*41\s*<.*>\s*\+1\s*<", changed[0], re.S)
    assert re.search(r">\s*35\s*<.*>\s*34\s*<.*>\s*-1\s*<", changed[1], re.S)
    assert "Suara pasangan 1 salah salin dari C.Hasil" in page
    assert f"/foto/{version.photos.get().sha256}.jpg" in page
    assert 'value="approve"' in page and 'value="reject"' in page


def test_another_ppk_approves_and_the_correction_becomes_version_2(client, officers, sent):
    version = propose(officers["ppk"])
    client = signed_in(client, officers["ppk_b"])
    response = client.post(f"/petugas/koreksi/{version.pk}/", {"decision": "approve", "note": "cocok dengan C.Hasil"})
    assert response.status_code == 302
    result = TpsResult.objects.get()
    assert result.version == 2 and result.tally == CORRECTED and RecapDelta.objects.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "Koreksi disetujui: versi 2 berlaku." in page and "cocok dengan C.Hasil" in page
    assert 'value="approve"' not in page  # decided: no more buttons
    # Still shown beside the version it replaced.
    assert ">Versi 1<" in page and len(re.findall(r'<tr class="is-changed">', page)) == 2


def test_a_ppk_rejects_with_a_note_and_the_result_stays(client, officers, sent):
    version = propose(officers["kpps"])
    response = signed_in(client, officers["ppk"]).post(
        f"/petugas/koreksi/{version.pk}/", {"decision": "reject", "note": "foto tidak terbaca"}
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == "rejected" and version.decision_note == "foto tidak terbaca"
    assert TpsResult.objects.get().version == 1 and RecapDelta.objects.count() == 1


def test_a_ppk_cannot_approve_its_own_correction(client, officers, sent):
    version = propose(officers["ppk"])
    client = signed_in(client, officers["ppk"])
    page = client.get(f"/petugas/koreksi/{version.pk}/").content.decode()
    assert "keputusannya harus oleh PPK lain" in page
    response = client.post(f"/petugas/koreksi/{version.pk}/", {"decision": "approve"})
    assert response.status_code == 403
    assert "Koreksi harus disetujui PPK lain, bukan pengajunya." in response.content.decode()
    version.refresh_from_db()
    assert version.status == "pending" and TpsResult.objects.get().version == 1


def test_a_kpps_sees_its_correction_but_cannot_decide_it(client, officers, sent):
    version = propose(officers["kpps"])
    client = signed_in(client, officers["kpps"])
    page = client.get(f"/petugas/koreksi/{version.pk}/").content.decode()
    assert "Menunggu persetujuan PPK" in page and 'value="approve"' not in page
    assert client.post(f"/petugas/koreksi/{version.pk}/", {"decision": "approve"}).status_code == 403
    version.refresh_from_db()
    assert version.status == "pending"


def test_a_decision_without_a_choice_is_refused(client, officers, sent):
    version = propose(officers["kpps"])
    response = signed_in(client, officers["ppk"]).post(f"/petugas/koreksi/{version.pk}/", {"decision": "maybe"})
    assert response.status_code == 400
    version.refresh_from_db()
    assert version.status == "pending"


def test_a_ppk_picks_a_tps_of_its_kecamatan_to_correct(client, officers, sent):
    client = signed_in(client, officers["ppk"])
    response = client.get("/petugas/koreksi/", {"tps": TPS, "contest": "ppwp-2024"})
    assert response.status_code == 302 and response["Location"] == PROPOSE
    response = client.get("/petugas/koreksi/", {"tps": "3275011001001", "contest": "ppwp-2024"})
    assert response.status_code == 400 and "di luar kecamatan Anda" in response.content.decode()
    response = client.get("/petugas/koreksi/", {"tps": "32760110060", "contest": "ppwp-2024"})
    assert response.status_code == 400 and "13 digit" in response.content.decode()
    sid = submission_id(client.get(PROPOSE).content.decode())
    response = client.post(PROPOSE, post_data(CORRECTED, sid, reason="Salah salin menurut saksi"))
    assert response.status_code == 302 and ResultVersion.objects.get(status="pending").submitted_by == "ppk_a"


@pytest.mark.parametrize("who", ["kpps_002", "kpps_bekasi", "kpu_depok"])
def test_others_may_neither_propose_nor_see_a_correction(client, officers, sent, who):
    version = propose(officers["kpps"])
    client = signed_in(client, officers[who])
    assert client.get(PROPOSE).status_code == 403
    assert client.post(PROPOSE, post_data(CORRECTED, "other-0001", reason="Bukan wewenang saya")).status_code == 403
    assert client.get(f"/petugas/koreksi/{version.pk}/").status_code == 403
    assert ResultVersion.objects.filter(status="pending").count() == 1


def test_the_correction_pages_are_for_ppk_and_kpps(client, officers):
    assert signed_in(client, officers["kpu_depok"]).get("/petugas/koreksi/").status_code == 403
    assert signed_in(client, officers["kpps"]).get("/petugas/koreksi/").status_code == 200


def test_when_a_lock_stands_the_form_is_shown_disabled_with_the_reason(client, officers, sent):
    from django.utils import timezone

    from suara.results.models import RecapLock

    RecapLock.objects.create(contest=sent.contest, region_code="327601", locked_by="ppk_b", locked_at=timezone.now())
    page = signed_in(client, officers["kpps"]).get(PROPOSE).content.decode()
    assert re.search(r'<fieldset class="tally-form__all" disabled>', page)
    assert "327601 sudah dikunci" in page


def test_while_a_correction_waits_the_form_is_shown_disabled(client, officers, sent):
    propose(officers["kpps"])
    page = signed_in(client, officers["ppk"]).get(PROPOSE).content.decode()
    assert re.search(r'<fieldset class="tally-form__all" disabled>', page)
    assert "masih menunggu keputusan PPK" in page


def test_a_refused_correction_keeps_its_numbers_reason_and_photos(client, officers, sent):
    kpps = signed_in(client, officers["kpps"])
    sid = submission_id(kpps.get(PROPOSE).content.decode())
    data = post_data(CORRECTED, sid, reason="Suara paslon 1 salah salin", **{"votes.1": "70"})
    page = kpps.post(PROPOSE, data).content.decode()
    kept = re.findall(r'name="kept_photos" value="([^"]+)" checked', page)
    assert len(kept) == 1 and 'value="70"' in page and "Suara paslon 1 salah salin" in page
    assert re.search(r'<option value="salah_ketik" selected>', page)

    again = kpps.post(
        PROPOSE,
        {**post_data(CORRECTED, sid, reason="Suara paslon 1 salah salin"), "photos": []} | {"kept_photos": kept},
    )

    assert again.status_code == 302
    assert ResultVersion.objects.get(status="pending").photos.get().sha256 == kept[0].split(".")[0]


def test_a_correction_without_a_photo_is_refused_as_the_page_says(client, officers, sent):
    kpps = signed_in(client, officers["kpps"])
    page = kpps.get(PROPOSE).content.decode()
    assert "alasan dan foto wajib" in page
    response = kpps.post(
        PROPOSE, {**post_data(CORRECTED, submission_id(page), reason="Suara paslon 1 salah salin"), "photos": []}
    )
    assert response.status_code == 400 and "Sertakan foto formulir C.Hasil yang benar" in response.content.decode()
    assert not ResultVersion.objects.filter(status="pending").exists()


def test_the_public_sees_the_reason_code_and_the_words_only_once_the_ppk_publishes_them(client, officers, sent):
    from suara.results.entry.corrections import correction_decide

    words = "Ditelepon Pak Budi 0812-3456-7890, angka salah"
    first = correction_propose(
        actor=Actor.of(officers["kpps"]),
        contest="ppwp-2024",
        tps=TPS,
        tally=CORRECTED,
        photos=[photo_bytes(color=(1, 1, 1))],
        reason=words,
        reason_code="salah_baca",
        submission_id="corr-pub-01",
    ).version
    public = client.get(f"/hasil/ppwp-2024/tps/{TPS}/").content.decode()
    assert "Angka pada foto formulir salah dibaca" in public and "0812" not in public

    decider = signed_in(client, officers["ppk"])
    page = decider.get(f"/petugas/koreksi/{first.pk}/").content.decode()
    assert words in page and 'name="publish_reason"' in page  # the PPK reads the words before deciding
    decider.post(f"/petugas/koreksi/{first.pk}/", {"decision": "reject", "note": "tidak sesuai"})
    client.logout()
    assert "0812" not in client.get(f"/hasil/ppwp-2024/tps/{TPS}/").content.decode()

    second = correction_propose(
        actor=Actor.of(officers["kpps"]),
        contest="ppwp-2024",
        tps=TPS,
        tally=CORRECTED,
        photos=[photo_bytes(color=(2, 2, 2))],
        reason="Angka pasangan 1 tertukar dengan pasangan 2",
        reason_code="salah_ketik",
        submission_id="corr-pub-02",
    ).version
    correction_decide(actor=Actor.of(officers["ppk"]), version_id=second.pk, approve=True, publish_reason=True)
    public = client.get(f"/hasil/ppwp-2024/tps/{TPS}/").content.decode()
    assert "Angka pasangan 1 tertukar dengan pasangan 2" in public and "0812" not in public
