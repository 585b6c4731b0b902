"""The notices of a breach (UU PDP art. 46(2): what personal data, when and how it was disclosed, and what is
done to handle and recover from it), for the supervisory body and for the people affected, in Indonesian,
from the templates ``sharing/notices/*.txt``. They name the data by its fields' labels and count the people;
they never carry anyone's data."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation

from suara.sharing.models import Breach
from suara.sharing.rules import FIELD_BY_NAME, breach_clock, ordered_fields
from suara.sharing.selectors import people_affected

CONTROLLER = "Komisi Pemilihan Umum Republik Indonesia (KPU RI)"
SUPERVISORY_BODY = "Lembaga Pelindungan Data Pribadi (selama belum terbentuk: Kementerian Komunikasi dan Digital)"


@dataclass(frozen=True)
class Notices:
    authority: str
    people: str


def breach_notices(breach: Breach) -> Notices:
    agreements = list(breach.agreements.order_by("pk"))
    extracts = list(breach.extracts.select_related("agreement").order_by("pk"))
    names = ordered_fields({n for a in agreements for n in a.fields} | {n for e in extracts for n in e.fields})
    with translation.override("id"):  # the notices are Indonesian, whatever the page's language
        context = {
            "breach": breach,
            "controller": CONTROLLER,
            "body": SUPERVISORY_BODY,
            "found_at": timezone.localtime(breach.found_at),
            "deadline": timezone.localtime(breach_clock(found_at=breach.found_at, now=breach.found_at).deadline),
            "fields": [FIELD_BY_NAME[name].label for name in names],
            "agreements": agreements,
            "extracts": extracts,
            "people": people_affected(breach),
        }
        return Notices(
            authority=render_to_string("sharing/notices/authority.txt", context).strip() + "\n",
            people=render_to_string("sharing/notices/people.txt", context).strip() + "\n",
        )
