"""Indonesia's three time zones and the region each code lies in. Pure: no Django.

WIB (UTC+7) for Sumatra, Java, West and Central Kalimantan; WITA (UTC+8) for Bali, Nusa Tenggara, South,
East and North Kalimantan and Sulawesi; WIT (UTC+9) for Maluku and Papua (Keppres 41/1987). A time is
shown in the zone of the region it is about: a TPS in Makassar closed at 13.00 WITA, not 12.00 WIB.
Overseas posts (99) and the nation as a whole are shown in WIB, KPU's own time.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from suara.core.region_codes import NATIONAL, provinsi_of

WIB, WITA, WIT = "WIB", "WITA", "WIT"
ZONES = {WIB: ZoneInfo("Asia/Jakarta"), WITA: ZoneInfo("Asia/Makassar"), WIT: ZoneInfo("Asia/Jayapura")}

# Province codes (KPU's and Kemendagri's agree at this level) outside WIB.
_WITA = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT = {"81", "82", "91", "92", "93", "94", "95", "96"}


def zone_of(code: str) -> str:
    """The abbreviation of the time zone of the region or TPS ``code`` ('' for the nation: WIB)."""
    province = provinsi_of(code or NATIONAL)
    if province in _WITA:
        return WITA
    if province in _WIT:
        return WIT
    return WIB
