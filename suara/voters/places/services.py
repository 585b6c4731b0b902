"""Writes of the TPS places (``regions.models.TpsLocation``): one TPS from the PPS's page or the API, and a
CSV of many, all or nothing. Each is one transaction with one audit event. The PPS of the TPS's desa
records it, or anyone above in KPU's chain (``Action.SET_TPS_LOCATION``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from suara.accounts.authz import require
from suara.accounts.roles import Action
from suara.audit.actors import Actor
from suara.audit.services import audit_record
from suara.core.errors import DomainError, ErrorCode
from suara.regions import selectors as regions
from suara.regions.audit_actions import RegionAuditAction
from suara.regions.errors import RegionErrorCode
from suara.regions.models import Tps, TpsLocation
from suara.voters.places import rules


def _save(tps_code: str, place: rules.Place, *, by: str, now) -> None:
    TpsLocation.objects.update_or_create(
        tps_id=tps_code,
        defaults={
            "address": place.address,
            "latitude": place.latitude,
            "longitude": place.longitude,
            **place.flags,
            "updated_by": by,
            "updated_at": now,
        },
    )


def tps_location_set(*, actor: Actor, tps_code: str, address: str, latitude, longitude, **flags: bool) -> TpsLocation:
    """Records one TPS's address, coordinates and accessibility flags (``rules.FLAGS``), replacing any
    recorded before."""
    tps = regions.tps_get(tps_code)
    role = require(actor.officer(), Action.SET_TPS_LOCATION, tps.code)
    place = rules.clean_place(address=address, latitude=latitude, longitude=longitude, **flags)
    with transaction.atomic():
        _save(tps.code, place, by=actor.name, now=timezone.now())
        audit_record(
            actor=actor,
            action=RegionAuditAction.SET_TPS_LOCATION,
            summary=f"Lokasi TPS {tps.code}: {place.latitude},{place.longitude}",
            object_code=tps.code,
            role=role,
        )
    return TpsLocation.objects.get(tps_id=tps.code)


@dataclass(frozen=True)
class ImportResult:
    saved: int
    scope: str


def tps_locations_import(*, actor: Actor, scope: str, text: str) -> ImportResult:
    """Records the places of a CSV's TPS (``rules.CSV_COLUMNS``), all beneath ``scope`` (a region code the
    importer holds the action over), or none: any refused line refuses the file, with every refused line
    and its code in the error's details. A named actor (the demo, the command line) is trusted as it is."""
    if scope and not (scope.isascii() and scope.isdigit() and len(scope) in (2, 4, 6, 10)):
        raise DomainError(ErrorCode.INVALID_REGION_CODE, "Kode wilayah tidak sah.", field="scope")
    role = require(actor.user, Action.SET_TPS_LOCATION, scope) if actor.user is not None else ""
    rows, problems = rules.read_csv(text)
    codes = [row.tps_code for row in rows]
    known = set(Tps.objects.filter(code__in=codes).values_list("code", flat=True)) if codes else set()
    for row in rows:
        if row.tps_code not in known:
            problems.append(rules.CsvProblem(row.line, ErrorCode.TPS_NOT_FOUND, "tps"))
        elif not row.tps_code.startswith(scope):
            problems.append(rules.CsvProblem(row.line, ErrorCode.FORBIDDEN, "tps"))
    if not rows and not problems:
        problems.append(rules.CsvProblem(1, ErrorCode.INVALID_INPUT, "rows"))
    if problems:
        problems.sort(key=lambda problem: problem.line)
        raise DomainError(
            RegionErrorCode.TPS_LOCATIONS_INVALID,
            f"Berkas ditolak seluruhnya: {len(problems)} baris bermasalah. Tidak ada yang diubah.",
            field="file",
            details=[problem.as_dict() for problem in problems[:200]],
        )
    now = timezone.now()
    with transaction.atomic():
        for row in rows:
            _save(row.tps_code, row.place, by=actor.name, now=now)
        audit_record(
            actor=actor,
            action=RegionAuditAction.IMPORT_TPS_LOCATIONS,
            summary=f"Lokasi {len(rows)} TPS diimpor di wilayah {scope or 'nasional'}",
            object_code=scope,
            role=role,
        )
    return ImportResult(saved=len(rows), scope=scope)
