"""Helpers the sharing tests share: a made-up person, a PDF, an agreement drafted (and approved), an extract
run through the jobs framework."""

from __future__ import annotations

from datetime import date, timedelta

from suara.audit.actors import Actor
from suara.people.nik import nik_make

TODAY = date(2026, 11, 22)
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"xref\n0 3\n0000000000 65535 f \ntrailer<</Size 3/Root 1 0 R>>\nstartxref\n110\n%%EOF\n"
)
FIELDS = ["nama", "usia", "jenis_kelamin", "alamat", "rt", "rw", "kode_desa"]


def person(serial: int, **overrides) -> dict:
    born = overrides.pop("birth_date", date(1990, 5, 17))
    sex = overrides.pop("sex", "P")
    desa = overrides.pop("desa", "3276011006")
    values = {
        "nik": nik_make(desa[:6], born, sex, serial),
        "kk": f"{desa[:6]}01011{serial:05d}",
        "name": f"Sari Wulandari {'ABCDEFGH'[serial % 8]}{serial}",
        "birth_place": "Depok",
        "birth_date": born,
        "sex": sex,
        "marital": "S",
        "kemendagri_desa_code": desa,
        "address": f"Jl. Contoh No. {serial}",
        "rt": "001",
        "rw": "002",
    }
    values.update(overrides)
    return values


def terms(**overrides):
    from suara.sharing.services import AgreementInput

    values = {
        "recipient": "Dinas Kesehatan Kota Depok",
        "purpose": "Undangan vaksinasi lansia dan kelompok rentan di Kota Depok.",
        "legal_basis": "tugas_publik",
        "aggregation": "individu",
        "period_start": TODAY,
        "period_end": TODAY + timedelta(days=90),
        "fields": FIELDS,
        "region_code": "3276",
        "legal_reference": "MoU KPU-Dinkes Nomor 1/2026",
        "organisation": "dinkes-depok",
    }
    return AgreementInput(**{**values, **overrides})


def agreement(drafter, approver=None, **overrides):
    from suara.sharing.services import agreement_approve, agreement_create

    made = agreement_create(actor=Actor.of(drafter), data=terms(**overrides), dpia=PDF, dpia_name="dpia.pdf")
    if approver is not None:
        made = agreement_approve(actor=Actor.of(approver), pk=made.pk)
    return made


def extract(capture, officer, agreement_pk: int, **kwargs):
    """Runs an extract's job (on the immediate backend, through its commit) and returns its job."""
    from suara.sharing.services_extracts import extract_request

    with capture(execute=True):
        job = extract_request(actor=Actor.of(officer), pk=agreement_pk, **kwargs)
    job.refresh_from_db()
    return job
