"""The demo's watchlist: the demo organisation (``accounts.demo.DEMO_ORGANISATION``) watches a few people,
some of them listed by the demo's parties, and has its first report. Synthetic people only: the NIKs are
taken from the demo's synthetic member lists, or made up."""

from __future__ import annotations

from datetime import date

from suara.accounts.models import Organisation
from suara.parties.models import Member, Watchlist
from suara.parties.watch.services import watch_report_run, watchlist_upload
from suara.people.nik import nik_make

DEMO_LIST = "Staf dan keluarga"


def watch_demo_ensure(*, organisation_code: str = "kominfo-depok", actor: str = "system") -> bool:
    """Gives the demo organisation its watchlist and a first report, once; False if it had them."""
    organisation = Organisation.objects.filter(code=organisation_code).first()
    if organisation is None or Watchlist.objects.filter(organisation=organisation).exists():
        return False
    listed = list(Member.objects.filter(removed_at__isnull=True).order_by("pk").values_list("nik", flat=True)[:3])
    others = [nik_make("327601", date(1979, 6, 1), "L", serial) for serial in range(9001, 9006)]
    rows = ["nik,nama,keterangan"]
    rows += [f"{nik},Pegawai Demo {i + 1},staf" for i, nik in enumerate(dict.fromkeys(listed + others))]
    watchlist_upload(actor=actor, organisation=organisation, name=DEMO_LIST, data=("\n".join(rows) + "\n").encode())
    watch_report_run(actor=actor, organisation=organisation, send=False)
    return True
