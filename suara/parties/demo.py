"""The demo's parties and member lists: the 24 parties of Pemilu 2024, and three of them (PKB, Gerindra,
PDI Perjuangan) with member lists of synthetic people (never real ones) of the demo's kecamatan, uploaded
as an operator would, so the party operator's pages, the checks and the public lookup have data.

The people are the demo register's own (its voter file, when the demo wrote one), so most members are on
the register; a few dozen are not. On purpose, some people are on two parties' lists (double
memberships: PKB and Gerindra share 100, PKB and PDI Perjuangan 20), PKB lists 10 people twice under a
second NIK (same name, birth date and desa: a same-party duplicate) and its file repeats 5 NIKs, which
the door refuses. Once: a second run finds the lists and leaves them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from suara.parties.members.services import members_upload
from suara.parties.models import MemberListVersion, Party
from suara.parties.services import parties_load
from suara.parties.synthetic import OCCUPATIONS, members_csv, synthetic_members
from suara.regions.models import KemendagriRegion, Level

ELECTION = "pemilu-2024"
DEMO_PARTIES = (1, 2, 3)  # PKB, Gerindra, PDI Perjuangan
DEMO_OPERATOR_PARTY = "pkb"  # the demo's party operator account (accounts.demo) works for it
PEOPLE = 2_900


def _from_voter_file(path: Path) -> list[list[str]]:
    """Member rows of the people of a voter file (``voters.importing.source.COLUMNS``)."""
    names = [name for name, _ in OCCUPATIONS[:8]]
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.DictReader(f), start=1):
            address = f"{row['alamat']} RT {row['rt']} RW {row['rw']}"
            rows.append([row["nik"], row["nama"], row["jenis_kelamin"], row["tanggal_lahir"], row["kode_desa"],
                         address, names[n % len(names)], f"KTA-{n:07d}"])  # fmt: skip
            if len(rows) >= PEOPLE:
                break
    return rows


def _second_nik(nik: str) -> str:
    """Another valid NIK for the same person: the same kecamatan, birth date and sex, another serial."""
    serial = (int(nik[12:]) + 5000) % 10000 or 1
    return f"{nik[:12]}{serial:04d}"


def demo_parties_ensure(*, kecamatan: str, voter_file: Path | None = None, actor: str = "demo") -> dict[str, int]:
    """Loads the parties and uploads the three demo lists; returns the members listed per party (empty
    when they were there already)."""
    parties_load(actor=actor)
    parties = {p.number: p for p in Party.objects.filter(election__slug=ELECTION, number__in=DEMO_PARTIES)}
    if MemberListVersion.objects.filter(party__in=parties.values()).exists():
        return {}
    desa = sorted(
        KemendagriRegion.objects.filter(level=Level.DESA, code__startswith=kecamatan).values_list("code", flat=True)
    )
    people = _from_voter_file(voter_file) if voter_file and voter_file.is_file() else []
    if len(people) < PEOPLE:
        people += list(synthetic_members(desa, PEOPLE - len(people), seed=2024))
    known = {row[0] for row in people}
    # Not on the register (another draw: a NIK it shares with the register would be two people's).
    outsiders = [row for row in synthetic_members(desa, 80, seed=4242, kta_prefix="KTA-L") if row[0] not in known][:60]
    same_person = [[_second_nik(row[0]), *row[1:7], row[7] + "-B"] for row in people[200:210]]
    lists = {
        1: people[:1200] + same_person + people[:5],  # the last 5 repeat NIKs: refused at the door
        2: people[1100:2100],  # 100 shared with PKB
        3: people[2100:2880] + people[1000:1020] + outsiders,  # 20 shared with PKB
    }
    listed = {}
    for number, rows in lists.items():
        party = parties[number]
        result = members_upload(party=party, stream=io.BytesIO(members_csv(rows)), actor=actor,
                                file_name=f"anggota-{party.code}.csv")  # fmt: skip
        listed[party.abbreviation] = result.added
    return listed
