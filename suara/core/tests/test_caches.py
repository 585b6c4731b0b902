"""``core.caches``: every process-local cache is registered, and ``clear_all`` empties each."""

from __future__ import annotations

import importlib

from suara.core import caches

CACHE_MODULES = (
    "suara.accounts.tokens",
    "suara.core.ratelimit",
    "suara.officers.health.selectors",
    "suara.integrations.selectors",
    "suara.results.comparison.selectors",
    "suara.results.public.paused",
    "suara.results.public.selectors",
    "suara.results.recap.state",
    "suara.results.entry.services",
    "suara.people.lookup",
    "suara.messaging.backends",
    "suara.network.selectors",
    "suara.quickcount.selectors",
    "suara.channels.vapid",
)


def test_every_process_local_cache_is_registered():
    for module in CACHE_MODULES:
        importlib.import_module(module)
    assert caches.registered() == sorted(
        [
            "accounts.tokens",
            "channels.vapid_keys",
            "core.ratelimit",
            "integrations.origins",
            "messaging.locmem_sms",
            "network.operators",
            "officers.health_elections",
            "quickcount.estimates",
            "results.comparison_counts",
            "results.desa_tps_numbers",
            "results.entry_contests",
            "results.recap_paused",
            "results.snapshots",
            "people.lookup_integrators",
        ]
    )


def test_clear_all_empties_each_registered_cache(monkeypatch):
    from suara.people import lookup
    from suara.results.entry import services
    from suara.results.recap import state

    state._desa_tps_numbers[(1, "3276011001")] = (1, 2)
    services._entry_contests["ppwp-2024"] = (0.0, None, [1, 2])
    lookup._integrator_seen[1] = (0.0, True)
    emptied = []
    monkeypatch.setitem(caches._clearers, "test.probe", lambda: emptied.append(True))

    caches.clear_all()

    assert not state._desa_tps_numbers and not services._entry_contests and not lookup._integrator_seen
    assert emptied == [True]
