"""``core.db_background``: writes in a second thread on the caller's transaction (PostgreSQL; at once in
the caller's thread elsewhere), in order, a task's error given back as Django's and the rest skipped, the
caller's own error winning, and Python's switch interval as it was afterwards."""

from __future__ import annotations

import sys

import pytest
from django.db import IntegrityError, transaction

from suara.core import db_background
from suara.core.db import bulk_insert
from suara.core.db_background import BackgroundWrites
from suara.core.models import RateWindow

COLUMNS = ("key", "window", "count")


def _insert(*rows):
    return lambda cursor: bulk_insert(RateWindow, COLUMNS, rows, cursor=cursor, binary=True)


def test_tasks_write_in_order_inside_the_callers_transaction(db):
    timings: dict[str, float] = {}
    with transaction.atomic(), BackgroundWrites(timings, name="test-writes", backlog=1) as background:
        for i in range(4):
            background.submit("rows", _insert((f"k{i}", i, i)))
        background.submit("more", _insert(("last", 9, 9)))
    assert sorted(RateWindow.objects.values_list("key", flat=True)) == ["k0", "k1", "k2", "k3", "last"]
    assert set(timings) == {"rows", "more"} and timings["rows"] > 0


def test_a_failed_task_is_djangos_error_and_the_tasks_after_it_are_skipped(db):
    before = sys.getswitchinterval()
    writes = BackgroundWrites({}, name="test-writes")
    with pytest.raises(IntegrityError), transaction.atomic(), writes as background:
        background.submit("rows", _insert(("k", 1, 1)))
        background.submit("rows", _insert(("k", 1, 2)))  # the same key and window
        background.submit("rows", _insert(("after", 1, 1)))
    assert not RateWindow.objects.exists()
    assert sys.getswitchinterval() == before


def test_the_callers_own_error_wins_and_the_writer_stops(db):
    before = sys.getswitchinterval()
    writes = BackgroundWrites({}, name="test-writes")
    with pytest.raises(RuntimeError, match="the file could not be read"), transaction.atomic(), writes as background:
        background.submit("rows", _insert(("k", 1, 1)))
        raise RuntimeError("the file could not be read")
    assert background.thread is None and not background.failed
    assert not RateWindow.objects.exists() and sys.getswitchinterval() == before


def test_the_switch_interval_comes_back_when_the_last_of_overlapping_writers_ends():
    before = sys.getswitchinterval()
    db_background._writer_started()
    db_background._writer_started()
    lowered = min(db_background.SWITCH_INTERVAL, before)
    assert sys.getswitchinterval() == lowered
    db_background._writer_ended()
    assert sys.getswitchinterval() == lowered  # the other writer still runs
    db_background._writer_ended()
    assert sys.getswitchinterval() == before
