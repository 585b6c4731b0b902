"""The demo's network readiness: Kota Depok's TPS with a mix of every class and three actions of the demo
pemkot account, which may act on them; a second run adds nothing."""

from collections import Counter

import pytest

from suara.audit.actors import Actor
from suara.network import selectors
from suara.network.demo import demo_network_ensure
from suara.network.models import Remediation
from suara.network.rules import Readiness
from suara.network.services import remediation_update

pytestmark = pytest.mark.django_db


def test_the_demo_gives_depok_a_mix_and_actions_the_pemkot_may_move(people):
    observed, actions = demo_network_ensure()
    assert observed > 1000 and actions == 3
    board = selectors.dashboard(selectors.region_open(people["pemkot"], "3276"))
    counts = Counter({r: board.total.counts[r] for r in Readiness})
    assert all(counts[r] > 0 for r in Readiness), counts
    assert counts[Readiness.SIAP] > counts[Readiness.TERBATAS] > counts[Readiness.BLANK_SPOT]
    action = Remediation.objects.filter(status="open").first()
    assert remediation_update(actor=Actor.of(people["pemkot"]), pk=action.pk, status="done").status == "done"
    assert demo_network_ensure() == (0, 0)
