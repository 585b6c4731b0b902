"""Pure: when a quick count may be published, and what every release says.

UU 7/2017 art. 449(5) and PKPU 9/2022 art. 19: a quick count's result may be announced no earlier than
two hours after voting closes in western Indonesia, i.e. from 15:00 WIB on voting day (polls close at
13:00 local time). Before then only its own organisation sees it. Every release carries that it is not
KPU's official result (art. 449(4)).
"""

from __future__ import annotations

from datetime import date, datetime, time

from suara.core.timezones import WIB, ZONES

PUBLICATION_TIME_WIB = time(15, 0)
DISCLAIMER = "Hasil hitung cepat ini bukan hasil resmi KPU. Hasil resmi ditetapkan KPU melalui rekapitulasi berjenjang."


def published_from(voting_day: date) -> datetime:
    """The moment publication opens: 15:00 WIB on voting day (aware)."""
    return datetime.combine(voting_day, PUBLICATION_TIME_WIB, tzinfo=ZONES[WIB])


def may_publish(now: datetime, voting_day: date) -> bool:
    return now >= published_from(voting_day)
