"""The demo's data sharing: an approved agreement with its extract of the demo kecamatan's voters, a partner
key that reads, and the extract traces back to its recipient; a second run adds nothing."""

from __future__ import annotations

import pytest

from suara.audit.actors import Actor
from suara.jobs.models import Job
from suara.sharing.demo import sharing_demo_ensure
from suara.sharing.models import Agreement, Extract
from suara.sharing.services import state_of
from suara.sharing.services_extracts import extract_download
from suara.sharing.services_trace import leak_trace

pytestmark = pytest.mark.django_db


def test_the_demo_shares_once_and_its_extract_traces_back(client, geography, people, register):
    done = sharing_demo_ensure(kecamatan="327601")
    agreement = Agreement.objects.get(pk=done.agreement)
    assert state_of(agreement) == "active" and agreement.approved_by.username == "kpu_ri"
    assert agreement.fields == ["nama", "usia", "jenis_kelamin", "alamat", "rt", "rw", "kode_desa"]
    extract = Extract.objects.get(pk=done.extract)
    assert done.rows == extract.rows == 5 and Job.objects.get().state == "done"
    path, _ = extract_download(actor=Actor.of(people["kpu_depok"]), pk=extract.pk)
    result = leak_trace(actor=Actor.of(people["kpu_ri"]), raw=path.read_bytes())
    assert result.matches[0].recipient == "Dinas Kesehatan Kota Depok (demo)"
    answer = client.get("/api/v1/berbagi-data/mitra/data", HTTP_AUTHORIZATION=f"Bearer {done.api_key}")
    assert answer.status_code == 200 and len(answer.json()["rows"]) == 5
    assert sharing_demo_ensure(kecamatan="327601") is None
