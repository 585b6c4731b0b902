"""Metadata stripped from JPEG and PNG files without touching their pixels (pure; no Django, no Pillow).

A phone photo of a C.Hasil form carries EXIF (the phone, often the place it was taken), XMP, comments,
thumbnails and, after the image itself, a second picture (MPF). None of that may be published, and the
pixels must be published exactly as taken: a re-encoded photo loses detail in the handwriting that the
numbers are checked against, grows, and costs 0.2-0.3 s of CPU for 12 megapixels. So the
files are rewritten segment by segment, keeping only what decoding needs:

- JPEG (baseline or progressive: the codings browsers show): every marker segment but the application
  segments and comments, except JFIF's APP0 (without its thumbnail) and Adobe's APP14, which say how to
  read the colours, and the EXIF orientation, rewritten as the only tag of a new EXIF block, so that a photo
  taken upright is shown upright. The ICC profile goes too: it can name the device. The compressed scan
  data is copied byte for byte. Nothing after EOI survives.
- PNG: the critical chunks and the ancillary chunks that affect how pixels look (transparency, gamma,
  colour space, significant bits, background, pixel size). Text, EXIF, time and unknown chunks are
  dropped. Nothing after IEND survives.

A structure that cannot be followed raises ``MalformedImage``; whether the pixels decode is the caller's
check (``results.photos``).
"""

from __future__ import annotations

import re
import struct

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_KEPT_CHUNKS = frozenset(
    {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"sBIT", b"bKGD", b"pHYs"}
)

_SOI, _EOI, _SOS, _COM, _APP0, _APP1, _APP14 = 0xD8, 0xD9, 0xDA, 0xFE, 0xE0, 0xE1, 0xEE
_ORIENTATION_TAG = 0x0112
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})  # TEM and the restart markers carry no length
# Browsers show Huffman-coded JPEGs (baseline, extended, progressive: SOF0-SOF2). Lossless, hierarchical
# and arithmetic-coded ones are valid JPEG but would be published as photos nobody could open.
_SOF_NOT_SHOWN = frozenset({0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})
# In scan data a 0xFF byte is followed by 0x00 (a stuffed data byte) or a restart marker; any other
# byte after 0xFF ends the scan.
_SCAN_END = re.compile(rb"\xff[^\x00\xd0-\xd7]")


class MalformedImage(ValueError):
    """The file's structure is broken: truncated, or not the format its signature claims."""


def strip_jpeg(data: bytes) -> bytes:
    if data[:2] != b"\xff\xd8":
        raise MalformedImage("no JPEG start of image")
    out = [b"\xff\xd8"]
    pos = 2
    scans = _ScanCoverage()
    while True:
        if pos >= len(data) or data[pos] != 0xFF:
            raise MalformedImage("expected a marker")
        while pos < len(data) and data[pos] == 0xFF:  # fill bytes may pad a marker
            pos += 1
        if pos >= len(data):
            raise MalformedImage("truncated at a marker")
        marker = data[pos]
        pos += 1
        if marker == _EOI:
            scans.check_complete()
            out.append(b"\xff\xd9")
            return b"".join(out)
        if marker == _SOI or marker == 0x00:
            raise MalformedImage("unexpected marker")
        if marker in _STANDALONE:
            out.append(bytes((0xFF, marker)))
            continue
        if marker in _SOF_NOT_SHOWN:
            raise MalformedImage("a JPEG coding browsers do not show")
        if pos + 2 > len(data):
            raise MalformedImage("truncated segment length")
        (length,) = struct.unpack_from(">H", data, pos)
        end = pos + length
        if length < 2 or end > len(data):
            raise MalformedImage("truncated segment")
        scans.segment(marker, data[pos + 2 : end])
        kept = _jpeg_segment_kept(marker, data[pos + 2 : end])
        if kept is not None:
            out.append(bytes((0xFF, marker)) + struct.pack(">H", len(kept) + 2) + kept)
        pos = end
        if marker == _SOS:
            found = _SCAN_END.search(data, pos)
            if found is None:
                raise MalformedImage("truncated scan data")
            out.append(data[pos : found.start()])
            pos = found.start()


_SOF_SEQUENTIAL, _SOF_PROGRESSIVE = frozenset({0xC0, 0xC1}), 0xC2


