"""The officers' pages under /petugas/kanal/: the items published on the channels with what was made of
them (the WhatsApp and Telegram texts to copy, the card to download, each channel's record), and the
videotron and billboard sites with their playlists and exports. Thin: the services and selectors decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from suara.audit.actors import Actor
from suara.channels import assets, pages, selectors, services_playlist
from suara.channels.authority import channel_authority, channel_regions
from suara.channels.models import ChannelPublication
from suara.channels.playlist import DEFAULT_SLOT_SECONDS, SLOT_SECONDS
from suara.core import clock
from suara.core.errors import DomainError
from suara.core.pages import forbidden
from suara.core.translatable import gettext_noop

NOT_YOURS = gettext_noop("Halaman ini untuk KPU dan Diskominfo wilayahnya.")


def _regions_or_none(request):
    regions = channel_regions(request.user)
    return regions or None


@require_safe
@login_required
def index(request):
    regions = _regions_or_none(request)
    if regions is None:
        return forbidden(request, _(NOT_YOURS))
    context = {
        "items": list(selectors.items_for(regions)[:100]),
        "sites": list(selectors.sites_for(regions)),
    }
    return render(request, "channels/officers/index.html", context)


def _found_and_refusal(request, found):
    """``found`` (404 when None) and, when the user does not work its region's channels, the 403 page."""
    if found is None:
        raise Http404
    try:
        channel_authority(request.user, found.region_code)
    except DomainError:
        return found, forbidden(request, _(NOT_YOURS))
    return found, None


def _item_or_refuse(request, key: str):
    return _found_and_refusal(request, selectors.item_by_key(key))


@require_safe
@login_required
def item_detail(request, key: str):
    item, refused = _item_or_refuse(request, key)
    if refused:
        return refused
    context = {
        "item": item,
        "publications": selectors.publications_of(key),
        "outcomes": dict(ChannelPublication.Outcome.choices),
    }
    return render(request, "channels/officers/item.html", context)


@require_safe
@login_required
def item_card(request, key: str):
    item, refused = _item_or_refuse(request, key)
    if refused:
        return refused
    if item.card is None:
        raise Http404
    path = assets.path_of(item.card.sha256, item.card.extension)
    if not path.is_file():
        raise Http404
    name = f"kartu-{item.key.replace(':', '-')}.png"
    return FileResponse(path.open("rb"), content_type="image/png", as_attachment=True, filename=name)


def _site_input(post) -> services_playlist.SiteInput:
    return services_playlist.SiteInput(
        name=post.get("name", ""),
        owner=post.get("owner", ""),
        region_code=post.get("region_code", ""),
        address=post.get("address", ""),
        width=post.get("width", ""),
        height=post.get("height", ""),
        operator_name=post.get("operator_name", ""),
        operator_contact=post.get("operator_contact", ""),
        takes_items=post.get("takes_items") == "on",
        active=post.get("active") == "on",
    )


@require_http_methods(["GET", "POST"])
@login_required
def sites(request):
    regions = _regions_or_none(request)
    if regions is None:
        return forbidden(request, _(NOT_YOURS))
    error = None
    if request.method == "POST":
        try:
            site = services_playlist.site_save(actor=Actor.of(request.user), data=_site_input(request.POST))
            messages.success(request, _("Lokasi videotron disimpan."))
            return redirect("channels_officers:site", site.pk)
        except DomainError as exc:
            error = exc
    context = {"sites": list(selectors.sites_for(regions)), "error": error, "posted": request.POST if error else None}
    return render(request, "channels/officers/sites.html", context, status=error.status if error else 200)


def _entry_input(post) -> services_playlist.EntryInput:
    return services_playlist.EntryInput(
        slot_seconds=post.get("slot_seconds", ""),
        window_start=post.get("window_start", ""),
        window_end=post.get("window_end", ""),
        start_date=post.get("start_date", ""),
        end_date=post.get("end_date", ""),
        title=post.get("title", "")[:200],
        item_key=post.get("item_key", "")[:100],
    )


def _site_post(request, site) -> str:
    """Runs the form's action; the message to show."""
    actor = Actor.of(request.user)
    action = request.POST.get("action", "")
    entry = request.POST.get("entry", "")
    entry_id = int(entry) if entry.isdigit() else 0
    if action == "add":
        services_playlist.entry_add(
            actor=actor, site_id=site.pk, data=_entry_input(request.POST), upload=request.FILES.get("file")
        )
        return _("Entri ditambahkan ke daftar putar.")
    if action == "remove":
        services_playlist.entry_remove(actor=actor, site_id=site.pk, entry_id=entry_id)
        return _("Entri dihapus.")
    if action in ("up", "down"):
        services_playlist.entry_move(actor=actor, site_id=site.pk, entry_id=entry_id, step=-1 if action == "up" else 1)
        return _("Urutan diubah.")
    if action == "token":
        services_playlist.site_token_renew(actor=actor, site_id=site.pk)
        return _("Tautan operator baru dibuat; tautan lama tidak berlaku lagi.")
    if action == "edit":
        services_playlist.site_save(actor=actor, site_id=site.pk, data=_site_input(request.POST))
        return _("Lokasi videotron disimpan.")
    raise Http404


@require_http_methods(["GET", "POST"])
@login_required
def site_detail(request, pk: int):
    site, refusal = _found_and_refusal(request, selectors.site_by_pk(pk))
    if refusal is not None:
        return refusal
    error = None
    if request.method == "POST":
        try:
            messages.success(request, _site_post(request, site))
            return redirect("channels_officers:site", site.pk)
        except DomainError as exc:
            error = exc
            site.refresh_from_db()
    today = clock.today()
    context = {
        "site": site,
        "entries": selectors.entries_of(site),
        "cards": selectors.card_items(channel_regions(request.user)),
        "error": error,
        "posted": request.POST if error else None,
        "today": today,
        "slot_default": DEFAULT_SLOT_SECONDS,
        "slot_max": SLOT_SECONDS[1],
        "operator_links": {
            fmt: request.build_absolute_uri(
                reverse("channels:operator_export", args=[site.feed_token, f"jadwal.{fmt}"])
            )
            for fmt in pages.FORMATS
        },
    }
    return render(request, "channels/officers/site.html", context, status=error.status if error else 200)


@require_safe
@login_required
def site_export(request, pk: int, name: str):
    site, refusal = _found_and_refusal(request, selectors.site_by_pk(pk))
    if refusal is not None:
        return refusal
    return pages.export_response(request, site, pages.format_of(name))
