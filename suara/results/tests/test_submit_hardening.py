"""One KPPS token must not be able to stop the count through the submission path: cheap refusals come
before any image decoding, the pixels a request may make the server decode are bounded, decoding waits
for one of few slots (or is answered 503), a photo cut short is refused however it ends, nothing refused
leaves a file behind, submission ids are the account's own, and one correction at a time waits per TPS."""

from __future__ import annotations

import io
import re
import threading

import pytest
from PIL import Image

from conftest import consistent_tally, photo_bytes
from suara.audit.actors import Actor
from suara.core.errors import Conflict, DomainError
from suara.results.entry import photos as photo_rules
from suara.results.entry.corrections import correction_propose
from suara.results.entry.photos import clean_photo, photo_path, staging_root
from suara.results.entry.services import result_submit
from suara.results.models import ResultPhoto, ResultVersion, TpsResult
from suara.results.tests.support import payload, post

TPS = "3276011006001"


@pytest.fixture(autouse=True)
def photo_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


@pytest.fixture
def no_decoding(monkeypatch):
    """Fails the test if any photo's pixels are decoded."""

    def refuse(photo):
        raise AssertionError("a photo was decoded")

    monkeypatch.setattr(photo_rules, "_decode_whole", refuse)


def png(width: int, height: int, mode: str = "RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height)).save(out, "PNG", optimize=False)
    return out.getvalue()


def noisy_jpeg(*, progressive: bool, size=(640, 480)) -> bytes:
    image = Image.effect_noise(size, 60).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, progressive=progressive)
    return out.getvalue()


def submit(user, *, photos, sid="hard-0001", tps=TPS, tally=None):
    return result_submit(
        actor=Actor.of(user),
        contest="ppwp-2024",
        tps=tps,
        tally=consistent_tally() if tally is None else tally,
        photos=photos,
        submission_id=sid,
    )


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


# --- cheap refusals first -------------------------------------------------------------------------------


def test_a_tps_with_a_result_refuses_a_photo_bomb_without_decoding_or_even_reading_it(officers, decoded):
    submit(officers["kpps"], photos=lambda: [photo_bytes()], sid="first-0001")
    assert decoded == [1]
    read = []

    def bomb():
        read.append(1)
        return [png(6300, 6300)] * 10

    with pytest.raises(Conflict) as refused:
        submit(officers["kpps"], photos=bomb, sid="second-0001")
    assert refused.value.code == "result_exists"
    assert read == [] and decoded == [1]  # the bomb was not even base64-decoded


@pytest.fixture
def decoded(monkeypatch):
    """Counts the photos decoded (and decodes them)."""
    calls = []
    real = photo_rules._decode_whole
    monkeypatch.setattr(photo_rules, "_decode_whole", lambda photo: calls.append(photo.page) or real(photo))
    return calls


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("broken rule", "rules_broken"),
        ("other kpps", "forbidden"),
        ("locked", "recap_locked"),
        ("bad id", "invalid_submission_id"),
    ],
)
def test_each_cheap_refusal_comes_before_any_decoding(officers, decoded, case, code):
    from django.utils import timezone

    from suara.elections.models import Contest
    from suara.results.models import RecapLock

    tally = consistent_tally()
    user, sid = officers["kpps"], "cheap-0001"
    if case == "broken rule":
        tally["valid"] += 1
    elif case == "other kpps":
        user = officers["kpps_002"]
    elif case == "locked":
        contest = Contest.objects.get(slug="ppwp-2024")
        RecapLock.objects.create(contest=contest, region_code="327601", locked_by="ppk_b", locked_at=timezone.now())
    else:
        sid = "no"
    with pytest.raises(DomainError) as refused:
        submit(user, photos=[png(4000, 3000)], sid=sid, tally=tally)
    assert refused.value.code == code
    assert decoded == []


def test_a_photo_above_the_pixel_limit_is_refused_from_its_header(officers, no_decoding):
    with pytest.raises(DomainError) as refused:
        submit(officers["kpps"], photos=[png(4097, 4097)])
    assert refused.value.code == "photo_too_large" and "megapiksel" in refused.value.message
    with pytest.raises(DomainError):
        submit(officers["kpps"], photos=[png(8193, 10, "L")])
    assert not TpsResult.objects.exists()


def test_a_twelve_megapixel_phone_photo_fits_the_limit():
    out = io.BytesIO()
    Image.new("RGB", (4000, 3000), (230, 230, 220)).save(out, "JPEG")
    photo = photo_rules.clean_photo(out.getvalue(), page=1)
    assert (photo.width, photo.height) == (4000, 3000)
    assert photo.decoded_pixels == 4000 * 3000 // 64


