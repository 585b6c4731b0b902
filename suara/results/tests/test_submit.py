"""A KPPS sends its TPS's tally: stored once, whole, with its photos, or refused with a named reason."""

import io

import pytest
from PIL import Image

from conftest import consistent_tally, photo_bytes
from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from suara.results.entry.photos import photo_path
from suara.results.entry.services import result_submit
from suara.results.models import RecapDelta, RecapPointer, ResultPhoto, ResultVersion, TpsResult

TPS = "3276011006001"


@pytest.fixture(autouse=True)
def photo_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def submit(user, tally=None, *, tps=TPS, sid="sub-0001-abcdef", photos=None, contest="ppwp-2024"):
    return result_submit(
        actor=Actor.of(user),
        contest=contest,
        tps=tps,
        tally=consistent_tally() if tally is None else tally,
        photos=[photo_bytes()] if photos is None else photos,
        submission_id=sid,
    )


def nothing_stored():
    return not (TpsResult.objects.exists() or ResultVersion.objects.exists() or RecapDelta.objects.exists())


def test_an_entry_is_stored_with_its_photo_delta_snapshot_and_audit(officers):
    outcome = submit(officers["kpps"])
    assert outcome.created and outcome.version.number == 1
    result = TpsResult.objects.get()
    assert result.tps_code == TPS and result.tally == consistent_tally() and result.version == 1
    delta = RecapDelta.objects.get()
    assert delta.delta["votes.1"] == 40 and delta.delta["tps_reported"] == 1
    pointer = RecapPointer.objects.get(code=TPS)
    assert pointer.snapshot.body["tally"]["votes"] == {"1": 40, "2": 35, "3": 25}
    assert pointer.snapshot.body["photos"][0]["url"].startswith("/foto/")
    event = AuditEvent.objects.get(action="results.submit")
    assert (event.actor, event.role, event.object_code) == ("kpps_001", "kpps", TPS)


def test_a_retry_with_the_same_id_and_payload_returns_the_stored_result(officers):
    first = submit(officers["kpps"])
    again = submit(officers["kpps"])
    assert not again.created and again.version.pk == first.version.pk
    assert RecapDelta.objects.count() == 1 and ResultVersion.objects.count() == 1


def test_the_same_id_with_another_payload_is_a_conflict(officers):
    submit(officers["kpps"])
    with pytest.raises(Conflict) as err:
        submit(officers["kpps"], consistent_tally(votes=(41, 34, 25)))
    assert err.value.code == "submission_id_reused" and err.value.status == 409


def test_a_second_entry_for_a_tps_is_refused(officers):
    submit(officers["kpps"])
    with pytest.raises(Conflict) as err:
        submit(officers["kpps"], consistent_tally(votes=(41, 34, 25)), sid="sub-0002-abcdef")
    assert err.value.code == "result_exists"
    assert TpsResult.objects.get().version == 1


def test_a_tally_breaking_rules_is_refused_listing_every_rule(officers):
    tally = consistent_tally()
    tally.update({"votes.1": 71, "votes.2": 641, "votes.3": 511})  # the 2024 misreading
    with pytest.raises(DomainError) as err:
        submit(officers["kpps"], tally)
    assert err.value.code == "rules_broken" and err.value.status == 422
    assert {"R1", "R7"} <= {d["code"] for d in err.value.details}
    assert nothing_stored()


@pytest.mark.parametrize("bad", [-1, 2.5, "12"])
def test_negative_or_fractional_numbers_are_refused(officers, bad):
    tally = consistent_tally()
    tally["invalid"] = bad
    with pytest.raises(DomainError) as err:
        submit(officers["kpps"], tally)
    assert "R0" in {d["code"] for d in err.value.details}
    assert nothing_stored()


def test_a_kpps_submits_only_for_its_own_tps(officers):
    with pytest.raises(PermissionDenied):
        submit(officers["kpps"], tps="3276011006002")
    with pytest.raises(PermissionDenied):
        submit(officers["kpu_depok"])  # not even KPU may type a TPS's tally
    assert nothing_stored()


