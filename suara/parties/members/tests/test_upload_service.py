"""members_upload: every row rule's code in the report (never a value), whole lists replacing the
current one, deltas, versions, the signal, and a failure part-way leaving the list as it was."""

from __future__ import annotations

import csv
import io

import pytest

from suara.audit.models import AuditEvent
from suara.core.errors import DomainError
from suara.parties.members.rows import COLUMNS, report_csv
from suara.parties.members.selectors import members_as_of, status_counts, version_get
from suara.parties.members.services import members_upload
from suara.parties.models import Member, MemberListVersion
from suara.parties.signals import member_list_changed


def upload(party, data: bytes, *, delta=False, **kwargs):
    return members_upload(party=party, stream=io.BytesIO(data), actor="operator_pkb", role="party_operator",
                          delta=delta, file_name="anggota.csv", **kwargs)  # fmt: skip


def current_niks(party) -> set[str]:
    return set(Member.objects.filter(party=party, removed_at__isnull=True).values_list("nik", flat=True))


def test_a_first_whole_list_goes_in_as_version_1(parties, members, csv_bytes, django_capture_on_commit_callbacks):
    pkb = parties["pkb"]
    rows = members(50)
    heard = []
    member_list_changed.connect(receiver := lambda sender, **kw: heard.append(kw), weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            result = upload(pkb, csv_bytes(rows))
    finally:
        member_list_changed.disconnect(receiver)
    assert (result.version, result.rows, result.added, result.rejected, result.problems) == (1, 50, 50, 0, [])
    assert current_niks(pkb) == {r[0] for r in rows}
    listing = Member.objects.get(party=pkb, nik=rows[0][0])
    assert (listing.name, listing.desa_code, listing.kabkota_code, listing.added_version) == (
        rows[0][1], rows[0][4], "3276", 1)  # fmt: skip
    assert listing.name_key and listing.occupation == rows[0][6]
    version = MemberListVersion.objects.get(party=pkb)
    assert (version.number, version.kind, version.added, version.rows_read, version.created_by) == (
        1, "full", 50, 50, "operator_pkb")  # fmt: skip
    assert heard == [{"signal": member_list_changed, "party_id": pkb.pk, "version": 1}]
    event = AuditEvent.objects.get(action="parties.members_upload")
    assert event.object_code == "pkb" and "versi 1" in event.summary and rows[0][0] not in event.summary
    # The membership checks ran on the signal, after the upload committed: every listing has a status.
    assert status_counts(pkb)[""] == 0 and status_counts(pkb)["total"] == 50


def test_a_whole_list_replaces_the_current_one(parties, members, csv_bytes):
    pkb = parties["pkb"]
    first = members(30)
    upload(pkb, csv_bytes(first))
    later = members(40, seed=2)
    changed = list(first[5])
    changed[5] = "Jl. Baru No. 1"
    second_file = first[:5] + [changed] + first[6:20] + later[:10]  # 10 gone, 10 new, one with a new address
    result = upload(pkb, csv_bytes(second_file))
    assert (result.version, result.added, result.removed, result.kept, result.updated) == (2, 10, 10, 20, 1)
    assert current_niks(pkb) == {r[0] for r in second_file}
    gone = Member.objects.get(party=pkb, nik=first[25][0])
    assert (gone.removed_version, gone.removed_reason, gone.added_version) == (2, "upload", 1)
    assert gone.removed_at == MemberListVersion.objects.get(party=pkb, number=2).created_at
    stayed = Member.objects.get(party=pkb, nik=first[5][0])
    assert (stayed.added_version, stayed.address, stayed.removed_at) == (1, "Jl. Baru No. 1", None)
    assert Member.objects.get(party=pkb, nik=later[0][0]).added_version == 2
    # Read back as of each version.
    v1, v2 = version_get(party=pkb, number=1), version_get(party=pkb, number=2)
    assert set(members_as_of(party=pkb, version=v1).values_list("nik", flat=True)) == {r[0] for r in first}
    assert set(members_as_of(party=pkb, version=v2).values_list("nik", flat=True)) == {r[0] for r in second_file}


def test_a_delta_adds_and_removes_and_refuses_what_the_list_contradicts(parties, members, csv_bytes):
    pkb = parties["pkb"]
    first = members(20)
    upload(pkb, csv_bytes(first))
    new = members(25, seed=3)[:5]
    outsider = members(30, seed=4)[0]
    rows = [*new, first[0], first[1], outsider, first[2]]
    actions = ["tambah"] * 5 + ["hapus", "hapus", "hapus", "tambah"]
    result = upload(pkb, csv_bytes(rows, actions=actions), delta=True)
    assert (result.version, result.added, result.removed, result.rejected) == (2, 5, 2, 2)
    assert [(p.line, p.code, p.column) for p in result.problems] == [(9, "not_listed", "nik"),
                                                                      (10, "already_listed", "nik")]  # fmt: skip
    assert current_niks(pkb) == {r[0] for r in first[2:] + new}
    removed = Member.objects.get(party=pkb, nik=first[0][0])
    assert (removed.removed_version, removed.removed_reason) == (2, "upload")
    assert MemberListVersion.objects.get(party=pkb, number=2).kind == "delta"


def test_a_removal_needs_only_the_nik(parties, members, csv_bytes):
    pkb = parties["pkb"]
    first = members(3)
    upload(pkb, csv_bytes(first))
    data = ",".join((*COLUMNS, "aksi")).encode() + f"\n{first[0][0]},,,,,,,,HAPUS\n".encode()
    result = upload(pkb, data, delta=True)
    assert (result.removed, result.rejected) == (1, 0)


def spoil(row: list[str], **cells) -> list[str]:
    row = list(row)
    for column, value in cells.items():
        row[COLUMNS.index(column)] = value
    return row


@pytest.mark.parametrize(
    ("cells", "code", "column"),
    [
        ({"nik": "12345"}, "nik_length", "nik"),
        ({"nik": "32760110066A0001"}, "nik_not_digits", "nik"),
        ({"kode_desa": "3276019999"}, "unknown_desa", "kode_desa"),
        ({"kode_desa": "327601100"}, "unknown_desa", "kode_desa"),
        ({"jenis_kelamin": "X"}, "invalid_sex", "jenis_kelamin"),
        ({"tanggal_lahir": "12/01/1980"}, "invalid_birth_date", "tanggal_lahir"),
        ({"tanggal_lahir": "2031-01-01"}, "birth_date_in_future", "tanggal_lahir"),
        ({"nama": ""}, "name_required", "nama"),
        ({"nama": "A" * 151}, "name_too_long", "nama"),
        ({"alamat": "J" * 251}, "address_too_long", "alamat"),
        ({"pekerjaan": "P" * 101}, "occupation_too_long", "pekerjaan"),
        ({"no_kta": "K" * 41}, "kta_too_long", "no_kta"),
    ],
)
def test_each_row_rule_refuses_with_its_code_and_never_the_value(parties, members, csv_bytes, cells, code, column):
    rows = members(3)
    bad = spoil(rows[1], **cells)
    result = upload(parties["pkb"], csv_bytes([rows[0], bad, rows[2]]))
    assert (result.added, result.rejected) == (2, 1)
    assert (result.problems[0].line, result.problems[0].code, result.problems[0].column) == (3, code, column)
    report = report_csv(result.problems).decode()
    assert rows[1][0] not in report and bad[0] not in report and rows[1][1] not in report


def test_nik_rules_birth_date_and_sex_against_the_nik(parties, members, csv_bytes):
    rows = members(6)
    nik = rows[0][0]
    born = rows[1][3]
    other_year = f"{int(born[:4]) - 1}{born[4:]}"
    spoilt = [
        spoil(rows[0], nik="990999" + nik[6:]),  # no such kecamatan
        spoil(rows[0], nik=nik[:8] + "13" + nik[10:]),  # month 13
        spoil(rows[0], nik=nik[:12] + "0000"),
        spoil(rows[1], tanggal_lahir=other_year),  # the birth date is not the NIK's
        spoil(rows[2], jenis_kelamin="P" if rows[2][2] == "L" else "L"),
    ]
    result = upload(parties["pkb"], csv_bytes([rows[5], *spoilt]))
    assert result.added == 1
    by_line: dict[int, set[str]] = {}
    for p in result.problems:
        by_line.setdefault(p.line, set()).add(p.code)
    assert by_line == {3: {"nik_unknown_kecamatan"}, 4: {"nik_bad_date", "nik_birth_date_mismatch"},
                       5: {"nik_zero_serial"}, 6: {"nik_birth_date_mismatch"}, 7: {"nik_sex_mismatch"}}  # fmt: skip


def test_a_nik_twice_in_the_file_is_refused_after_its_first_line(parties, members, csv_bytes):
    rows = members(3)
    result = upload(parties["pkb"], csv_bytes([rows[0], rows[1], rows[0], rows[2], rows[0]]))
    assert result.added == 3
    assert [(p.line, p.code) for p in result.problems] == [(4, "nik_duplicate_in_file"), (6, "nik_duplicate_in_file")]
    assert "baris 2" in result.problems[0].reason and rows[0][0] not in result.problems[0].reason


def test_a_local_aceh_party_takes_members_of_aceh_only(parties, members, csv_bytes):
    aceh, depok = members(3, aceh=True), members(2)
    result = upload(parties["pna"], csv_bytes([*aceh, *depok]))
    assert result.added == 3
    assert {(p.code, p.column) for p in result.problems} == {("desa_outside_party_area", "kode_desa")}
    assert result.rejected == 2
    # A national party takes both.
    assert upload(parties["pkb"], csv_bytes([*aceh, *depok])).added == 5


def test_broken_rows_and_bad_encoding_are_reported_per_line(parties, members, csv_bytes):
    rows = members(4)
    good = csv_bytes(rows).decode().splitlines()
    lines = [good[0], good[1], "1,2,3", good[2].replace(rows[1][1], rows[1][1] + "\udcff"), good[3] + ",extra", good[4]]
    data = "\n".join(lines).encode("utf-8", "surrogateescape") + b"\n"
    nul = "\n".join([good[0], good[1].replace(rows[0][5], rows[0][5] + "\x00")]).encode() + b"\n"
    result = upload(parties["pkb"], data)
    assert [(p.line, p.code) for p in result.problems] == [(3, "row_broken"), (4, "row_not_utf8"), (5, "row_broken")]
    assert result.added == 2
    assert [p.code for p in upload(parties["gerindra"], nul).problems] == ["row_nul"]


def test_a_list_whose_every_row_is_refused_changes_nothing(parties, members, csv_bytes):
    pkb = parties["pkb"]
    rows = members(5)
    upload(pkb, csv_bytes(rows))
    result = upload(pkb, csv_bytes([spoil(r, jenis_kelamin="X") for r in rows]))
    assert (result.applied, result.version, result.rejected, result.removed) == (False, None, 5, 0)
    assert current_niks(pkb) == {r[0] for r in rows}
    assert MemberListVersion.objects.filter(party=pkb).count() == 1
    assert "semuanya ditolak" in AuditEvent.objects.filter(action="parties.members_upload").last().summary


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "members_file_empty"),
        (",".join(COLUMNS).encode() + b"\n", "members_file_empty"),
        (b"nik,nama\n1,2\n", "members_bad_header"),
        (
            "nik,nama,jenis_kelamin,tanggal_lahir,kode_desa,alamat,pekerjaan,no_kta\xe9\n".encode("latin-1"),
            "members_not_utf8",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "members_xls_unsupported"),
        (b"PK\x03\x04broken zip", "members_bad_xlsx"),
    ],
)
def test_a_file_that_is_no_member_list_is_refused_whole(parties, kemendagri, data, code):
    with pytest.raises(DomainError) as caught:
        upload(parties["pkb"], data)
    assert caught.value.code == code
    assert not Member.objects.exists() and not MemberListVersion.objects.exists()
    assert not AuditEvent.objects.filter(action="parties.members_upload").exists()


