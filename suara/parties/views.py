"""The public pages of party membership: the parties of an election."""

from __future__ import annotations

import re

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from suara.integrations.embedding import embeddable
from suara.parties.selectors import election_with_parties, parties_of

_SLUG = re.compile(r"[a-z0-9-]{1,50}")


@embeddable
@require_safe
def party_list(request):
    """The parties of an election (``?pemilu=<slug>``; the latest election with parties by default)."""
    slug = request.GET.get("pemilu", "") or election_with_parties()
    parties = list(parties_of(slug)) if _SLUG.fullmatch(slug) else []
    if not parties:
        raise Http404("Pemilu ini tidak memiliki partai peserta.")
    return render(request, "parties/party_list.html", {"parties": parties, "election": parties[0].election})
