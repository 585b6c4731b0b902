"""The demo's clarifications and rumour reports: published ones to find, a draft to publish, and an inbox
with the most reported group first, one answered and one dismissed; a second run adds nothing."""

import pytest

from conftest import make_officer
from suara.information.demo import information_demo_ensure
from suara.information.models import Clarification
from suara.information.selectors import search
from suara.information.selectors_rumours import groups

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_inbox_and_the_search(writers):  # writers: the kominfo-depok organisation
    assert information_demo_ensure() is None  # without the demo's accounts
    make_officer("kpu_depok", "kpu_kabkota", "3276")
    make_officer("operator_kominfo", "organisation_operator", "kominfo-depok")
    made = information_demo_ensure()
    assert made == {"clarifications": 4, "reports": 13}
    assert Clarification.objects.filter(status="draft").count() == 1
    assert search("surat suara dicoblos") and search("pindah memilih")
    open_groups = list(groups("open"))
    assert [g.report_count for g in open_groups] == [6, 3]  # the leak (text, link and screenshot), Sirekap
    answered = groups("answered").get()
    assert answered.report_count == 3 and answered.clarification.status == "published"
    assert groups("dismissed").get().dismissed_reason
    assert open_groups[0].reports.exclude(contact="").count() == 1  # kept until the answer is published
    assert information_demo_ensure() == {}
