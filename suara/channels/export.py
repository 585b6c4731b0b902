"""A site's schedule as its operator receives it: JSON and CSV with each asset's download address, and a
ZIP holding both and every asset (``assets/<sha256>.<ext>``), written to a temporary file and streamed."""

from __future__ import annotations

import json
import tempfile
import zipfile

from django.urls import reverse

from suara.channels import assets
from suara.channels.models import PlaylistEntry, VideotronSite
from suara.channels.playlist import ScheduleRow, schedule_csv
from suara.core import clock


def rows_of(entries: list[PlaylistEntry], build_absolute_uri) -> list[ScheduleRow]:
    rows = []
    for position, entry in enumerate(entries, start=1):
        asset = entry.asset
        url = build_absolute_uri(reverse("channels:asset", args=[asset.file_name]))
        rows.append(
            ScheduleRow(
                position=position,
                title=entry.title,
                kind=asset.kind,
                content_type=asset.content_type,
                slot_seconds=entry.slot_seconds,
                window_start=entry.window_start,
                window_end=entry.window_end,
                start_date=entry.start_date,
                end_date=entry.end_date,
                asset_url=url,
                file_name=f"assets/{asset.file_name}",
                sha256=asset.sha256,
                item_key=entry.item_key,
            )
        )
    return rows


def schedule_document(site: VideotronSite, rows: list[ScheduleRow]) -> dict:
    return {
        "lokasi": {
            "id": site.pk,
            "nama": site.name,
            "pemilik": site.owner,
            "wilayah": site.region_code,
            "alamat": site.address,
            "resolusi": f"{site.width}x{site.height}",
            "lebar": site.width,
            "tinggi": site.height,
        },
        "dibuat": clock.now().isoformat(timespec="seconds"),
        "zona_waktu": "jam tayang dalam waktu setempat lokasi",
        "jadwal": [row.as_dict() for row in rows],
    }


def schedule_json(site: VideotronSite, rows: list[ScheduleRow]) -> bytes:
    return json.dumps(schedule_document(site, rows), ensure_ascii=False, indent=2).encode()


def schedule_csv_bytes(rows: list[ScheduleRow]) -> bytes:
    return schedule_csv(rows).encode("utf-8-sig")


def schedule_zip(site: VideotronSite, entries: list[PlaylistEntry], rows: list[ScheduleRow]):
    """A temporary file holding the ZIP, at its start (closed and removed when the response ends)."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("jadwal.json", schedule_json(site, rows))
        archive.writestr("jadwal.csv", schedule_csv_bytes(rows))
        done = set()
        for entry in entries:
            asset = entry.asset
            if asset.sha256 in done:
                continue
            done.add(asset.sha256)
            path = assets.path_of(asset.sha256, asset.extension)
            # images and videos are compressed already: stored as they are
            archive.write(path, f"assets/{asset.file_name}", compress_type=zipfile.ZIP_STORED)
    out.seek(0)
    return out
