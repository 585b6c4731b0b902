"""What the daily watch's tests share: an organisation with its operator, synthetic people (never real
ones) and their listings, and a clock fixed at a WIB moment."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from conftest import make_officer
from suara.accounts.organisations import OrganisationInput, organisation_save
from suara.elections.services import elections_load
from suara.parties.models import Member, Party
from suara.parties.services import parties_load
from suara.people.names import name_key
from suara.people.nik import nik_make

WIB = ZoneInfo("Asia/Jakarta")


def wib(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


def freeze(monkeypatch, moment: datetime) -> None:
    """The site's clock (``suara.core.clock``) stands at ``moment``."""
    from suara.core import clock

    monkeypatch.setattr(clock, "now", lambda: moment)
    monkeypatch.setattr(clock, "today", lambda: moment.astimezone(WIB).date())


def person(serial: int, *, sex: str = "L", born: date = date(1985, 3, 14)) -> str:
    """A synthetic NIK from Kecamatan Pancoran Mas, Depok."""
    return nik_make("327601", born, sex, serial)


def watch_world(*, emails: str = "pantau@kominfo-depok.example") -> dict:
    """The 2024 parties, two organisations with one operator each, and a party operator."""
    elections_load(actor="test")
    parties_load(actor="test")
    depok, _ = organisation_save(
        actor="test",
        data=OrganisationInput(
            code="kominfo-depok", name="Diskominfo Kota Depok", kind="diskominfo", report_emails=emails
        ),
    )
    bekasi, _ = organisation_save(
        actor="test", data=OrganisationInput(code="kominfo-bekasi", name="Diskominfo Kota Bekasi", kind="diskominfo")
    )
    return {
        "depok": depok,
        "bekasi": bekasi,
        "operator": make_officer("operator_depok", "organisation_operator", "kominfo-depok"),
        "operator_bekasi": make_officer("operator_bekasi", "organisation_operator", "kominfo-bekasi"),
        "party_operator": make_officer("operator_pkb", "party_operator", "pkb"),
        "pkb": Party.objects.get(code="pkb"),
        "ppp": Party.objects.get(code="ppp"),
    }


def listing(party: Party, nik: str, name: str, *, at: datetime) -> Member:
    """A current listing of ``nik`` on ``party``'s member list since ``at``."""
    return Member.objects.create(
        party=party, nik=nik, name=name, name_key=name_key(name), sex="L", birth_date=date(1985, 3, 14),
        desa_code="3276011006", kabkota_code="3276", added_version=1, added_at=at,
    )  # fmt: skip


def unlist(member: Member, *, at: datetime) -> None:
    member.removed_at = at
    member.removed_reason = Member.Removal.WITHDRAWN
    member.save(update_fields=["removed_at", "removed_reason"])


def csv_file(rows: list[tuple[str, ...]], header: str = "nik,nama,keterangan") -> bytes:
    return (header + "\n" + "\n".join(",".join(row) for row in rows) + "\n").encode()
