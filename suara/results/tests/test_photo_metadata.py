"""Photo metadata stripping: every metadata block goes, every pixel stays exactly as taken."""

from __future__ import annotations

import io
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, PngImagePlugin

from suara.results.entry.photo_metadata import (
    MalformedImage,
    exif_orientation,
    jpeg_frame,
    png_size,
    strip_jpeg,
    strip_png,
)


def _exif(make: str, orientation: int | None = None) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = make  # Make
    exif[0x8825] = {2: (6, 24, 0), 4: (106, 49, 0)}  # GPS latitude and longitude
    if orientation is not None:
        exif[0x0112] = orientation
    return exif.tobytes()


XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description tiff:Model="PhoneModel"/></x:xmpmeta>'


def _image(mode: str, width: int, height: int, seed: int) -> Image.Image:
    """A small image with some structure, so that scans are not all one value; the same for the same seed
    (Hypothesis replays examples)."""
    rng = random.Random(seed)
    pixels = bytes(rng.getrandbits(8) for _ in range(width * height * 3))
    return Image.frombytes("RGB", (width, height), pixels).convert(mode)


@st.composite
def jpegs(draw):
    mode = draw(st.sampled_from(["RGB", "L", "CMYK"]))
    image = _image(mode, draw(st.integers(1, 90)), draw(st.integers(1, 90)), draw(st.integers(0, 1000)))
    options = {"quality": draw(st.integers(30, 95)), "progressive": draw(st.booleans())}
    if draw(st.booleans()):
        options["exif"] = _exif(draw(st.text("abcXYZ ", min_size=1, max_size=20)))
    if draw(st.booleans()):
        options["comment"] = draw(st.binary(min_size=1, max_size=200))
    if draw(st.booleans()):
        options["xmp"] = XMP
    if draw(st.booleans()):
        options["icc_profile"] = b"\0" * 128 + b"PhoneModel"
    if draw(st.booleans()):
        options["restart_marker_blocks"] = draw(st.integers(1, 4))
    out = io.BytesIO()
    image.save(out, "JPEG", **options)
    trailer = draw(st.sampled_from([b"", b"PK\x03\x04 hidden archive", b"\xff\xd8\xff\xe1 second picture"]))
    return out.getvalue() + trailer


@st.composite
def pngs(draw):
    mode = draw(st.sampled_from(["RGB", "RGBA", "L", "P", "1"]))
    image = _image(mode, draw(st.integers(1, 60)), draw(st.integers(1, 60)), draw(st.integers(0, 1000)))
    info = PngImagePlugin.PngInfo()
    for key, value in draw(st.lists(st.tuples(st.sampled_from(["Author", "GPS", "Comment"]), st.text(max_size=30)))):
        kind = draw(st.sampled_from(["text", "ztxt", "itxt"]))
        {"text": info.add_text, "ztxt": lambda k, v: info.add_text(k, v, zip=True), "itxt": info.add_itxt}[kind](
            key, value
        )
    options = {"pnginfo": info}
    if draw(st.booleans()):
        options["exif"] = _exif("PhoneMaker")
    if mode == "P" and draw(st.booleans()):
        options["transparency"] = 0
    out = io.BytesIO()
    image.save(out, "PNG", **options)
    return out.getvalue() + draw(st.sampled_from([b"", b"trailing bytes"]))


def _decoded(data: bytes) -> tuple[str, tuple[int, int], bytes]:
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return image.mode, image.size, image.tobytes()


@settings(max_examples=60, deadline=None)
@given(jpegs())
def test_a_stripped_jpeg_keeps_every_pixel_and_no_metadata(original):
    stripped = strip_jpeg(original)
    assert _decoded(stripped) == _decoded(original)
    with Image.open(io.BytesIO(stripped)) as image:
        markers = {name for name, _ in image.applist}
        assert markers <= {"APP0", "APP14"}, markers
        assert not image.getexif()
        assert not {"exif", "comment", "xmp", "icc_profile"} & set(image.info)
    assert stripped.endswith(b"\xff\xd9")  # nothing hides after the image
    assert b"PhoneModel" not in stripped and b"PK\x03\x04" not in stripped


@settings(max_examples=60, deadline=None)
@given(jpegs())
def test_a_jpegs_size_and_coding_read_without_pillow_are_pillows(original):
    stripped = strip_jpeg(original)
    with Image.open(io.BytesIO(stripped)) as image:
        assert jpeg_frame(stripped) == (*image.size, bool(image.info.get("progressive")))


