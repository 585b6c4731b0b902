"""The demo's parties and member lists: the 24 parties of Pemilu 2024, and three of them (PKB, Gerindra,
PDI Perjuangan) with member lists of synthetic people (never real ones) of the demo's kecamatan, uploaded
as an operator would, so the party operator's pages, the checks and the public lookup have data.

The people are the demo register's own (its voter file, when the demo wrote one), so most members are on
the register; a few dozen are not. On purpose, some people are on two parties' lists (double
memberships: PKB and Gerindra share 100, PKB and PDI Perjuangan 20), PKB lists 10 people twice under a
second NIK (same name, birth date and desa: a same-party duplicate) and its file repeats 5 NIKs, which
the door refuses. Once: a second run finds the lists and leaves them.

Then (``demo_party_work_ensure``, once the demo's accounts exist) every other party page gets something to
show: the election officers' NIK list with one PKB member on it and a made-up population figure for Kota
Depok (named as synthetic), the checks over every list (statuses, reasons, double memberships), PKB's
factual-verification sample in Kota Depok with two outcomes and a replacement, and two complaints about PDI
Perjuangan's listings, one received and one decided. Each once: a second run changes nothing."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.utils import timezone

from suara.accounts.models import User
from suara.audit.actors import Actor
from suara.parties.checks.services import members_check
from suara.parties.checks.services_imports import officer_niks_import, population_import
from suara.parties.complaints.rules import Step
from suara.parties.complaints.services import complaint_file, complaint_step
from suara.parties.complaints.tokens import complaint_token
from suara.parties.members.services import members_upload
from suara.parties.models import (
    Complaint,
    KabkotaPopulation,
    Member,
    MemberListVersion,
    OfficerNik,
    Party,
    PartyCheck,
    VerificationSample,
)
from suara.parties.services import parties_load
from suara.parties.synthetic import OCCUPATIONS, members_csv, synthetic_members
from suara.parties.verification.services import attempt_record, member_decide, replacement_draw, sample_draw
from suara.regions.models import KemendagriRegion, Level

ELECTION = "pemilu-2024"
DEMO_PARTIES = (1, 2, 3)  # PKB, Gerindra, PDI Perjuangan
DEMO_OPERATOR_PARTY = "pkb"  # the demo's party operator account (accounts.demo) works for it
PEOPLE = 2_900
DEMO = Actor.named("demo")


def _from_voter_file(path: Path) -> list[list[str]]:
    """Member rows of the people of a voter file (``voters.importing.source.COLUMNS``)."""
    names = [name for name, _ in OCCUPATIONS[:8]]
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.DictReader(f), start=1):
            address = f"{row['alamat']} RT {row['rt']} RW {row['rw']}"
            rows.append(
                [
                    row["nik"],
                    row["nama"],
                    row["jenis_kelamin"],
                    row["tanggal_lahir"],
                    row["kode_desa"],
                    address,
                    names[n % len(names)],
                    f"KTA-{n:07d}",
                ]
            )
            if len(rows) >= PEOPLE:
                break
    return rows


def _second_nik(nik: str) -> str:
    """Another valid NIK for the same person: the same kecamatan, birth date and sex, another serial."""
    serial = (int(nik[12:]) + 5000) % 10000 or 1
    return f"{nik[:12]}{serial:04d}"


def demo_parties_ensure(*, kecamatan: str, voter_file: Path | None = None, actor: Actor = DEMO) -> dict[str, int]:
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
        result = members_upload(
            party=party, stream=io.BytesIO(members_csv(rows)), actor=actor, file_name=f"anggota-{party.code}.csv"
        )
        listed[party.abbreviation] = result.added
    return listed


# Every party capability with something to see, once the lists are in and the demo's accounts exist.

DEMO_KABKOTA = "3276"  # Kota Depok, where the demo's members live
DEMO_VERIFIER = "kpu_depok"  # accounts.demo's KPU Kota Depok account
# A fixed seed, so that the demo's sample is the same on every machine (a real draw takes 128 fresh random bits).
DEMO_SEED = "5e1ec7ed0de3015a3276000000002024"
DEMO_SOURCE = "Angka sintetis untuk demo Suara, bukan data resmi"
DEMO_POPULATION = 2_000_000  # made up, near Kota Depok's order of size: its requirement is 2,000 (1/1,000)
DEMO_CONTACT = "081200000001"  # the complaints' made-up phone number: SMS stay in the outbox, never sent
# A one-page blank PDF: the demo's signed statement and berita acara stand-in (no person's document).
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"trailer<</Size 3/Root 1 0 R>>\nstartxref\n101\n%%EOF\n"
)


def _current(party: Party):
    return Member.objects.filter(party=party, removed_at__isnull=True, kabkota_code=DEMO_KABKOTA).order_by("pk")


def _demo_checks(election, parties: dict[int, Party]) -> bool:
    """The officer list (one PKB member on it) and the population figure, then the checks over every list,
    so that statuses, reasons and double memberships show. Once."""
    did = False
    if not OfficerNik.objects.exists():
        # A PKB member no other party lists (the lists' first rows are PKB's alone).
        officer = _current(parties[1]).values_list("nik", flat=True)[50:51].first()
        if officer:
            officer_niks_import(data=f"nik\n{officer}\n".encode(), source=DEMO_SOURCE, actor=DEMO)
            did = True
    if not KabkotaPopulation.objects.filter(kabkota_code=DEMO_KABKOTA).exists():
        population_import(
            data=f"kabkota,population,year\n{DEMO_KABKOTA},{DEMO_POPULATION},2024\n".encode(),
            source=DEMO_SOURCE,
            actor=DEMO,
        )
        did = True
    unchecked = Member.objects.filter(party__in=parties.values(), removed_at__isnull=True, checked_at__isnull=True)
    if did or unchecked.exists() or PartyCheck.objects.filter(party__in=parties.values()).count() < len(parties):
        members_check(election=election)
        return True
    return False


def _demo_sample(party: Party, verifier: User) -> bool:
    """PKB's factual-verification sample in Kota Depok: one member confirmed, one who denies and a
    replacement drawn for them. Once."""
    if VerificationSample.objects.filter(party=party, kabkota_code=DEMO_KABKOTA).exists():
        return False
    sample = sample_draw(actor=Actor.of(verifier), party_id=party.pk, kabkota_code=DEMO_KABKOTA, seed=DEMO_SEED)
    first, second = sample.members.order_by("number")[:2]
    for sampled, finding in ((first, "confirmed"), (second, "denies")):
        key = f"demo-decision-{sampled.pk}"
        attempt_record(
            actor=Actor.of(verifier),
            sample_id=sample.pk,
            sampled_id=sampled.pk,
            method="rumah",
            finding=finding,
            attempted_at=timezone.now(),
            key=f"demo-attempt-{sampled.pk}",
        )
        member_decide(actor=Actor.of(verifier), sample_id=sample.pk, sampled_id=sampled.pk, outcome=finding, key=key)
    replacement_draw(actor=Actor.of(verifier), sample_id=sample.pk, sampled_id=second.pk)
    return True


def _demo_complaints(party: Party, verifier: User) -> bool:
    """Two "Saya bukan anggota" complaints about PDI Perjuangan's listings: one just received, one decided
    by KPU Kota Depok (clarified, then upheld with its berita acara). Once."""
    if Complaint.objects.filter(party=party).exists():
        return False
    received, decided = (
        complaint_file(token=complaint_token(member.pk), email="", phone=DEMO_CONTACT, statement=DEMO_PDF, ktp=None)
        for member in _current(party)[:2]
    )
    complaint_step(
        actor=Actor.of(verifier), code=decided.code, step=Step.CLARIFY, note="Dihubungi lewat telepon (demo)."
    )
    complaint_step(
        actor=Actor.of(verifier), code=decided.code, step=Step.DECIDE, note="Dikabulkan (demo).", report=DEMO_PDF
    )
    return True


def demo_party_work_ensure(*, verifier_username: str = DEMO_VERIFIER) -> list[str]:
    """After the lists and the accounts: the checks run (with the officer list and a population figure), a
    verification sample with outcomes, and complaints, each once; returns what it did now (empty when all
    was there)."""
    parties = {p.number: p for p in Party.objects.filter(election__slug=ELECTION, number__in=DEMO_PARTIES)}
    verifier = User.objects.filter(username=verifier_username).first()
    if len(parties) < len(DEMO_PARTIES) or not Member.objects.filter(party__in=parties.values()).exists():
        return []
    done = []
    if _demo_checks(parties[1].election, parties):
        done.append("checks")
    if verifier is not None and _demo_sample(parties[1], verifier):
        done.append("verification sample")
    if verifier is not None and _demo_complaints(parties[3], verifier):
        done.append("complaints")
    return done
