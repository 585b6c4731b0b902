"""The demo's three member lists (double memberships, same-party duplicates, synthetic people only) and
``suara parties import-members``."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from suara.parties.demo import demo_parties_ensure
from suara.parties.models import Member, MemberListVersion


def test_the_demo_lists_three_parties_with_double_memberships(parties, kemendagri, django_capture_on_commit_callbacks):
    listed = demo_parties_ensure(kecamatan="327601")
    assert listed == {"PKB": 1210, "Gerindra": 1000, "PDI Perjuangan": 860}
    assert not Member.objects.exclude(desa_code__startswith="327601").exists()
    doubles = Member.objects.filter(removed_at__isnull=True).values("nik").annotate(n=Count("party")).filter(n__gt=1)
    assert doubles.count() == 120  # PKB-Gerindra 100, PKB-PDI-P 20
    pkb = MemberListVersion.objects.get(party__code="pkb")
    assert pkb.rejected == 5  # NIKs repeated in its file
    same_person = Member.objects.filter(party__code="pkb").values("name_key", "birth_date", "desa_code")
    assert same_person.annotate(n=Count("id")).filter(n__gt=1).count() >= 10
    assert demo_parties_ensure(kecamatan="327601") == {}  # once
    assert MemberListVersion.objects.count() == 3


def test_import_members_from_the_command_line(parties, members, csv_bytes, tmp_path, capsys):
    rows = members(6)
    path = tmp_path / "anggota.csv"
    path.write_bytes(csv_bytes([*rows, rows[0]]))
    call_command("parties", "import-members", str(path), "--party", "1")
    out = capsys.readouterr().out
    assert "PKB: versi 1 (lengkap), 7 baris, 6 ditambahkan, 0 dihapus, 0 tetap, 1 ditolak" in out
    report = (tmp_path / "anggota.csv.ditolak.csv").read_text()
    assert "nik_duplicate_in_file" in report and rows[0][0] not in report and rows[0][0] not in out
    delta = tmp_path / "hapus.csv"
    delta.write_bytes(csv_bytes(rows[:2], actions=["hapus", "hapus"]))
    call_command(
        "parties", "import-members", str(delta), "--party", "1", "--delta", "--report", str(tmp_path / "r.csv")
    )
    assert "versi 2 (delta)" in capsys.readouterr().out and (tmp_path / "r.csv").exists()
    with pytest.raises(CommandError, match="party_not_found"):
        call_command("parties", "import-members", str(path), "--party", "99")
    with pytest.raises(CommandError, match="members_bad_header"):
        call_command("parties", "import-members", str(delta), "--party", "2")
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("parties", "import-members", str(tmp_path / "nope.csv"), "--party", "2")


def test_the_demo_lists_the_demo_registers_people(parties, kemendagri, tmp_path):
    import csv

    from suara.voters.importing.source import COLUMNS as VOTER_COLUMNS
    from suara.voters.synthetic.voters import SyntheticVoters

    depok, _ = kemendagri
    path = tmp_path / "pemilih-327601.csv"
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(VOTER_COLUMNS)
        writer.writerows(SyntheticVoters(depok, 3000, seed=2024).rows())
    with open(path, encoding="utf-8") as f:
        voters = {row["nik"] for row in csv.DictReader(f)}
    demo_parties_ensure(kecamatan="327601", voter_file=path)
    listed = set(Member.objects.values_list("nik", flat=True))
    assert len(listed - voters) == 60 + 10  # PDI-P's members not on the register, PKB's second NIKs
