"""The verification pages: the draw, the sample page (published seed; names masked for the party), the entry
by form post and by the script's JSON send (a resend never doubles), the result, the export, the PDF."""

import json

import pytest
from django.utils import timezone

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.parties.models import VerificationAttempt, VerificationSample
from suara.parties.verification import services
from suara.people.names import mask_name

pytestmark = pytest.mark.django_db
SEED = "a" * 32
BASE = "/petugas/partai/verifikasi/"


@pytest.fixture
def sample(parties, verifiers, listings):
    listings(parties["pkb"], 40)
    return services.sample_draw(
        actor=Actor.of(verifiers["depok"]), party_id=parties["pkb"].pk, kabkota_code="3276", seed=SEED
    )


def test_a_verifier_draws_a_sample_from_the_page(client, parties, verifiers, listings):
    listings(parties["gerindra"], 30)
    client.force_login(verifiers["depok"])
    page = client.get(BASE)
    assert page.status_code == 200 and 'name="kabkota" value="3276"' in page.content.decode()
    answer = client.post(BASE, {"party": parties["gerindra"].pk, "kabkota": "3276"})
    sample = VerificationSample.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"{BASE}{sample.pk}/"
    refused = client.post(BASE, {"party": parties["gerindra"].pk, "kabkota": "3275"})
    assert refused.status_code == 403
    again = client.post(BASE, {"party": parties["gerindra"].pk, "kabkota": "3276"})
    assert again.status_code == 409


def test_the_sample_page_publishes_the_draw_and_masks_names_for_the_party(client, sample, verifiers):
    member = sample.members.select_related("member").first().member
    client.force_login(verifiers["depok"])
    html = client.get(f"{BASE}{sample.pk}/").content.decode()
    assert SEED in html and sample.frame_digest in html and "suara-sistematik-v1" in html
    assert member.name in html and "verification.js" in html
    client.force_login(verifiers["pkb"])
    html = client.get(f"{BASE}{sample.pk}/").content.decode()
    assert SEED in html and mask_name(member.name) in html and member.name not in html
    assert "data-queue-entry" not in html and member.nik not in html
    for user in (verifiers["gerindra"], verifiers["bekasi"]):
        client.force_login(user)
        assert client.get(f"{BASE}{sample.pk}/").status_code == 404


def test_the_scripts_send_records_once_whatever_the_resends(client, sample, verifiers):
    sampled = sample.members.first()
    client.force_login(verifiers["depok"])
    when = timezone.now().isoformat()  # the device's clock when the entry was made
    body = {"kind": "attempt", "sampled": sampled.pk, "key": "offline-key-0001", "method": "rumah",
            "finding": "confirmed", "attempted_at": when}  # fmt: skip
    url = f"{BASE}{sample.pk}/kirim/"
    first = client.post(url, json.dumps(body), content_type="application/json")
    again = client.post(url, json.dumps(body), content_type="application/json")
    assert first.status_code == 200 and first.json()["new"] is True
    assert again.status_code == 200 and again.json()["new"] is False
    assert VerificationAttempt.objects.count() == 1
    decision = {"kind": "decision", "sampled": sampled.pk, "key": "offline-key-0002", "outcome": "denies"}
    refused = client.post(url, json.dumps(decision), content_type="application/json")
    assert refused.status_code == 400 and refused.json()["code"] == "outcome_inconsistent"
    garbage = client.post(url, "{not json", content_type="application/json")
    assert garbage.status_code == 400 and garbage.json()["code"] == "invalid_input"
    client.force_login(verifiers["pkb"])
    assert client.post(url, json.dumps(body), content_type="application/json").status_code == 403


def test_the_form_posts_without_javascript_and_the_result(client, sample, verifiers):
    client.force_login(verifiers["depok"])
    for sampled in sample.members.all():
        entry = f"{BASE}{sample.pk}/anggota/{sampled.pk}/"
        client.post(
            entry, {"kind": "attempt", "key": f"form-a-{sampled.pk:06d}", "method": "rumah", "finding": "confirmed"}
        )
        answer = client.post(entry, {"kind": "decision", "key": f"form-d-{sampled.pk:06d}", "outcome": "confirmed"})
        assert answer.status_code == 302
    answer = client.post(f"{BASE}{sample.pk}/tetapkan/")
    sample.refresh_from_db()
    assert answer.status_code == 302 and (sample.result, sample.ms_count) == ("MS", sample.size)
    assert 'data-result="MS"' in client.get(f"{BASE}{sample.pk}/").content.decode()


def test_the_export_and_the_pdf(client, sample, verifiers):
    client.force_login(verifiers["pkb"])
    export = client.get(f"{BASE}{sample.pk}/daftar.csv")
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    assert export.content.decode().count("\n") == sample.population + 1
    pdf = client.get(f"{BASE}{sample.pk}/berita-acara.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    client.force_login(verifiers["gerindra"])
    assert client.get(f"{BASE}{sample.pk}/daftar.csv").status_code == 404
    assert AuditEvent.objects.filter(action="parties.verification_export").count() == 1


def test_the_berita_acara_opens_and_says_what_was_drawn(sample, verifiers):
    from suara.parties.verification.pdf import berita_acara
    from suara.results.tests.support import pdf_text

    data = berita_acara(sample, "party")
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    text = pdf_text(data)
    assert SEED in text and "suara-sistematik-v1" in text and "Berita Acara" in text
    member = sample.members.select_related("member").first().member
    assert member.name not in text


def test_only_the_verifier_records_or_finalises(client, sample, verifiers):
    sampled = sample.members.first()
    client.force_login(verifiers["pkb"])
    entry = f"{BASE}{sample.pk}/anggota/{sampled.pk}/"
    body = {"kind": "attempt", "key": "party-try-0001", "method": "rumah", "finding": "confirmed"}
    assert client.post(entry, body).status_code == 403
    assert client.post(f"{BASE}{sample.pk}/tetapkan/").status_code == 403
    assert client.post(BASE, {"party": sample.party_id, "kabkota": "3276"}).status_code == 403
    client.force_login(verifiers["bekasi"])
    assert client.post(entry, body).status_code == 404
    client.force_login(verifiers["depok"])
    odd = client.post(
        f"{BASE}{sample.pk}/kirim/", '{"kind": "attempt", "sampled": 1e309}', content_type="application/json"
    )
    assert odd.status_code == 400
    nested = client.post(f"{BASE}{sample.pk}/kirim/", "[" * 1000 + "]" * 1000, content_type="application/json")
    assert nested.status_code == 400
    huge = json.dumps(body | {"sampled": 99999999999999999999999, "key": "huge-id-0001"})
    huge = client.post(f"{BASE}{sample.pk}/kirim/", huge, content_type="application/json")
    assert huge.status_code == 404 and huge.json()["code"] == "sampled_member_not_found"
    assert client.get(f"{BASE}{2**63}/").status_code == 404
    assert not VerificationAttempt.objects.exists()
