"""The citizen's page (/berbagi-data/): "ke mana data saya dibagikan?", the people kernel's lookup page
(``people.lookup_pages``) on the sharing lookup, which is cek DPT's with another answer."""

from __future__ import annotations

from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from suara.integrations.embedding import embeddable
from suara.people.lookup_pages import lookup_page
from suara.sharing.lookup import SHARING_LOOKUP


# No CSRF token: a lookup changes nothing and is rate-limited, and the page sets no cookie (as cek DPT's).
@embeddable
@csrf_exempt
@require_http_methods(["GET", "POST"])
def citizen_page(request):
    return lookup_page(request, SHARING_LOOKUP, "sharing/citizen.html")
