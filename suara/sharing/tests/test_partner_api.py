"""The partner API: a key bound to an agreement reads only the allowed fields (or counts) of its region,
each call recorded with its row count and audited; an expired or revoked agreement answers 403 with its code;
its rows carry the key's keyed hash, so a copy of them traces back to the partner."""

from __future__ import annotations

from datetime import timedelta

import pytest

from suara.accounts.tokens import token_issue
from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.sharing.models import PartnerRead, PartnerReadRow
from suara.sharing.services import agreement_revoke, partner_key_issue
from suara.sharing.services_trace import leak_trace
from suara.sharing.tests.support import FIELDS, agreement

pytestmark = pytest.mark.django_db
DATA = "/api/v1/berbagi-data/mitra/data"


@pytest.fixture
def partner(people, register):
    made = agreement(people["kpu_depok"], people["kpu_ri"])
    key, plaintext = partner_key_issue(actor=Actor.of(people["kpu_ri"]), pk=made.pk, username="mitra_dinkes")
    return made, key, {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def test_the_partner_reads_the_allowed_fields_of_its_region(client, people, register, partner):
    made, key, auth = partner
    terms = client.get("/api/v1/berbagi-data/mitra/perjanjian", **auth).json()
    assert terms["fields"] == FIELDS and terms["region_code"] == "3276"
    answer = client.get(DATA, **auth)
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["columns"] == ["id_baris", *FIELDS] and len(body["rows"]) == 5 and body["next_page"] is None
    assert all(set(row) == {"id_baris", *FIELDS} for row in body["rows"])
    read = PartnerRead.objects.get()
    assert (read.rows, read.region_code, read.page) == (5, "3276", 1)
    assert PartnerReadRow.objects.count() == 5
    event = AuditEvent.objects.get(action="sharing.partner_read")
    assert (event.actor, event.object_code) == ("mitra_dinkes", str(made.pk)) and "5 baris" in event.summary
    narrow = client.get(DATA, {"region": "3276011007", "fields": "nama,usia"}, **auth).json()
    assert narrow["columns"] == ["id_baris", "nama", "usia"] and len(narrow["rows"]) == 1


def test_a_copy_of_what_the_api_gave_traces_back_to_the_partner(client, people, partner):
    made, key, auth = partner
    rows = client.get(DATA, **auth).json()["rows"]
    leaked = "\n".join(",".join([row["id_baris"], row["nama"]]) for row in rows).encode()
    result = leak_trace(actor=Actor.of(people["kpu_ri"]), raw=leaked)
    assert result.found and result.matches[0].key == key and result.matches[0].recipient == made.recipient


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ({"fields": "nama,nik"}, 403, "field_not_allowed"),
        ({"fields": "gaji"}, 400, "unknown_sharing_field"),
        ({"region": "3275"}, 403, "outside_agreement_region"),
        ({"region": "32"}, 403, "outside_agreement_region"),
        ({"region": "3276x"}, 400, "invalid_region_code"),
        ({"page": "0"}, 422, "invalid_input"),
    ],
)
def test_beyond_the_agreement_is_refused_and_not_recorded(client, partner, query, status, code):
    _, _, auth = partner
    answer = client.get(DATA, query, **auth)
    assert answer.status_code == status and answer.json()["code"] == code
    assert not PartnerRead.objects.exists() and not AuditEvent.objects.filter(action="sharing.partner_read").exists()


def test_an_expired_or_revoked_agreement_stops_working(client, people, partner, fixed_today):
    made, _, auth = partner
    fixed_today(made.period_end + timedelta(days=1))
    late = client.get(DATA, **auth)
    assert late.status_code == 403 and late.json()["code"] == "agreement_expired"
    fixed_today(made.period_end)
    assert client.get(DATA, **auth).status_code == 200
    agreement_revoke(actor=Actor.of(people["kpu_ri"]), pk=made.pk, reason="Tujuan vaksinasi sudah selesai.")
    for url in (DATA, "/api/v1/berbagi-data/mitra/perjanjian"):
        revoked = client.get(url, **auth)
        assert revoked.status_code == 403 and revoked.json()["code"] == "agreement_revoked"


def test_only_a_partner_key_reads(client, people, partner):
    _, plaintext = token_issue(user=people["kpu_ri"], name="t", actor=Actor.named("test"))
    other = client.get(DATA, HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    assert other.status_code == 403 and other.json()["code"] == "not_partner_key"
    assert client.get(DATA).status_code == 401


def test_counts_for_an_aggregated_agreement(client, people, register):
    made = agreement(people["kpu_depok"], people["kpu_ri"], aggregation="desa", fields=["jenis_kelamin"])
    _, plaintext = partner_key_issue(actor=Actor.of(people["kpu_ri"]), pk=made.pk, username="mitra_dinkes")
    body = client.get(DATA, HTTP_AUTHORIZATION=f"Bearer {plaintext}").json()
    assert body["columns"] == ["id_baris", "kode_wilayah", "jumlah_pemilih", "laki_laki", "perempuan"]
    assert [(r["kode_wilayah"], r["jumlah_pemilih"], r["laki_laki"]) for r in body["rows"]] == [
        ("3276011006", 4, "<5"), ("3276011007", 1, "0"),
    ]  # fmt: skip
    assert not PartnerReadRow.objects.exists() and PartnerRead.objects.get().rows == 2


def test_the_partner_keys_own_rate_limit(client, people, register):
    made = agreement(people["kpu_depok"], people["kpu_ri"])
    _, plaintext = partner_key_issue(actor=Actor.of(people["kpu_ri"]), pk=made.pk, username="mitra_dinkes",
                                     rate_per_minute=2)  # fmt: skip
    auth = {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}
    assert [client.get(DATA, **auth).status_code for _ in range(3)] == [200, 200, 429]
