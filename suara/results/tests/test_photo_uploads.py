"""Form photos sent apart from their tally, in resumable chunks named by the photo's SHA-256; a tally that
names them by hash, counted while they are awaited; photos attached as they complete (issue 16 §1)."""

import hashlib
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from conftest import photo_bytes
from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.results.entry import uploads
from suara.results.entry.photo_services import photo_chunk_receive
from suara.results.entry.photos import inspect_photo, photo_path, staging_root
from suara.results.models import PhotoUpload, RecapPointer, ResultPhoto, ResultVersion
from suara.results.public import selectors
from suara.results.tests.support import TPS, auth, payload, post

pytestmark = pytest.mark.usefixtures("photo_dir")


@pytest.fixture(autouse=True)
def fresh_cache():
    selectors.recap_cache_clear()


def big_photo(seed: int = 0) -> bytes:
    """A JPEG of a few hundred KB (noise compresses badly), so that it takes several chunks."""
    image = Image.frombytes("RGB", (600, 400), hashlib.shake_256(str(seed).encode()).digest(600 * 400 * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return out.getvalue()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def put(client, token, data: bytes, start: int, end: int, total: int, name: str | None = None):
    return client.put(
        f"/api/v1/photos/{name or sha(data)}",
        data=data[start : end + 1],
        content_type="application/octet-stream",
        HTTP_CONTENT_RANGE=f"bytes {start}-{end}/{total}",
        **auth(token),
    )


def upload(client, token, data: bytes, chunk: int = 100_000, name: str | None = None):
    response = None
    for start in range(0, len(data), chunk):
        end = min(start + chunk, len(data)) - 1
        response = put(client, token, data, start, end, len(data), name)
        assert response.status_code == 200, response.content
    return response


def state(client, token, name: str):
    return client.get(f"/api/v1/photos/{name}", **auth(token))


# --- the upload ---------------------------------------------------------------------------------------


def test_a_photo_uploaded_in_chunks_is_complete_and_kept_privately_until_a_tally_names_it(client, tokens):
    data = big_photo()
    assert len(data) > 2 * 100_000
    assert state(client, tokens["kpps"], sha(data)).json() == {
        "sha256": sha(data),
        "received": 0,
        "total": None,
        "complete": False,
    }
    first = put(client, tokens["kpps"], data, 0, 99_999, len(data))
    assert first.json() == {"sha256": sha(data), "received": 100_000, "total": len(data), "complete": False}
    last = upload(client, tokens["kpps"], data)
    assert last.json()["complete"] is True
    upload_row = PhotoUpload.objects.get()
    assert upload_row.complete and upload_row.clean_sha256 == inspect_photo(data, page=1).sha256
    assert not photo_path(upload_row.clean_sha256, "jpg").exists()  # nothing public yet
    assert uploads.received_path(upload_row.clean_sha256, "image/jpeg").exists()
    assert not list((staging_root() / "uploads").rglob("*.part"))
    # another KPPS sees it complete: the same name is the same bytes
    assert state(client, tokens["kpps_002"], sha(data)).json()["complete"] is True


def test_a_chunk_out_of_order_is_refused_with_where_to_resume(client, tokens):
    data = big_photo()
    put(client, tokens["kpps"], data, 0, 99_999, len(data))
    response = put(client, tokens["kpps"], data, 150_000, 199_999, len(data))
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "upload_offset_mismatch" and body["details"][0]["received"] == 100_000
    assert PhotoUpload.objects.get().received == 100_000


def test_a_chunk_sent_again_is_answered_with_the_state_and_other_bytes_are_refused(client, tokens):
    data = big_photo()
    put(client, tokens["kpps"], data, 0, 99_999, len(data))
    again = put(client, tokens["kpps"], data, 0, 99_999, len(data))
    assert again.status_code == 200 and again.json()["received"] == 100_000
    changed = bytearray(data)
    changed[10] ^= 0xFF
    other = put(client, tokens["kpps"], bytes(changed), 0, 99_999, len(data), name=sha(data))
    assert other.status_code == 409 and other.json()["code"] == "upload_chunk_differs"
    assert upload(client, tokens["kpps"], data).json()["complete"] is True


def test_bytes_that_do_not_hash_to_the_name_are_refused_and_the_upload_discarded(client, tokens):
    data = photo_bytes()
    wrong = "0" * 64
    response = put(client, tokens["kpps"], data, 0, len(data) - 1, len(data), name=wrong)
    assert response.status_code == 422 and response.json()["code"] == "photo_hash_mismatch"
    assert not PhotoUpload.objects.exists()
    assert not list((staging_root() / "uploads").rglob("*.part"))
    assert state(client, tokens["kpps"], wrong).json()["received"] == 0


def test_a_complete_upload_that_is_no_image_is_refused_by_the_photo_rules(client, tokens):
    data = b"not a photo at all" * 10
    response = put(client, tokens["kpps"], data, 0, len(data) - 1, len(data))
    assert response.status_code == 422 and response.json()["code"] == "photo_not_image"
    assert not PhotoUpload.objects.exists()


@pytest.mark.parametrize(
    ("header", "length"),
    [
        (None, 10),
        ("bytes=0-9/20", 10),
        ("bytes 0-9/20", 9),  # the range says 10 bytes, the body has 9
        ("bytes 5-4/20", 1),
        ("bytes 0-19/10", 20),  # past the end
    ],
)
def test_a_wrong_content_range_is_refused(client, tokens, header, length):
    extra = {"HTTP_CONTENT_RANGE": header} if header else {}
    response = client.put(
        f"/api/v1/photos/{'a' * 64}",
        data=b"x" * length,
        content_type="application/octet-stream",
        **extra,
        **auth(tokens["kpps"]),
    )
    assert response.status_code == 400 and response.json()["code"] == "invalid_content_range"
    assert not PhotoUpload.objects.exists()


def test_a_total_that_changes_midway_is_refused(client, tokens):
    data = big_photo()
    put(client, tokens["kpps"], data, 0, 99_999, len(data))
    response = put(client, tokens["kpps"], data + b"xx", 100_000, 199_999, len(data) + 2, name=sha(data))
    assert response.status_code == 400 and response.json()["code"] == "invalid_content_range"


def test_sizes_names_and_roles_are_checked(client, tokens):
    too_big = put(client, tokens["kpps"], b"x" * 10, 0, 9, 9 * 1024 * 1024, name="b" * 64)
    assert too_big.status_code == 413 and too_big.json()["code"] == "photo_too_large"
    chunk = client.put(
        f"/api/v1/photos/{'c' * 64}",
        data=b"x" * (256 * 1024 + 1),
        content_type="application/octet-stream",
        HTTP_CONTENT_RANGE=f"bytes 0-{256 * 1024}/{300 * 1024}",
        **auth(tokens["kpps"]),
    )
    assert chunk.status_code == 413 and chunk.json()["code"] == "upload_chunk_too_large"
    bad_name = put(client, tokens["kpps"], b"x" * 10, 0, 9, 10, name="Z" * 64)
    assert bad_name.status_code == 400 and bad_name.json()["code"] == "photo_hash_invalid"
    ppk = put(client, tokens["ppk"], b"x" * 10, 0, 9, 10)
    assert ppk.status_code == 403 and ppk.json()["code"] == "photo_upload_forbidden"
    assert client.get(f"/api/v1/photos/{'a' * 64}").status_code == 401
    assert not PhotoUpload.objects.exists()


def test_an_account_holds_a_bounded_number_and_size_of_unfinished_uploads(client, tokens, settings):
    settings.SUARA_PHOTO_UPLOADS_MAX = 2
    settings.SUARA_PHOTO_UPLOADS_MAX_BYTES = 1_000
    for n in (1, 2):
        assert put(client, tokens["kpps"], b"y" * 10, 0, 4, 300, name=f"{n}" * 64).status_code == 200
    third = put(client, tokens["kpps"], b"y" * 10, 0, 4, 300, name="3" * 64)
    assert third.status_code == 429 and third.json()["code"] == "photo_uploads_too_many"
    settings.SUARA_PHOTO_UPLOADS_MAX = 10
    large = put(client, tokens["kpps"], b"y" * 10, 0, 4, 500, name="4" * 64)
    assert large.status_code == 413 and large.json()["code"] == "photo_uploads_too_large"
    # another account has its own allowance
    assert put(client, tokens["kpps_002"], b"y" * 10, 0, 4, 300, name="5" * 64).status_code == 200


def test_stale_uploads_are_swept_with_their_files(client, tokens):
    data = big_photo()
    put(client, tokens["kpps"], data, 0, 99_999, len(data))
    assert uploads.uploads_sweep(max_age=3600) == {"partial": 0, "unnamed": 0}
    assert uploads.uploads_sweep(max_age=-1) == {"partial": 1, "unnamed": 0}
    assert not PhotoUpload.objects.exists() and not list((staging_root() / "uploads").rglob("*.part"))


# --- any chunking ends with the same photo ----------------------------------------------------------------

PHOTO = big_photo(7)


@st.composite
def chunkings(draw):
    """Chunk sizes covering the photo (none over 256 KiB), and after each chunk maybe a retry of an
    earlier one."""
    cuts = set(draw(st.lists(st.integers(1, len(PHOTO) - 1), max_size=12)))
    cuts |= set(range(200_000, len(PHOTO), 200_000))  # no chunk over the limit
    bounds = [0, *sorted(cuts), len(PHOTO)]
    sizes = [b - a for a, b in zip(bounds, bounds[1:], strict=False)]
    retries = draw(st.lists(st.booleans(), min_size=len(sizes), max_size=len(sizes)))
    return sizes, retries


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(chunking=chunkings())
def test_any_chunking_with_retries_stores_the_same_photo_under_the_same_hash(officers, chunking):
    sizes, retries = chunking
    actor = Actor.of(officers["kpps"])
    name, total, start = sha(PHOTO), len(PHOTO), 0
    sent: list[tuple[int, int]] = []
    last = None
    for size, retry in zip(sizes, retries, strict=True):
        last = photo_chunk_receive(
            actor=actor,
            sha256=name,
            content_range=f"bytes {start}-{start + size - 1}/{total}",
            data=PHOTO[start : start + size],
        )
        sent.append((start, size))
        if retry and not last.complete:  # the link dropped after the server got it: sent again
            again_start, again_size = sent[len(sent) // 2]
            again = photo_chunk_receive(
                actor=actor,
                sha256=name,
                content_range=f"bytes {again_start}-{again_start + again_size - 1}/{total}",
                data=PHOTO[again_start : again_start + again_size],
            )
            assert again.received == start + size
        start += size
    assert last.complete and last.received == total
    row = PhotoUpload.objects.get(sha256=name)
    clean = inspect_photo(PHOTO, page=1)
    assert row.clean_sha256 == clean.sha256
    stored = uploads.received_path(row.clean_sha256, row.content_type)
    assert stored.read_bytes() == clean.data and sha(stored.read_bytes()) == clean.sha256
    stored.unlink()
    row.delete()


# --- a tally naming its photos --------------------------------------------------------------------------


def by_hash(names, **extra):
    body = payload(**extra)
    body.pop("photos")
    return {**body, "photo_hashes": names}


def test_a_tally_naming_received_photos_is_stored_with_them(client, tokens):
    one, two = big_photo(1), big_photo(2)
    upload(client, tokens["kpps"], one)
    upload(client, tokens["kpps"], two)
    response = post(client, by_hash([sha(two), sha(one)]), tokens["kpps"])
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["photos_pending"] is False and body["photos_awaited"] == []
    clean = {sha(one): inspect_photo(one, page=1).sha256, sha(two): inspect_photo(two, page=1).sha256}
    assert [(p["page"], p["sha256"]) for p in body["photos"]] == [(1, clean[sha(two)]), (2, clean[sha(one)])]
    assert all(photo_path(p["sha256"], "jpg").exists() for p in body["photos"])
    assert body["receipt"]["verify_url"] == f"/hasil/tanda-terima/{body['receipt']['token']}/"


def test_a_tally_naming_photos_not_yet_received_is_counted_and_waits_for_them(client, tokens):
    one, two, three = big_photo(1), big_photo(2), big_photo(3)
    upload(client, tokens["kpps"], two)
    first = post(client, by_hash([sha(one), sha(two), sha(three)]), tokens["kpps"])
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["photos_pending"] is True and body["photos_awaited"] == [sha(one), sha(three)]
    assert [p["page"] for p in body["photos"]] == [2]
    snapshot = RecapPointer.objects.get(code=TPS).snapshot.body
    assert snapshot["photos_pending"] is True and snapshot["versions"][0]["photos_awaited"] == [sha(one), sha(three)]
    page = client.get(f"/hasil/ppwp-2024/tps/{TPS}/").content.decode()
    assert "data-photos-pending" in page and "Menunggu foto" in page

    # a replay before anything changed is the same answer (its receipt byte for byte; PostgreSQL's jsonb
    # gives the stored tally's keys back in its own order)
    replay = post(client, by_hash([sha(one), sha(two), sha(three)]), tokens["kpps"])
    assert replay.status_code == 200
    assert replay.json() == {**body, "created": False}
    assert replay.json()["receipt"] == body["receipt"]

    upload(client, tokens["kpps"], three)
    version = ResultVersion.objects.get()
    assert version.photos_pending is True and version.photos_awaited == [sha(one)]
    upload(client, tokens["kpps"], one)
    version.refresh_from_db()
    assert version.photos_pending is False and version.photos_awaited == []
    pages = dict(ResultPhoto.objects.values_list("page", "sha256"))
    assert pages == {n: inspect_photo(d, page=1).sha256 for n, d in ((1, one), (2, two), (3, three))}
    assert AuditEvent.objects.filter(action="results.photos_attach").count() == 2
    selectors.recap_cache_clear()
    page = client.get(f"/hasil/ppwp-2024/tps/{TPS}/").content.decode()
    assert "data-photos-pending" not in page
    assert RecapPointer.objects.get(code=TPS).snapshot.body["photos_pending"] is False


@pytest.mark.parametrize(
    "names",
    [[], ["a" * 64] * 2, ["A" * 64], ["a" * 63], [f"{n:064x}" for n in range(11)]],
)
def test_malformed_photo_hashes_are_refused_and_nothing_stored(client, tokens, names):
    response = post(client, by_hash(names), tokens["kpps"])
    assert response.status_code == 400 and response.json()["code"] == "photo_hash_invalid"
    assert not ResultVersion.objects.exists()


def test_photos_and_photo_hashes_together_are_refused(client, tokens):
    response = post(client, {**payload(), "photo_hashes": ["a" * 64]}, tokens["kpps"])
    assert response.status_code == 400 and response.json()["code"] == "photo_hash_invalid"
    assert not ResultVersion.objects.exists()


# --- photos named afterwards (an SMS result) ----------------------------------------------------------


def sms_like_result(officers):
    """A standing version with no photos at all, as an SMS result stands."""
    from conftest import consistent_tally
    from suara.results.entry.services import result_submit

    outcome = result_submit(
        actor=Actor.of(officers["kpps"]),
        contest="ppwp-2024",
        tps=TPS,
        tally=consistent_tally(),
        photos=[],
        submission_id="sms-like-0001",
        photo_hashes=["f" * 64],
    )
    version = outcome.version
    ResultVersion.objects.filter(pk=version.pk).update(channel="sms", photos_awaited=[], photos_pending=True)
    from suara.results.models import TpsResult
    from suara.results.snapshots import snapshot_publish, tps_snapshot_body

    result = TpsResult.objects.get()
    snapshot_publish(contest_id=result.contest_id, code=TPS, body=tps_snapshot_body(result))
    return version


def test_an_sms_result_shows_so_and_gets_its_photos_afterwards(client, officers, tokens):
    sms_like_result(officers)
    page = client.get(f"/hasil/ppwp-2024/tps/{TPS}/").content.decode()
    assert "SMS, foto menyusul" in page
    one, two = big_photo(1), big_photo(2)
    upload(client, tokens["kpps"], one)
    path = f"/api/v1/results/ppwp-2024/{TPS}/photos"
    response = post(client, {"photo_hashes": [sha(one), sha(two)]}, tokens["kpps"], path=path)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["photos_pending"] is True and body["photos_awaited"] == [sha(two)] and body["channel"] == "sms"
    again = post(client, {"photo_hashes": [sha(one), sha(two)]}, tokens["kpps"], path=path)
    assert again.status_code == 200 and again.json()["photos"] == body["photos"]
    other = post(client, {"photo_hashes": [sha(two)]}, tokens["kpps"], path=path)
    assert other.status_code == 409 and other.json()["code"] == "photos_already_attached"
    upload(client, tokens["kpps"], two)
    version = ResultVersion.objects.get()
    assert version.photos_pending is False and version.photos.count() == 2
    foreign = post(client, {"photo_hashes": [sha(one)]}, tokens["kpps_002"], path=path)
    assert foreign.status_code == 403


def test_photos_of_a_tps_without_a_result_are_refused(client, tokens):
    path = f"/api/v1/results/ppwp-2024/{TPS}/photos"
    response = post(client, {"photo_hashes": ["a" * 64]}, tokens["kpps"], path=path)
    assert response.status_code == 400 and response.json()["code"] == "no_result_yet"


def test_an_upload_whose_file_was_lost_starts_again_from_zero(client, tokens):
    data = big_photo()
    put(client, tokens["kpps"], data, 0, 99_999, len(data))
    for part in (staging_root() / "uploads").rglob("*.part"):
        part.unlink()
    response = put(client, tokens["kpps"], data, 100_000, 199_999, len(data))
    assert response.status_code == 409 and response.json()["details"][0]["received"] == 0
    assert upload(client, tokens["kpps"], data).json()["complete"] is True
