"""Writes to elections, contests, candidates and stages."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources

from django.db import transaction

from suara.audit.services import audit_record
from suara.elections.models import Candidate, Contest, Election, Stage
from suara.regions.models import Region


def _shipped_elections() -> list[dict]:
    raw = resources.files("suara.elections").joinpath("data/elections.json").read_text(encoding="utf-8")
    return json.loads(raw)["elections"]


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
        elif name.upper().startswith("KOTA"):
            ballot_type, head, label = (
                Contest.BallotType.WALIKOTA,
                "Wali Kota dan Wakil Wali Kota",
                name.title(),
            )
        else:
            ballot_type, head, label = (
                Contest.BallotType.BUPATI,
                "Bupati dan Wakil Bupati",
                f"Kabupaten {name.title()}",
            )
        contests.append(
            {
                "slug": spec["slug"].format(code=code),
                "ballot_type": ballot_type,
                "region_code": code,
                "name": spec["name"].format(name=label, head=head),
                "candidates": [],
            }
        )
    return contests


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
    for contest_data in contests:
        fields = {k: contest_data[k] for k in ("ballot_type", "region_code", "name")}
        contest, created = Contest.objects.get_or_create(
            slug=contest_data["slug"], defaults={"election": election, **fields}
        )
        changes += created
        if not created and any(getattr(contest, k) != v for k, v in fields.items()):
            Contest.objects.filter(pk=contest.pk).update(**fields)
            changes += 1
        for cand in contest_data["candidates"]:
            cand_fields = {k: cand.get(k, "") for k in ("kind", "name", "head_name", "deputy_name")}
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


def elections_load(*, actor: str) -> dict[str, int]:
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
                action="elections.load",
                summary="; ".join(f"{slug}: {n} perubahan" for slug, n in changed.items()),
            )
    return changed
