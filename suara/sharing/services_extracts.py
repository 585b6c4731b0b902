"""Extracts under an agreement, produced by the jobs framework (``job_kinds.EXTRACT``) as CSV: only the
allowed fields, counted where the agreement says, only its region, with the fingerprint (``fingerprint``).

A request is checked when it is made (``extract_params``: the job kind's checker, so the job API checks it
too) and again when the job runs, since the agreement may have been revoked or expired in between: a refusal
then fails the job with its code, nothing written. The file is written under a temporary name, the extract
and its voters are recorded in one transaction with one audit event, and only then is the file given its
name; a failure removes it."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from suara.accounts.models import User
from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.core import clock
from suara.core.db import bulk_insert
from suara.core.errors import DomainError, NotFound, PermissionDenied
from suara.core.translatable import gettext_noop
from suara.jobs.errors import JobErrorCode
from suara.jobs.models import Job
from suara.jobs.services import job_result_file, job_start
from suara.sharing import keys, reads
from suara.sharing.audit_actions import SharingAuditAction
from suara.sharing.errors import SharingErrorCode
from suara.sharing.fingerprint import (
    TOKEN_COLUMN,
    Tokens,
    interleave,
    marker_count,
    marker_positions,
    marker_row,
    markers,
)
from suara.sharing.models import Agreement, Extract, ExtractRow
from suara.sharing.rules import Aggregation, count_columns, ordered_fields, request_problem, suppressed
from suara.sharing.selectors import agreement_for, extract_for, extract_region
from suara.sharing.services import refused, require_active

EXTRACT = "sharing_extract"  # the job kind (job_kinds.py)


def _agreement(value: object) -> Agreement:
    pk = value if isinstance(value, int) and not isinstance(value, bool) else None
    if isinstance(value, str) and value.strip().isdigit():
        pk = int(value.strip())
    agreement = Agreement.objects.filter(pk=pk).first() if pk is not None and 0 < pk < 2**63 else None
    if agreement is None:
        raise NotFound(SharingErrorCode.AGREEMENT_NOT_FOUND, "Perjanjian tidak ditemukan.", field="agreement")
    return agreement


def asked_fields(value: object, allowed: list[str]) -> list[str]:
    if value in (None, "", []):
        return list(allowed)
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise DomainError(SharingErrorCode.UNKNOWN_SHARING_FIELD, "Kolom ditulis sebagai daftar nama.", field="fields")
    return [v.strip() for v in value]


def extract_params(params: Mapping[str, Any]) -> dict:
    """The job's options, checked against its agreement: it works today, the fields asked are allowed (all
    of them when none are named), the region lies in its region."""
    agreement = _agreement(params.get("agreement"))
    require_active(agreement)
    asked = asked_fields(params.get("fields"), agreement.fields)
    region = params.get("region", agreement.region_code)
    region = region.strip() if isinstance(region, str) else ""
    problem = request_problem(
        allowed=agreement.fields, asked=asked, agreement_region=agreement.region_code, region=region
    )
    if problem is not None:
        raise refused(problem)
    return {"agreement": agreement.pk, "region": region, "fields": ordered_fields(asked)}


def extract_request(*, actor: Actor, pk: int, region: str | None = None, fields: object = None) -> Job:
    """Queues the extract's job (``jobs.services.job_start``: one audit event, the job's). ``region`` None:
    the agreement's own."""
    user = actor.officer()
    agreement = agreement_for(user, pk)
    params = {"agreement": agreement.pk, "region": extract_region(user, agreement) if region is None else region}
    params["fields"] = fields
    options = extract_params(params)
    return job_start(actor=actor, kind=EXTRACT, scope=options["region"], params=options)


def _write(path: Path, header: list[str], rows) -> str:
    digest = hashlib.sha256()
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
    with open(path, "rb") as written:
        for block in iter(lambda: written.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def extract_produce(*, job: Job, user: User, folder: Path, progress: Callable[..., None]) -> Extract:
    """The job's work: checks again, writes the CSV, records the extract. Returns it."""
    options = extract_params(job.params)
    if options["region"] != job.scope:
        raise PermissionDenied(
            SharingErrorCode.OUTSIDE_AGREEMENT_REGION, "Wilayah tugas berbeda dari wilayah yang diminta.",
            field="region",
        )  # fmt: skip
    agreement = Agreement.objects.get(pk=options["agreement"])
    region, fields, day = options["region"], options["fields"], clock.today()
    key_id = keys.new_key_id()
    secret = keys.secret_of(key_id)
    tokens = Tokens(secret)
    name = f"ekstrak-perjanjian-{agreement.pk}.csv"
    temporary = folder / f".{key_id}.part"
    voter_ids: list[int] = []
    chosen: list[dict] = []
    progress(0, 100, gettext_noop("Membaca daftar pemilih"))
    try:
        if agreement.aggregation == Aggregation.INDIVIDUAL:
            total = reads.voters_in(region).count()
            chosen = markers(
                secret, marker_count(total), reads.places(region), day, taken=lambda m: reads.nik_listed(m["nik"])
            )

            def real_rows():
                for done, (voter_id, values) in enumerate(reads.individual_rows(region, fields, day), start=1):
                    voter_ids.append(voter_id)
                    if done % 5000 == 0:
                        progress(done, total, gettext_noop("Menulis baris"))
                    yield [tokens.voter(voter_id), *values]

            placed = [marker_row(m, fields) for m in chosen]
            positions = marker_positions(secret, total, len(chosen))
            sha256 = _write(temporary, [TOKEN_COLUMN, *fields], interleave(real_rows(), placed, positions))
            rows = len(voter_ids)
        else:
            groups = reads.counts(region, agreement.aggregation, fields, day)
            columns = count_columns(fields)
            body = (
                [tokens.group(code), code, *(str(c[k]) if k == "jumlah_pemilih" else suppressed(c[k]) for k in columns)]
                for code, c in groups
            )
            sha256 = _write(temporary, [TOKEN_COLUMN, "kode_wilayah", *columns], body)
            rows = len(groups)
        progress(95, 100, gettext_noop("Mencatat ekstrak"))
        with service_transaction():
            extract = Extract.objects.create(
                agreement=agreement, job=job, requested_by=job.started_by, role=job.role, created_at=clock.now(),
                region_code=region, fields=fields, aggregation=agreement.aggregation, rows=rows, key_id=key_id,
                markers=chosen, file_name=name, file_sha256=sha256,
            )  # fmt: skip
            bulk_insert(ExtractRow, ("extract_id", "voter_id"), ((extract.pk, v) for v in voter_ids))
            audit_record(
                actor=Actor.of(user),
                role=job.role,
                action=SharingAuditAction.EXTRACT_CREATE,
                object_code=str(extract.pk),
                summary=(
                    f"ekstrak #{extract.pk} perjanjian #{agreement.pk}: {rows} baris, {len(chosen)} penanda, "
                    f"wilayah {region or 'nasional'}, kunci {key_id}"
                ),
            )
        temporary.replace(folder / name)
    finally:
        temporary.unlink(missing_ok=True)
    return extract


def extract_download(*, actor: Actor, pk: int) -> tuple[Path, str]:
    """The extract's file and the name to download it as (audited by the jobs framework)."""
    extract = extract_for(actor.officer(), pk)
    if extract.job_id is None:
        raise NotFound(JobErrorCode.RESULT_MISSING, "Berkas ekstrak ini tidak ada lagi.", field="id")
    return job_result_file(actor=actor, job_id=extract.job_id)
