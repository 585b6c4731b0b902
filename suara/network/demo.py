"""The demo's network readiness: Kota Depok's TPS with a made-up but realistic mix of signal (most with 4G,
some with voice and SMS only or weak 3G, a few blank spots, some not surveyed yet), imported as a list the
city's Diskominfo would upload, and a few remediation actions planned by the demo pemkot account. Once: a
second run finds them and goes on."""

from __future__ import annotations

import io
import random
from datetime import timedelta

from django.utils import timezone

from suara.accounts.models import User
from suara.audit.actors import Actor
from suara.network.importing import WIB, readiness_import
from suara.network.models import Observation, Remediation
from suara.network.rules import Remedy, Status
from suara.network.selectors import tps_codes
from suara.network.services import remediation_create, remediation_update

DEMO_CITY = "3276"  # Kota Depok
DEMO_PEMKOT = "pemkot_depok"
OPERATORS = ("telkomsel", "indosat", "xl", "smartfren")


def _signal_list(codes: list[str], today) -> bytes:
    """kode_tps,operator,sinyal,tanggal: per TPS, by a fixed seed, a class among siap (72%), terbatas (14%),
    blank spot (4%), not surveyed (10%). Blank spots cluster in a few desa, as they do on the city's edge."""
    rng = random.Random(3276)  # noqa: S311 - demo data
    edge = set(sorted({c[:10] for c in codes})[::20])  # a few desa of the city's edge
    out = io.StringIO()
    out.write("kode_tps,operator,sinyal,tanggal\n")
    for code in codes:
        r = rng.random()
        if code[:10] in edge and r < 0.5:
            kinds = dict.fromkeys(OPERATORS, "none")
        elif r < 0.10:
            continue
        elif r < 0.24:
            kinds = {"telkomsel": rng.choice(("voice", "voice", "3g")), "indosat": "none"}
        elif r < 0.28:
            kinds = {"telkomsel": "none", "xl": "none"}
        else:
            kinds = {op: "4g" if rng.random() < 0.8 else "3g" for op in rng.sample(OPERATORS, rng.randint(1, 3))}
        day = (today - timedelta(days=rng.randint(1, 60))).isoformat()
        for operator, kind in kinds.items():
            out.write(f"{code},{operator},{kind},{day}\n")
    return out.getvalue().encode()


def demo_network_ensure() -> tuple[int, int]:
    """(observations imported, actions planned); (0, 0) when the demo has them already."""
    if Observation.objects.filter(tps_code__startswith=DEMO_CITY).exists():
        return 0, 0
    codes = tps_codes(DEMO_CITY)
    if not codes:
        return 0, 0
    today = timezone.now().astimezone(WIB).date()
    result = readiness_import(stream=io.BytesIO(_signal_list(codes, today)), actor=Actor.named("demo"), scope=DEMO_CITY)
    user = User.objects.filter(username=DEMO_PEMKOT).first()
    if user is None:
        return result.added, 0
    actor = Actor.of(user)
    blank = sorted(
        Observation.objects.filter(tps_code__startswith=DEMO_CITY, kind="none", operator_id="indosat")
        .values_list("tps_code", flat=True)
        .distinct()
    )
    planned = []
    if blank:
        desa = blank[0][:10]
        group = [c for c in blank if c.startswith(desa)][:20]
        planned.append(
            remediation_create(actor=actor, tps=group, remedy=Remedy.BOOSTER, owner="Diskominfo Kota Depok",
                               due_on=today + timedelta(days=30), note="Permintaan booster ke operator.")
        )  # fmt: skip
        planned.append(
            remediation_create(actor=actor, tps=blank[-3:], remedy=Remedy.FALLBACK_NEAREST,
                               owner="PPS setempat", due_on=today + timedelta(days=14))
        )  # fmt: skip
    planned.append(
        remediation_create(actor=actor, tps=codes[:2], remedy=Remedy.SATELLITE, owner="BAKTI Kominfo",
                           due_on=today + timedelta(days=45))
    )  # fmt: skip
    remediation_update(actor=actor, pk=planned[0].pk, status=Status.IN_PROGRESS)
    return result.added, Remediation.objects.filter(city_code=DEMO_CITY).count()
