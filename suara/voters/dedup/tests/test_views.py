"""The operator's duplicate pages: who sees them, what they show (never a NIK in full or in a URL), and
that decisions and refusals come through."""

from __future__ import annotations

import pytest
from django.urls import reverse

from suara.audit.actors import Actor
from suara.voters.dedup.service import dedup_run, pair_reject
from suara.voters.models import DuplicatePair, Voter
from suara.voters.tms import DUPLICATE


@pytest.fixture
def pair(register):
    dedup_run()
    return DuplicatePair.objects.get()


def login(client, user):
    client.force_login(user)
    return client


def test_the_list_shows_the_pairs_in_the_operators_kabkota(client, pair, officers, register):
    page = login(client, officers["kpu_depok"]).get(reverse("dedup:list"))
    assert page.status_code == 200
    body = page.content.decode()
    assert reverse("dedup:pair", args=[pair.pk]) in body and "Wulandari" in body
    assert register[0].nik not in body and register[1].nik not in body


def test_another_kabkota_sees_no_pairs_and_cannot_open_one(client, pair, officers):
    login(client, officers["kpu_bekasi"])
    assert reverse("dedup:pair", args=[pair.pk]) not in client.get(reverse("dedup:list")).content.decode()
    assert client.get(reverse("dedup:pair", args=[pair.pk])).status_code == 403
    assert client.post(reverse("dedup:pair", args=[pair.pk]), {"decision": "reject"}).status_code == 403
    assert DuplicatePair.objects.get().status == DuplicatePair.Status.PROPOSED


def test_the_pages_need_a_kabkota_operator(client, pair, officers, django_user_model):
    assert client.get(reverse("dedup:list")).status_code == 302  # to the sign-in page
    login(client, officers["kpu_ri"])
    assert client.get(reverse("dedup:list")).status_code == 403


def test_an_unknown_pair_is_404(client, pair, officers):
    assert login(client, officers["kpu_depok"]).get(reverse("dedup:pair", args=[99999])).status_code == 404


def test_the_pair_page_shows_both_records_with_masked_numbers(client, pair, officers, register):
    body = login(client, officers["kpu_depok"]).get(reverse("dedup:pair", args=[pair.pk])).content.decode()
    assert "Hj. Sari Wulandari" in body and "Wulandari Sari" in body
    assert register[0].nik not in body and register[0].kk not in body
    assert register[0].nik[:6] in body and register[0].nik[-4:] in body


def test_confirming_marks_the_chosen_record_tms_2(client, pair, officers, register):
    login(client, officers["kpu_depok"])
    response = client.post(
        reverse("dedup:pair", args=[pair.pk]), {"decision": "confirm", "extra": "b", "note": "KTP dicek"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("dedup:list")
    assert Voter.objects.get(pk=register[1].pk).tms_code == DUPLICATE
    assert DuplicatePair.objects.get().status == DuplicatePair.Status.CONFIRMED


def test_rejecting_from_the_page(client, pair, officers, register):
    login(client, officers["kpu_depok"])
    client.post(reverse("dedup:pair", args=[pair.pk]), {"decision": "reject", "extra": "b"})
    assert DuplicatePair.objects.get().status == DuplicatePair.Status.REJECTED
    assert not Voter.objects.filter(status=Voter.Status.TMS).exists()


def test_deciding_a_decided_pair_shows_the_refusal(client, pair, officers):
    pair_reject(actor=Actor.of(officers["kpu_depok"]), pair_id=pair.pk)
    login(client, officers["kpu_depok"])
    page = client.get(reverse("dedup:pair", args=[pair.pk]))
    assert page.status_code == 200 and 'name="decision"' not in page.content.decode()
    refused = client.post(reverse("dedup:pair", args=[pair.pk]), {"decision": "confirm", "extra": "b"})
    assert refused.status_code == 409 and "sudah diputuskan" in refused.content.decode()


def test_a_form_without_a_decision_is_400(client, pair, officers):
    login(client, officers["kpu_depok"])
    assert client.post(reverse("dedup:pair", args=[pair.pk]), {"extra": "b"}).status_code == 400
    assert DuplicatePair.objects.get().status == DuplicatePair.Status.PROPOSED


def test_serving_the_site_does_not_load_the_matching_engine():
    """Splink, DuckDB and pandas cost each server process about 100 MB; only a dedup run needs them."""
    import subprocess
    import sys

    code = (
        "import django, sys; django.setup(); import suara.urls; "
        "print(sorted(m for m in ('splink', 'duckdb', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
