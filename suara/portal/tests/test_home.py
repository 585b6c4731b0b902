from datetime import date

import pytest

pytestmark = pytest.mark.django_db


def _now_stage(html: str) -> str:
    """The markup of the stage marked as today's."""
    start = html.index('aria-current="step"')
    return html[start : html.index("</li>", start)]


def test_home_before_voting_day_counts_down(client, geography, pemilu_2024, fixed_today):
    fixed_today(date(2024, 2, 10))
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["featured"].days_to_vote == 4
    assert "Pemilu berikutnya" in html
    assert "Pemilihan Umum 2024" in html
    assert '<span class="countdown__days">4</span>' in html
    assert "hari lagi menuju hari pemungutan suara" in html
    assert "Rabu, 14 Februari 2024" in html
    # Budget planning (to June 2024) and the campaign (to 10 February) are both under way; the campaign
    # is the stage today is about.
    assert html.count('aria-current="step"') == 1
    now = _now_stage(html)
    assert "Masa kampanye pemilu" in now
    assert "Sedang berlangsung" in now
    assert html.count("Sedang berlangsung") == 2
    states = {row.stage.name: row.state for row in response.context["stages"]}
    assert states["Perencanaan program dan anggaran"] == "current"
    assert states["Masa tenang"] == "upcoming"
    assert states["Penetapan peserta pemilu"] == "done"
    assert states["Penetapan hasil pemilu"] == "undated"
    # An undated stage shows its note instead of dates.
    assert "Paling lambat 3 hari setelah pemberitahuan Mahkamah Konstitusi" in html


def test_home_lists_candidates_and_national_figures(client, geography, pemilu_2024, fixed_today):
    fixed_today(date(2024, 2, 10))
    html = client.get("/").content.decode()
    assert "Pasangan calon presiden dan wakil presiden" in html
    for name in ("Anies Rasyid Baswedan", "Abdul Muhaimin Iskandar", "Prabowo Subianto", "Mahfud MD"):
        assert name in html
    assert html.index("Anies Rasyid Baswedan") < html.index("Prabowo Subianto") < html.index("Ganjar Pranowo")
    assert ">01<" in html and ">03<" in html
    # 38 provinces; the TPS of the loaded slice (Kota Bekasi and Kota Depok), grouped Indonesian style.
    total = geography["32"].tps_count
    assert "<dd>38</dd>" in html
    assert f"<dd>{total:,}</dd>".replace(",", ".") in html
    assert 'href="/wilayah/"' in html


def test_home_on_voting_day(client, pemilu_2024, fixed_today):
    fixed_today(date(2024, 2, 14))
    html = client.get("/").content.decode()
    assert "Hari ini hari pemungutan suara." in html
    assert "Pemungutan suara" in _now_stage(html)
    assert "countdown.js" not in html


def test_home_after_the_last_election_shows_the_most_recent(client, pemilu_2024, fixed_today):
    fixed_today(date(2025, 1, 15))
    response = client.get("/")
    html = response.content.decode()
    assert "Pemilu terakhir" in html
    assert "Pemilihan Kepala Daerah Serentak 2024" in html
    assert "27 November 2024" in html
    assert "hari lagi" not in html
    assert 'aria-current="step"' not in html
    assert all(row.state in ("done", "undated") for row in response.context["stages"])


def test_home_after_pemilu_2024_only(client, pemilu_2024, fixed_today):
    from suara.elections.models import Election

    Election.objects.exclude(pk=pemilu_2024.pk).delete()
    fixed_today(date(2025, 1, 15))
    html = client.get("/").content.decode()
    assert "Pemilu terakhir" in html
    assert "Pemilihan Umum 2024" in html
    assert "14 Februari 2024" in html
    assert "Selesai" in html
    assert "Prabowo Subianto" in html


def test_home_without_elections(client, fixed_today):
    fixed_today(date(2024, 2, 10))
    response = client.get("/")
    assert response.status_code == 200
    assert "Belum ada data pemilu" in response.content.decode()


def test_home_countdown_script_is_external(client, pemilu_2024, fixed_today):
    fixed_today(date(2024, 2, 10))
    html = client.get("/").content.decode()
    assert '<script src="/static/portal/countdown.js" defer></script>' in html
    assert 'data-target="2024-02-14T00:00:00+07:00"' in html
    assert 'data-today="2024-02-10"' in html
    assert "<script>" not in html and "<style" not in html and "style=" not in html


def test_home_in_english(english, pemilu_2024, fixed_today):
    fixed_today(date(2024, 2, 10))
    response = english.get("/")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "2024 General Election" in html
    assert "Pemilihan Umum 2024" not in html
    assert "Campaign period" in _now_stage(html)
    assert "Now" in _now_stage(html)
    assert "days left until voting day" in html
    assert "Wednesday, 14 February 2024" in html
    assert "Presidential and vice-presidential candidates" in html
    assert "At the latest 3 days after the Constitutional Court" in html
    assert "Home" in html and "Regions" in html and "Sign in" in html


def test_home_query_count_is_fixed(client, geography, pemilu_2024, fixed_today, django_assert_max_num_queries):
    fixed_today(date(2024, 2, 10))
    with django_assert_max_num_queries(8):
        client.get("/")