@settings(max_examples=30, deadline=None)
@given(pngs())
def test_a_pngs_size_read_without_pillow_is_pillows(original):
    stripped = strip_png(original)
    with Image.open(io.BytesIO(stripped)) as image:
        assert png_size(stripped) == image.size


@settings(max_examples=60, deadline=None)
@given(pngs())
def test_a_stripped_png_keeps_every_pixel_and_no_metadata(original):
    stripped = strip_png(original)
    assert _decoded(stripped) == _decoded(original)
    with Image.open(io.BytesIO(stripped)) as image, Image.open(io.BytesIO(original)) as before:
        image.load()
        assert not image.text
        assert not image.getexif()
        assert "exif" not in image.info
        assert ("transparency" in image.info) == ("transparency" in before.info)
    assert stripped.endswith(b"IEND\xaeB`\x82")


@settings(max_examples=40, deadline=None)
@given(jpegs(), st.data())
def test_a_truncated_jpeg_is_malformed(original, data):
    end = original.rindex(b"\xff\xd9")  # where the image itself ends, before any trailer
    cut = data.draw(st.integers(0, end + 1))
    with pytest.raises(MalformedImage):
        strip_jpeg(original[:cut])


@settings(max_examples=40, deadline=None)
@given(pngs(), st.data())
def test_a_truncated_png_is_malformed(original, data):
    end = original.rindex(b"IEND") + 8
    cut = data.draw(st.integers(0, end - 1))
    with pytest.raises(MalformedImage):
        strip_png(original[:cut])


def test_the_jfif_thumbnail_goes_and_its_header_stays():
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (10, 20, 30)).save(out, "JPEG")
    original = out.getvalue()
    app0 = original.index(b"JFIF\x00")
    # A JFIF header announcing a 1x1 thumbnail (3 bytes of RGB), as some cameras write.
    with_thumbnail = (
        original[: app0 - 2]
        + (16 + 3).to_bytes(2, "big")
        + original[app0 : app0 + 12]
        + b"\x01\x01\xff\x00\x00"
        + original[app0 + 14 :]
    )
    stripped = strip_jpeg(with_thumbnail)
    assert stripped == original
    assert _decoded(stripped) == _decoded(original)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_a_jpeg_keeps_its_orientation_and_nothing_else_of_its_exif(orientation):
    out = io.BytesIO()
    _image("RGB", 24, 16, orientation).save(out, "JPEG", exif=_exif("PhoneMaker", orientation))
    stripped = strip_jpeg(out.getvalue())
    with Image.open(io.BytesIO(stripped)) as image:
        # 1 means "as stored": nothing is kept at all.
        assert dict(image.getexif()) == ({} if orientation == 1 else {0x0112: orientation})
        assert not image.getexif().get_ifd(0x8825)  # no GPS
    assert b"PhoneMaker" not in stripped
    assert _decoded(stripped) == _decoded(out.getvalue())


@given(st.binary(max_size=200))
def test_reading_the_orientation_of_any_bytes_never_fails(block):
    assert exif_orientation(block) in {None, *range(2, 9)}
    assert exif_orientation(b"MM\x00\x2a" + block) in {None, *range(2, 9)}


@pytest.mark.parametrize("coding", [0xC3, 0xC9, 0xCA])  # lossless, arithmetic, progressive arithmetic
def test_a_jpeg_coding_browsers_do_not_show_is_refused(coding):
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (10, 20, 30)).save(out, "JPEG")
    baseline = out.getvalue()
    assert strip_jpeg(baseline)
    sof = baseline.index(b"\xff\xc0")
    with pytest.raises(MalformedImage):
        strip_jpeg(baseline[: sof + 1] + bytes([coding]) + baseline[sof + 2 :])


@pytest.mark.parametrize(
    "data, strip",
    [
        (b"", strip_jpeg),
        (b"\xff\xd8not a marker", strip_jpeg),
        (b"\xff\xd8\xff\xd8", strip_jpeg),
        (b"\xff\xd8\xff\xe1\x00\x01", strip_jpeg),  # a segment length below its own two bytes
        (b"GIF89a", strip_png),
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xffIHDR", strip_png),  # a chunk longer than the file
    ],
)
def test_broken_structures_are_malformed(data, strip):
    with pytest.raises(MalformedImage):
        strip(data)
