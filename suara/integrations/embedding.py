"""Pages a city app may frame. An embedded page lives under /sematkan/<embed_id>/, followed by the page's
own address: ``EmbedMiddleware`` takes the prefix off before URL resolution and makes it the script
prefix, so every link the page reverses stays embedded. Only views marked ``embeddable`` may then be
framed, and only by the origins that integration registered; everything else, embedded or not, keeps
``frame-ancestors 'none'`` and X-Frame-Options DENY.

Why a path and not the parent's address: a browser does not tell a framed page who frames it (the
Referer can be cut by the parent's policy), and listing every city's origins on every page would make
one header of thousands of names."""

from __future__ import annotations

import functools
import re

from django.http import HttpRequest, HttpResponse
from django.urls import get_script_prefix, set_script_prefix

from suara.core.middleware import policy_with
from suara.integrations.selectors import frame_origins

PREFIX = "/sematkan/"
# What a city app may frame (the address after /sematkan/<embed_id>), for the integrator's page and API.
EMBEDDABLE_PAGES = (
    ("/cek-dpt/", "Cek DPT"),
    ("/", "Jadwal tahapan pemilu"),
    ("/hasil/ppwp-2024/", "Hasil hitung (nasional; /hasil/<kontes>/wilayah/<kode>/ untuk satu wilayah)"),
    ("/wilayah/", "Cari TPS (wilayah sampai TPS)"),
    ("/cari-tps/", "Lokasi TPS: alamat, peta dan aksesibilitas (kode TPS)"),
    ("/hoaks/cek/", "Cek hoaks (klarifikasi KPU dan Diskominfo)"),
    ("/pengumuman/3276/", "Pengumuman KPU dan pemerintah daerah (satu wilayah: /pengumuman/<kode>/)"),
)
_EMBED = re.compile(r"/sematkan/([0-9a-f]{1,16})(/.*)")


class EmbedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.path_info.startswith(PREFIX):
            match = _EMBED.fullmatch(request.path_info)
            origins = frame_origins(match.group(1)) if match else None
            if origins is None:
                return HttpResponse(status=404)
            embed_id, rest = match.groups()
            script_prefix = f"{request.META.get('SCRIPT_NAME', '').rstrip('/')}{PREFIX}{embed_id}/"
            request.path_info = rest
            request.META["SCRIPT_NAME"] = script_prefix.rstrip("/")
            request.META["PATH_INFO"] = rest
            request.suara_embed = EmbedContext(embed_id, origins)
            previous = get_script_prefix()
            set_script_prefix(script_prefix)
            try:
                return self.get_response(request)
            finally:
                set_script_prefix(previous)  # a thread's next request must not inherit it
        return self.get_response(request)


class EmbedContext:
    def __init__(self, embed_id: str, origins: tuple[str, ...]):
        self.embed_id = embed_id
        self.origins = origins


def embeddable(view):
    """Marks a page a city app may frame: embedded, it may be framed by its integration's origins only."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        response = view(request, *args, **kwargs)
        embed = getattr(request, "suara_embed", None)
        if embed is not None:
            ancestors = " ".join(embed.origins) if embed.origins else "'none'"
            response["Content-Security-Policy"] = policy_with(frame_ancestors=ancestors)
            response.xframe_options_exempt = bool(embed.origins)
            # An embedded page is a page in someone else's app: it must not be cached as the plain one.
            response.setdefault("Cache-Control", "private, max-age=0")
        return response

    wrapped.suara_embeddable = True
    return wrapped
