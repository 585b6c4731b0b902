"""Writes to elections, contests, candidates and stages."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from importlib import resources

from django.db import connection, transaction

from suara.audit.actors import Actor
from suara.audit.services import audit_record
from suara.core.errors import Conflict, DomainError, NotFound
from suara.elections import signals
from suara.elections.audit_actions import ElectionAuditAction
from suara.elections.candidates_csv import CandidateRow, read_candidates
from suara.elections.errors import ElectionErrorCode
from suara.elections.models import Candidate, Contest, Election, Stage
from suara.regions.models import Region

CANDIDATE_FIELDS = ("kind", "name", "head_name", "deputy_name", "parties")


def _shipped_elections() -> list[dict]:
    raw = resources.files("suara.elections").joinpath("data/elections.json").read_text(encoding="utf-8")
    return json.loads(raw)["elections"]


def _shipped_candidates(path: str) -> list[dict]:
    """A candidate file shipped in elections/data, in the shape of elections.json's candidates."""
    data = resources.files("suara.elections").joinpath(f"data/{path}").read_bytes()
    rows, problems = read_candidates(data)
    if problems:
        raise DomainError(ElectionErrorCode.CANDIDATES_FILE_INVALID, f"{path}: " + "; ".join(str(p) for p in problems))
    return [_candidate_fields(row) | {"number": row.number} for row in rows]


def _candidate_fields(row: CandidateRow) -> dict:
    return {
        "kind": Candidate.Kind.PAIR,
        "name": row.name,
        "head_name": row.head_name,
        "deputy_name": row.deputy_name,
        "parties": list(row.parties),
    }


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _generated_contests(spec: dict) -> list[dict]:
    """Regional-head contests, one per region of a level, from the electoral geography loaded."""
    regions = Region.objects.filter(level=spec["level"]).order_by("code").values_list("code", "name")
    contests = []
    for code, name in regions:
        if code[:2] in spec["except"]:
            continue
        if spec["ballot_type"] == "gubernur":
            ballot_type, head, label = Contest.BallotType.GUBERNUR, "Gubernur", f"Provinsi {name.title()}"
            head_en, label_en = "", f"{name.title()} Province"
        elif name.upper().startswith("KOTA"):
            ballot_type, head, label = (
                Contest.BallotType.WALIKOTA,
                "Wali Kota dan Wakil Wali Kota",
                name.title().removeprefix("Kota "),  # KPU's name: "Wali Kota dan Wakil Wali Kota Depok"
            )
            head_en, label_en = "Mayoral", f"{name.title().removeprefix('Kota ')} City"
        else:
            ballot_type, head, label = (
                Contest.BallotType.BUPATI,
                "Bupati dan Wakil Bupati",
                f"Kabupaten {name.title()}",
            )
            head_en, label_en = "Regent", f"{name.title()} Regency"
        contests.append(
            {
                "slug": spec["slug"].format(code=code),
                "ballot_type": ballot_type,
                "region_code": code,
                "name": spec["name"].format(name=label, head=head),
                "name_en": spec["name_en"].format(name_en=label_en, head_en=head_en),
                "candidates": [],
            }
        )
    return contests


def _refuse_if_counted_and_changed(contest: Contest, fields: dict, candidates: list[dict]) -> None:
    """Once a contest has results, its ballot numbers and area are on counted forms: shipped data that
    would change them is refused whole (nothing of the load is kept), as ``candidates_import`` refuses."""
    wanted = {c["number"]: {k: c.get(k, [] if k == "parties" else "") for k in CANDIDATE_FIELDS} for c in candidates}
    current = {
        c.number: {k: getattr(c, k) for k in CANDIDATE_FIELDS} for c in contest.candidates.filter(number__in=wanted)
    }
    area_changed = any(getattr(contest, k) != fields[k] for k in ("ballot_type", "region_code"))
    if (current != wanted or area_changed) and _counted(contest):
        raise Conflict(
            ElectionErrorCode.RESULTS_EXIST,
            f"{contest.name} sudah punya hasil: data pemilu yang dimuat mengubah calon atau wilayahnya; "
            "tidak ada yang diubah.",
            field="contest",
        )


