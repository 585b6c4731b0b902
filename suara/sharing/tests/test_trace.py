"""A leaked copy traced back to its extract and recipient, by the service, the command and the page: whole,
in part, as XLSX, without its hash column; an unknown file or one that matches nothing says so clearly."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import DomainError
from suara.sharing.models import Extract
from suara.sharing.services_extracts import extract_download
from suara.sharing.services_trace import leak_trace
from suara.sharing.tests.support import agreement, extract

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaked(people, register, django_capture_on_commit_callbacks):
    """Two extracts of the same voters for two recipients; the first one's file."""
    first = agreement(people["kpu_depok"], people["kpu_ri"])
    second = agreement(people["kpu_depok"], people["kpu_ri"], recipient="Dinas Sosial Kota Depok",
                       fields=["nama", "alamat", "rt", "rw"])  # fmt: skip
    extract(django_capture_on_commit_callbacks, people["kpu_depok"], first.pk)
    extract(django_capture_on_commit_callbacks, people["kpu_depok"], second.pk)
    record = Extract.objects.get(agreement=first)
    path, _ = extract_download(actor=Actor.of(people["kpu_depok"]), pk=record.pk)
    return record, path.read_bytes()


def _rows(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode())))


def _csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def test_the_file_names_its_extract_and_recipient(people, leaked):
    record, raw = leaked
    result = leak_trace(actor=Actor.of(people["kpu_ri"]), raw=raw)
    assert result.found and len(result.matches) == 1
    match = result.matches[0]
    assert match.extract == record and match.recipient == "Dinas Kesehatan Kota Depok"
    assert match.evidence.hashes_matched == 5 and match.evidence.markers_found == (1,)
    event = AuditEvent.objects.get(action="sharing.trace")
    assert event.object_code == str(record.pk) and "Sari" not in event.summary and "5 hash" in event.summary


def test_a_reworked_copy_still_names_it(people, leaked):
    record, raw = leaked
    rows = _rows(raw)
    # Columns reordered, header renamed, two rows kept, saved as XLSX by a spreadsheet.
    book = Workbook()
    sheet = book.active
    sheet.append(["NAMA", "ID", "ALAMAT"])
    for row in rows[1:3]:
        sheet.append([row[1], row[0], row[4]])
    out = io.BytesIO()
    book.save(out)
    result = leak_trace(actor=Actor.of(people["kpu_ri"]), raw=out.getvalue())
    assert [m.extract for m in result.matches] == [record]
    # The hash column dropped: the marker's values still name it.
    stripped = _csv([row[1:] for row in rows])
    result = leak_trace(actor=Actor.of(people["kpu_ri"]), raw=stripped)
    assert [m.extract for m in result.matches] == [record]
    assert result.matches[0].evidence.hashes_matched == 0 and result.matches[0].evidence.markers_by_content == (1,)


def test_a_file_of_other_data_matches_nothing_and_a_bad_file_is_refused(people, leaked):
    unrelated = _csv([["nama", "id_baris"], ["BUDI", "0123456789abcdef0123"]])
    result = leak_trace(actor=Actor.of(people["kpu_ri"]), raw=unrelated)
    assert not result.found and "tidak cocok" in AuditEvent.objects.get(action="sharing.trace").summary
    bad_files = [(b"", "trace_file_empty"), (b"\x89PNG\r\n\x1a\n\x00\x00", "trace_file_invalid"),
                 (b"PK\x03\x04 not a workbook", "trace_file_invalid"), (b" \n\n", "trace_file_empty")]  # fmt: skip
    for raw, code in bad_files:
        with pytest.raises(DomainError) as refused:
            leak_trace(actor=Actor.of(people["kpu_ri"]), raw=raw)
        assert refused.value.code == code
    with pytest.raises(DomainError) as local:
        leak_trace(actor=Actor.of(people["kpu_depok"]), raw=unrelated)
    assert local.value.code == "forbidden"


def test_the_command_names_the_extract_and_the_recipient(people, leaked, tmp_path, capsys):
    record, raw = leaked
    path = tmp_path / "bocor.csv"
    path.write_bytes(raw)
    call_command("sharing", "trace", str(path))
    out = capsys.readouterr().out
    assert f"BERASAL DARI ekstrak #{record.pk}" in out and "Dinas Kesehatan Kota Depok" in out
    assert "5 dari 5 hash berkunci cocok" in out and "1 dari 1 baris penanda" in out
    other = tmp_path / "lain.csv"
    other.write_bytes(_csv([["a", "b"], ["1", "2"]]))
    with pytest.raises(CommandError) as nothing:
        call_command("sharing", "trace", str(other))
    assert nothing.value.returncode == 1 and "trace_no_match" in str(nothing.value)
    (tmp_path / "gambar.csv").write_bytes(b"\x00\x01\x02")
    with pytest.raises(CommandError) as unreadable:
        call_command("sharing", "trace", str(tmp_path / "gambar.csv"))
    assert unreadable.value.returncode == 2 and "trace_file_invalid" in str(unreadable.value)
    with pytest.raises(CommandError) as missing:
        call_command("sharing", "trace", str(tmp_path / "tidak-ada.csv"))
    assert missing.value.returncode == 2


def test_the_trace_page_for_kpu_ri_only(client, people, leaked):
    record, raw = leaked
    client.force_login(people["kpu_depok"])
    assert client.get("/petugas/berbagi-data/jejak/").status_code == 403
    client.force_login(people["kpu_ri"])
    page = client.post("/petugas/berbagi-data/jejak/", {"file": SimpleUploadedFile("x.csv", raw)})
    html = page.content.decode()
    assert page.status_code == 200 and f"ekstrak #{record.pk} untuk Dinas Kesehatan Kota Depok" in html
    assert "Sari Wulandari" not in html
    page = client.post("/petugas/berbagi-data/jejak/", {"file": SimpleUploadedFile("x.csv", b"\x00\x00")})
    assert page.status_code == 400 and 'data-code="trace_file_invalid"' in page.content.decode()
    page = client.post("/petugas/berbagi-data/jejak/", {})
    assert page.status_code == 400 and 'data-code="trace_file_empty"' in page.content.decode()
    page = client.post("/petugas/berbagi-data/jejak/", {"file": SimpleUploadedFile("x.csv", b"a,b\n1,2\n")})
    assert page.status_code == 200 and 'data-code="trace_no_match"' in page.content.decode()


def test_a_trace_result_opens_a_breach_record(client, people, leaked):
    record, raw = leaked
    client.force_login(people["kpu_ri"])
    html = client.post("/petugas/berbagi-data/jejak/", {"file": SimpleUploadedFile("x.csv", raw)}).content.decode()
    assert "Catat insiden dari hasil ini" in html
    prefill = {"agreements": f"{record.agreement_id} ", "extracts": f"{record.pk} ",
               "evidence": f"ekstrak #{record.pk}: 5 hash cocok dari 5, penanda 1."}  # fmt: skip
    form = client.post("/petugas/berbagi-data/insiden/", prefill).content.decode()  # the button's post
    assert f'name="extracts" maxlength="500" value="{record.pk} "' in form and "5 hash cocok dari 5" in form
