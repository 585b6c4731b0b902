"""The public page of the samples' draws (/partai/verifikasi/): signed out, what redraws each sample and
its result once final; never a member's name or NIK; a bad ?pemilu= is a 404."""

import pytest
from django.test import Client

from suara.audit.actors import Actor
from suara.parties.models import Member
from suara.parties.verification import services

pytestmark = pytest.mark.django_db
SEED = "b" * 32
URL = "/partai/verifikasi/"


def test_no_sample_yet(parties):
    page = Client().get(URL)
    assert page.status_code == 200 and "Belum ada sampel verifikasi faktual yang diambil." in page.content.decode()


def test_each_draw_is_published_without_its_members(parties, verifiers, listings):
    listings(parties["pkb"], 40)
    sample = services.sample_draw(
        actor=Actor.of(verifiers["depok"]), party_id=parties["pkb"].pk, kabkota_code="3276", seed=SEED
    )
    page = Client().get(URL)
    html = page.content.decode()
    assert page.status_code == 200
    item = html[html.index(f'data-sample="{sample.pk}"') :]
    for value in (sample.algorithm, SEED, sample.frame_digest, parties["pkb"].name):
        assert value in item
    for field, value in (("population", sample.population), ("size", sample.size), ("start", sample.start)):
        assert f"<dd data-{field}>{value}</dd>" in item
    assert f"--seed {SEED}</code>" in item and "--replacements" not in item
    assert 'data-result=""' in item
    for name, nik in Member.objects.values_list("name", "nik"):
        assert name not in html and nik not in html
    assert Client().get(URL, {"pemilu": "pemilu-2024"}).content.decode().count("data-sample=") == 1
    assert Client().get(URL, {"pemilu": "pilkada-2024"}).content.decode().count("data-sample=") == 0


@pytest.mark.parametrize("slug", ["\x00", "Pemilu 2024", "x" * 51])
def test_a_bad_election_is_a_404(parties, slug):
    assert Client().get(URL, {"pemilu": slug}).status_code == 404
