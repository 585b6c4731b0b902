"""The schema.org ClaimReview a clarification's page carries as JSON-LD (Google's fact-check markup:
https://developers.google.com/search/docs/appearance/structured-data/factcheck). Pure: no Django.

The required fields: ``claimReviewed``, ``reviewRating`` (``alternateName`` is the verdict as shown),
``url``, ``author``; and ``datePublished``, ``itemReviewed`` (a ``Claim`` with its ``appearance`` and
``firstAppearance``) where known."""

from __future__ import annotations

import json
from datetime import date, datetime

# The verdict on schema.org's 1-5 scale (1 false … 5 true), for readers that want a number.
RATING = {"HOAKS": 1, "DISINFORMASI": 1, "MISINFORMASI": 2, "MENYESATKAN": 3, "BENAR": 5}


def claim_review(
    *,
    url: str,
    claim: str,
    verdict: str,
    author_name: str,
    author_url: str,
    published: datetime | None,
    platform: str,
    appearance_url: str,
    first_seen: date | None,
) -> dict:
    item: dict = {"@type": "Claim", "name": claim[:200]}
    if appearance_url:
        appearance = {"@type": "CreativeWork", "url": appearance_url}
        if platform:
            appearance["publisher"] = {"@type": "Organization", "name": platform}
        item["appearance"] = appearance
        item["firstAppearance"] = appearance
    if first_seen:
        item["datePublished"] = first_seen.isoformat()
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim,
        "author": {"@type": "Organization", "name": author_name, "url": author_url},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATING.get(verdict, 1),
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": verdict,
        },
        "itemReviewed": item,
        "inLanguage": "id",
    }
    if published:
        review["datePublished"] = published.date().isoformat()
    return review


def script_text(review: dict) -> str:
    """The JSON for a <script type="application/ld+json">: "<", ">" and "&" escaped so that no text in a
    claim can close the script element."""
    text = json.dumps(review, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
