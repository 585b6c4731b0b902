"""The public page of cek anggota partai (/partai/cek/): a POST form, so the NIK never travels in a URL; the
answer is rendered in the POST's own no-store response. A hit never echoes the NIK or the name, and offers,
per listing, the "Saya bukan anggota" complaint form through a signed token posted back (never a URL); a
miss gives back what was typed, so a slip can be corrected."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from suara.core.errors import DomainError, RateLimited
from suara.integrations.embedding import embeddable
from suara.parties.complaints.tokens import complaint_token
from suara.parties.lookup.lookup import (
    party_lookup,
    party_lookup_clean,
    party_lookup_nik_rate_check,
    party_lookup_rate_check,
)
from suara.people.lookup import NAME_MAX_LENGTH, NikRateLimited


# No CSRF token: a lookup changes nothing and is rate-limited, and the page sets no cookie (as cek DPT's).
@embeddable
@csrf_exempt
@require_http_methods(["GET", "POST"])
def party_lookup_page(request):
    context: dict = {"name_max_length": NAME_MAX_LENGTH}
    status, retry_after = 200, 0
    if request.method == "POST":
        try:
            party_lookup_rate_check(request, api=False)
            nik, nama = party_lookup_clean(request.POST.get("nik"), request.POST.get("nama"))
            party_lookup_nik_rate_check(nik)
            answer = party_lookup(nik=nik, nama=nama)
            context["answer"] = answer
            if answer.tercatat:
                context["listings"] = [(listing, complaint_token(listing.member_id)) for listing in answer.partai]
            else:
                context["keep_nik"], context["keep_nama"] = nik, nama
        except NikRateLimited as exc:
            status, retry_after, context["nik_retry_minutes"] = 429, exc.retry_after, -(-exc.retry_after // 60)
        except RateLimited as exc:
            status, retry_after, context["retry_after"] = 429, exc.retry_after, exc.retry_after
        except DomainError as exc:
            status, context["error"] = 400, exc
    response = render(request, "parties/lookup.html", context, status=status)
    response["Cache-Control"] = "no-store"
    if status == 429:
        response["Retry-After"] = str(retry_after)
    return response
