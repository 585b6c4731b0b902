"""Organisations: offices with accounts outside KPU's chain and the parties (a KPU office watching its
own staff, a Diskominfo, Bawaslu). KPU RI creates and edits them (``Action.MANAGE_ORGANISATIONS``);
their operators are then given ``Role.ORGANISATION_OPERATOR`` over the organisation's code through the
account pages (``accounts.provisioning``). One transaction and one audit event per write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import QuerySet

from suara.accounts.actors import Actor, actor_name
from suara.accounts.audit_actions import AccountAuditAction
from suara.accounts.authz import require
from suara.accounts.errors import AccountErrorCode
from suara.accounts.models import Organisation
from suara.accounts.roles import Action, Scope, ScopeKind
from suara.audit.services import audit_record, service_transaction
from suara.core.errors import DomainError, NotFound
from suara.regions.models import Region

MAX_REPORT_EMAILS = 10


@dataclass(frozen=True)
class OrganisationInput:
    """An organisation as a form or a command gives it (text, checked by ``organisation_save``)."""

    code: str
    name: str
    kind: str
    region_code: str = ""
    report_time: str = "17:00"  # HH:MM, WIB
    report_emails: str = ""  # addresses separated by new lines, commas or spaces


def _refuse(field: str, message: str) -> DomainError:
    return DomainError(AccountErrorCode.INVALID_ORGANISATION, message, field=field)


def _report_time(text: str) -> time:
    hours, _, minutes = text.strip().partition(":")
    if not (hours.isascii() and hours.isdigit() and minutes.isascii() and minutes.isdigit() and len(minutes) == 2):
        raise _refuse("report_time", "Jam laporan ditulis JJ:MM, mis. 17:00 (WIB).")
    if not (0 <= int(hours) <= 23 and 0 <= int(minutes) <= 59):
        raise _refuse("report_time", "Jam laporan antara 00:00 dan 23:59 (WIB).")
    return time(int(hours), int(minutes))


def _emails(text: str) -> list[str]:
    addresses = [a for a in text.replace(",", " ").split() if a]
    if len(addresses) > MAX_REPORT_EMAILS:
        raise _refuse("report_emails", f"Paling banyak {MAX_REPORT_EMAILS} alamat surel laporan.")
    for number, address in enumerate(addresses, start=1):
        try:
            validate_email(address)
        except ValidationError:
            raise _refuse("report_emails", f"Alamat surel ke-{number} tidak sah.") from None
    return list(dict.fromkeys(addresses))


def _checked(data: OrganisationInput) -> dict:
    code = data.code.strip()
    if not Scope(ScopeKind.ORGANISATION, code).well_formed():
        raise _refuse(
            "code",
            "Kode organisasi: huruf kecil, angka atau tanda hubung, paling banyak 32 karakter (mis. kominfo-depok).",
        )
    name = " ".join(data.name.split())
    if not name or len(name) > 200:
        raise _refuse("name", "Nama organisasi wajib diisi, paling banyak 200 karakter.")
    if data.kind not in Organisation.Kind.values:
        raise _refuse("kind", "Jenis organisasi: kpu, diskominfo, bawaslu atau lainnya.")
    region = data.region_code.strip()
    if region:
        if not (region.isascii() and region.isdigit() and len(region) in (2, 4, 6, 10)):
            raise _refuse("region_code", "Kode wilayah 2, 4, 6 atau 10 digit, atau kosong untuk nasional.")
        if not Region.objects.filter(code=region).exists():
            raise _refuse("region_code", f"Kode wilayah {region} tidak dikenal.")
    return {
        "code": code,
        "name": name,
        "kind": data.kind,
        "region_code": region,
        "report_time": _report_time(data.report_time),
        "report_emails": "\n".join(_emails(data.report_emails)),
    }


def organisation_save(*, actor: Actor, data: OrganisationInput) -> tuple[Organisation, bool]:
    """Creates the organisation with ``data.code``, or changes the one that has it; (it, created)."""
    role = "" if isinstance(actor, str) else require(actor, Action.MANAGE_ORGANISATIONS, "").value
    fields = _checked(data)
    with service_transaction():
        organisation = Organisation.objects.select_for_update().filter(code=fields["code"]).first()
        created = organisation is None
        organisation = organisation or Organisation()
        for name, value in fields.items():
            setattr(organisation, name, value)
        organisation.save()
        audit_record(
            actor=actor_name(actor),
            role=role,
            action=AccountAuditAction.ORGANISATION_SAVE,
            object_code=organisation.code,
            summary=(
                f"organisasi {organisation.code} {'dibuat' if created else 'diubah'}: jenis {organisation.kind}, "
                f"laporan pukul {organisation.report_time:%H:%M} WIB ke {len(organisation.emails)} alamat"
            ),
        )
    return organisation, created


def organisation_get(code: str) -> Organisation:
    organisation = Organisation.objects.filter(code=code).first()
    if organisation is None:
        raise NotFound(AccountErrorCode.ORGANISATION_NOT_FOUND, "Organisasi tidak ditemukan.", field="organisation")
    return organisation


def organisations_all() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("code")


def organisations_with_codes(codes: set[str]) -> QuerySet[Organisation]:
    """The organisations among ``codes`` (an operator's scopes)."""
    return Organisation.objects.filter(code__in=codes).order_by("name")
