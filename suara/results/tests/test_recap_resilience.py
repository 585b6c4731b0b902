"""One submission must never stop the count: a tally no TPS can hold is refused with its rule
(R10) on both paths of the API, a delta that breaks the fold is quarantined while every other one folds,
sealing and folding fail apart, and the public pages and API say when the count is paused."""

from __future__ import annotations

import base64
import json
import threading
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from conftest import consistent_tally, photo_bytes
from suara.accounts.tokens import token_issue
from suara.audit.actors import Actor
from suara.elections.models import Contest
from suara.results.models import QuarantinedDelta, RecapDelta, RecapWorkerBeat, ResultVersion, TpsResult
from suara.results.public import selectors
from suara.results.public.paused import paused_cache_clear
from suara.results.recap import worker
from suara.results.recap.fold import recap_fold
from suara.results.recap.status import count_status
from suara.results.tests.support import body, nested, record_results, tps_beneath

URL = "/api/v1/results"
FULL_STACK_MIDDLEWARE = "suara.core.fastpath.FastPathMiddleware"
TPS = "3276011006001"
EXTREME = 18446744073709551615  # 2^64 - 1

pytestmark = pytest.mark.usefixtures("photo_dir")


@pytest.fixture(autouse=True)
def fresh_state():
    selectors.recap_cache_clear()
    paused_cache_clear()


@pytest.fixture
def kpps_token(officers):
    return token_issue(user=officers["kpps"], name="tes", rate_per_minute=100_000, actor=Actor.named("test"))[1]


