"""The checks' officer pages: both parties see a double membership with the other's name only, a party
withdraws, KPU kab/kota decides with a statement, the requirement's numbers, KPU RI's imports."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import make_officer
from suara.parties.checks.services import members_check
from suara.parties.checks.tests.support import listing, nik_of, voter
from suara.parties.models import KabkotaPopulation, Member, OfficerNik

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def users(parties, geography):
    return {
        "pkb": make_officer("op_pkb", "party_operator", parties[1].code),
        "gerindra": make_officer("op_gerindra", "party_operator", parties[2].code),
        "pdip": make_officer("op_pdip", "party_operator", parties[3].code),
        "kpu_depok": make_officer("kpu_depok", "kpu_kabkota", "3276"),
        "kpu_ri": make_officer("kpu_ri", "kpu_ri", ""),
    }


@pytest.fixture
def double(parties, pemilu_2024):
    a = listing(parties[1], nik_of(1), name="Siti Aminah", occupation="Petani")
    b = listing(parties[2], nik_of(1), name="Siti Aminah", occupation="Rahasia Gerindra")
    c = listing(parties[3], nik_of(2), name="Joko Susilo")
    voter(a.nik)
    members_check(election=pemilu_2024)
    return a, b, c


def test_both_parties_see_the_double_membership_with_the_other_party_s_name_only(client, users, double, parties):
    a, b, _ = double
    client.force_login(users["pkb"])
    page = client.get("/petugas/partai/ganda/").content.decode()
    assert "Siti Aminah" in page and parties[2].name in page and f'data-listing="{a.pk}"' in page
    assert a.nik not in page and "Rahasia Gerindra" not in page and f'data-listing="{b.pk}"' not in page
    client.force_login(users["gerindra"])
    page = client.get("/petugas/partai/ganda/").content.decode()
    assert parties[1].name in page and f'data-listing="{b.pk}"' in page and f'data-listing="{a.pk}"' not in page
    client.force_login(users["pdip"])
    page = client.get("/petugas/partai/ganda/").content.decode()
    assert "Siti Aminah" not in page and "Joko Susilo" not in page


def test_a_party_withdraws_from_the_page_and_another_party_cannot(client, users, double):
    a, b, _ = double
    client.force_login(users["gerindra"])
    response = client.post(f"/petugas/partai/ganda/{a.pk}/tarik/", follow=True)
    assert "milik partai lain" in response.content.decode()
    a.refresh_from_db()
    assert a.removed_at is None
    client.force_login(users["pkb"])
    response = client.post(f"/petugas/partai/ganda/{a.pk}/tarik/", follow=True)
    a.refresh_from_db()
    assert a.removed_reason == "withdrawn" and "Tidak ada keanggotaan ganda" in response.content.decode()


def test_the_pages_refuse_who_they_are_not_for(client, users, double):
    client.force_login(users["kpu_depok"])
    assert client.get("/petugas/partai/ganda/").status_code == 403
    assert client.get("/petugas/partai/penduduk/").status_code == 403
    client.force_login(users["pkb"])
    assert client.get("/petugas/partai/ganda/wilayah/").status_code == 403
    assert client.get("/petugas/partai/penyelenggara/").status_code == 403
    client.logout()
    assert client.get("/petugas/partai/ganda/").status_code == 302


def test_kpu_kabkota_sees_the_conflict_and_decides_with_a_statement(client, users, double, settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path
    a, b, _ = double
    client.force_login(users["kpu_depok"])
    page = client.get("/petugas/partai/ganda/wilayah/").content.decode()
    assert "Siti Aminah" in page and a.nik not in page and "Joko Susilo" not in page
    statement = SimpleUploadedFile("pernyataan.pdf", PDF, content_type="application/pdf")
    response = client.post(
        f"/petugas/partai/ganda/{a.pk}/putuskan/",
        {"decision": "choose", "party": b.party_id, "statement": statement},
        follow=True,
    )
    assert "dipertahankan" in response.content.decode()
    a.refresh_from_db(), b.refresh_from_db()
    assert a.removed_reason == "chose_other" and b.removed_at is None


def test_a_decision_without_a_statement_is_refused_on_the_page(client, users, double):
    a, _, _ = double
    client.force_login(users["kpu_depok"])
    response = client.post(f"/petugas/partai/ganda/{a.pk}/putuskan/", {"decision": "deny"}, follow=True)
    assert "surat pernyataan" in response.content.decode().lower()
    assert Member.objects.filter(removed_at__isnull=True).count() == 3


def test_the_requirement_page(client, users, parties, pemilu_2024):
    for serial in range(1, 4):
        m = listing(parties[1], nik_of(serial))
        voter(m.nik)
    listing(parties[1], nik_of(9), occupation="PNS")
    members_check(election=pemilu_2024)
    KabkotaPopulation.objects.create(
        kabkota_code="3276", population=2_500, year=2023, source="BPS", imported_at=timezone.now()
    )
    client.force_login(users["pkb"])
    page = client.get("/petugas/partai/syarat/").content.decode()
    row = page.split('data-kabkota="3276"', 1)[1].split("</tr>", 1)[0]
    # 4 listed, 3 eligible, population 2,500 -> 3 required: met.
    assert [cell.split(">")[-1] for cell in row.split("</td>")[1:3]] == ["4", "3"]
    assert ">3</td><td>Ya" in row.replace("\n", "")
    client.force_login(users["kpu_depok"])
    page = client.get(f"/petugas/partai/syarat/?partai={parties[1].code}").content.decode()
    assert 'data-kabkota="3276"' in page


def test_kpu_ri_imports_officers_and_population_from_the_pages(client, users):
    client.force_login(users["kpu_ri"])
    upload = SimpleUploadedFile("niks.csv", f"nik\n{nik_of(1)}\n".encode(), content_type="text/csv")
    response = client.post("/petugas/partai/penyelenggara/", {"file": upload, "source": "KPU RI"}, follow=True)
    assert response.status_code == 200 and OfficerNik.objects.count() == 1
    bad = SimpleUploadedFile("niks.csv", b"nik\n123\n", content_type="text/csv")
    response = client.post("/petugas/partai/penyelenggara/", {"file": bad, "source": "KPU RI"})
    assert response.status_code == 400 and "123" not in response.content.decode().replace("1 baris", "")
    upload = SimpleUploadedFile("pop.csv", b"kabkota,population,year\n3276,2163635,2023\n", content_type="text/csv")
    client.post("/petugas/partai/penduduk/", {"file": upload, "source": "BPS 2023"})
    assert KabkotaPopulation.objects.get().source == "BPS 2023"
