"""The checks over the API: doubles, withdraw, a statement's decision, the requirement; refusals as codes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_officer
from suara.accounts.tokens import token_issue
from suara.parties.checks.services import members_check
from suara.parties.checks.tests.support import listing, nik_of, voter
from suara.parties.models import Member

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def auth(parties, geography):
    users = {
        "pkb": make_officer("op_pkb", "party_operator", parties[1].code),
        "gerindra": make_officer("op_gerindra", "party_operator", parties[2].code),
        "kpu_depok": make_officer("kpu_depok", "kpu_kabkota", "3276"),
    }
    return {
        who: {"HTTP_AUTHORIZATION": f"Bearer {token_issue(user=u, name='uji', actor='test')[1]}"}
        for who, u in users.items()
    }


@pytest.fixture
def double(parties, pemilu_2024):
    a, b = listing(parties[1], nik_of(1), name="Siti Aminah"), listing(parties[2], nik_of(1), name="Siti Aminah")
    voter(a.nik)
    members_check(election=pemilu_2024)
    return a, b


def test_doubles_and_withdraw(client, auth, double, parties):
    a, b = double
    body = client.get("/api/v1/partai/ganda", **auth["pkb"]).json()
    assert body["jumlah"] == 1 and body["anggota"][0]["partai_lain"] == [parties[2].name]
    assert body["anggota"][0]["nik"] != a.nik and body["anggota"][0]["id"] == a.pk
    response = client.post(f"/api/v1/partai/ganda/{a.pk}/tarik", **auth["gerindra"])
    assert (response.status_code, response.json()["code"]) == (403, "listing_other_party")
    response = client.get(f"/api/v1/partai/ganda?partai={parties[1].code}", **auth["gerindra"])
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")
    response = client.post(f"/api/v1/partai/ganda/{a.pk}/tarik", **auth["pkb"])
    assert response.status_code == 200 and response.json()["alasan_hapus"] == "withdrawn"
    response = client.post(f"/api/v1/partai/ganda/{b.pk}/tarik", **auth["gerindra"])
    assert (response.status_code, response.json()["code"]) == (409, "not_double_membership")
    assert client.post(f"/api/v1/partai/ganda/{a.pk}/tarik").status_code == 401


def test_a_statement_decision(client, auth, double, settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path
    a, b = double
    url = f"/api/v1/partai/ganda/{a.pk}/putuskan"
    response = client.post(url, {"keputusan": "pilih", "partai_id": str(a.party_id)}, **auth["kpu_depok"])
    assert (response.status_code, response.json()["code"]) == (400, "statement_required")
    surat = SimpleUploadedFile("s.pdf", PDF, content_type="application/pdf")
    response = client.post(url, {"keputusan": "pilih", "partai_id": str(a.party_id), "surat": surat}, **auth["pkb"])
    assert (response.status_code, response.json()["code"]) == (403, "listing_other_party")
    surat = SimpleUploadedFile("s.pdf", PDF, content_type="application/pdf")
    response = client.post(
        url, {"keputusan": "pilih", "partai_id": str(a.party_id), "surat": surat}, **auth["kpu_depok"]
    )
    assert response.status_code == 200 and response.json()["dipertahankan"]["id"] == a.pk
    assert Member.objects.get(pk=b.pk).removed_reason == "chose_other"


def test_the_requirement(client, auth, double):
    rows = client.get("/api/v1/partai/syarat", **auth["pkb"]).json()
    assert rows == [
        {"kabkota": "3276", "nama": rows[0]["nama"], "anggota": 1, "memenuhi_syarat": 0, "penduduk": None,
         "tahun": None, "sumber": "", "syarat": 1000, "terpenuhi": False}
    ]  # fmt: skip
