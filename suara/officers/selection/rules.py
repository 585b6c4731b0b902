"""Pure: the selection rules of the ad-hoc bodies (no Django).

Which body takes a written test, who appoints which body, and the interview shortlist.

Written test (PKPU 8/2022 on the forming of the ad-hoc bodies, and KPU's technical guide to it): the PPK
and the PPS are selected by an administrative check, a written test, public comments and an interview;
the KPPS are recruited by the PPS without a written test (an administrative check and the PPS's
choice); Pantarlih are appointed by the PPS from the KPPS candidates and the community; Linmas are
proposed by the Satpol PP, not selected by KPU. Scores are therefore taken for PPK and PPS only.

Who appoints (UU 7/2017 arts. 52, 53 and 59 as amended; PKPU 8/2022): the KPU kab/kota forms the PPK
and the PPS; the PPS forms the KPPS of its desa's TPS and appoints the Pantarlih. The Linmas' intake is
the KPU kab/kota's (it receives the Satpol PP's proposal and pays the honorarium).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from decimal import Decimal

from suara.accounts.roles import Role
from suara.officers.bodies import Body

WRITTEN_TEST = frozenset({Body.PPK, Body.PPS})

APPOINTERS: dict[Body, frozenset[Role]] = {
    Body.PPK: frozenset({Role.KPU_KABKOTA}),
    Body.PPS: frozenset({Role.KPU_KABKOTA}),
    Body.KPPS: frozenset({Role.PPS}),
    Body.PANTARLIH: frozenset({Role.PPS}),
    Body.LINMAS: frozenset({Role.KPU_KABKOTA}),
}

# The roles whose officers sign in, with the account role each gets: every PPK and PPS member, and the
# KPPS chair (the KPPS's account submits the TPS's tally).
SIGNS_IN: dict[Body, Role] = {Body.PPK: Role.PPK, Body.PPS: Role.PPS, Body.KPPS: Role.KPPS}

# The interview takes the top three times the seats by the written test (ties at the cut kept).
SHORTLIST_FACTOR = 3


def signs_in(body: Body, position: str) -> bool:
    """Whether an appointed officer of ``body`` in ``position`` gets an account."""
    if body == Body.KPPS:
        return position == "ketua"
    return body in SIGNS_IN


def shortlist(scores: Mapping[Hashable, Decimal | int | float], seats: int, *, factor: int = SHORTLIST_FACTOR) -> set:
    """The keys of ``scores`` invited to the interview: the ``factor * seats`` best scores, and everyone
    tied with the last of them (a tie at the cut is never broken by chance or by order)."""
    wanted = factor * seats
    if wanted <= 0 or not scores:
        return set()
    ranked = sorted(scores.values(), reverse=True)
    if len(ranked) <= wanted:
        return set(scores)
    cut = ranked[wanted - 1]
    return {key for key, score in scores.items() if score >= cut}
