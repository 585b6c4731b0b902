"""The results app's answers to elections' signals (``elections/signals.py``), connected when the app is
ready."""

from __future__ import annotations

from suara.elections.models import Contest


def contest_counted(sender, *, contest: Contest, **kwargs) -> bool:
    from suara.results.models import ExternalResult, RecapDelta, TpsResult

    return any(model.objects.filter(contest=contest).exists() for model in (TpsResult, RecapDelta, ExternalResult))


def republish_after_candidates(sender, *, contest: Contest, **kwargs) -> int:
    """A contest's published snapshots (an empty recap of every region, say) again, with its candidates."""
    from suara.results.models import RecapPointer
    from suara.results.recap.fold import fold_lock_wait
    from suara.results.recap.rebuild import republish_all

    if not RecapPointer.objects.filter(contest=contest).exists():
        return 0
    fold_lock_wait(contest.pk)
    return republish_all(contest)
