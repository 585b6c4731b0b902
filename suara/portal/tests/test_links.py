"""No dead ends: from the home page and a TPS page to the real count, once there is a count to see."""

from datetime import date

TPS = "3276011006001"


def test_before_voting_day_nothing_links_to_a_count_yet(client, geography, pemilu_2024, fixed_today):
    fixed_today(date(2024, 2, 10))
    assert "/hasil/ppwp-2024/" not in client.get("/").content.decode()
    assert "/hasil/" not in client.get(f"/tps/{TPS}/").content.decode().replace('href="/hasil/"', "")


def test_from_voting_day_home_and_tps_pages_link_to_the_real_count(client, geography, pemilu_2024, fixed_today):
    fixed_today(date(2024, 2, 14))
    assert 'href="/hasil/ppwp-2024/"' in client.get("/").content.decode()
    assert f'href="/hasil/ppwp-2024/tps/{TPS}/"' in client.get(f"/tps/{TPS}/").content.decode()
