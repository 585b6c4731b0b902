"""The public pages of party membership: the parties of an election."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from suara.integrations.embedding import embeddable
from suara.parties.selectors import election_with_parties, parties_of


@embeddable
@require_safe
def party_list(request):
    """The parties of an election (``?pemilu=<slug>``; the latest election with parties by default)."""
    slug = request.GET.get("pemilu", "")[:50] or election_with_parties()
    parties = list(parties_of(slug)) if slug else []
    if not parties:
        raise Http404("Pemilu ini tidak memiliki partai peserta.")
    return render(request, "parties/party_list.html", {"parties": parties, "election": parties[0].election})
