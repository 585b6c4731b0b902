"""/foto/<sha256>.<jpg|png>: the stored form photos, streamed with their type and kept by caches for a
year (a file never changes under its hash); anything else is a 404."""

import hashlib

import pytest

from conftest import consistent_tally, photo_bytes
from suara.audit.actors import Actor
from suara.results.entry.photos import clean_photo, photo_store
from suara.results.entry.services import result_submit


@pytest.fixture(autouse=True)
def photo_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


@pytest.fixture
def stored(officers):
    """Stores a photo as the one of a submitted result (only photos a stored version names are served)."""

    def store(kind="JPEG"):
        raw = photo_bytes(kind)
        result_submit(
            actor=Actor.of(officers["kpps"]),
            contest="ppwp-2024",
            tps="3276011006001",
            tally=consistent_tally(),
            photos=[raw],
            submission_id="photo-view-1",
        )
        return clean_photo(raw, page=1)

    return store


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(
    ("kind", "extension", "content_type"), [("JPEG", "jpg", "image/jpeg"), ("PNG", "png", "image/png")]
)
def test_a_stored_photo_is_served_with_its_type_and_a_long_immutable_cache(
    client, stored, kind, extension, content_type
):
    photo = stored(kind)

    response = client.get(f"/foto/{photo.sha256}.{extension}")

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    data = body(response)
    assert data == photo.data and hashlib.sha256(data).hexdigest() == photo.sha256
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["ETag"] == f'"{photo.sha256}"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_client_holding_the_photo_gets_304(client, stored):
    photo = stored()

    response = client.get(f"/foto/{photo.sha256}.jpg", HTTP_IF_NONE_MATCH=f'"{photo.sha256}"')

    assert response.status_code == 304


def test_head_is_answered_and_writes_are_not_allowed(client, stored):
    photo = stored()

    assert client.head(f"/foto/{photo.sha256}.jpg").status_code == 200
    assert client.post(f"/foto/{photo.sha256}.jpg").status_code == 405


def test_anything_else_is_404(client, stored, settings):
    photo = stored()
    (settings.VAR_DIR / "photos" / "secret.txt").write_text("not a photo")
    names = [
        f"{'0' * 64}.jpg",  # well-formed, not stored
        f"{photo.sha256}.png",  # stored as JPEG only
        f"{photo.sha256.upper()}.jpg",
        f"{photo.sha256}.gif",
        f"{photo.sha256}.jpg.part",
        f"{photo.sha256[:63]}.jpg",
        "..%2Fsecret.txt",
        "secret.txt",
    ]
    for name in names:
        assert client.get(f"/foto/{name}").status_code == 404, name
    assert client.get(f"/foto/{photo.sha256[:2]}/{photo.sha256}.jpg").status_code == 404


def test_a_file_no_stored_version_names_is_not_served(client, db):
    photo = clean_photo(photo_bytes(), page=1)
    photo_store(photo)  # on disk, but nobody's evidence

    assert client.get(f"/foto/{photo.sha256}.jpg").status_code == 404
