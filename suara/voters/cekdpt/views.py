"""The public cek DPT page (/cek-dpt/): the people kernel's lookup page (``people.lookup_pages``) on the
voter register, with its texts and the hit's TPS and regions in ``voters/cek_dpt.html``."""

from __future__ import annotations

from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from suara.integrations.embedding import embeddable
from suara.people.lookup_pages import lookup_page
from suara.voters.cekdpt.lookup import CEK_DPT, CekDptAnswer
from suara.voters.places.selectors import place_of


# No CSRF token: a lookup changes nothing and is rate-limited, the page sets no cookie (a shared cache may
# keep it), and framed in a city app the browser would not send a cookie to check the token against.
@embeddable
@csrf_exempt
@require_http_methods(["GET", "POST"])
def cek_dpt_page(request):
    return lookup_page(request, CEK_DPT, "voters/cek_dpt.html", hit_context=_place)


def _place(answer: CekDptAnswer) -> dict:
    """A hit's TPS place (address, accessibility, map links), when its PPS has recorded it."""
    return {"place": place_of(answer.tps_kode) if answer.tps_kode else None}
