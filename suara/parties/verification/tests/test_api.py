"""Factual verification over /api/v1/verifikasi-partai/: the whole flow with a token, resends, refusals
with their codes, and names masked for the party's operator."""

import pytest
from django.test import Client
from django.utils import timezone

from suara.accounts.tokens import token_issue
from suara.audit.actors import Actor
from suara.parties.models import VerificationAttempt
from suara.people.names import mask_name

pytestmark = pytest.mark.django_db
API = "/api/v1/verifikasi-partai/sampel"


def api(user) -> Client:
    _, plaintext = token_issue(user=user, name=f"verifikasi {user.username}", actor=Actor.named("test"))
    return Client(HTTP_AUTHORIZATION=f"Bearer {plaintext}")


@pytest.fixture
def depok(verifiers):
    return api(verifiers["depok"])


def test_the_whole_flow(parties, verifiers, listings, depok):
    listings(parties["pkb"], 12)
    drawn = depok.post(
        API, {"pemilu": "pemilu-2024", "partai": "pkb", "kabkota": "3276"}, content_type="application/json"
    )
    assert drawn.status_code == 201
    sample = drawn.json()
    assert (sample["populasi"], sample["ukuran"], sample["perlu_ms"]) == (12, 12, 7)
    assert len(sample["benih"]) == 32 and sample["algoritma"] == "suara-sistematik-v1"
    url = f"{API}/{sample['id']}"
    when = timezone.now().isoformat()
    for member in sample["anggota"]:
        attempt = {"anggota": member["id"], "cara": "rumah", "temuan": "confirmed", "waktu": when,
                   "kunci": f"api-attempt-{member['id']}"}  # fmt: skip
        first = depok.post(f"{url}/upaya", attempt, content_type="application/json")
        assert first.status_code == 200 and first.json()["baru"] is True
        again = depok.post(f"{url}/upaya", attempt, content_type="application/json")
        assert again.status_code == 200 and again.json()["baru"] is False
        decision = {"anggota": member["id"], "hasil": "confirmed", "kunci": f"api-decide-{member['id']}"}
        decided = depok.post(f"{url}/keputusan", decision, content_type="application/json")
        assert decided.json()["anggota"]["keputusan"] == "MS"
    assert VerificationAttempt.objects.count() == 12
    final = depok.post(f"{url}/tetapkan")
    assert final.status_code == 200 and (final.json()["hasil"], final.json()["jumlah_ms"]) == ("MS", 12)
    assert depok.post(f"{url}/tetapkan").json()["code"] == "sample_finalised"

    party = api(verifiers["pkb"]).get(url).json()
    full = depok.get(url).json()
    assert [m["nama"] for m in party["anggota"]] == [mask_name(m["nama"]) for m in full["anggota"]]
    assert api(verifiers["gerindra"]).get(url).json()["code"] == "sample_not_found"


def test_refusals(parties, verifiers, listings, depok):
    listings(parties["pkb"], 12)
    sample = depok.post(
        API, {"pemilu": "pemilu-2024", "partai": "pkb", "kabkota": "3276"}, content_type="application/json"
    ).json()
    url = f"{API}/{sample['id']}"
    member = sample["anggota"][0]["id"]
    bekasi = api(verifiers["bekasi"])
    now = timezone.now().isoformat()
    draw = {"pemilu": "pemilu-2024", "partai": "pkb", "kabkota": "3276"}
    attempt = {"anggota": member, "cara": "rumah", "temuan": "confirmed", "waktu": now, "kunci": "api-key-0003"}
    decision = {"anggota": member, "hasil": "confirmed", "kunci": "api-key-0001"}
    cases = [
        (depok, API, draw, 409, "sample_exists"),
        (depok, API, draw | {"partai": "nope"}, 404, "party_not_found"),
        (bekasi, API, draw | {"partai": "gerindra"}, 403, "forbidden"),
        (depok, f"{url}/keputusan", decision, 409, "decision_out_of_order"),
        (depok, f"{url}/keputusan", decision | {"anggota": 10**9}, 404, "sampled_member_not_found"),
        (depok, f"{url}/upaya", attempt | {"cara": "surat"}, 400, "verification_input_invalid"),
        (depok, f"{url}/upaya", {"anggota": member, "cara": "rumah"}, 422, "invalid_input"),
        (depok, f"{url}/pengganti", {"anggota": member}, 409, "replacement_not_allowed"),
        (bekasi, f"{url}/upaya", attempt, 403, "forbidden"),
        (depok, f"{url}/tetapkan", None, 409, "sample_undecided"),
        (Client(), f"{url}/tetapkan", None, 401, "unauthenticated"),
    ]
    for client, path, body, status, code in cases:
        answer = client.post(path, body, content_type="application/json") if body else client.post(path)
        assert (answer.status_code, answer.json()["code"]) == (status, code), path
    assert not VerificationAttempt.objects.exists()
