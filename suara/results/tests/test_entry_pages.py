"""The KPPS's entry pages: the list of what they may enter, form C.Hasil refused whole with every broken rule
named (at the top and beside its fields), a good entry stored once with its photos, and nobody else's TPS."""

import html
import re

import pytest

from conftest import consistent_tally, photo_bytes
from suara.audit.actors import Actor
from suara.results.entry.corrections import correction_propose
from suara.results.entry.services import result_submit
from suara.results.models import RecapDelta, ResultPhoto, ResultVersion, TpsResult
from suara.results.rules import check
from suara.results.tests.support import FORM, TPS, element, photo_file, post_data, submission_id

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def photo_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


@pytest.fixture
def kpps(client, officers):
    client.force_login(officers["kpps"])
    return client


def block_of(field: str) -> str:
    """The id suffix of the message list beside a field: a voter group shares one, others have their own."""
    group = field.split(".")[0]
    return group if group.startswith(("dpt", "voted_")) else field.replace(".", "-")


def nothing_stored():
    return not (TpsResult.objects.exists() or ResultVersion.objects.exists() or RecapDelta.objects.exists())


def test_pages_need_a_signed_in_officer(client, officers):
    for url in ("/petugas/hasil/", FORM):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/masuk/?next=")


def test_a_kpps_signs_in_and_sees_its_tps_with_each_state(client, officers):
    response = client.post("/masuk/", {"username": "kpps_001", "password": PASSWORD})
    assert response.status_code == 302
    page = client.get("/petugas/hasil/").content.decode()
    assert f'href="{FORM}"' in page and TPS in page and "Belum dikirim" in page
    assert "3276011006002" not in page  # the neighbouring TPS is someone else's

    result_submit(
        actor=Actor.of(officers["kpps"]),
        contest="ppwp-2024",
        tps=TPS,
        tally=consistent_tally(),
        photos=[photo_bytes()],
        submission_id="list-entry-0001",
    )
    page = client.get("/petugas/hasil/").content.decode()
    assert "Terkirim, versi 1" in page and "Koreksi menunggu PPK" not in page

    correction_propose(
        actor=Actor.of(officers["kpps"]),
        contest="ppwp-2024",
        tps=TPS,
        tally=consistent_tally(votes=(41, 34, 25)),
        photos=[photo_bytes(color=(5, 5, 5))],
        reason="salah salin suara pasangan 1",
        submission_id="list-correction-1",
    )
    page = client.get("/petugas/hasil/").content.decode()
    assert "Terkirim, versi 1" in page and "Koreksi menunggu PPK" in page


def test_an_officer_without_a_kpps_role_is_refused_the_list(client, officers):
    client.force_login(officers["ppk"])
    assert client.get("/petugas/hasil/").status_code == 403


def test_the_form_lists_the_pairs_with_a_fresh_submission_id_and_loads_its_checks_from_static(kpps):
    first = kpps.get(FORM)
    page = first.content.decode()
    assert first.status_code == 200
    for number, name in [(1, "Anies Baswedan"), (2, "Prabowo Subianto"), (3, "Ganjar Pranowo")]:
        assert f'name="votes.{number}"' in page and name in page
    for field in ("valid", "invalid", "total", "dpt.l", "voted_dptb.p", "voted_total.j", "ballots.damaged"):
        assert f'name="{field}"' in page
    assert 'type="file" name="photos"' in page and 'accept="image/jpeg,image/png"' in page and "multiple" in page
    assert 'data-ballots="1 2 3"' in page
    sid = submission_id(page)
    assert re.fullmatch(r"[A-Za-z0-9_-]{8,64}", sid)
    assert submission_id(kpps.get(FORM).content.decode()) != sid
    # No inline script (the CSP forbids it): both scripts come from static, deferred; the rules' messages
    # in the page's language come as a JSON data block, which no browser runs.
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts == [
        '<script id="rule-texts" type="application/json">',
        '<script src="/static/results/rules.js" defer>',
        '<script src="/static/results/entry.js" defer>',
    ]


