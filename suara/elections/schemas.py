"""What the v1 API answers about elections, their contests and candidates, and their stages."""

from __future__ import annotations

from datetime import date
from typing import Literal

from ninja import Field, Schema

from suara.elections.models import Candidate, Contest, Election, Stage

StageState = Literal["current", "done", "upcoming", "undated"]


class ElectionSummary(Schema):
    id: str = Field(description="pengenal pemilu, mis. pemilu-2024")
    name: str
    name_en: str
    kind: Literal["pemilu", "pilkada"]
    voting_day: date
    source: str = Field(description="peraturan yang menjadi dasar jadwal")


class CandidateOut(Schema):
    number: int = Field(description="nomor urut")
    kind: Literal["pair", "party", "person"]
    name: str
    head: str | None = Field(description="calon kepala (presiden, gubernur, ...), untuk pasangan")
    deputy: str | None = Field(description="calon wakil, untuk pasangan")
    parties: list[str] = Field(
        default_factory=list, description="partai pengusung (pilkada); kosong bila tidak dimuat atau perseorangan"
    )


class ContestOut(Schema):
    id: str = Field(description="pengenal surat suara, mis. ppwp-2024")
    ballot_type: Literal["ppwp", "dpr", "dpd", "dprd_prov", "dprd_kabkota", "gubernur", "bupati", "walikota"]
    region_code: str | None = Field(description="wilayah yang dicakup; null untuk nasional")
    name: str
    candidates: list[CandidateOut]


class ElectionDetail(ElectionSummary):
    contests: list[ContestOut]


class StageOut(Schema):
    order: int
    name: str
    name_en: str
    starts_on: date | None
    ends_on: date | None
    note: str
    note_en: str
    is_voting_day: bool
    state: StageState = Field(description="terhadap hari ini: current, done, upcoming, atau undated")


def election_summary(election: Election) -> dict:
    return {
        "id": election.slug,
        "name": election.name,
        "name_en": election.name_en,
        "kind": election.kind,
        "voting_day": election.voting_day,
        "source": election.source,
    }


def candidate_out(candidate: Candidate) -> dict:
    return {
        "number": candidate.number,
        "kind": candidate.kind,
        "name": candidate.name,
        "head": candidate.head_name or None,
        "deputy": candidate.deputy_name or None,
        "parties": list(candidate.parties or []),
    }


def contest_out(contest: Contest) -> dict:
    return {
        "id": contest.slug,
        "ballot_type": contest.ballot_type,
        "region_code": contest.region_code or None,
        "name": contest.name,
        "candidates": [candidate_out(c) for c in contest.candidates.all()],
    }


def election_detail(election: Election, contests: list[Contest]) -> dict:
    return {**election_summary(election), "contests": [contest_out(c) for c in contests]}


def stage_out(stage: Stage, state: str) -> dict:
    return {
        "order": stage.order,
        "name": stage.name,
        "name_en": stage.name_en,
        "starts_on": stage.starts_on,
        "ends_on": stage.ends_on,
        "note": stage.note,
        "note_en": stage.note_en,
        "is_voting_day": stage.is_voting_day,
        "state": state,
    }
