"""The public pages (with their ClaimReview JSON-LD), the search, the widget, the officers' page and the
API; bad input answers 4xx with its code."""

import json
import re

import pytest

from suara.accounts.tokens import token_issue
from suara.audit.actors import Actor
from suara.information.models import Clarification
from suara.information.services import clarification_publish
from suara.information.tests.conftest import GOOD, make

pytestmark = pytest.mark.django_db
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def published(writers):
    draft = make(writers["author"])
    return clarification_publish(actor=Actor.of(writers["second"]), pk=draft.pk)


def _bearer(user):
    _, plaintext = token_issue(user=user, name="t", actor=Actor.named("test"))
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def test_detail_page_has_kominfo_format_and_claimreview(client, published):
    page = client.get(f"/hoaks/{published.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "[HOAKS] Surat suara sudah dicoblos" in html and "Penjelasan" in html and "Kategori" in html
    blocks = JSONLD.findall(html)
    assert len(blocks) == 1
    review = json.loads(blocks[0])
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == GOOD["claim"]
    assert review["reviewRating"]["alternateName"] == "HOAKS" and review["reviewRating"]["@type"] == "Rating"
    assert review["author"]["name"] and review["author"]["@type"] == "Organization"
    assert review["datePublished"] == published.published_at.date().isoformat()
    assert review["url"].endswith(f"/hoaks/{published.pk}/")
    item = review["itemReviewed"]
    assert item["@type"] == "Claim" and item["appearance"]["url"] == GOOD["appearance_url"]
    assert item["firstAppearance"]["url"] == GOOD["appearance_url"] and item["datePublished"] == "2024-02-01"


def test_a_claim_cannot_break_out_of_the_jsonld(client, writers):
    draft = make(writers["author"], claim="Klaim </script><script>alert(1)</script> & lain-lain")
    clarification_publish(actor=Actor.of(writers["second"]), pk=draft.pk)
    html = client.get(f"/hoaks/{draft.pk}/").content.decode()
    review = json.loads(JSONLD.findall(html)[0])
    assert review["claimReviewed"].startswith("Klaim </script>")
    assert "<script>alert" not in html


def test_drafts_are_not_public(client, writers):
    draft = make(writers["author"])
    assert client.get(f"/hoaks/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v1/hoaks/{draft.pk}").json()["code"] == "clarification_not_found"
    assert client.get("/api/v1/hoaks?q=dicoblos").json() == []


def test_search_page_api_and_widget_find_it(client, published):
    for query in ("dicoblos", "surat suara", "SURAT suara dicoblos"):
        page = client.get("/hoaks/", {"q": query})
        assert f'data-id="{published.pk}"' in page.content.decode()
        answer = client.get("/api/v1/hoaks", {"q": query}).json()
        assert [a["id"] for a in answer] == [published.pk] and answer[0]["vonis"] == "HOAKS"
    assert f'data-id="{published.pk}"' in client.get("/hoaks/cek/", {"q": "dicoblos"}).content.decode()
    assert client.get("/api/v1/hoaks", {"q": "bansos"}).json() == []
    assert client.get("/api/v1/hoaks", {"q": "x" * 201}).status_code == 422


def test_api_writes_draft_then_publish_by_second_person(client, writers):
    body = {**GOOD}
    created = client.post("/api/v1/hoaks", body, "application/json", **_bearer(writers["author"]))
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    same = client.post(f"/api/v1/hoaks/{pk}/terbitkan", **_bearer(writers["author"]))
    assert same.status_code == 403 and same.json()["code"] == "same_person"
    done = client.post(f"/api/v1/hoaks/{pk}/terbitkan", **_bearer(writers["kominfo"]))
    assert done.status_code == 200 and done.json()["status"] == "published"
    assert client.get(f"/api/v1/hoaks/{pk}").json()["klaim"] == GOOD["claim"]


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"verdict": None}, 400, "verdict_required"),
        ({"verdict": "BENAR"}, 400, "verdict_disagrees"),
        ({"answers": {}}, 400, "answers_required"),
        ({"platform": "myspace"}, 400, "invalid_platform"),
        ({"appearance_url": "not a link"}, 400, "invalid_link"),
    ],
)
def test_api_bad_input(client, writers, change, status, code):
    answer = client.post("/api/v1/hoaks", {**GOOD, **change}, "application/json", **_bearer(writers["author"]))
    assert answer.status_code == status and answer.json()["code"] == code
    assert not Clarification.objects.exists()


def test_api_writes_need_a_token_and_a_role(client, writers):
    assert client.post("/api/v1/hoaks", GOOD, "application/json").status_code == 401
    refused = client.post("/api/v1/hoaks", GOOD, "application/json", **_bearer(writers["pps"]))
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert client.post("/api/v1/hoaks/999/terbitkan", **_bearer(writers["second"])).json()["code"] == (
        "clarification_not_found"
    )


def _form(**overrides):
    answers = {"facts_true": "tidak", "misleading_frame": "tidak", "fabricated": "ya", "intent_to_deceive": "ya"}
    fields = {k: v for k, v in GOOD.items() if k not in ("answers", "evidence")}
    return {"action": "create", **fields, **answers, "evidence": "\n".join(GOOD["evidence"]), **overrides}


def test_officer_page_drafts_and_a_second_officer_publishes(client, writers):
    client.force_login(writers["author"])
    assert client.post("/petugas/hoaks/", _form()).status_code == 302
    draft = Clarification.objects.get()
    assert draft.evidence == GOOD["evidence"]
    client.force_login(writers["second"])
    page = client.get("/petugas/hoaks/")
    assert f'data-id="{draft.pk}"' in page.content.decode()
    assert client.post("/petugas/hoaks/", {"action": "publish", "id": draft.pk}).status_code == 302
    assert Clarification.objects.get().status == "published"


def test_officer_page_bad_input_and_strangers(client, writers):
    client.force_login(writers["author"])
    page = client.post("/petugas/hoaks/", _form(verdict=""))
    assert page.status_code == 400 and 'data-code="verdict_required"' in page.content.decode()
    page = client.post("/petugas/hoaks/", _form(fabricated=""))
    assert page.status_code == 400 and 'data-code="answers_required"' in page.content.decode()
    assert not Clarification.objects.exists()
    client.force_login(writers["pps"])
    assert client.get("/petugas/hoaks/").status_code == 403