def test_a_refused_entry_names_every_broken_rule_at_the_top_and_beside_its_fields(kpps):
    sid = submission_id(kpps.get(FORM).content.decode())
    tally = consistent_tally()
    tally.update({"votes.1": 71, "votes.2": 641, "votes.3": 511, "ballots.used": 104})  # the 2024 misreading
    response = kpps.post(FORM, post_data(tally, sid, photos=photo_file()))
    page = response.content.decode()
    expected = [b.as_dict() for b in check(tally, ballot_numbers=[1, 2, 3], tps_max=612)]
    assert {b["code"] for b in expected} == {"R1", "R7", "R10", "B1", "B2"}  # R10: 641 > the Pemilu's 612
    assert response.status_code == 422
    summary = element(page, "rule-summary")
    for breach in expected:
        assert f"{breach['code']} {breach['message']}" in summary
        for field in breach["fields"]:
            assert breach["message"] in element(page, f"errors-{block_of(field)}")
    assert 'value="641"' in page  # what was typed is shown again
    assert submission_id(page) == sid  # nothing was stored under it, so it stays
    assert nothing_stored() and not ResultPhoto.objects.exists()
    # The photo is kept for this officer, with its thumbnail, and need not be chosen again.
    kept = re.findall(r'name="kept_photos" value="([0-9a-f]{64}\.jpg)" checked', page)
    assert len(kept) == 1 and f'src="/petugas/foto-tersimpan/{kept[0]}"' in page
    assert kpps.get(f"/petugas/foto-tersimpan/{kept[0]}").status_code == 200
    assert kpps.get(f"/foto/{kept[0]}").status_code == 404  # not public


def test_a_refused_entry_is_sent_again_with_its_kept_photo_and_without_choosing_it(kpps, client, officers):
    sid = submission_id(kpps.get(FORM).content.decode())
    tally = consistent_tally()
    refused = kpps.post(FORM, post_data({**tally, "valid": tally["valid"] + 1}, sid, photos=photo_file()))
    kept = re.findall(r'name="kept_photos" value="([^"]+)"', refused.content.decode())

    sent = kpps.post(FORM, post_data(tally, sid, kept_photos=kept))

    assert sent.status_code == 302
    photo = ResultPhoto.objects.get()
    assert f"{photo.sha256}.jpg" == kept[0] and client.get(f"/foto/{kept[0]}").status_code == 200


def test_a_kept_photo_is_its_officers_alone(kpps, client, officers):
    sid = submission_id(kpps.get(FORM).content.decode())
    tally = consistent_tally()
    refused = kpps.post(FORM, post_data({**tally, "valid": tally["valid"] + 1}, sid, photos=photo_file()))
    kept = re.findall(r'name="kept_photos" value="([^"]+)"', refused.content.decode())[0]
    client.force_login(officers["kpps_002"])
    assert client.get(f"/petugas/foto-tersimpan/{kept}").status_code == 404
    other_form = "/petugas/hasil/ppwp-2024/3276011006002/"
    other_sid = submission_id(client.get(other_form).content.decode())
    response = client.post(other_form, post_data(tally, other_sid, kept_photos=[kept]))
    assert response.status_code == 400 and "Sertakan foto" in response.content.decode()


@pytest.mark.parametrize("typed", ["12a", "-3", "2.5", "1e3", "٣", "1234567890"])
def test_numbers_are_read_strictly_and_anything_else_is_named_by_r0(kpps, typed):
    sid = submission_id(kpps.get(FORM).content.decode())
    response = kpps.post(FORM, post_data(consistent_tally(), sid, invalid=typed, photos=photo_file()))
    page = response.content.decode()
    assert response.status_code == 422
    assert "R0 Setiap angka harus bilangan bulat 0 atau lebih." in element(page, "rule-summary")
    assert "bilangan bulat" in element(page, "errors-invalid")
    assert f'value="{html.escape(typed)}"' in page
    assert nothing_stored()


def test_missing_votes_are_asked_for_and_the_rules_of_the_rest_listed_too(kpps):
    sid = submission_id(kpps.get(FORM).content.decode())
    tally = consistent_tally()
    del tally["votes.2"]
    tally["ballots.received"] = 999
    response = kpps.post(FORM, post_data(tally, sid, photos=photo_file()))
    page = response.content.decode()
    assert response.status_code == 422
    assert "Wajib diisi." in element(page, "errors-votes-2")
    assert "B2" in element(page, "rule-summary")
    assert nothing_stored()


def test_a_good_entry_with_a_photo_is_stored_and_confirmed(kpps):
    sid = submission_id(kpps.get(FORM).content.decode())
    tally = consistent_tally()
    response = kpps.post(FORM, post_data(tally, sid, photos=[photo_file(), photo_file("p2.png", photo_bytes("PNG"))]))
    version = ResultVersion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{FORM}terkirim/{version.pk}/"
    result = TpsResult.objects.get()
    assert result.tally == tally and result.version == 1 and version.submission_id == sid
    assert [p.content_type for p in version.photos.all()] == ["image/jpeg", "image/png"]

    page = kpps.get(response["Location"]).content.decode()
    assert "Tersimpan sebagai versi 1." in page
    assert f'href="/hasil/ppwp-2024/tps/{TPS}/"' in page
    for photo in version.photos.all():
        assert f"/foto/{photo.sha256}." in page
    assert re.search(r">\s*40\s*<", page) and re.search(r">\s*105\s*<", page)