@pytest.mark.parametrize(
    ("kwargs", "error", "code"),
    [
        ({"tps": "3276011006999"}, NotFound, "tps_not_found"),
        ({"tps": "32760110060"}, DomainError, "invalid_tps_code"),
        ({"contest": "ppwp-1999"}, NotFound, "contest_not_found"),
        ({"contest": "pilgub-2024-32"}, NotFound, "tps_not_found"),  # Pilkada has no counting geography here
        ({"sid": "x"}, DomainError, "invalid_submission_id"),
        ({"photos": []}, DomainError, "photo_required"),
        ({"photos": [b"%PDF-1.4 not an image"]}, DomainError, "photo_not_image"),
        ({"photos": [photo_bytes()[:200]]}, DomainError, "photo_not_image"),
        ({"photos": [photo_bytes("GIF")]}, DomainError, "photo_not_image"),
    ],
)
def test_bad_input_is_refused_with_its_code_and_nothing_is_stored(officers, kwargs, error, code):
    with pytest.raises(error) as err:
        submit(officers["kpps"], **kwargs)
    assert err.value.code == code
    assert nothing_stored() and not ResultPhoto.objects.exists()


def test_an_oversized_photo_is_refused(officers, monkeypatch):
    monkeypatch.setattr("suara.results.entry.photos.MAX_BYTES", 100)
    with pytest.raises(DomainError) as err:
        submit(officers["kpps"])
    assert err.value.code == "photo_too_large" and nothing_stored()


@pytest.mark.parametrize("missing", ["votes.3", "valid", "invalid", "total"])
def test_an_incomplete_tally_is_refused(officers, missing):
    tally = consistent_tally()
    del tally[missing]
    with pytest.raises(DomainError) as err:
        submit(officers["kpps"], tally)
    assert err.value.code == "incomplete_tally" and missing in err.value.message
    assert nothing_stored()


def test_unknown_ballot_number_is_refused(officers):
    tally = consistent_tally()
    tally["votes.4"] = 0
    with pytest.raises(DomainError) as err:
        submit(officers["kpps"], tally)
    assert err.value.code == "unknown_candidate"


def test_photos_lose_their_exif_keep_their_pixels_and_are_stored_by_sha256(officers):
    sent = photo_bytes(exif=True)
    submit(officers["kpps"], photos=[sent, photo_bytes("PNG")])
    photos = list(ResultPhoto.objects.order_by("page"))
    assert [p.content_type for p in photos] == ["image/jpeg", "image/png"]
    stored = photo_path(photos[0].sha256, "jpg").read_bytes()
    with Image.open(io.BytesIO(stored)) as image, Image.open(io.BytesIO(sent)) as original:
        assert not image.getexif()
        assert image.tobytes() == original.tobytes()  # not re-encoded: the handwriting stays as taken
    import hashlib

    assert hashlib.sha256(stored).hexdigest() == photos[0].sha256


def test_the_same_photo_stored_by_many_writers_at_once_leaves_one_whole_file(tmp_path, settings):
    """A retry racing its original stores the same photo twice at the same moment."""
    from concurrent.futures import ThreadPoolExecutor

    from suara.results.entry.photos import clean_photo, photo_path, photo_store

    settings.VAR_DIR = tmp_path
    photo = clean_photo(photo_bytes(), page=1)
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda _: photo_store(photo), range(64)))
    path = photo_path(photo.sha256, photo.extension)
    assert path.read_bytes() == photo.data
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no part file left behind


def test_the_entry_path_keeps_a_contest_for_a_while(counting, settings, django_assert_num_queries):
    from suara.results.entry import services

    settings.SUARA_CONTEST_CACHE_SECONDS = 30
    services._entry_contests.clear()
    try:
        contest, ballots = services.contest_for_entry("ppwp-2024")
        assert contest.slug == "ppwp-2024" and ballots == [1, 2, 3]
        with django_assert_num_queries(0):
            assert services.contest_for_entry("ppwp-2024") == (contest, ballots)
        settings.SUARA_CONTEST_CACHE_SECONDS = 0  # expired: asked again
        with django_assert_num_queries(2):
            services.contest_for_entry("ppwp-2024")
    finally:
        services._entry_contests.clear()