class _ScanCoverage:
    """Whether the scans present code the whole image: a file cut short just before a scan (and closed with
    an end marker) has a sound structure, and a decoder shows it without complaint, blurred or grey.

    Sequential: every component of the frame is in a scan. Progressive: every component's DC is coded down
    to its last bit, and every coefficient band a scan started is refined down to its last bit (a cut
    before the last scans of a successive approximation leaves them short)."""

    def __init__(self):
        self.progressive: bool | None = None
        self.components: list[int] = []
        self.low_bit: dict[tuple[int, int], int] = {}  # (component, coefficient) -> the lowest bit coded
        self.in_scans: set[int] = set()

    def segment(self, marker: int, body: bytes) -> None:
        if marker in _SOF_SEQUENTIAL or marker == _SOF_PROGRESSIVE:
            if self.progressive is not None or len(body) < 6:
                raise MalformedImage("a second or short frame header")
            self.progressive = marker == _SOF_PROGRESSIVE
            self.components = [body[6 + 3 * i] for i in range(body[5]) if 6 + 3 * i < len(body)]
        elif marker == _SOS:
            if self.progressive is None or not body:
                raise MalformedImage("a scan before the frame header")
            count = body[0]
            if len(body) < 1 + 2 * count + 3:
                raise MalformedImage("short scan header")
            ids = [body[1 + 2 * i] for i in range(count)]
            start, end, approx = body[1 + 2 * count], body[2 + 2 * count], body[3 + 2 * count]
            self.in_scans.update(ids)
            if self.progressive:
                for component in ids:
                    for k in range(start, min(end, 63) + 1):
                        key = (component, k)
                        self.low_bit[key] = min(self.low_bit.get(key, 99), approx & 0x0F)

    def check_complete(self) -> None:
        if self.progressive is None:
            raise MalformedImage("no frame header")
        if not set(self.components) <= self.in_scans:
            raise MalformedImage("a component without a scan")
        if self.progressive:
            if any(self.low_bit.get((c, 0)) != 0 for c in self.components):
                raise MalformedImage("DC not coded to its last bit")
            if any(bit != 0 for bit in self.low_bit.values()):
                raise MalformedImage("a coefficient band not refined to its last bit")


def jpeg_frame(data: bytes) -> tuple[int, int, bool]:
    """(width, height, progressive) as the frame header says, which comes before any scan; the file is
    well formed (``strip_jpeg``). A height of 0 (given later, in a DNL segment) is returned as 0."""
    pos = 2
    while pos + 4 <= len(data):
        while pos < len(data) and data[pos] == 0xFF:
            pos += 1
        marker = data[pos]
        if marker in _SOF_SEQUENTIAL or marker == _SOF_PROGRESSIVE:
            # length (2), precision (1), height (2), width (2)
            height, width = struct.unpack_from(">HH", data, pos + 4)
            return width, height, marker == _SOF_PROGRESSIVE
        if marker == _SOS:
            break
        if marker in _STANDALONE:
            pos += 1
            continue
        (length,) = struct.unpack_from(">H", data, pos + 1)
        pos += 1 + length
    raise MalformedImage("no frame header before the scans")


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from the IHDR chunk, which must come first; the file is well formed (``strip_png``)."""
    if data[12:16] != b"IHDR" or len(data) < 24:
        raise MalformedImage("IHDR is not the first chunk")
    width, height = struct.unpack_from(">II", data, 16)
    return width, height


def _jpeg_segment_kept(marker: int, body: bytes) -> bytes | None:
    """The body the segment keeps, or None when it goes."""
    if marker == _COM:
        return None
    if marker == _APP0:
        # JFIF: identifier (5), version (2), density unit and densities (5), thumbnail size (2), thumbnail.
        return body[:12] + b"\x00\x00" if body.startswith(b"JFIF\x00") and len(body) >= 14 else None
    if marker == _APP14:
        return body if body.startswith(b"Adobe") else None
    if marker == _APP1 and body.startswith(b"Exif\x00\x00"):
        orientation = exif_orientation(body[6:])
        return None if orientation is None else _orientation_only_exif(orientation)
    return None if 0xE1 <= marker <= 0xEF else body


def exif_orientation(tiff: bytes) -> int | None:
    """The Orientation tag (2-8: the photo is shown turned or mirrored) of an EXIF block, or None when it
    has none, says 1 (as stored), or cannot be read."""
    order = {b"II": "<", b"MM": ">"}.get(tiff[:2])
    if order is None:
        return None
    try:
        (ifd,) = struct.unpack_from(order + "I", tiff, 4)
        (count,) = struct.unpack_from(order + "H", tiff, ifd)
        for entry in range(ifd + 2, ifd + 2 + 12 * min(count, 512), 12):
            tag, kind, values = struct.unpack_from(order + "HHI", tiff, entry)
            if tag == _ORIENTATION_TAG:
                (value,) = struct.unpack_from(order + "H", tiff, entry + 8)
                return value if kind == 3 and values == 1 and 2 <= value <= 8 else None
    except struct.error:
        return None
    return None


def _orientation_only_exif(orientation: int) -> bytes:
    """An EXIF block holding the orientation and nothing else: a photo taken with the phone held upright
    is then still shown upright."""
    entry = struct.pack(">HHIHH", _ORIENTATION_TAG, 3, 1, orientation, 0)
    return b"Exif\x00\x00" + b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1) + entry + b"\x00" * 4


def strip_png(data: bytes) -> bytes:
    if not data.startswith(PNG_SIGNATURE):
        raise MalformedImage("no PNG signature")
    out = [PNG_SIGNATURE]
    pos = len(PNG_SIGNATURE)
    while True:
        if pos + 8 > len(data):
            raise MalformedImage("truncated chunk header")
        length, kind = struct.unpack_from(">I4s", data, pos)
        end = pos + 12 + length  # length, type, data, CRC
        if end > len(data):
            raise MalformedImage("truncated chunk")
        if kind in PNG_KEPT_CHUNKS:
            out.append(data[pos:end])
        pos = end
        if kind == b"IEND":
            return b"".join(out)
