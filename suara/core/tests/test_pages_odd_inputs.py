"""Pages answer odd input with a page, never a 500: each case here was a 500 once (the fuzzing of every
URL in test_pages_fuzz finds the rest)."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import make_officer


@pytest.mark.parametrize("char", ["%00", "%01", "%7f", "%1b"])
def test_a_region_search_with_a_control_character_says_what_is_wrong(geography, char):
    response = Client().get(f"/wilayah/?q=ab{char}")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Kata pencarian hanya boleh berisi huruf, angka dan tanda baca biasa." in page
    assert "\x00" not in page and "\x1b" not in page


@pytest.mark.parametrize("page", ["%C2%B2", "%E2%91%A0", "%EF%BC%92", "9" * 5000, "-1", "0", "x"])
def test_a_comparison_page_number_that_is_no_number_is_a_404(counting, page):
    assert Client().get(f"/hasil/ppwp-2024/perbandingan/?halaman={page}").status_code == 404


def test_a_comparison_page_number_still_pages(counting):
    assert Client().get("/hasil/ppwp-2024/perbandingan/?halaman=1").status_code == 200


@pytest.mark.parametrize("code", ["nasional", "32", "3276", "327601", "3276011006"])
def test_kpu_ri_opens_the_recap_of_every_level(counting, code):
    client = Client()
    client.force_login(make_officer("kpu_ri", "kpu_ri", ""))

    response = client.get(f"/petugas/rekap/ppwp-2024/{code}/")

    assert response.status_code == 200
    if code != "nasional":  # the crumbs lead back up, to the national recap first
        assert 'href="/petugas/rekap/ppwp-2024/nasional/"' in response.content.decode()
