"""What the public pages and the API share: a clarification's public shape and its ClaimReview."""

from __future__ import annotations

from django.urls import reverse

from suara.information.claimreview import claim_review
from suara.information.models import Clarification, Platform
from suara.information.selectors import SearchHit
from suara.information.verdicts import VERDICT_MEANINGS, Verdict

AUTHOR_NAME = "KPU dan Diskominfo (Suara)"


def review_of(clarification: Clarification, build_absolute_uri) -> dict:
    return claim_review(
        url=build_absolute_uri(reverse("information:detail", args=[clarification.pk])),
        claim=clarification.claim,
        verdict=clarification.verdict,
        author_name=AUTHOR_NAME,
        author_url=build_absolute_uri("/"),
        published=clarification.published_at,
        platform=Platform(clarification.platform).label,
        appearance_url=clarification.appearance_url,
        first_seen=clarification.first_seen,
    )


def public_of(clarification: Clarification | SearchHit) -> dict:
    return {
        "id": clarification.pk,
        "klaim": clarification.claim,
        "vonis": clarification.verdict,
        "arti_vonis": VERDICT_MEANINGS[Verdict(clarification.verdict)],
        "penjelasan": clarification.explanation,
        "platform": clarification.platform,
        "tautan_beredar": clarification.appearance_url,
        "pertama_terlihat": clarification.first_seen,
        "bukti": list(clarification.evidence),
        "wilayah": clarification.region_code,
        "versi": clarification.version,
        "terbit": clarification.published_at,
    }
