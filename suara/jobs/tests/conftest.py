"""A kind of job of the tests' own (``tests.step``), national, whose runner reports its progress in steps
and can be held at a step, and the officers who may and may not start it."""

from __future__ import annotations

import threading

import pytest
from django.utils.translation import gettext_lazy as _

from conftest import make_officer
from suara.accounts.roles import Action
from suara.jobs.registry import JobKind, register, unregister

STEP = "tests.step"


class Gate:
    """Holds the runner after its first step until released (``held`` says it got there)."""

    def __init__(self):
        self.held, self.release = threading.Event(), threading.Event()
        self.release.set()


@pytest.fixture
def gate():
    return Gate()


@pytest.fixture
def step_kind(gate):
    def run(ctx):
        steps = int(ctx.job.params["steps"])
        ctx.progress(1, steps, _("Langkah"))
        gate.held.set()
        gate.release.wait(30)
        for done in range(2, steps + 1):
            ctx.progress(done, steps, _("Langkah"))
        if ctx.job.params.get("fail"):
            raise RuntimeError("a value that must not reach the operator")
        (ctx.folder / "hasil.csv").write_text("langkah\n" + "\n".join(str(i) for i in range(1, steps + 1)) + "\n")
        return {"steps": steps}, "hasil.csv"

    def params(raw):
        steps = raw.get("steps", 3)
        if not isinstance(steps, int) or isinstance(steps, bool) or not 1 <= steps <= 100:
            from suara.core.errors import DomainError

            raise DomainError("invalid_steps", "Langkah 1 sampai 100.", field="steps")
        return {"steps": steps, "fail": bool(raw.get("fail"))}

    kind = register(
        JobKind(STEP, _("Rekap DPB"), Action.UPDATE_VOTERS, run, (0,), check_params=params,
                summary_labels={"steps": _("Baris dibaca")})
    )  # fmt: skip
    yield kind
    unregister(STEP)


@pytest.fixture
def private_dir(settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path / "private"
    return settings.PRIVATE_DIR


@pytest.fixture
def people(db):
    from suara.regions.models import Region

    Region.objects.create(code="32", name="JAWA BARAT", level=1)
    Region.objects.create(code="3276", name="KOTA DEPOK", level=2, parent_id="32")
    return {
        "kpu_ri": make_officer("kpu_ri", "kpu_ri", ""),
        "kpu_ri_2": make_officer("kpu_ri_dua", "kpu_ri", ""),
        "kpu_depok": make_officer("kpu_depok", "kpu_kabkota", "3276"),
    }
