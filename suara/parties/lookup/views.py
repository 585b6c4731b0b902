"""The public page of cek anggota partai (/partai/cek/): the people kernel's lookup page
(``people.lookup_pages``) on the member lists. A hit offers, per listing, the "Saya bukan anggota" complaint
form through a signed token posted back (never a URL)."""

from __future__ import annotations

from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from suara.integrations.embedding import embeddable
from suara.parties.complaints.tokens import complaint_token
from suara.parties.lookup.lookup import PARTY_LOOKUP, PartyLookupAnswer
from suara.people.lookup_pages import lookup_page


def _complaint_forms(answer: PartyLookupAnswer) -> dict:
    return {"listings": [(listing, complaint_token(listing.member_id)) for listing in answer.partai]}


# No CSRF token: a lookup changes nothing and is rate-limited, and the page sets no cookie (as cek DPT's).
@embeddable
@csrf_exempt
@require_http_methods(["GET", "POST"])
def party_lookup_page(request):
    return lookup_page(request, PARTY_LOOKUP, "parties/lookup.html", hit_context=_complaint_forms)
