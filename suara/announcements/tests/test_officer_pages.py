"""The officers' pages: write (with attachments), submit, a second person's review, the schedule, a
correction, withdrawal; refusals shown with their codes; other regions' announcements out of reach."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from suara.announcements.models import Announcement
from suara.announcements.tests.conftest import GOOD, PDF, png_bytes
from suara.core import clock
from suara.core.timezones import ZONES

pytestmark = pytest.mark.django_db


def _local(moment) -> str:
    return moment.astimezone(ZONES["WIB"]).strftime("%Y-%m-%dT%H:%M:%S")


def test_the_whole_journey_through_the_pages(client, writers, later):
    client.force_login(writers["author"])
    assert client.get("/petugas/pengumuman/").status_code == 200
    assert client.get("/petugas/pengumuman/tulis/").status_code == 200
    form = {**GOOD, "event_start": "", "event_end": "", "attachments": [
        SimpleUploadedFile("sk.pdf", PDF, "application/pdf"), SimpleUploadedFile("peta.png", png_bytes(), "image/png")
    ]}  # fmt: skip
    answer = client.post("/petugas/pengumuman/tulis/", form)
    a = Announcement.objects.get()
    assert answer["Location"] == f"/petugas/pengumuman/{a.pk}/" and len(a.attachments) == 2
    page = client.get(f"/petugas/pengumuman/{a.pk}/").content.decode()
    assert "Ajukan untuk diperiksa" in page and 'data-phase="draft"' in page
    assert client.get(f"/petugas/pengumuman/{a.pk}/lampiran/{a.attachments[0]['sha256']}.pdf").status_code == 200
    client.post(f"/petugas/pengumuman/{a.pk}/ajukan/")
    refused = client.post(f"/petugas/pengumuman/{a.pk}/setujui/")
    assert refused.status_code == 403 and 'data-code="second_person_required"' in refused.content.decode()

    client.force_login(writers["second"])
    assert "Setujui" in client.get(f"/petugas/pengumuman/{a.pk}/").content.decode()
    client.post(f"/petugas/pengumuman/{a.pk}/setujui/")
    past = client.post(f"/petugas/pengumuman/{a.pk}/jadwalkan/", {"publish_at": _local(clock.now() - timedelta(1))})
    assert past.status_code == 400 and 'data-code="publish_at_past"' in past.content.decode()
    when = clock.now() + timedelta(minutes=10)
    client.post(f"/petugas/pengumuman/{a.pk}/jadwalkan/", {"publish_at": _local(when)})
    a.refresh_from_db()
    assert a.state == "scheduled" and a.publish_at == when.replace(microsecond=0)
    assert client.get(f"/pengumuman/baca/{a.pk}/").status_code == 404
    later(timedelta(minutes=10))
    assert client.get(f"/pengumuman/baca/{a.pk}/").status_code == 200

    correction = {**GOOD, "body": GOOD["body"] + " Berkas diterima sampai 20 Desember.", "note": "Batas."}
    short = client.post(f"/petugas/pengumuman/{a.pk}/ralat/", correction)
    assert short.status_code == 400 and 'data-code="reason_required"' in short.content.decode()
    correction["note"] = "Batas penerimaan berkas ditambahkan."
    keep = [f["sha256"] for f in a.attachments]
    assert client.post(f"/petugas/pengumuman/{a.pk}/ralat/", correction)["Location"] == f"/petugas/pengumuman/{a.pk}/"
    a.refresh_from_db()
    assert a.version == 2 and [f["sha256"] for f in a.attachments] == keep
    assert "Diralat pada" in client.get(f"/pengumuman/baca/{a.pk}/").content.decode()
    client.post(f"/petugas/pengumuman/{a.pk}/cabut/", {"reason": "Diganti pengumuman baru."})
    a.refresh_from_db()
    assert a.state == "withdrawn"


def test_bad_input_is_shown_on_the_form(client, writers):
    client.force_login(writers["kominfo"])
    answer = client.post("/petugas/pengumuman/tulis/", {**GOOD, "title": "x"})
    assert answer.status_code == 400 and 'data-code="title_required"' in answer.content.decode()
    bad = SimpleUploadedFile("foto.jpg", b"MZ not an image", "image/jpeg")
    answer = client.post("/petugas/pengumuman/tulis/", {**GOOD, "attachments": [bad]})
    assert answer.status_code == 400 and 'data-code="attachment_invalid"' in answer.content.decode()
    assert not Announcement.objects.exists()


def test_other_regions_and_other_roles_are_kept_out(client, writers):
    client.force_login(writers["author"])
    client.post("/petugas/pengumuman/tulis/", GOOD)
    a = Announcement.objects.get()
    client.force_login(writers["bekasi"])
    assert client.get(f"/petugas/pengumuman/{a.pk}/").status_code == 404
    assert client.post(f"/petugas/pengumuman/{a.pk}/cabut/", {"reason": "bukan urusan Bekasi"}).status_code == 404
    assert client.get("/petugas/pengumuman/").content.decode().count("data-id=") == 0
    client.force_login(writers["pps"])
    assert client.get("/petugas/pengumuman/").status_code == 403
    assert client.post(f"/petugas/pengumuman/{a.pk}/tidak-ada/").status_code == 404
