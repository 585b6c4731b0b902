"""The demo's data sharing: one approved agreement with Dinas Kesehatan Kota Depok (a made-up vaccination
campaign) for seven fields of the register, drafted by KPU Kota Depok and approved by KPU RI (the demo's
accounts), with one extract of kecamatan Pancoran Mas's synthetic voters run through the jobs framework, and
a partner API key for the recipient's operator account. Once: a second run finds the agreement and goes on.

The extract is a file in the job's private folder (/petugas/berbagi-data/); trace it back with
`suara sharing trace FILE` or the trace page."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from suara.accounts.models import Organisation, User
from suara.accounts.organisations import OrganisationInput, organisation_save
from suara.accounts.roles import Role
from suara.accounts.services import role_assign, user_create, user_set_password
from suara.audit.actors import SYSTEM, Actor
from suara.core import clock
from suara.jobs.runner import job_run
from suara.sharing.models import Agreement, Extract
from suara.sharing.services import AgreementInput, agreement_approve, agreement_create, partner_key_issue
from suara.sharing.services_extracts import extract_request

DEMO_RECIPIENT = "Dinas Kesehatan Kota Depok (demo)"
DEMO_ORGANISATION = OrganisationInput(
    code="dinkes-depok", name="Dinas Kesehatan Kota Depok (demo)", kind="lainnya", region_code="3276"
)
DEMO_PARTNER = "mitra_dinkes"
DEMO_DRAFTER, DEMO_APPROVER = "kpu_depok", "kpu_ri"  # accounts.demo's
DEMO_FIELDS = ["nama", "usia", "jenis_kelamin", "alamat", "rt", "rw", "kode_desa"]
# A one-page blank PDF standing in for the impact assessment (no real document).
DEMO_DPIA = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"trailer<</Size 3/Root 1 0 R>>\nstartxref\n101\n%%EOF\n"
)


@dataclass(frozen=True)
class SharingDemo:
    agreement: int
    extract: int | None
    rows: int
    partner: str
    password: str
    api_key: str


def sharing_demo_ensure(*, kecamatan: str) -> SharingDemo | None:
    """The agreement, its extract of ``kecamatan`` and the partner's key; None when done already or when the
    demo's accounts are missing."""
    if Agreement.objects.filter(recipient=DEMO_RECIPIENT).exists():
        return None
    drafter = User.objects.filter(username=DEMO_DRAFTER).first()
    approver = User.objects.filter(username=DEMO_APPROVER).first()
    if drafter is None or approver is None:
        return None
    if not Organisation.objects.filter(code=DEMO_ORGANISATION.code).exists():
        organisation_save(actor=SYSTEM, data=DEMO_ORGANISATION)
    password = f"demo-{secrets.token_urlsafe(9)}"
    partner = User.objects.filter(username=DEMO_PARTNER).first()
    if partner is None:
        partner = user_create(username=DEMO_PARTNER, password=password, actor=SYSTEM)
        role_assign(user=partner, role=Role.ORGANISATION_OPERATOR.value, scope=DEMO_ORGANISATION.code, actor=SYSTEM)
    else:
        user_set_password(user=partner, password=password, actor=SYSTEM)
    today = clock.today()
    terms = AgreementInput(
        recipient=DEMO_RECIPIENT,
        purpose=(
            "Undangan vaksinasi influenza bagi warga lanjut usia di Kota Depok (kampanye rekaan untuk demo): "
            "nama, usia dan alamat untuk mendatangi rumah warga."
        ),
        legal_basis="tugas_publik",
        legal_reference="Nota kesepahaman KPU Kota Depok dan Dinas Kesehatan Kota Depok Nomor 1/DEMO/2026 (rekaan)",
        aggregation="individu",
        period_start=today,
        period_end=today + timedelta(days=180),
        fields=DEMO_FIELDS,
        region_code="3276",
        organisation=DEMO_ORGANISATION.code,
    )
    made = agreement_create(actor=Actor.of(drafter), data=terms, dpia=DEMO_DPIA, dpia_name="dpia-vaksinasi-demo.pdf")
    agreement_approve(actor=Actor.of(approver), pk=made.pk)
    job = extract_request(actor=Actor.of(drafter), pk=made.pk, region=kecamatan)
    job_run(job.pk)  # now, rather than by the task worker (which finds it done and skips it)
    extract = Extract.objects.filter(agreement=made).first()
    _, api_key = partner_key_issue(actor=Actor.of(approver), pk=made.pk, username=DEMO_PARTNER)
    return SharingDemo(made.pk, extract.pk if extract else None, extract.rows if extract else 0, DEMO_PARTNER,
                       password, api_key)  # fmt: skip
