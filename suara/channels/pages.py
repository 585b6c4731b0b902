"""What the public and the officers' pages share: a site's schedule export as a response."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse

from suara.channels import export, selectors
from suara.channels.models import VideotronSite

FORMATS = ("json", "csv", "zip")


def format_of(name: str) -> str:
    """The format a file name asks for (``jadwal.json``, ``jadwal.csv``, ``jadwal.zip``), '' for another."""
    stem, _, fmt = name.partition(".")
    return fmt if stem == "jadwal" and fmt in FORMATS else ""


def export_response(request, site: VideotronSite, fmt: str):
    """The schedule of ``site`` as JSON, CSV or a ZIP of both with every asset."""
    if fmt not in FORMATS:
        raise Http404
    every = request.GET.get("semua") == "1"
    entries = selectors.schedule_entries(site, every=every)
    rows = export.rows_of(entries, request.build_absolute_uri)
    name = f"jadwal-videotron-{site.pk}"
    if fmt == "json":
        response = HttpResponse(export.schedule_json(site, rows), content_type="application/json; charset=utf-8")
    elif fmt == "csv":
        response = HttpResponse(export.schedule_csv_bytes(rows), content_type="text/csv; charset=utf-8")
    else:
        response = FileResponse(
            export.schedule_zip(site, entries, rows), content_type="application/zip", as_attachment=True,
            filename=f"{name}.zip",
        )  # fmt: skip
    if fmt != "zip":
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response