def _sync_election(data: dict) -> int:
    """Brings one election to what the data says; returns how many rows changed."""
    changes = 0
    election, created = Election.objects.get_or_create(
        slug=data["slug"],
        defaults={
            "name": data["name"],
            "name_en": data["name_en"],
            "kind": data["kind"],
            "voting_day": _day(data["voting_day"]),
            "source": data["source"],
            "tps_max_voters": data.get("tps_max_voters", 300),
        },
    )
    changes += created
    wanted = {
        "name": data["name"],
        "name_en": data["name_en"],
        "kind": data["kind"],
        "voting_day": _day(data["voting_day"]),
        "source": data["source"],
        "tps_max_voters": data.get("tps_max_voters", 300),
    }
    if not created and any(getattr(election, k) != v for k, v in wanted.items()):
        Election.objects.filter(pk=election.pk).update(**wanted)
        changes += 1

    contests = list(data.get("contests", []))
    for spec in data.get("generated_contests", []):
        contests += _generated_contests(spec)
    files = data.get("candidate_files", {})  # contest slug -> CSV in elections/data (the regional contests)
    for contest_data in contests:
        if contest_data["slug"] in files:
            contest_data["candidates"] = _shipped_candidates(files[contest_data["slug"]])
    for contest_data in contests:
        fields = {k: contest_data.get(k, "") for k in ("ballot_type", "region_code", "name", "name_en")}
        contest, created = Contest.objects.get_or_create(
            slug=contest_data["slug"], defaults={"election": election, **fields}
        )
        changes += created
        if not created:
            _refuse_if_counted_and_changed(contest, fields, contest_data["candidates"])
        if not created and any(getattr(contest, k) != v for k, v in fields.items()):
            Contest.objects.filter(pk=contest.pk).update(**fields)
            changes += 1
        for cand in contest_data["candidates"]:
            cand_fields = {k: cand.get(k, [] if k == "parties" else "") for k in CANDIDATE_FIELDS}
            candidate, created = Candidate.objects.get_or_create(
                contest=contest, number=cand["number"], defaults=cand_fields
            )
            changes += created
            if not created and any(getattr(candidate, k) != v for k, v in cand_fields.items()):
                Candidate.objects.filter(pk=candidate.pk).update(**cand_fields)
                changes += 1

    existing = {s.order: s for s in election.stages.all()}
    for order, stage in enumerate(data["stages"], start=1):
        fields = {
            "name": stage["name"],
            "name_en": stage["name_en"],
            "starts_on": _day(stage.get("starts_on")),
            "ends_on": _day(stage.get("ends_on")),
            "note": stage.get("note", ""),
            "note_en": stage.get("note_en", ""),
            "is_voting_day": stage.get("is_voting_day", False),
        }
        current = existing.pop(order, None)
        if current is None:
            Stage.objects.create(election=election, order=order, **fields)
            changes += 1
        elif any(getattr(current, k) != v for k, v in fields.items()):
            Stage.objects.filter(pk=current.pk).update(**fields)
            changes += 1
    if existing:
        Stage.objects.filter(pk__in=[s.pk for s in existing.values()]).delete()
        changes += len(existing)
    return changes


def elections_load(*, actor: Actor) -> dict[str, int]:
    """Loads the elections shipped as data. Idempotent: a second run changes nothing and records nothing.

    Regional-head contests are made for the electoral regions present, so run it after the geography
    import to get them (running it again then adds them).
    """
    with transaction.atomic():
        changed = {data["slug"]: _sync_election(data) for data in _shipped_elections()}
        total = sum(changed.values())
        if total:
            audit_record(
                actor=actor,
                action=ElectionAuditAction.LOAD,
                summary="; ".join(f"{slug}: {n} perubahan" for slug, n in changed.items()),
            )
    return changed


# Candidates of one contest from a CSV file -------------------------------------------------------------------


@dataclass(frozen=True)
class CandidatesReport:
    contest: str
    candidates: int
    changed: bool


def _counted(contest: Contest) -> bool:
    """Whether the contest has any result, pending recap change or published number from elsewhere (asked
    of the apps that count, ``signals.contest_counted``)."""
    return any(answer for _receiver, answer in signals.contest_counted.send(sender=Contest, contest=contest))


