"""The channels' public addresses: the page where a citizen subscribes a browser to a region's
notifications and its service worker; the short links printed on cards and screens; the assets a
videotron operator downloads; the schedule exports at a site's operator link (no account: the link is
the key, and a new one can be issued)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.http import FileResponse, Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.views.decorators.http import require_safe

from suara.channels import assets, pages, selectors, vapid
from suara.core.errors import DomainError
from suara.core.region_codes import REGION_LEVELS, ancestor_codes, is_code
from suara.regions.models import Level, Region

SW_FILE = Path(__file__).parent / "static" / "channels" / "sw.js"


@require_safe
def subscribe_page(request):
    """Choose a region, allow notifications, and this browser hears of its announcements."""
    code = request.GET.get("wilayah", "")[:10]
    chosen = Region.objects.filter(code=code).first() if code and is_code(code, REGION_LEVELS) else None
    # the chosen region and those above it (a province, a kab/kota), then every province
    line = list(Region.objects.filter(code__in=[*ancestor_codes(chosen.code), chosen.code])) if chosen else []
    try:
        key, error = vapid.public_key_or_refuse(), None
    except DomainError as exc:
        key, error = "", exc
    context = {
        "provinces": Region.objects.filter(level=Level.PROVINSI)
        .exclude(code__in=[r.code for r in line])
        .order_by("code"),
        "chosen": chosen,
        "line": sorted(line, key=lambda r: -len(r.code)),
        "vapid_key": key,
        "error": error,
    }
    return render(request, "channels/subscribe.html", context, status=error.status if error else 200)


@require_safe
def service_worker(request):
    """The service worker that shows a push's notification and opens its link; its scope is /kanal/."""
    body = SW_FILE.read_bytes()
    etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def short_link(request, code: str):
    item = selectors.item_by_short_code(code)
    if item is None:
        raise Http404
    return HttpResponsePermanentRedirect(item.url)


@require_safe
def asset(request, name: str):
    """An asset by its content's name (``<sha256>.<ext>``): cards and the files of playlists, for screens
    and their operators (the SHA-256 of the bytes: unguessable)."""
    sha256, _, extension = name.partition(".")
    row = selectors.asset_by_name(sha256, extension)
    if row is None:
        raise Http404
    path = assets.path_of(row.sha256, row.extension)
    if not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), content_type=row.content_type)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["Content-Disposition"] = f'inline; filename="{row.file_name}"'
    return response


@require_safe
def operator_export(request, token: str, name: str):
    site = selectors.site_by_token(token)
    if site is None:
        raise Http404
    return pages.export_response(request, site, pages.format_of(name))