def test_a_request_decodes_at_most_its_budget(officers, no_decoding):
    # Five full-size PNG pages: each within the limit, together more than one request may decode.
    pages = [png(4096, 4096, "L")] * 5
    with pytest.raises(DomainError) as refused:
        submit(officers["kpps"], photos=pages)
    assert refused.value.code == "photos_too_large"


def test_without_a_free_decoding_slot_the_request_is_answered_503_with_retry_after(client, tokens, settings):  # noqa: F811
    settings.SUARA_PHOTO_DECODE_WAIT_SECONDS = 0.05
    slots = photo_rules._semaphore()
    taken = [slots.acquire(blocking=False) for _ in range(settings.SUARA_PHOTO_DECODE_SLOTS)]
    try:
        response = post(client, payload(), tokens["kpps"])
    finally:
        for _ in taken:
            slots.release()
    assert response.status_code == 503
    assert response.json()["code"] == "photo_decode_busy" and int(response["Retry-After"]) >= 1
    assert not TpsResult.objects.exists()
    assert post(client, payload(), tokens["kpps"]).status_code == 201  # the retry, once a slot is free


def test_decodes_in_one_process_never_exceed_the_slots(settings, monkeypatch):
    settings.SUARA_PHOTO_DECODE_SLOTS = 2
    settings.SUARA_PHOTO_DECODE_WAIT_SECONDS = 5
    running, most = [0], [0]
    lock = threading.Lock()
    real = photo_rules._decode_whole

    def counted(photo):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            threading.Event().wait(0.05)
            real(photo)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(photo_rules, "_decode_whole", counted)
    photo = photo_rules.inspect_photo(photo_bytes(), page=1)
    threads = [threading.Thread(target=photo_rules.verify_photos, args=([photo],)) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most[0] == 2


# --- photos cut short ------------------------------------------------------------------------------------


def _scan_data_bounds(data: bytes) -> tuple[int, int]:
    first_sos = data.index(b"\xff\xda")
    start = first_sos + 2 + int.from_bytes(data[first_sos + 2 : first_sos + 4], "big")
    return start, len(data) - 2


@pytest.mark.parametrize("progressive", [False, True], ids=["baseline", "progressive"])
@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9, 0.99])
def test_a_jpeg_cut_short_but_closed_with_an_end_marker_is_refused(progressive, fraction):
    data = noisy_jpeg(progressive=progressive)
    start, end = _scan_data_bounds(data)
    cut = data[: start + int((end - start) * fraction)].rstrip(b"\xff") + b"\xff\xd9"

    with pytest.raises(DomainError) as refused:
        clean_photo(cut, page=2)
    assert refused.value.code == "photo_not_image" and "halaman 2" in refused.value.message


@pytest.mark.parametrize("fraction", [0.5, 0.9, 0.99])
def test_a_progressive_jpeg_cut_inside_its_last_scan_is_refused(fraction):
    data = noisy_jpeg(progressive=True)
    last_sos = data.rindex(b"\xff\xda")
    start = last_sos + 2 + int.from_bytes(data[last_sos + 2 : last_sos + 4], "big")
    cut = data[: start + int((len(data) - 2 - start) * fraction)].rstrip(b"\xff") + b"\xff\xd9"

    with pytest.raises(DomainError):
        clean_photo(cut, page=1)


def test_a_progressive_jpeg_cut_just_before_a_scan_is_refused():
    data = noisy_jpeg(progressive=True)
    scans = [m.start() for m in re.finditer(rb"\xff\xda", data)]
    for boundary in scans[1:]:
        with pytest.raises(DomainError):
            clean_photo(data[:boundary] + b"\xff\xd9", page=1)


@pytest.mark.parametrize("progressive", [False, True], ids=["baseline", "progressive"])
def test_a_whole_jpeg_is_accepted(progressive):
    data = noisy_jpeg(progressive=progressive)
    assert clean_photo(data, page=1).width == 640


def test_a_jpeg_whose_frame_header_gives_no_height_is_refused_before_it_is_decoded():
    data = noisy_jpeg(progressive=False)
    sof = data.index(b"\xff\xc0")  # marker, length (2), precision (1), height (2)
    no_height = data[: sof + 5] + b"\x00\x00" + data[sof + 7 :]

    with pytest.raises(DomainError) as refused:
        photo_rules.inspect_photo(no_height, page=1)  # the header only: nothing is decoded
    assert refused.value.code == "photo_not_image"


