"""The demo's announcements: published ones (one corrected, one with an event and a poster), one scheduled
for later; once."""

import pytest

from suara.announcements.demo import announcements_demo_ensure
from suara.announcements.models import Announcement
from suara.announcements.selectors import published_announcements

pytestmark = pytest.mark.django_db


def test_the_demo_has_announcements_to_see(geography, settings, tmp_path):
    from conftest import make_officer

    settings.PRIVATE_DIR = tmp_path
    assert announcements_demo_ensure() == (0, 0)  # no demo accounts yet
    make_officer("kpu_depok", "kpu_kabkota", "3276")
    make_officer("pemkot_depok", "pemkot_viewer", "3276")
    assert announcements_demo_ensure() == (4, 1)
    shown = list(published_announcements("327601"))
    assert len(shown) == 4 and Announcement.objects.count() == 5
    assert {a.category for a in shown} == {"rekrutmen", "dpb", "sosialisasi", "pemungutan"}
    assert any(a.corrections for a in shown) and any(a.event_start for a in shown)
    assert {a["extension"] for a in shown for a in a.attachments} == {"pdf", "png"}
    assert announcements_demo_ensure() == (0, 0)
