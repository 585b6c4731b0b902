"""The demo's TPS places: synthetic street addresses with plausible coordinates inside Kota Depok (around
-6.40, 106.82) for every TPS of the demo kecamatan, through the CSV import (one audit event). Idempotent:
TPS already placed are left alone. MADE-UP addresses."""

from __future__ import annotations

import csv
import hashlib
import io

from suara.audit.actors import Actor
from suara.regions.models import Tps, TpsLocation
from suara.voters.places import rules
from suara.voters.places.services import tps_locations_import

STREETS = ("Jl. Kenanga", "Jl. Melati", "Jl. Mawar", "Jl. Flamboyan", "Jl. Cempaka", "Jl. Anggrek", "Jl. Dahlia")


def places_demo_ensure(*, kecamatan: str) -> int:
    """Places the kecamatan's TPS that have none; returns how many."""
    missing = (
        Tps.objects.filter(desa__parent_id=kecamatan)
        .exclude(code__in=TpsLocation.objects.values("tps_id"))
        .select_related("desa")
        .order_by("code")
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(rules.CSV_COLUMNS)
    count = 0
    for tps in missing:
        digest = hashlib.sha256(tps.code.encode()).digest()
        street = STREETS[digest[0] % len(STREETS)]
        lat = -6.40 + (digest[1] - 128) / 128 * 0.02
        lon = 106.82 + (digest[2] - 128) / 128 * 0.02
        offered = (digest[3] % 2, digest[4] % 2, digest[5] % 3 == 0, digest[6] % 2, digest[7] % 4 == 0, 0)
        flags = ["1" if on else "0" for on in offered]
        address = f"{street} No. {tps.number}, {tps.desa.name.title()}, Pancoran Mas, Depok"
        writer.writerow([tps.code, address, f"{lat:.6f}", f"{lon:.6f}", *flags])
        count += 1
    if not count:
        return 0
    return tps_locations_import(actor=Actor.named("demo"), scope=kecamatan, text=out.getvalue()).saved
