"""Reads of the selection: a posting's place and seats, its candidates, its comment window."""

from __future__ import annotations

from suara.elections.models import Election
from suara.officers.bodies import POSTING_LENGTH, Body, Status, seats
from suara.officers.models import CommentWindow, Officer
from suara.officers.selectors import tps_voters
from suara.regions.models import Region, Tps

# The statuses a public comment window lists: the candidates still in the running.
LISTED = (Status.SHORTLISTED, Status.SELECTED)


def posting_exists(body: Body, code: str) -> bool:
    """Whether ``code`` is a known kecamatan (PPK), desa (PPS) or TPS (the others) of KPU's geography."""
    if len(code) != POSTING_LENGTH[body] or not (code.isascii() and code.isdigit()):
        return False
    if len(code) == len("3276011006001"):
        return Tps.objects.filter(code=code).exists()
    return Region.objects.filter(code=code).exists()


def posting_name(code: str) -> str:
    """'TPS 001, <desa>', or the region's name."""
    if len(code) == len("3276011006001"):
        desa = Region.objects.filter(code=code[:10]).values_list("name", flat=True).first() or code[:10]
        return f"TPS {code[10:]}, {desa}"
    return Region.objects.filter(code=code).values_list("name", flat=True).first() or code


def posting_seats(election: Election, body: Body, code: str) -> int:
    """The seats of one posting (``bodies.seats``): two Pantarlih at a Pilkada TPS with more than 400 active
    voters on the register."""
    pilkada = election.kind == Election.Kind.PILKADA
    voters = tps_voters(code) if body == Body.PANTARLIH and pilkada else None
    return seats(body, tps_voters=voters, pilkada=pilkada)


def posting_officers(election: Election, body: Body, code: str):
    return Officer.objects.filter(election=election, body=body, posting_code=code)


def seated_count(election: Election, body: Body, code: str) -> int:
    return posting_officers(election, body, code).filter(status=Status.APPOINTED).count()


def window_listed(window: CommentWindow) -> list[Officer]:
    """The candidates a comment window lists, by name."""
    return list(
        Officer.objects.filter(
            election_id=window.election_id, body=window.body, posting_code=window.posting_code, status__in=LISTED
        ).order_by("name", "pk")
    )


def windows_open_on(day, *, election: Election | None = None):
    """The comment windows open on ``day``."""
    windows = CommentWindow.objects.filter(opens_on__lte=day, closes_on__gte=day).select_related("election")
    if election is not None:
        windows = windows.filter(election=election)
    return windows.order_by("posting_code", "body")
