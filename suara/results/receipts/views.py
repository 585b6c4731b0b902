"""The public receipt pages: a receipt checked (``/hasil/tanda-terima/<token>/``), its QR code as SVG, and
the check form of the public TPS page (``/hasil/tanda-terima/?token=...``)."""

from __future__ import annotations

import io

import segno
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from suara.results import signing
from suara.results.receipts.services import receipt_verify


@require_safe
def receipt_check(request):
    token = (request.GET.get("token") or "").strip()
    if "/tanda-terima/" in token:  # the address a QR code holds, pasted whole
        token = token.rstrip("/").rsplit("/", 1)[-1]
    if not token or len(token) > signing.TOKEN_MAX or not all(c.isalnum() or c in "-_." for c in token):
        return render(
            request,
            "results/receipts/receipt.html",
            {"title": _("Tanda terima"), "verdict": None, "problem": _("Tanda terima tidak dikenali.")},
            status=400,
        )
    return redirect(reverse("result_receipt", args=[token]))


@require_safe
def receipt(request, token: str):
    verdict = receipt_verify(token)
    payload = verdict.payload if verdict.valid else None
    context = {
        "title": _("Tanda terima"),
        "verdict": verdict,
        "payload": payload,
        "code": signing.short_code(token) if verdict.valid else "",
        "tps_url": reverse("results:tps_result", args=[payload["contest"], payload["tps"]]) if payload else "",
        "qr_url": reverse("result_receipt_qr", args=[token]) if verdict.valid else "",
    }
    return render(request, "results/receipts/receipt.html", context, status=200 if verdict.valid else 404)


@require_safe
def receipt_qr(request, token: str):
    """The QR code of a receipt's check address: only for a token this server signed."""
    if signing.open_token(token).problem:
        raise Http404("receipt")
    out = io.BytesIO()
    segno.make(request.build_absolute_uri(reverse("result_receipt", args=[token])), error="m").save(
        out, kind="svg", scale=4, border=2
    )
    response = HttpResponse(out.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response
