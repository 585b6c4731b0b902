"""The recapitulation document: a real PDF of a region's children, totals, flags and lock status, tied to
the audit log by the chain's head hash."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

import pytest

from conftest import consistent_tally
from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.audit.services import audit_seal
from suara.core.errors import DomainError, NotFound
from suara.results.recap.fold import recap_fold
from suara.results.recap.locks import recap_lock
from suara.results.recap.pdf import recap_document
from suara.results.recap.rebuild import recap_publish_all
from suara.results.tests.support import pdf_text, record_results, tps_beneath

KECAMATAN = "327601"


def pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", data))


def head_hash() -> str:
    audit_seal()
    return AuditEvent.objects.filter(seq__isnull=False).order_by("-seq").values_list("hash", flat=True).first()


@pytest.fixture
def published(officers):
    record_results(tps_beneath("3276011006")[:3], lambda code: consistent_tally(votes=(60, 30, 10)))
    recap_fold()
    recap_publish_all(contest="ppwp-2024")
    return officers


def test_an_unlocked_kecamatan_document_is_a_pdf_with_its_numbers_and_says_belum_dikunci(published):
    data = recap_document(contest="ppwp-2024", region_code=KECAMATAN)
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert pages(data) >= 1
    text = pdf_text(data)
    assert "Rekapitulasi Hasil Penghitungan Suara" in text
    assert "Kecamatan PANCORAN MAS" in text
    assert "BELUM DIKUNCI" in text
    for name in ("DEPOK JAYA", "RANGKAPAN JAYA BARU", "Prabowo Subianto", "JUMLAH"):
        assert name in text
    assert "(180)" in text and "(300)" in text  # the first pair's votes and the valid votes, 3 TPS
    assert "3/" in text
    assert head_hash() in text
    for flag in ("J1", "J2", "J3", "J4", "J5"):
        assert f"({flag})" in text


def test_a_locked_kecamatan_document_shows_who_locked_it_and_when(officers):
    record_results(tps_beneath(KECAMATAN))
    lock = recap_lock(actor=Actor.of(officers["ppk"]), contest="ppwp-2024", region_code=KECAMATAN)
    text = pdf_text(recap_document(contest="ppwp-2024", region_code=KECAMATAN))
    assert "BELUM DIKUNCI" not in text
    assert "DIKUNCI pada" in text and "PPK (kecamatan)" in text
    local = lock.locked_at.astimezone(ZoneInfo("Asia/Jakarta"))
    assert local.strftime("%d-%m-%Y %H:%M") in text
    assert head_hash() == AuditEvent.objects.get(action="results.recap_lock").hash
    assert head_hash() in text


def test_a_desa_document_lists_its_tps_over_several_pages(published):
    data = recap_document(contest="ppwp-2024", region_code="3276011006")
    text = pdf_text(data)
    assert pages(data) > 1  # 142 TPS
    assert "Desa/Kelurahan DEPOK" in text and "TPS 001" in text and "TPS 142" in text
    assert "Halaman 1" in text and "Halaman 2" in text


@pytest.mark.parametrize(
    ("code", "place"), [("", "Tingkat Nasional"), ("32", "Provinsi JAWA BARAT"), ("3276", "KOTA DEPOK")]
)
def test_every_level_has_its_document(published, code, place):
    text = pdf_text(recap_document(contest="ppwp-2024", region_code=code))
    assert place in text


def test_a_region_without_a_snapshot_or_a_bad_code_is_refused(officers):
    with pytest.raises(NotFound) as err:
        recap_document(contest="ppwp-2024", region_code=KECAMATAN)
    assert err.value.code == "recap_not_found"
    with pytest.raises(DomainError) as err:
        recap_document(contest="ppwp-2024", region_code="32760")
    assert err.value.code == "invalid_region_code"
    with pytest.raises(NotFound) as err:
        recap_document(contest="ppwp-1999", region_code="")
    assert err.value.code == "contest_not_found"
