"""Breach records: the affected agreements and extracts, the 3 × 24 hour clock, the notices for the
supervisory body and the people (Indonesian, naming the data, when, what is done, the contact), audited;
refusals write nothing. The pages and the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from suara.accounts.tokens import token_issue
from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import DomainError
from suara.sharing.models import Breach, Extract
from suara.sharing.notices import breach_notices
from suara.sharing.services_breaches import BreachInput, breach_notified, breach_record
from suara.sharing.tests.support import agreement, extract

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(people, register, django_capture_on_commit_callbacks):
    made = agreement(people["kpu_depok"], people["kpu_ri"])
    extract(django_capture_on_commit_callbacks, people["kpu_depok"], made.pk)
    return made, Extract.objects.get()


def _input(**overrides) -> BreachInput:
    values = {
        "found_at": timezone.now() - timedelta(hours=5),
        "description": "Salinan ekstrak ditawarkan di forum jual-beli data.",
        "measures": "Kunci mitra dicabut; penerima diminta memusnahkan salinan; laporan ke kepolisian.",
        "contact": "PPID KPU RI, ppid@kpu.go.id, (021) 3193 7223",
        "extracts": [],
        "agreements": [],
    }
    return BreachInput(**{**values, **overrides})


def test_a_breach_from_an_extract_with_its_clock_and_notices(people, shared):
    made, record = shared
    breach = breach_record(actor=Actor.of(people["kpu_ri"]), data=_input(extracts=[record.pk], evidence="5 hash"))
    assert list(breach.agreements.all()) == [made] and list(breach.extracts.all()) == [record]
    notices = breach_notices(breach)
    for text in (notices.authority, notices.people):
        assert "Dinas Kesehatan Kota Depok" in text and "Nama, Usia, Jenis kelamin, Alamat" in text
        assert "ppid@kpu.go.id" in text and "Kunci mitra dicabut" in text and "Sari" not in text
    assert "Pasal 46" in notices.authority and "5 orang" in notices.authority and "3 x 24 jam" in notices.authority
    assert "/berbagi-data/" in notices.people
    assert AuditEvent.objects.filter(action="sharing.breach_create", object_code=str(breach.pk)).count() == 1
    notified = breach_notified(actor=Actor.of(people["kpu_ri"]), pk=breach.pk)
    assert notified.notified_at is not None and notified.notified_by == "kpu_ri"
    with pytest.raises(DomainError) as twice:
        breach_notified(actor=Actor.of(people["kpu_ri"]), pk=breach.pk)
    assert twice.value.code == "breach_already_notified" and twice.value.status == 409
    assert "melewati" not in AuditEvent.objects.get(action="sharing.breach_notified").summary


def test_a_late_notice_is_recorded_as_late(people, shared):
    made, _ = shared
    data = _input(agreements=[made.pk], found_at=timezone.now() - timedelta(hours=80))
    breach = breach_record(actor=Actor.of(people["kpu_ri"]), data=data)
    breach_notified(actor=Actor.of(people["kpu_ri"]), pk=breach.pk)
    assert "melewati 3 x 24 jam" in AuditEvent.objects.get(action="sharing.breach_notified").summary


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"extracts": []}, "breach_nothing_affected"),
        ({"extracts": [9999]}, "breach_nothing_affected"),
        ({"agreements": ["x"]}, "breach_nothing_affected"),
        ({"found_at": timezone.now() + timedelta(days=1)}, "breach_invalid"),
        ({"found_at": "kemarin"}, "breach_invalid"),
        ({"description": "bocor"}, "breach_invalid"),
        ({"measures": ""}, "breach_invalid"),
        ({"contact": ""}, "breach_invalid"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(people, shared, overrides, code):
    _, record = shared
    data = {"extracts": [record.pk], **overrides}
    with pytest.raises(DomainError) as refused:
        breach_record(actor=Actor.of(people["kpu_ri"]), data=_input(**data))
    assert refused.value.code == code and refused.value.status == 400
    assert not Breach.objects.exists() and not AuditEvent.objects.filter(action="sharing.breach_create").exists()


def test_only_kpu_ri_records(people, shared):
    _, record = shared
    with pytest.raises(DomainError) as local:
        breach_record(actor=Actor.of(people["kpu_depok"]), data=_input(extracts=[record.pk]))
    assert local.value.code == "forbidden"


def test_the_pages_count_down_and_flag_overdue(client, people, shared):
    made, record = shared
    client.force_login(people["kpu_ri"])
    form = {"action": "create", "found_at": (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "description": "Salinan ekstrak ditemukan di media sosial.", "measures": "Penerima diminta menghapus.",
            "contact": "PPID KPU RI", "extracts": str(record.pk), "agreements": ""}  # fmt: skip
    created = client.post("/petugas/berbagi-data/insiden/", form)
    assert created.status_code == 302
    breach = Breach.objects.get()
    html = client.get(f"/petugas/berbagi-data/insiden/{breach.pk}/").content.decode()
    assert 'data-deadline="' in html and 'data-overdue="tidak"' in html and '<span data-part="hours">69</span>' in html
    assert "Pemberitahuan kepada lembaga pengawas" in html and "Dinas Kesehatan Kota Depok" in html
    old = breach_record(actor=Actor.of(people["kpu_ri"]), data=_input(extracts=[record.pk],
                        found_at=timezone.now() - timedelta(hours=75)))  # fmt: skip
    html = client.get(f"/petugas/berbagi-data/insiden/{old.pk}/").content.decode()
    assert 'data-overdue="ya"' in html and "Lewat batas 3 jam" in html
    listing = client.get("/petugas/berbagi-data/insiden/").content.decode()
    assert f'data-breach="{old.pk}" data-overdue' in listing and "sisa 69 jam" in listing
    assert client.post(f"/petugas/berbagi-data/insiden/{breach.pk}/", {"action": "notified"}).status_code == 302
    bad = client.post("/petugas/berbagi-data/insiden/", {**form, "extracts": "", "agreements": ""})
    assert bad.status_code == 400 and 'data-code="breach_nothing_affected"' in bad.content.decode()
    client.force_login(people["kpu_depok"])
    assert client.get("/petugas/berbagi-data/insiden/").status_code == 403
    assert client.get(f"/petugas/berbagi-data/insiden/{breach.pk}/").status_code == 403


def test_the_api(client, people, shared):
    _, record = shared
    _, plaintext = token_issue(user=people["kpu_ri"], name="t", actor=Actor.named("test"))
    auth = {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}
    body = {"found_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "description": "Salinan ekstrak beredar di grup pesan.", "measures": "Penerima diminta menghapus.",
            "contact": "PPID KPU RI", "extracts": [record.pk]}  # fmt: skip
    created = client.post("/api/v1/berbagi-data/insiden", body, "application/json", **auth)
    assert created.status_code == 201, created.json()
    answer = created.json()
    assert answer["hours_left"] == 70 and not answer["overdue"] and "Dinas Kesehatan" in answer["notice_people"]
    assert client.get(f"/api/v1/berbagi-data/insiden/{answer['id']}", **auth).json()["extracts"] == [record.pk]
    bad = client.post("/api/v1/berbagi-data/insiden", {**body, "extracts": []}, "application/json", **auth)
    assert bad.status_code == 400 and bad.json()["code"] == "breach_nothing_affected"
    done = client.post(f"/api/v1/berbagi-data/insiden/{answer['id']}/diberitahukan", **auth)
    assert done.status_code == 200 and done.json()["notified_at"]
    _, local = token_issue(user=people["kpu_depok"], name="t", actor=Actor.named("test"))
    refused = client.get("/api/v1/berbagi-data/insiden", HTTP_AUTHORIZATION=f"Bearer {local}")
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
