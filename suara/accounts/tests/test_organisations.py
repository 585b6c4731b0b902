"""Organisations (offices that keep party-membership watchlists): KPU RI creates and edits them, on its
page or by the service; every field is checked with a code naming it; one audit event per write."""

from __future__ import annotations

from datetime import time

import pytest
from django.test import Client

from conftest import make_officer
from suara.accounts.models import Organisation
from suara.accounts.organisations import OrganisationInput, organisation_save
from suara.audit.models import AuditEvent
from suara.core.errors import DomainError, PermissionDenied

pytestmark = pytest.mark.django_db


@pytest.fixture
def ri():
    return make_officer("kpu_ri", "kpu_ri", "")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_kpu_ri_creates_an_organisation_with_a_1700_report_by_default_then_changes_it(ri):
    organisation, created = organisation_save(
        actor=ri, data=OrganisationInput(code="bawaslu-ri", name="Bawaslu  RI", kind="bawaslu")
    )
    assert created and organisation.name == "Bawaslu RI" and organisation.report_time == time(17, 0)
    _, created = organisation_save(
        actor=ri,
        data=OrganisationInput(
            code="bawaslu-ri", name="Bawaslu RI", kind="bawaslu", report_time="16:30",
            report_emails="a@bawaslu.example, b@bawaslu.example\na@bawaslu.example",
        ),
    )  # fmt: skip
    organisation.refresh_from_db()
    assert not created and organisation.report_time == time(16, 30)
    assert organisation.emails == ["a@bawaslu.example", "b@bawaslu.example"]
    events = list(AuditEvent.objects.filter(action="accounts.organisation_save").order_by("pk"))
    assert [e.object_code for e in events] == ["bawaslu-ri", "bawaslu-ri"]
    assert events[0].role == "kpu_ri" and "dibuat" in events[0].summary and "diubah" in events[1].summary
    assert "bawaslu.example" not in events[1].summary


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": "Bawaslu RI"}, "code"),
        ({"code": ""}, "code"),
        ({"name": " "}, "name"),
        ({"kind": "partai"}, "kind"),
        ({"region_code": "32a"}, "region_code"),
        ({"region_code": "3276"}, "region_code"),  # well-formed, but no such region here
        ({"report_time": "5 sore"}, "report_time"),
        ({"report_time": "24:00"}, "report_time"),
        ({"report_emails": "bukan-surel"}, "report_emails"),
        ({"report_emails": " ".join(f"a{i}@x.example" for i in range(11))}, "report_emails"),
    ],
)
def test_each_bad_field_is_named_and_nothing_is_written(ri, changes, field):
    data = {"code": "bawaslu-ri", "name": "Bawaslu RI", "kind": "bawaslu"} | changes
    with pytest.raises(DomainError) as refused:
        organisation_save(actor=ri, data=OrganisationInput(**data))
    assert (refused.value.code, refused.value.field, refused.value.status) == ("invalid_organisation", field, 400)
    assert not Organisation.objects.exists()
    assert not AuditEvent.objects.filter(action="accounts.organisation_save").exists()


def test_only_kpu_ri_manages_organisations(ri, geography):
    for username, role, scope in (("kpu_jabar", "kpu_provinsi", "32"), ("kpu_depok", "kpu_kabkota", "3276")):
        with pytest.raises(PermissionDenied):
            organisation_save(
                actor=make_officer(username, role, scope),
                data=OrganisationInput(code="kominfo-depok", name="Diskominfo Depok", kind="diskominfo"),
            )
    assert not Organisation.objects.exists()


def test_the_page_lists_creates_and_edits(ri):
    client = signed_in(ri)
    assert client.get("/petugas/akun/organisasi/").status_code == 200
    answer = client.post(
        "/petugas/akun/organisasi/",
        {"code": "kominfo-depok", "name": "Diskominfo Kota Depok", "kind": "diskominfo", "report_time": "17:00"},
    )
    assert answer.status_code == 302 and answer.url == "/petugas/akun/organisasi/kominfo-depok/"
    page = client.get(answer.url).content.decode()
    assert "Diskominfo Kota Depok" in page and 'value="17:00"' in page
    answer = client.post(
        answer.url,
        {"code": "kominfo-depok", "name": "Diskominfo Kota Depok", "kind": "diskominfo", "report_time": "7:5"},
    )
    assert answer.status_code == 400 and "JJ:MM" in answer.content.decode()
    answer = client.post(
        "/petugas/akun/organisasi/kominfo-depok/",
        {"code": "kominfo-lain", "name": "Lain", "kind": "diskominfo", "report_time": "17:00"},
    )
    assert answer.status_code == 400 and not Organisation.objects.filter(code="kominfo-lain").exists()
    assert client.get("/petugas/akun/organisasi/tidak-ada/").status_code == 404
    assert "Organisasi pemantau" in client.get("/dasbor/").content.decode()


def test_the_page_refuses_everyone_but_kpu_ri(ri):
    organisation_save(actor=ri, data=OrganisationInput(code="kominfo-depok", name="Diskominfo", kind="diskominfo"))
    client = signed_in(make_officer("operator_depok", "organisation_operator", "kominfo-depok"))
    assert client.get("/petugas/akun/organisasi/").status_code == 403
    assert client.get("/petugas/akun/organisasi/kominfo-depok/").status_code == 403
    answer = client.post("/petugas/akun/organisasi/", {"code": "x", "name": "X", "kind": "kpu", "report_time": "17:00"})
    assert answer.status_code == 403 and Organisation.objects.count() == 1