def test_a_png_cut_short_but_closed_with_iend_is_refused():
    image = Image.effect_noise((300, 200), 60)
    out = io.BytesIO()
    image.save(out, "PNG")
    data = out.getvalue()
    idat = data.index(b"IDAT") - 4
    length = int.from_bytes(data[idat : idat + 4], "big")
    half = data[idat + 8 : idat + 8 + length // 2]
    import zlib

    chunk = len(half).to_bytes(4, "big") + b"IDAT" + half + zlib.crc32(b"IDAT" + half).to_bytes(4, "big")
    cut = data[:idat] + chunk + data[data.index(b"IEND") - 4 :]
    with pytest.raises(DomainError):
        clean_photo(cut, page=1)


# --- nothing refused is left behind ----------------------------------------------------------------------


def test_a_refused_submission_leaves_no_file_and_its_photo_url_is_404(client, officers, settings):
    submit(officers["kpps"], photos=[photo_bytes()], sid="first-0001")
    before = set(stored_files(settings.VAR_DIR))
    raw = photo_bytes(color=(1, 2, 3))
    sha256 = clean_photo(raw, page=1).sha256
    tally = consistent_tally()
    tally["valid"] += 1
    for sid, tps, kwargs in (
        ("again-0001", TPS, {}),  # the TPS has a result
        ("rules-0001", "3276011006002", {"tally": tally}),  # a broken rule
    ):
        user = officers["kpps"] if tps == TPS else officers["kpps_002"]
        with pytest.raises(DomainError):
            submit(user, photos=[raw], sid=sid, tps=tps, **kwargs)
    assert set(stored_files(settings.VAR_DIR)) == before
    assert not photo_path(sha256, "jpg").exists()
    assert client.get(f"/foto/{sha256}.jpg").status_code == 404


def test_a_submission_that_loses_the_race_for_its_tps_leaves_no_file(officers, settings, monkeypatch):
    """Two first entries for one TPS: the loser's insert fails on the database's constraint after its
    photos were staged; they are discarded, never published."""
    from dataclasses import replace

    from suara.results.entry import store as entry_store

    submit(officers["kpps"], photos=[photo_bytes()], sid="first-0001")
    real = entry_store.entry_check
    monkeypatch.setattr(entry_store, "entry_check", lambda **kw: replace(real(**kw), result_exists=False))
    raw = photo_bytes(color=(9, 9, 9))
    with pytest.raises(Conflict) as refused:
        submit(officers["kpps"], photos=[raw], sid="racer-0001")
    assert refused.value.code == "result_exists"
    assert not photo_path(clean_photo(raw, page=1).sha256, "jpg").exists()
    assert stored_files(staging_root()) == []


def test_an_accepted_photo_is_public_and_nothing_stays_in_staging(client, officers):
    outcome = submit(officers["kpps"], photos=[photo_bytes()])
    photo = ResultPhoto.objects.get(version=outcome.version)
    assert client.get(f"/foto/{photo.sha256}.jpg").status_code == 200
    assert stored_files(staging_root()) == []


def test_the_sweep_publishes_what_a_crash_left_after_commit_and_deletes_the_rest(officers):
    outcome = submit(officers["kpps"], photos=[photo_bytes()])
    photo = ResultPhoto.objects.get(version=outcome.version)
    public = photo_path(photo.sha256, "jpg")
    data = public.read_bytes()
    public.unlink()
    sending = staging_root() / "sending"
    sending.mkdir(parents=True, exist_ok=True)
    (sending / f"{photo.sha256}.jpg.abc").write_bytes(data)  # committed, then the process died
    (sending / f"{'0' * 64}.jpg.def").write_bytes(b"refused")  # its request died before committing

    assert photo_rules.staging_sweep(max_age=0) == {"published": 1, "deleted": 1}
    assert public.read_bytes() == data and stored_files(staging_root()) == []


# --- submission ids are the account's own ----------------------------------------------------------------


def test_another_kpps_cannot_take_the_submission_id_a_kpps_will_use(client, tokens):  # noqa: F811
    stolen = "sub-3276011006001-0001"  # B's id, which embeds B's TPS code
    a = post(client, payload(sid=stolen, tps="3276011006002"), tokens["kpps_002"])
    assert a.status_code == 201

    b = post(client, payload(sid=stolen), tokens["kpps"])

    assert b.status_code == 201 and b.json()["tps"] == TPS
    retry = post(client, payload(sid=stolen), tokens["kpps"])
    assert retry.status_code == 200 and retry.json()["created"] is False
    assert ResultVersion.objects.filter(submission_id=stolen).count() == 2


def test_the_same_account_reusing_an_id_for_other_content_is_still_a_conflict(client, tokens):  # noqa: F811
    assert post(client, payload(sid="mine-00001"), tokens["kpps"]).status_code == 201
    other = consistent_tally(votes=(41, 34, 25))
    response = post(client, payload(other, sid="mine-00001"), tokens["kpps"])
    assert response.status_code == 409 and response.json()["code"] == "submission_id_reused"


# --- one pending correction per TPS ----------------------------------------------------------------------


def correction(client, token, sid, votes=(30, 45, 25), **extra):
    body = payload(consistent_tally(votes=votes), sid=sid, reason="Salah baca angka pasangan calon", **extra)
    body.setdefault("reason_code", "salah_baca")
    return post(client, body, token, path="/api/v1/results/corrections")


def test_a_second_pending_correction_is_refused_with_its_code(client, tokens):  # noqa: F811
    assert post(client, payload(), tokens["kpps"]).status_code == 201
    assert correction(client, tokens["kpps"], "corr-00001").status_code == 201

    second = correction(client, tokens["ppk"], "corr-00002", votes=(31, 44, 25))

    assert second.status_code == 409 and second.json()["code"] == "correction_pending"
    assert ResultVersion.objects.filter(status="pending").count() == 1


def test_after_the_decision_a_new_correction_may_wait(client, tokens):  # noqa: F811
    assert post(client, payload(), tokens["kpps"]).status_code == 201
    first = correction(client, tokens["kpps"], "corr-00001").json()
    decision = f"/api/v1/results/corrections/{first['id']}/decision"
    assert post(client, {"approve": False}, tokens["ppk"], path=decision).status_code == 200
    assert correction(client, tokens["kpps"], "corr-00002", votes=(31, 44, 25)).status_code == 201


def test_the_database_holds_one_pending_correction_when_checks_race(officers):
    from django.db import IntegrityError, transaction

    submit(officers["kpps"], photos=[photo_bytes()], sid="first-0001")
    result = TpsResult.objects.get()
    fields = {"result": result, "kind": "correction", "status": "pending", "tally": {}, "submitted_by": "x"}
    from django.utils import timezone

    ResultVersion.objects.create(**fields, submitted_at=timezone.now(), submission_id="race-00001")
    with pytest.raises(IntegrityError), transaction.atomic():
        ResultVersion.objects.create(**fields, submitted_at=timezone.now(), submission_id="race-00002")


def test_a_correction_needs_a_photo_and_a_known_reason_code(officers):
    submit(officers["kpps"], photos=[photo_bytes()], sid="first-0001")
    base = {
        "actor": Actor.of(officers["kpps"]),
        "contest": "ppwp-2024",
        "tps": TPS,
        "tally": consistent_tally(votes=(30, 45, 25)),
        "reason": "Salah baca angka pasangan calon",
        "submission_id": "corr-00001",
    }
    with pytest.raises(DomainError) as refused:
        correction_propose(**base, photos=[], reason_code="salah_baca")
    assert refused.value.code == "photo_required"
    with pytest.raises(DomainError) as refused:
        correction_propose(**base, photos=[photo_bytes()], reason_code="karena saya mau")
    assert refused.value.code == "reason_code_invalid"
    assert not ResultVersion.objects.filter(kind="correction").exists()


@pytest.mark.skipif(
    __import__("django.db").db.connection.vendor != "postgresql", reason="parallel writers need PostgreSQL"
)
def test_parallel_proposals_over_the_api_leave_one_pending_correction(transactional_db, tokens, monkeypatch):  # noqa: F811
    """The issue's probe: 20 proposals with distinct ids at once. Each passes the service's own check before
    any has written (the photo check is slowed to make sure), and the database lets one through."""
    from django.db import connections
    from django.test import Client

    assert post(Client(), payload(), tokens["kpps"]).status_code == 201
    real = photo_rules.verify_photos
    monkeypatch.setattr(photo_rules, "verify_photos", lambda photos: threading.Event().wait(0.3) or real(photos))
    monkeypatch.setattr("suara.results.entry.services.verify_photos", photo_rules.verify_photos)
    statuses = []

    def propose(i: int) -> None:
        try:
            statuses.append(
                correction(Client(), tokens["kpps"], f"par-{i:06d}", votes=(30 + i, 70 - i, 25)).status_code
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=propose, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [201] + [409] * 19
    assert ResultVersion.objects.filter(status="pending").count() == 1
