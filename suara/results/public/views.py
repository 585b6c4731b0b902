"""The public real count: contests, the national recap, every region down to the desa, each TPS with its
form photos and history, the open data as CSV, and the photos themselves.

Pages read only the published snapshots (``selectors``). The section of a page that shows a snapshot is
rendered once per snapshot and language and kept with it; each request renders only the site's frame
around it (the navigation and the language form depend on the visitor).
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from datetime import datetime

from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from suara.core.errors import DomainError
from suara.core.region_codes import desa_of, tps_number, url_word
from suara.core.text import display_name
from suara.elections.models import Contest
from suara.integrations.embedding import embeddable
from suara.regions import labels as region_labels
from suara.results.anomalies import FLAGS
from suara.results.entry.photos import photo_path
from suara.results.labels import flag_text
from suara.results.models import ResultPhoto
from suara.results.public import selectors
from suara.results.public.paused import paused_since
from suara.results.public.shares import share
from suara.results.snapshots import public_version

PAGE_MAX_AGE = 5
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
PHOTO_NAME = re.compile(r"([0-9a-f]{64})\.(jpg|png)")
PHOTO_TYPES = {"jpg": "image/jpeg", "png": "image/png"}
PHOTO_MAX_AGE = 365 * 24 * 3600


def _found(read, *args) -> selectors.Published:
    try:
        return read(*args)
    except DomainError as exc:
        # A malformed code and an unknown one alike: nothing to show.
        raise Http404(exc.code) from exc


def _page(request, entry: selectors.Published, section: tuple[str, str], frame_key: tuple) -> HttpResponse:
    title, html = section
    context = {"title": title, "section": html}
    if not request.user.is_authenticated and not request.META.get("QUERY_STRING") and not _embed_id(request):
        # The whole page is the same for every anonymous visitor (it carries no CSRF token: the language
        # form needs none): render it once per snapshot and language, and compress it once too.
        kept = entry.derive(
            frame_key, lambda: kept_page(render_to_string("results/public/page.html", context, request))
        )
        return anonymous_page_response(request, entry, kept)
    response = render(request, "results/public/page.html", context)
    _freshness(response, entry, public=not request.user.is_authenticated)
    return response


def _embed_id(request) -> str:
    """The embedding integration's id: an embedded page's links carry its prefix, so kept sections differ."""
    embed = getattr(request, "suara_embed", None)
    return embed.embed_id if embed is not None else ""


def kept_page(html: str) -> tuple[bytes, bytes]:
    """A page kept for every anonymous visitor, as it is and gzipped (compressed once, not per request)."""
    body = html.encode()
    return body, gzip.compress(body, compresslevel=6, mtime=0)


def anonymous_page_response(request, entry: selectors.Published, kept: tuple[bytes, bytes]) -> HttpResponse:
    """A kept page (also sent by ``fastpath.PublicReadsMiddleware``), gzipped for a client that takes it."""
    body, gzipped = kept
    if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        response = HttpResponse(gzipped)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(body)
    patch_vary_headers(response, ("Accept-Encoding",))
    response["Content-Length"] = str(len(response.content))
    _freshness(response, entry, public=True)
    return response


def _freshness(response: HttpResponse, entry: selectors.Published, *, public: bool) -> None:
    if entry.created_at is not None:
        response["Last-Modified"] = http_date(entry.created_at.timestamp())
    if public:
        patch_cache_control(response, public=True, max_age=PAGE_MAX_AGE)
    else:
        patch_cache_control(response, private=True, max_age=PAGE_MAX_AGE)


@require_safe
def contest_index(request):
    contests = selectors.contest_list()
    elections: dict[str, dict] = {}
    for contest in contests:
        group = elections.setdefault(
            contest.election.slug, {"election": contest.election, "national": [], "regional": []}
        )
        if contest.region_code:
            group["regional"].append(contest)
        else:
            recap = selectors.region_recap(contest.slug, "").body
            group["national"].append({"contest": contest, "recap": recap})
    return render(request, "results/public/contests.html", {"elections": list(elections.values())})


@embeddable
@require_safe
def national(request, contest: str):
    return _recap_page(request, _found(selectors.region_recap, contest, ""))


@embeddable
@require_safe
def region(request, contest: str, code: str):
    return _recap_page(request, _found(selectors.region_recap, contest, code))


def _recap_page(request, entry: selectors.Published) -> HttpResponse:
    language = get_language()
    # The pause is part of the keys: a pause changes the page, not the snapshot.
    paused = paused_since(entry.worker_beat_at)
    section = entry.derive(("section", language, paused, _embed_id(request)), lambda: _recap_section(entry, paused))
    return _page(request, entry, section, ("frame", language, paused))


@embeddable
@require_safe
def tps(request, contest: str, code: str):
    entry = _found(selectors.tps_recap, contest, code)
    desa = _found(selectors.region_recap, contest, desa_of(code))
    language = get_language()
    section = entry.derive(("section", language, desa.etag, _embed_id(request)), lambda: _tps_section(entry, desa))
    return _page(request, entry, section, ("frame", language, desa.etag))


def kept_recap_page(contest: str, code: str, language: str) -> tuple[selectors.Published, tuple[bytes, bytes]] | None:
    """The page kept for anonymous visitors, if the full stack has rendered it for this snapshot."""
    entry = selectors.region_recap(contest, code)
    page = entry.derived.get(("frame", language, paused_since(entry.worker_beat_at)))
    return None if page is None else (entry, page)


def kept_tps_page(contest: str, code: str, language: str) -> tuple[selectors.Published, tuple[bytes, bytes]] | None:
    entry = selectors.tps_recap(contest, code)
    desa = selectors.region_recap(contest, desa_of(code))
    page = entry.derived.get(("frame", language, desa.etag))
    return None if page is None else (entry, page)


@require_safe
def national_csv(request, contest: str):
    return _csv_response(request, _found(selectors.region_recap, contest, ""))


@require_safe
def region_csv(request, contest: str, code: str):
    return _csv_response(request, _found(selectors.region_recap, contest, code))


@require_safe
def photo(request, name: str):
    """A form photo by its SHA-256: the file never changes, so it may be kept for a year. Only a photo that a
    stored version names is served (a file without one is nobody's evidence)."""
    match = PHOTO_NAME.fullmatch(name)
    if match is None:
        raise Http404("photo")
    sha256, extension = match.groups()
    path = photo_path(sha256, extension)
    etag = f'"{sha256}"'
    named = ResultPhoto.objects.filter(sha256=sha256, content_type=PHOTO_TYPES[extension])
    if not path.is_file() or not named.exists():
        raise Http404("photo")
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = FileResponse(path.open("rb"), content_type=PHOTO_TYPES[extension])
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={PHOTO_MAX_AGE}, immutable"
    return response


# --- sections --------------------------------------------------------------------------------------


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _level_label(code: str, level: int) -> str:
    if level == 0:
        return _("Nasional")
    return str(region_labels.level_label(code, level))


def _child_heading(code: str, level: int) -> str:
    if level == 0:
        return _("Provinsi")
    if level == 4:
        return _("TPS")
    return str(region_labels.child_heading(code, level))


def _contest_name(body: dict, contest: str) -> str:
    """The contest's name as the snapshot has it, or its English name when English is active (read once
    per snapshot and language: the section it goes in is kept)."""
    name = body.get("contest_name", contest)
    if (get_language() or "").startswith("en"):
        english = Contest.objects.filter(slug=contest).values_list("name_en", flat=True).first()
        return english or name
    return name


def _crumbs(contest: str, contest_name: str, ancestors: list[dict]) -> list[dict]:
    crumbs = [
        {"url": reverse("results:contests"), "name": _("Hasil pemilu")},
        {"url": reverse("results:national", args=[contest]), "name": contest_name},
    ]
    for a in ancestors:
        url = reverse("results:region_recap", args=[contest, a["code"]])
        crumbs.append({"url": url, "name": display_name(a["name"])})
    return crumbs


def _child_row(contest: str, child: dict, numbers: list[int]) -> dict:
    valid = child.get("valid", 0)
    votes = child.get("votes", {})
    is_tps = child.get("level") == 5
    if is_tps:
        url = reverse("results:tps_result", args=[contest, child["code"]])
        name = _("TPS %(number)s") % {"number": f"{child.get('number', 0):03d}"}
    else:
        url = reverse("results:region_recap", args=[contest, child["code"]])
        name = display_name(child.get("name") or "")
    return {
        **child,
        "url": url,
        "display": name,
        "is_tps": is_tps,
        "cells": [{"votes": votes.get(str(n), 0), "share": share(votes.get(str(n), 0), valid)} for n in numbers],
        "reported_share": share(child.get("tps_reported", 0), child.get("tps_expected", 0)),
    }


def _recap_section(entry: selectors.Published, paused: datetime | None = None) -> tuple[str, str]:
    body = entry.body
    contest, code, level = entry.contest, body.get("code", ""), body.get("level", 0)
    name = _("Indonesia") if level == 0 else display_name(body.get("name", ""))
    candidates = body.get("candidates", [])
    numbers = [c["number"] for c in candidates]
    flags = body.get("flags") or {}
    context = {
        "body": body,
        "code": code,
        "contest": contest,
        "name": name,
        "level_label": _level_label(code, level),
        "contest_name": _contest_name(body, contest),
        "crumbs": _crumbs(contest, _contest_name(body, contest), body.get("ancestors", [])),
        "candidates": candidates,
        "missing": body.get("missing") or [],  # what is not loaded yet (snapshots before it had none)
        "reported_share": share(body.get("tps_reported", 0), body.get("tps_expected", 0)),
        "flags": [{"code": f, "count": flags[f], "text": flag_text(f)} for f in FLAGS if flags.get(f)],
        "flagged_tps": [
            {**t, "url": reverse("results:tps_result", args=[contest, t["code"]])} for t in body.get("flagged_tps", [])
        ],
        "children": [_child_row(contest, c, numbers) for c in body.get("children", [])],
        "child_heading": _child_heading(code, level),
        "locked_at": _when((body.get("locked") or {}).get("at")),
        "version": entry.version,
        "updated_at": _when(body.get("updated_at")),
        "paused_since": paused,
        "csv_url": reverse("results:region_csv", args=[contest, code])
        if code
        else reverse("results:national_csv", args=[contest]),
        "comparison_url": reverse("results_comparison:comparison", args=[contest, code])
        if code
        else reverse("results_comparison:comparison_national", args=[contest]),
    }
    title = f"{name} · {_contest_name(body, contest)}"
    return title, render_to_string("results/public/recap.html", context)


VOTER_GROUPS = (
    ("dpt", gettext_lazy("Pemilih terdaftar (DPT)")),
    ("voted_dpt", gettext_lazy("Pengguna hak pilih dari DPT")),
    ("voted_dptb", gettext_lazy("Pengguna hak pilih pindahan (DPTb)")),
    ("voted_dpk", gettext_lazy("Pengguna hak pilih tidak terdaftar (DPK)")),
    ("voted_total", gettext_lazy("Seluruh pengguna hak pilih")),
)
BALLOTS = (
    ("received", gettext_lazy("Surat suara diterima")),
    ("used", gettext_lazy("Surat suara digunakan")),
    ("unused", gettext_lazy("Surat suara tidak digunakan")),
    ("damaged", gettext_lazy("Surat suara rusak atau keliru dicoblos")),
)


def _tally_rows(tally: dict, candidates: list[dict]) -> dict:
    votes = tally.get("votes", {})
    valid = tally.get("valid") or 0
    voters = tally.get("voters", {})
    ballots = tally.get("ballots", {})
    return {
        "candidates": [
            {
                "number": c["number"],
                "name": c["name"],
                "votes": votes.get(str(c["number"]), 0),
                "share": share(votes.get(str(c["number"]), 0), valid),
            }
            for c in candidates
        ],
        "valid": tally.get("valid"),
        "invalid": tally.get("invalid"),
        "total": tally.get("total"),
        "voters": [{"label": label, **voters[key]} for key, label in VOTER_GROUPS if key in voters],
        "ballots": [{"label": label, "value": ballots[key]} for key, label in BALLOTS if key in ballots],
    }


def _tps_section(entry: selectors.Published, desa: selectors.Published) -> tuple[str, str]:
    body, place = entry.body, desa.body
    contest = entry.contest
    number = tps_number(entry.code)
    candidates = place.get("candidates", [])
    ancestors = [*place.get("ancestors", []), {"code": place.get("code", ""), "name": place.get("name", "")}]
    versions = [
        {
            **public_version(v),
            "submitted_at": _when(v.get("submitted_at")),
            "decided_at": _when(v.get("decided_at")),
            "rows": _tally_rows(v.get("tally") or {}, candidates),
        }
        for v in reversed(body.get("versions", []))
    ]
    # Only the newest accepted version stands; every accepted one before it was replaced by a correction.
    standing = next((v for v in versions if v.get("status") == "accepted"), None)
    for v in versions:
        if v.get("status") == "accepted" and v is not standing:
            v["status"] = "superseded"
    context = {
        "contest": contest,
        "contest_name": _contest_name(place, contest),
        "code": entry.code,
        "number": number,
        "desa_name": display_name(place.get("name", "")),
        "place": ", ".join(display_name(a["name"]) for a in reversed(ancestors)),
        "crumbs": _crumbs(contest, _contest_name(place, contest), ancestors),
        "body": body,
        "rows": _tally_rows(body["tally"], candidates) if body.get("tally") else None,
        "flags": [{"code": f, "text": flag_text(f)} for f in body.get("flags", [])],
        "photos": body.get("photos", []),
        "photos_pending": body.get("photos_pending", False),
        "by_sms": body.get("channel") == "sms",
        "versions": versions,
        "updated_at": _when(body.get("updated_at")),
    }
    title = _("TPS %(number)s %(desa)s") % {"number": number, "desa": context["desa_name"]}
    return title, render_to_string("results/public/tps.html", context)


# --- open data -------------------------------------------------------------------------------------


def _csv_response(request, entry: selectors.Published) -> HttpResponse:
    if request.headers.get("If-None-Match") == entry.etag:
        response = HttpResponseNotModified()
    else:
        content = entry.derive("csv", lambda: _csv_content(entry))
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        name = url_word(entry.body.get("code") or "")
        response["Content-Disposition"] = f'attachment; filename="{entry.contest}-{name}.csv"'
    response["ETag"] = entry.etag
    if entry.created_at is not None:
        response["Last-Modified"] = http_date(entry.created_at.timestamp())
    response["Cache-Control"] = f"public, max-age={PAGE_MAX_AGE}"
    return response


def _csv_content(entry: selectors.Published) -> bytes:
    """One row per child (region or TPS): the snapshot's numbers as they are, names as KPU writes them.
    ``flagged_tps`` counts the flagged TPS beneath; ``flags`` names a TPS's own flags."""
    body = entry.body
    numbers = [c["number"] for c in body.get("candidates", [])]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["code", "name", *(f"votes_{n}" for n in numbers), "valid", "invalid", "total"]
        + ["tps_reported", "tps_expected", "flagged_tps", "flags"]
    )
    for child in body.get("children", []):
        votes = child.get("votes", {})
        name = child.get("name") or f"TPS {child.get('number', 0):03d}"
        writer.writerow(
            [child["code"], name, *(votes.get(str(n), 0) for n in numbers)]
            + [child.get("valid", 0), child.get("invalid", 0), child.get("total", 0)]
            + [child.get("tps_reported", 0), child.get("tps_expected", 0), child.get("flagged", 0)]
            + [";".join(child.get("flags", []))]
        )
    return out.getvalue().encode()
