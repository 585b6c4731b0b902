"""The demo's count: every TPS of one kecamatan reported by its own KPPS account, so that its PPK can lock
the kecamatan and print the recapitulation. The numbers are made up (they keep every rule of the form),
never real results: the demo says so when it loads them.
"""

from __future__ import annotations

import io
import random

from PIL import Image

from suara.accounts.bulk import accounts_bulk_create, username_for
from suara.accounts.models import User
from suara.accounts.roles import Role
from suara.accounts.services import user_phone_set
from suara.audit.actors import Actor
from suara.messaging.checkcode import check_code, pin_key
from suara.messaging.services import sms_key_issue, sms_key_live
from suara.results.entry.services import result_submit
from suara.results.models import CountTps, TpsResult
from suara.results.recap.fold import recap_fold
from suara.results.tally import flatten


def _form_photo() -> bytes:
    """A blank grey page standing in for the photographed form."""
    out = io.BytesIO()
    Image.new("RGB", (480, 640), (236, 236, 230)).save(out, "JPEG", quality=70)
    return out.getvalue()


def made_up_tally(rng: random.Random, candidates: int) -> dict:
    """A TPS tally in the API's nested shape that keeps every rule of the form: never a real result."""
    dpt_l, dpt_p = rng.randint(110, 150), rng.randint(110, 150)
    voted_l, voted_p = rng.randint(80, dpt_l), rng.randint(80, dpt_p)
    total = voted_l + voted_p
    invalid = rng.randint(0, 6)
    valid = total - invalid
    shares = [rng.random() + 0.3 for _ in range(candidates)]
    votes = [int(valid * s / sum(shares)) for s in shares]
    votes[0] += valid - sum(votes)
    zero = {"l": 0, "p": 0, "j": 0}
    return {
        "votes": {str(n): v for n, v in enumerate(votes, start=1)},
        "valid": valid,
        "invalid": invalid,
        "total": total,
        "voters": {
            "dpt": {"l": dpt_l, "p": dpt_p, "j": dpt_l + dpt_p},
            "voted_dpt": {"l": voted_l, "p": voted_p, "j": total},
            "voted_dptb": zero,
            "voted_dpk": zero,
            "voted_total": {"l": voted_l, "p": voted_p, "j": total},
        },
        "ballots": {"received": total + 12, "used": total, "unused": 10, "damaged": 2},
    }


def demo_count_ensure(*, contest: str, kecamatan: str, candidates: int, seed: int = 2024) -> int:
    """Reports every TPS of ``kecamatan`` in ``contest`` not reported yet, each by its own KPPS account
    (created for the demo without a password), and folds them into the published totals. Returns how many
    TPS it reported (0 on a second run)."""
    accounts_bulk_create(actor=Actor.named("demo"), role=Role.KPPS.value, region=kecamatan)
    codes = sorted(
        CountTps.objects.filter(election__contests__slug=contest, code__startswith=kecamatan).values_list(
            "code", flat=True
        )
    )
    reported = set(
        TpsResult.objects.filter(contest__slug=contest, tps_code__startswith=kecamatan).values_list(
            "tps_code", flat=True
        )
    )
    users = {u.username: u for u in User.objects.filter(username__startswith=username_for(Role.KPPS, kecamatan))}
    rng, photo, done = random.Random(seed), _form_photo(), 0
    for code in codes:
        tally = made_up_tally(rng, candidates)
        if code in reported:
            continue
        result_submit(
            actor=Actor.of(users[username_for(Role.KPPS, code)]),
            contest=contest,
            tps=code,
            tally=flatten(tally),
            photos=[photo],
            submission_id=f"demo-{contest}-{code}",
        )
        done += 1
    recap_fold()
    return done


# The demo's SMS path (results/sms): one KPPS with a registered phone and a PIN card whose values are
# published in the README (made up, for the demo only), so that the simulated gateway's curl works.
DEMO_SMS_USERNAME = "kpps_depok_001"
DEMO_SMS_TPS = "3276011006001"
DEMO_SMS_PHONE = "081200000001"
DEMO_SMS_PIN = "20240214"
DEMO_SMS_CARD = [f"{n:02d}{n:02d}{n:02d}" for n in range(11, 31)]  # 111111, 121212, ...
DEMO_SMS_TEXT = "HASIL PPWP 3276011006001 60 80 50 190 4 120 110 98 92 2 1 1 0 235 194 1"


def demo_sms_ensure() -> str | None:
    """Registers the demo KPPS's phone and issues its TPS's PIN and card, once; returns the SMS to try
    (with the check code the app computes from the PIN), or None when the demo has them already."""
    user = User.objects.filter(username=DEMO_SMS_USERNAME).first()
    if user is None or sms_key_live(DEMO_SMS_TPS) is not None:
        return None
    actor = Actor.named("demo")
    user_phone_set(user=user, phone=DEMO_SMS_PHONE, actor=actor)
    sms_key_issue(actor=actor, user=user, tps=DEMO_SMS_TPS, demo_pin=DEMO_SMS_PIN, demo_card=DEMO_SMS_CARD)
    return f"{DEMO_SMS_TEXT} {check_code(pin_key(DEMO_SMS_TPS, DEMO_SMS_PIN), DEMO_SMS_TEXT)}"
