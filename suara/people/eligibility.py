"""Who may be on the voter list. Pure: no Django.

UU 7/2017 art. 198: a citizen who is 17 or older on voting day, or is or was married, has the right to
vote; serving TNI and POLRI members do not (art. 200).
"""

from __future__ import annotations

from datetime import date

VOTING_AGE = 17
MARRIED = ("S", "P")  # sudah kawin, pernah kawin


def age_on(birth_date: date, day: date) -> int:
    """Whole years of age on ``day`` (someone born on 29 February turns a year older on 1 March)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def eligibility_problem(*, birth_date: date, marital: str, tni_polri: bool, voting_day: date) -> str | None:
    """The code of the rule that keeps this person off the list, or None when they may be on it."""
    if tni_polri:
        return "not_eligible_tni_polri"
    if age_on(birth_date, voting_day) < VOTING_AGE and marital not in MARRIED:
        return "not_eligible_age"
    return None
