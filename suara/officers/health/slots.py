"""Pure: the election day's check-in slots of a TPS. No Django.

The KPPS chair checks in at the opening (07:00), at the closing of the voting (13:00), every N hours of
counting after it (``SUARA_CHECKIN_COUNTING_HOURS``, 3 by default: 16:00, 19:00, 22:00, 01:00, … until
noon of the next day, as counting may go on that long) and when the TPS finishes (``selesai``, no set
time). Times are the TPS's own local time (WIB, WITA or WIT). A slot is missed when its time plus the
grace has passed with no check-in for it, unless the TPS has already checked in as finished.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

OPENING, CLOSING, FINISH = "buka", "tutup", "selesai"
OPENING_TIME, CLOSING_TIME = time(7, 0), time(13, 0)
COUNTING_UNTIL = timedelta(hours=36)  # from midnight of voting day: noon of the next day
COUNTING_PREFIX = "hitung-"
# A TPS is flagged for relief when it still counts this long after the start of voting day (midnight).
RELIEF_AFTER = timedelta(hours=24)


def counting_slots(every_hours: int) -> list[tuple[str, timedelta]]:
    """(slot, its offset from midnight of voting day) of the counting's check-ins."""
    slots, n = [], 1
    offset = timedelta(hours=13 + every_hours)
    while offset <= COUNTING_UNTIL:
        slots.append((f"{COUNTING_PREFIX}{n}", offset))
        n += 1
        offset += timedelta(hours=every_hours)
    return slots


def timed_slots(every_hours: int) -> list[tuple[str, timedelta]]:
    """Every slot with a set time, in order."""
    return [(OPENING, timedelta(hours=7)), (CLOSING, timedelta(hours=13)), *counting_slots(every_hours)]


def slot_names(every_hours: int) -> list[str]:
    return [name for name, _ in timed_slots(every_hours)] + [FINISH]


def slot_due(voting_day: date, offset: timedelta, zone: tzinfo) -> datetime:
    return datetime.combine(voting_day, time(0, 0), tzinfo=zone) + offset


def due_slots(voting_day: date, zone: tzinfo, now: datetime, every_hours: int, grace: timedelta) -> list[str]:
    """The timed slots whose time plus ``grace`` has passed at ``now``: a TPS without a check-in for one
    of them (and not yet finished) has missed it."""
    return [name for name, offset in timed_slots(every_hours) if slot_due(voting_day, offset, zone) + grace <= now]


def slot_label(name: str) -> str:
    if name == OPENING:
        return "Pembukaan (07.00)"
    if name == CLOSING:
        return "Penutupan pemungutan (13.00)"
    if name == FINISH:
        return "Selesai"
    return f"Penghitungan ke-{name.removeprefix(COUNTING_PREFIX)}"
