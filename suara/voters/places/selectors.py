"""Reads of the TPS places, as voters are shown them: the address, the accessibility offered and the map
links (a geo: URI and an OpenStreetMap address the user may follow; the page loads nothing from elsewhere)."""

from __future__ import annotations

from dataclasses import dataclass

from suara.core.translatable import gettext_noop
from suara.regions.models import TpsLocation
from suara.voters.places import rules

FLAG_LABELS = {
    "step_free": gettext_noop("Akses tanpa tangga (kursi roda)"),
    "help_visual": gettext_noop("Bantuan bagi pemilih tunanetra/low vision"),
    "help_hearing": gettext_noop("Bantuan bagi pemilih tunarungu/wicara"),
    "help_physical": gettext_noop("Bantuan bagi pemilih disabilitas fisik"),
    "help_intellectual": gettext_noop("Bantuan bagi pemilih disabilitas intelektual"),
    "help_mental": gettext_noop("Bantuan bagi pemilih disabilitas mental/psikososial"),
}


@dataclass(frozen=True)
class PlaceView:
    tps_code: str
    address: str
    latitude: str
    longitude: str
    geo_uri: str
    osm_url: str
    flags: dict[str, bool]

    @property
    def offered(self) -> list[str]:
        """The labels of the help offered (untranslated: templates translate them)."""
        return [FLAG_LABELS[flag] for flag in rules.FLAGS if self.flags[flag]]

    def as_dict(self) -> dict:
        return {
            "tps": self.tps_code,
            "address": self.address,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "geo_uri": self.geo_uri,
            "osm_url": self.osm_url,
            **self.flags,
        }


def view_of(location: TpsLocation) -> PlaceView:
    lat, lon = location.latitude, location.longitude
    return PlaceView(
        tps_code=location.tps_id,
        address=location.address,
        latitude=str(lat),
        longitude=str(lon),
        geo_uri=rules.geo_uri(lat, lon),
        osm_url=rules.osm_url(lat, lon),
        flags={flag: getattr(location, flag) for flag in rules.FLAGS},
    )


def place_of(tps_code: str) -> PlaceView | None:
    location = TpsLocation.objects.filter(tps_id=tps_code).first()
    return view_of(location) if location else None


def places_in(tps_codes: list[str]) -> dict[str, PlaceView]:
    return {loc.tps_id: view_of(loc) for loc in TpsLocation.objects.filter(tps_id__in=tps_codes)}
