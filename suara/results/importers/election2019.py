"""The 2019 presidential election and its contest, from ``results/data/pemilu2019.json``: created when
missing, inside the importer's transaction (the importer records the one audit event)."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources

from django.db import connection

from suara.elections.models import Candidate, Contest, Election


def election_2019_definition() -> dict:
    raw = resources.files("suara.results").joinpath("data/pemilu2019.json").read_text(encoding="utf-8")
    return json.loads(raw)


def election_2019_ensure() -> tuple[Contest, bool]:
    """The contest ``ppwp-2019`` (with its election and pairs), and whether anything was created. Must run
    inside the caller's transaction. What already exists is left as it is."""
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