def test_a_delta_file_needs_the_action_column(parties, members, csv_bytes):
    with pytest.raises(DomainError) as caught:
        upload(parties["pkb"], csv_bytes(members(2)), delta=True)
    assert caught.value.code == "members_bad_header"
    result = upload(parties["pkb"], csv_bytes(members(2), actions=["tambah", "ubah"]), delta=True)
    assert [(p.line, p.code, p.column) for p in result.problems] == [(3, "invalid_action", "aksi")]


@pytest.mark.parametrize("first_upload", [True, False])
def test_a_failure_part_way_leaves_the_list_as_it_was(parties, members, csv_bytes, first_upload):
    pkb = parties["pkb"]
    before = set()
    if not first_upload:
        upload(pkb, csv_bytes(members(10)))
        before = current_niks(pkb)
    calls = []

    def progress(rows, fraction):
        calls.append(rows)
        if fraction < 1.0:
            raise KeyboardInterrupt  # the operator's Ctrl-C, or a cancelled job, mid-file

    from suara.parties.members import services

    rows = members(60, seed=9)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(services, "PROGRESS_EVERY", 25)
        with pytest.raises(KeyboardInterrupt):
            upload(pkb, csv_bytes(rows), progress=progress)
    assert calls == [25]
    assert current_niks(pkb) == before
    assert MemberListVersion.objects.filter(party=pkb).count() == (0 if first_upload else 1)


def test_xlsx_lists_are_read_like_csv(parties, members):
    from openpyxl import Workbook

    rows = members(3)
    book = Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    result = upload(parties["pkb"], out.getvalue())
    assert (result.kind, result.added, result.problems) == ("xlsx", 3, [])


def test_the_export_of_a_version_is_audited(parties, members, csv_bytes):
    from suara.parties.members.services import members_export

    pkb = parties["pkb"]
    rows = members(5)
    upload(pkb, csv_bytes(rows))
    upload(pkb, csv_bytes(rows[:3]))
    exported = list(members_export(party=pkb, version=1, actor="operator_pkb", role="party_operator"))
    assert exported[0][0] == "nik" and len(exported) == 6
    assert {r[0] for r in exported[1:]} == {r[0] for r in rows}
    assert len(list(members_export(party=pkb, version=2, actor="operator_pkb", role="party_operator"))) == 4
    assert AuditEvent.objects.filter(action="parties.members_export").count() == 2
    with pytest.raises(DomainError) as caught:
        list(members_export(party=pkb, version=3, actor="operator_pkb", role="party_operator"))
    assert caught.value.code == "member_version_not_found"
    out = io.StringIO()
    csv.writer(out).writerows(exported)