def test_blank_optional_fields_are_absent_from_the_stored_tally(kpps):
    sid = submission_id(kpps.get(FORM).content.decode())
    core = {k: v for k, v in consistent_tally().items() if k.startswith("votes.") or k in ("valid", "invalid", "total")}
    response = kpps.post(FORM, post_data(core, sid, **{"dpt.l": "  ", "photos": photo_file()}))
    assert response.status_code == 302
    assert TpsResult.objects.get().tally == core


def test_a_retry_with_the_same_submission_id_counts_once(kpps):
    sid = submission_id(kpps.get(FORM).content.decode())
    data = post_data(consistent_tally(), sid)
    first = kpps.post(FORM, {**data, "photos": photo_file()})
    again = kpps.post(FORM, {**data, "photos": photo_file()})  # a double click, or a retry after a timeout
    assert first.status_code == again.status_code == 302 and first["Location"] == again["Location"]
    assert ResultVersion.objects.count() == 1 and RecapDelta.objects.count() == 1
    assert "sudah diterima sebelumnya" in kpps.get(again["Location"]).content.decode()


def test_a_tps_that_has_sent_changes_only_through_a_correction(kpps):
    sid = submission_id(kpps.get(FORM).content.decode())
    kpps.post(FORM, post_data(consistent_tally(), sid, photos=photo_file()))
    page = kpps.get(FORM).content.decode()
    assert "sudah terkirim (versi 1)" in page and 'name="votes.1"' not in page
    assert f'href="/petugas/koreksi/ppwp-2024/{TPS}/"' in page
    response = kpps.post(FORM, post_data(consistent_tally(votes=(41, 34, 25)), "another-id-0001", photos=photo_file()))
    assert response.status_code == 409 and "sudah punya hasil" in response.content.decode()
    assert ResultVersion.objects.count() == 1


@pytest.mark.parametrize(
    ("photos", "message"),
    [
        ([], "Sertakan foto formulir C.Hasil."),
        ([photo_file("form.pdf", b"%PDF-1.4 not an image")], "bukan foto JPEG atau PNG"),
    ],
)
def test_a_missing_or_broken_photo_is_named_beside_the_photo_field(kpps, photos, message):
    sid = submission_id(kpps.get(FORM).content.decode())
    response = kpps.post(FORM, {**post_data(consistent_tally(), sid), "photos": photos})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert nothing_stored()


def test_an_unusable_submission_id_is_replaced_when_the_form_is_shown_again(kpps):
    response = kpps.post(FORM, post_data(consistent_tally(), "x", photos=photo_file()))
    assert response.status_code == 400 and nothing_stored()
    assert re.fullmatch(r"[A-Za-z0-9_-]{8,64}", submission_id(response.content.decode()))


@pytest.mark.parametrize("who", ["kpps_002", "kpps_bekasi", "ppk", "kpu_depok", "kpu_ri"])
def test_only_the_kpps_of_the_tps_may_open_or_send_its_form(client, officers, who):
    client.force_login(officers[who])
    assert client.get(FORM).status_code == 403
    response = client.post(FORM, post_data(consistent_tally(), "forbidden-0001", photos=photo_file()))
    assert response.status_code == 403
    assert "Hanya KPPS TPS ini" in response.content.decode()
    assert nothing_stored()


def test_unknown_contests_and_pages_are_404(kpps):
    assert kpps.get(f"/petugas/hasil/ppwp-1999/{TPS}/").status_code == 404
    assert kpps.get(f"{FORM}terkirim/999999/").status_code == 404


def test_the_confirmation_is_shown_only_to_the_officers_of_the_tps(client, officers):
    outcome = result_submit(
        actor=Actor.of(officers["kpps"]),
        contest="ppwp-2024",
        tps=TPS,
        tally=consistent_tally(),
        photos=[photo_bytes()],
        submission_id="confirm-0001",
    )
    url = f"{FORM}terkirim/{outcome.version.pk}/"
    client.force_login(officers["kpps_002"])
    assert client.get(url).status_code == 403
    client.force_login(officers["ppk"])
    assert client.get(url).status_code == 200
    # The same version under another TPS's address is not found.
    client.force_login(officers["kpps_002"])
    assert client.get(f"/petugas/hasil/ppwp-2024/3276011006002/terkirim/{outcome.version.pk}/").status_code == 404
