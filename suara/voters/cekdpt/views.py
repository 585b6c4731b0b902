"""The public cek DPT page: a POST form, so the NIK never travels in a URL (nor in a browser's history or
a proxy's log); the answer is rendered in the POST's own response, which is not to be cached. A hit never
echoes the NIK or the name; a miss gives back what was typed, so a slip can be corrected."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from suara.core.errors import DomainError, RateLimited
from suara.integrations.embedding import embeddable
from suara.people.lookup import NAME_MAX_LENGTH, NikRateLimited
from suara.voters.cekdpt.lookup import cek_dpt, cek_dpt_clean, cek_dpt_nik_rate_check, cek_dpt_rate_check


# No CSRF token: a lookup changes nothing and is rate-limited, the page sets no cookie (a shared cache may
# keep it), and framed in a city app the browser would not send a cookie to check the token against.
@embeddable
@csrf_exempt
@require_http_methods(["GET", "POST"])
def cek_dpt_page(request):
    context: dict = {"name_max_length": NAME_MAX_LENGTH}
    status, retry_after = 200, 0
    if request.method == "POST":
        try:
            cek_dpt_rate_check(request, api=False)
            nik, nama = cek_dpt_clean(request.POST.get("nik"), request.POST.get("nama"))
            cek_dpt_nik_rate_check(nik)
            context["answer"] = cek_dpt(nik=nik, nama=nama)
            if not context["answer"].terdaftar:
                # A miss is most often a typing slip: give the visitor back what they typed to correct it.
                # Only in this POST's own no-store answer, to the one who typed it.
                context["keep_nik"], context["keep_nama"] = nik, nama
        except NikRateLimited as exc:
            status, retry_after, context["nik_retry_minutes"] = 429, exc.retry_after, -(-exc.retry_after // 60)
        except RateLimited as exc:
            status, retry_after, context["retry_after"] = 429, exc.retry_after, exc.retry_after
        except DomainError as exc:
            status, context["error"] = 400, exc
    response = render(request, "voters/cek_dpt.html", context, status=status)
    response["Cache-Control"] = "no-store"
    if status == 429:
        response["Retry-After"] = str(retry_after)
    return response
