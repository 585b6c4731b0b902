"""Loading KPU's published 2024 numbers (``suara import-kpu-json DIR --contest ppwp-2024``): every
``<TPS code>.json`` of a directory read and checked (``kpu_json``), then stored as ``ExternalResult``
(source ``kpu_sirekap_2024``) in one transaction with one audit event. Never the official count.

Idempotent: a TPS already stored is updated in place when its file says something else, and left alone
when it says the same; a second run over the same directory changes nothing and records nothing.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from suara.audit.actors import Actor
from suara.audit.services import audit_record
from suara.core.db import bulk_insert, bulk_update
from suara.core.errors import DomainError
from suara.elections.selectors import contest_get
from suara.results.audit_actions import ResultAuditAction
from suara.results.errors import ResultErrorCode
from suara.results.geography import count_geography_prepare
from suara.results.importers import kpu_json
from suara.results.models import CountTps, ExternalResult

SOURCE = "kpu_sirekap_2024"
CHUNK = 2000


@dataclass
class KpuImportReport:
    contest: str
    files: list[kpu_json.KpuTps] = field(default_factory=list)  # one per file, by name
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def by_status(self) -> Counter:
        return Counter(f.status for f in self.files)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _chunks(values: list, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _read_directory(directory: Path, candidate_ids: dict[str, int]) -> list[kpu_json.KpuTps]:
    read = []
    with os.scandir(directory) as entries:
        names = sorted(entry.name for entry in entries if entry.is_file())
    for name in names:
        try:
            with open(directory / name, "rb") as f:
                content = f.read(kpu_json.MAX_FILE_BYTES + 1)
        except OSError:
            read.append(kpu_json.invalid(kpu_json.tps_code_of(name) or name, "berkas tidak dapat dibaca"))
            continue
        read.append(kpu_json.read_tps(name, content, candidate_ids=candidate_ids))
    return read


def _known_tps(election_id: int, area: str, codes: list[str]) -> set[str]:
    known: set[str] = set()
    for chunk in _chunks(codes):
        found = CountTps.objects.filter(election_id=election_id, code__in=chunk).values_list("code", flat=True)
        known.update(code for code in found if code.startswith(area))
    return known


def _stored(contest_id: int, codes: list[str]) -> dict[str, tuple]:
    stored: dict[str, tuple] = {}
    fields = ("tps_code", "pk", "tally", "status", "rules", "meta")
    for chunk in _chunks(codes):
        rows = ExternalResult.objects.filter(contest_id=contest_id, source=SOURCE, tps_code__in=chunk)
        stored.update((code, rest) for code, *rest in rows.values_list(*fields))
    return stored


def kpu_json_import(*, directory: str | Path, contest: str, actor: Actor) -> KpuImportReport:
    """Reads every file of ``directory`` and stores KPU's numbers for the TPS of ``contest`` that it
    knows. The report has one entry per file: ok, breach (with the rules), incomplete, or invalid
    (unknown TPS, unreadable file, bad JSON, wrong name; nothing stored for it)."""
    contest_obj = contest_get(contest)
    candidate_ids = kpu_json.SIREKAP_CANDIDATES.get(contest_obj.slug)
    if candidate_ids is None:
        raise DomainError(
            ResultErrorCode.NO_SIREKAP_CANDIDATES,
            f"Id calon Sirekap untuk {contest_obj.slug} belum dikenal.",
            field="contest",
        )
    directory = Path(directory)
    if not directory.is_dir():
        raise DomainError(
            ResultErrorCode.NOT_A_DIRECTORY, f"Direktori tidak ditemukan: {directory.name}.", field="directory"
        )
    if not CountTps.objects.filter(election_id=contest_obj.election_id).exists():
        # The importer prepares the counting geography itself (a copy of the electoral TPS): one step fewer.
        count_geography_prepare(election=contest_obj.election, actor=actor)
    files = _read_directory(directory, candidate_ids)
    report = KpuImportReport(contest=contest_obj.slug)
    readable = [f for f in files if f.status != kpu_json.INVALID]
    known = _known_tps(contest_obj.election_id, contest_obj.region_code, [f.tps_code for f in readable])
    report.files = [
        f if f.status == kpu_json.INVALID or f.tps_code in known else kpu_json.invalid(f.tps_code, "TPS tidak dikenal")
        for f in files
    ]
    storable = [f for f in report.files if f.status != kpu_json.INVALID]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with transaction.atomic():
        stored = _stored(contest_obj.pk, [f.tps_code for f in storable])
        new, changed = [], []
        for f in storable:
            rules = ";".join(f.rules)
            existing = stored.get(f.tps_code)
            if existing is None:
                new.append(
                    (contest_obj.pk, f.tps_code, SOURCE, json.dumps(f.tally), f.status, rules, json.dumps(f.meta), now)
                )
            elif tuple(existing[1:]) != (f.tally, f.status, rules, f.meta):
                changed.append((existing[0], json.dumps(f.tally), f.status, rules, json.dumps(f.meta), now))
            else:
                report.unchanged += 1
        columns = ("contest_id", "tps_code", "source", "tally", "status", "rules", "meta", "imported_at")
        report.created = bulk_insert(ExternalResult, columns, new)
        report.updated = bulk_update(ExternalResult, "id", columns[3:], changed)
        if report.changed:
            counts = report.by_status
            audit_record(
                actor=actor,
                action=ResultAuditAction.IMPORT_KPU_JSON,
                object_code=contest_obj.slug,
                summary=(
                    f"{contest_obj.slug} {SOURCE}: {len(files)} berkas; {report.created} baru, {report.updated} "
                    f"diperbarui; ok {counts[kpu_json.OK]}, breach {counts[kpu_json.BREACH]}, incomplete "
                    f"{counts[kpu_json.INCOMPLETE]}, invalid {counts[kpu_json.INVALID]}"
                ),
            )
    return report