def candidates_import(*, contest: str, data: bytes, source_name: str, actor: Actor) -> CandidatesReport:
    """Sets a contest's candidates from a CSV file (``candidates_csv``): checked whole first (every
    problem with its line, nothing written), then in one transaction with one audit event. The same file
    again changes nothing. Refused once the contest has results: ballot numbers are then on counted forms.
    Snapshots already published (an empty recap of every region) are republished with the candidates."""
    found = Contest.objects.select_related("election").filter(slug=contest).first() if contest else None
    if found is None:
        raise NotFound(
            ElectionErrorCode.CONTEST_NOT_FOUND, f"Kontestasi '{contest[:60]}' tidak ditemukan.", field="contest"
        )
    rows, problems = read_candidates(data)
    if problems:
        raise DomainError(
            ElectionErrorCode.CANDIDATES_FILE_INVALID,
            f"Berkas calon ditolak: {len(problems)} masalah, tidak ada yang diubah.",
            field="file",
            details=[p.as_dict() for p in problems],
        )
    wanted = {row.number: _candidate_fields(row) for row in rows}
    with transaction.atomic():
        Contest.objects.select_for_update().filter(pk=found.pk).first()  # two imports of one contest queue
        current = {c.number: {k: getattr(c, k) for k in CANDIDATE_FIELDS} for c in found.candidates.all()}
        if current == wanted:
            return CandidatesReport(found.slug, len(wanted), changed=False)
        if _counted(found):
            raise Conflict(
                ElectionErrorCode.RESULTS_EXIST,
                f"{found.name} sudah punya hasil: nomor urut dan calonnya tidak dapat diubah lagi.",
                field="contest",
            )
        Candidate.objects.filter(contest=found).delete()
        Candidate.objects.bulk_create(Candidate(contest=found, number=n, **f) for n, f in sorted(wanted.items()))
        republished = _republish_if_published(found)
        audit_record(
            actor=actor,
            action=ElectionAuditAction.IMPORT_CANDIDATES,
            object_code=found.slug,
            summary=(
                f"{found.slug}: {len(wanted)} pasangan calon dari {source_name[:80]}"
                f" (sebelumnya {len(current)}); {republished} snapshot diterbitkan ulang"
            ),
        )
    return CandidatesReport(found.slug, len(wanted), changed=True)


def _republish_if_published(contest: Contest) -> int:
    return sum(n for _receiver, n in signals.candidates_changed.send(sender=Contest, contest=contest))


# -- The 2019 presidential election -------------------------------------------------------------------------


def election_2019_definition() -> dict:
    """The 2019 presidential election, its contest and pairs, as shipped in ``elections/data/pemilu2019.json``."""
    raw = resources.files("suara.elections").joinpath("data/pemilu2019.json").read_text(encoding="utf-8")
    return json.loads(raw)


def election_2019_ensure() -> tuple[Contest, bool]:
    """The contest ``ppwp-2019`` (with its election and pairs), created when missing, and whether anything
    was created. What already exists is left as it is. A step of the 2019 results import: it runs inside the
    importer's transaction, which records the one audit event."""
    assert connection.in_atomic_block, "runs inside the importer's transaction"
    spec = election_2019_definition()
    e, c = spec["election"], spec["contest"]
    election, created_election = Election.objects.get_or_create(
        slug=e["slug"],
        defaults={
            "name": e["name"],
            "name_en": e["name_en"],
            "kind": e["kind"],
            "voting_day": date.fromisoformat(e["voting_day"]),
            "source": e["source"],
        },
    )
    contest, created_contest = Contest.objects.get_or_create(
        slug=c["slug"],
        defaults={
            "election": election,
            "ballot_type": c["ballot_type"],
            "region_code": c["region_code"],
            "name": c["name"],
            "name_en": c.get("name_en", ""),
        },
    )
    created = created_election or created_contest
    for candidate in c["candidates"]:
        _, made = Candidate.objects.get_or_create(
            contest=contest,
            number=candidate["number"],
            defaults={k: candidate[k] for k in ("kind", "name", "head_name", "deputy_name")},
        )
        created = created or made
    return contest, created