def send(body: dict | bytes, token: str, *, full_stack: bool = False):
    from django.conf import settings

    data = body if isinstance(body, bytes) else json.dumps(body)
    middleware = [m for m in settings.MIDDLEWARE if not (full_stack and m == FULL_STACK_MIDDLEWARE)]
    with override_settings(MIDDLEWARE=middleware):
        return Client().post(URL, data, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")


def submission(tally: dict, sid: str, tps: str = TPS) -> dict:
    photo = base64.b64encode(photo_bytes()).decode()
    return {
        "submission_id": sid,
        "contest": "ppwp-2024",
        "tps": tps,
        **nested(tally),
        "photos": [{"content_base64": photo}],
    }


def extreme_tally(value: int) -> dict:
    """Self-consistent: one pair has every vote, every count is ``value``."""
    tally = consistent_tally(votes=(value, 0, 0), invalid=0, dpt=(value, 0))
    tally.update({"voted_dpt.l": value, "voted_dpt.p": 0, "voted_total.l": value, "voted_total.p": 0})
    tally.update({"ballots.received": value, "ballots.unused": 0, "ballots.damaged": 0})
    return tally


def fold_with_the_worker(seconds: float = 1.0) -> int:
    stop = threading.Event()
    timer = threading.Timer(seconds, stop.set)
    timer.start()
    try:
        return worker.worker_run(stop=stop, interval=0.05, gather=0.05)
    finally:
        timer.cancel()


@pytest.mark.parametrize("full_stack", [False, True], ids=["fast path", "full stack"])
@pytest.mark.parametrize("value", [EXTREME, EXTREME + 1, 10**30, 613], ids=["2^64-1", "2^64", "10^30", "613"])
def test_a_count_no_tps_can_hold_is_refused_with_r10(kpps_token, full_stack, value):
    response = send(submission(extreme_tally(value), "extreme-0001"), kpps_token, full_stack=full_stack)

    assert response.status_code == 422, response.content
    answer = response.json()
    assert answer["code"] == "rules_broken" and "[R10]" in answer["message"]
    assert [d["code"] for d in answer["details"]] == ["R10"]
    assert not (TpsResult.objects.exists() or ResultVersion.objects.exists() or RecapDelta.objects.exists())


@pytest.mark.parametrize("full_stack", [False, True], ids=["fast path", "full stack"])
def test_an_integer_too_long_to_read_is_refused_with_r10_too(kpps_token, full_stack):
    text = json.dumps(submission(consistent_tally(), "extreme-0002")).replace(
        '"invalid": 5', '"invalid": ' + "9" * 5000
    )
    response = send(text.encode(), kpps_token, full_stack=full_stack)

    assert response.status_code == 422
    r10 = [d for d in response.json()["details"] if d["code"] == "R10"]
    assert r10 and r10[0]["fields"] == ["invalid"]


def test_the_extreme_tally_is_refused_the_worker_stays_alive_and_the_total_moves(kpps_token):
    """The independent probe's attack, end to end: 2^64 - 1 everywhere answered 422 with R10; the worker runs on
    and the next valid submission moves the national total."""
    refused = send(submission(extreme_tally(EXTREME), "extreme-0003"), kpps_token)
    assert refused.status_code == 422 and refused.json()["details"][0]["code"] == "R10"
    accepted = send(submission(consistent_tally(votes=(40, 35, 25)), "valid-000001"), kpps_token)
    assert accepted.status_code == 201

    assert fold_with_the_worker() == 1

    national = body("")
    assert national["tps_reported"] == 1 and [c["votes"] for c in national["candidates"]] == [40, 35, 25]
    assert RecapWorkerBeat.objects.get().folded_at is not None


@pytest.mark.parametrize(("value", "rule"), [(EXTREME, "R0"), (EXTREME + 1, "R0"), (999_999_999, "R10"), (613, "R10")])
def test_the_entry_page_refuses_a_count_no_tps_can_hold(officers, client, value, rule):
    """The page reads at most 9 digits (longer is named by R0), and R10 bounds the rest."""
    from suara.results.tests.support import FORM, element, photo_file, post_data, submission_id

    client.force_login(officers["kpps"])
    sid = submission_id(client.get(FORM).content.decode())
    tally = consistent_tally()
    tally["ballots.received"] = value
    response = client.post(FORM, post_data(tally, sid, photos=photo_file()))

    assert response.status_code == 422
    assert f"{rule} " in element(response.content.decode(), "rule-summary")
    assert 'data-tps-max="612"' in response.content.decode()  # the browser's twin checks the same bound
    assert not (TpsResult.objects.exists() or RecapDelta.objects.exists())


def poison(kind: str) -> RecapDelta:
    contest = Contest.objects.get(slug="ppwp-2024")
    bad = {"huge": {"votes.1": 2**64, "valid": 2**64, "tps_reported": 1}, "not a mapping": "rusak"}[kind]
    return RecapDelta.objects.create(contest=contest, tps_code="3276011006099", delta=bad)


@pytest.mark.parametrize("kind", ["huge", "not a mapping"])
def test_a_poisoned_delta_is_quarantined_and_every_other_one_folds(counting, kind, caplog):
    codes = tps_beneath("3276011006")[:6]
    record_results(codes[:3])
    bad = poison(kind)
    record_results(codes[3:])

    assert recap_fold() == 6

    assert not RecapDelta.objects.exists() and body("")["tps_reported"] == 6
    quarantined = QuarantinedDelta.objects.get()
    assert (quarantined.delta_id, quarantined.tps_code) == (bad.pk, bad.tps_code)
    assert quarantined.error and len(quarantined.error) <= 500
    assert "quarantined" in caplog.text
    # Nothing else is stuck: the next delta folds at once.
    record_results(tps_beneath("3276011007")[:1])
    assert recap_fold() == 1 and body("")["tps_reported"] == 7


def test_the_worker_folds_past_a_poisoned_delta(counting):
    record_results(tps_beneath("3276011006")[:4])
    poison("huge")

    assert fold_with_the_worker() == 4

    assert QuarantinedDelta.objects.count() == 1 and body("")["tps_reported"] == 4


def test_a_sealing_failure_is_the_schedulers_and_the_doctor_reports_it(counting, monkeypatch, caplog):
    """Sealing is a periodic job of the scheduler (jobs.schedule): the folds never wait on it, and a seal
    that fails is logged once and named among the count's problems."""
    from suara.audit import services as audit_services
    from suara.jobs.scheduler import periodic_outcomes_clear, periodic_run

    def broken_seal():
        raise RuntimeError("the chain's head is not ours")

    periodic_outcomes_clear()
    monkeypatch.setattr(audit_services, "audit_seal", broken_seal)
    record_results(tps_beneath("3276011006")[:3])

    assert fold_with_the_worker() == 3
    assert not periodic_run("audit_seal") and not periodic_run("audit_seal")

    assert RecapWorkerBeat.objects.get().folded_at
    assert caplog.text.count("periodic job audit_seal failed") == 1  # logged once, not every run
    assert "periodic job audit_seal fails: RuntimeError" in " ".join(count_status().problems)
    monkeypatch.undo()
    assert periodic_run("audit_seal") and count_status().problems == []


def test_a_database_error_leaves_the_deltas_waiting(counting, monkeypatch):
    """Not the deltas' fault: nothing is quarantined, everything folds once the database is back."""
    from django.db import OperationalError

    from suara.results.recap import fold as recap

    record_results(tps_beneath("3276011006")[:2])
    real = recap.fold_batch
    monkeypatch.setattr(recap, "fold_batch", lambda *a: (_ for _ in ()).throw(OperationalError("server closed")))
    with pytest.raises(OperationalError):
        recap_fold()
    assert RecapDelta.objects.count() == 2 and not QuarantinedDelta.objects.exists()
    monkeypatch.setattr(recap, "fold_batch", real)
    assert recap_fold() == 2


def age_pending(seconds: float) -> None:
    RecapDelta.objects.update(created_at=timezone.now() - timedelta(seconds=seconds))


# -- The count paused, as the public sees it --------------------------------------------------------------


def test_while_the_worker_is_away_the_pages_and_the_api_say_since_when_the_count_is_paused(counting, client):
    from django.core.management import call_command

    from suara.results.recap.status import worker_beat

    call_command("recap", "prepare", "--election", "pemilu-2024", stdout=open("/dev/null", "w"))  # noqa: SIM115
    record_results(tps_beneath("3276011006")[:1])
    worker_beat(folded=False)
    assert client.get("/api/v1/contests/ppwp-2024/recap").json()["paused_since"] is None  # just arrived

    age_pending(60)
    RecapWorkerBeat.objects.update(beat_at=timezone.now() - timedelta(seconds=90))  # the worker died
    api = client.get("/api/v1/contests/ppwp-2024/recap")
    page = client.get("/hasil/ppwp-2024/").content.decode()
    region = client.get("/hasil/ppwp-2024/wilayah/3276/").content.decode()

    oldest = RecapDelta.objects.get().created_at
    assert api.json()["paused_since"] is not None and "paused" in api["ETag"]
    assert abs(timezone.datetime.fromisoformat(api.json()["paused_since"]) - oldest) < timedelta(seconds=1)
    assert "data-count-paused" in page and "Penghitungan terhenti sementara sejak" in page
    assert "data-count-paused" in region

    # The worker comes back and folds: no more pause, on the same snapshot's pages as on new ones.
    assert fold_with_the_worker(0.5) == 1
    api = client.get("/api/v1/contests/ppwp-2024/recap").json()
    assert api["paused_since"] is None and api["tps_reported"] == 1
    assert "data-count-paused" not in client.get("/hasil/ppwp-2024/").content.decode()


def test_a_worker_seen_recently_is_not_a_pause(counting):
    from suara.results.public.paused import paused_since
    from suara.results.recap.status import worker_beat

    def beat_at():
        beat = RecapWorkerBeat.objects.first()
        return beat and beat.beat_at

    record_results(tps_beneath("3276011006")[:1])
    age_pending(60)
    assert paused_since(beat_at()) is None  # no worker ever seen here: no claim (the doctor says it, though)
    assert count_status().paused_since is not None
    worker_beat(folded=False)
    assert paused_since(beat_at()) is None  # busy with a backlog, but alive
    RecapWorkerBeat.objects.update(beat_at=timezone.now() - timedelta(seconds=30))
    assert paused_since(beat_at()) == beat_at()  # later than the oldest delta
    RecapDelta.objects.all().delete()
    assert paused_since(beat_at()) is None  # gone, but nothing waits


# -- What an operator sees: suara recap doctor, release, and the quarantine page ---------------------------


def doctor() -> tuple[str, int]:
    import io

    from django.core.management import CommandError, call_command

    out = io.StringIO()
    try:
        call_command("recap", "doctor", stdout=out)
    except CommandError as error:
        return out.getvalue() + str(error), error.returncode
    return out.getvalue(), 0


def test_doctor_reports_the_worker_the_queue_and_the_quarantine(counting):
    output, status = doctor()
    assert status == 0 and "never seen" in output and "Pending deltas: 0" in output and "All well." in output

    record_results(tps_beneath("3276011006")[:2])
    bad = poison("huge")
    assert fold_with_the_worker(0.5) == 2
    output, status = doctor()
    assert status == 1
    assert "Recap worker: running" in output and "Quarantined deltas: 1" in output
    assert f"delta {bad.pk}" in output and "TypeError" in output and "1 deltas quarantined" in output

    age = timezone.now() - timedelta(seconds=120)
    RecapWorkerBeat.objects.update(beat_at=age)
    record_results(tps_beneath("3276011007")[:1])
    age_pending(90)
    output, status = doctor()
    assert status == 1 and "NOT SEEN RECENTLY" in output and "PAUSED since" in output and "Pending deltas: 1" in output


def test_release_puts_a_quarantined_delta_back_in_the_queue(counting):
    import io

    from django.core.management import call_command

    poison("not a mapping")
    recap_fold()
    quarantined = QuarantinedDelta.objects.get()
    out = io.StringIO()
    call_command("recap", "release", str(quarantined.pk), stdout=out)
    assert "Released 1 deltas" in out.getvalue()
    assert not QuarantinedDelta.objects.exists() and RecapDelta.objects.get().delta == "rusak"
    recap_fold()  # still broken: back in quarantine, nothing else harmed
    assert QuarantinedDelta.objects.count() == 1


def test_the_quarantine_page_is_for_kpu_officers_of_the_region(counting, officers, client):
    record_results(tps_beneath("3276011006")[:1])
    poison("huge")
    recap_fold()

    client.force_login(officers["kpu_ri"])
    page = client.get("/petugas/rekap/karantina/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "3276011006099" in text and "TypeError" in text and "data-quarantine" in text
    assert 'href="/petugas/rekap/karantina/"' in client.get("/petugas/rekap/").content.decode()

    client.force_login(officers["kpu_depok"])  # Depok's KPU: its own TPS only
    assert "3276011006099" in client.get("/petugas/rekap/karantina/").content.decode()
    QuarantinedDelta.objects.update(tps_code="3171011001001")
    assert "3171011001001" not in client.get("/petugas/rekap/karantina/").content.decode()

    for name in ("ppk", "kpps"):
        client.force_login(officers[name])
        assert client.get("/petugas/rekap/karantina/").status_code == 403
    client.logout()
    assert client.get("/petugas/rekap/karantina/").status_code == 302


def test_kpu_ri_puts_quarantined_deltas_back_from_the_page(counting, officers, client):
    poison("not a mapping")
    poison("huge")
    recap_fold()
    first = QuarantinedDelta.objects.order_by("pk").first()

    client.force_login(officers["kpu_depok"])  # a region's KPU sees them, but the queue is the nation's
    assert client.post("/petugas/rekap/karantina/kembalikan/", {"id": first.pk}).status_code == 403
    client.force_login(officers["kpu_ri"])
    assert client.get("/petugas/rekap/karantina/kembalikan/").status_code == 405
    assert "Kembalikan ke antrean" in client.get("/petugas/rekap/karantina/").content.decode()

    response = client.post("/petugas/rekap/karantina/kembalikan/", {"id": first.pk}, follow=True)
    assert "1 perubahan dikembalikan ke antrean." in response.content.decode()
    assert RecapDelta.objects.count() == 1 and QuarantinedDelta.objects.count() == 1
    client.post("/petugas/rekap/karantina/kembalikan/", {"all": "1"})
    assert RecapDelta.objects.count() == 2 and not QuarantinedDelta.objects.exists()
    assert client.post("/petugas/rekap/karantina/kembalikan/", {"id": "x' OR 1"}).status_code == 302
