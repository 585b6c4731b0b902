"""The partner API's reads: a partner's token bound to an agreement (``PartnerKey``) reads the allowed fields
(or counts) of its region, a page at a time, while its agreement works. Each read is recorded with its row
count and the voters it returned, in one transaction with one audit event; every row carries the key's
keyed hash (``fingerprint``), so a copy of what the API gave is traced like an extract."""

from __future__ import annotations

from dataclasses import dataclass

from suara.accounts.models import ApiToken
from suara.accounts.roles import Role
from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.core import clock
from suara.core.db import bulk_insert
from suara.core.errors import PermissionDenied
from suara.sharing import keys, reads
from suara.sharing.audit_actions import SharingAuditAction
from suara.sharing.errors import SharingErrorCode
from suara.sharing.fingerprint import TOKEN_COLUMN, Tokens
from suara.sharing.models import Agreement, PartnerKey, PartnerRead, PartnerReadRow
from suara.sharing.rules import Aggregation, count_columns, request_problem, suppressed
from suara.sharing.selectors import partner_key_of_token
from suara.sharing.services import refused, require_active
from suara.sharing.services_extracts import asked_fields

PAGE_SIZE = 500


def partner_key(token: ApiToken) -> PartnerKey:
    """The key the token is, its agreement working today; 403 with the code that says why not."""
    key = partner_key_of_token(token.pk)
    if key is None:
        raise PermissionDenied(
            SharingErrorCode.NOT_PARTNER_KEY, "Token ini bukan kunci mitra perjanjian berbagi data.", field="token"
        )
    require_active(key.agreement)
    return key


@dataclass(frozen=True)
class PartnerPage:
    agreement: Agreement
    region: str
    columns: list[str]
    rows: list[dict]
    page: int
    next_page: int | None


def partner_read(*, token: ApiToken, region: str | None, fields: object, page: int) -> PartnerPage:
    key = partner_key(token)
    agreement = key.agreement
    asked = asked_fields(fields, agreement.fields)
    region = agreement.region_code if region is None else str(region).strip()
    problem = request_problem(allowed=agreement.fields, asked=asked, agreement_region=agreement.region_code,
                              region=region)  # fmt: skip
    if problem is not None:
        raise refused(problem)
    fields = [name for name in agreement.fields if name in asked]
    page = max(1, int(page))
    tokens = Tokens(keys.secret_of(key.key_id))
    day = clock.today()
    voter_ids: list[int] = []
    if agreement.aggregation == Aggregation.INDIVIDUAL:
        columns = [TOKEN_COLUMN, *fields]
        found = list(reads.individual_rows(region, fields, day, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE + 1))
        more = len(found) > PAGE_SIZE
        rows = []
        for voter_id, values in found[:PAGE_SIZE]:
            voter_ids.append(voter_id)
            rows.append(dict(zip(columns, [tokens.voter(voter_id), *values], strict=True)))
    else:
        measures = count_columns(fields)
        columns = [TOKEN_COLUMN, "kode_wilayah", *measures]
        groups = reads.counts(region, agreement.aggregation, fields, day)
        chosen = groups[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        more = len(groups) > page * PAGE_SIZE
        rows = [
            {TOKEN_COLUMN: tokens.group(code), "kode_wilayah": code,
             **{m: counted[m] if m == "jumlah_pemilih" else suppressed(counted[m]) for m in measures}}
            for code, counted in chosen
        ]  # fmt: skip
    with service_transaction():
        read = PartnerRead.objects.create(
            key=key, at=clock.now(), region_code=region, fields=fields, page=page, rows=len(rows)
        )
        bulk_insert(PartnerReadRow, ("read_id", "voter_id"), [(read.pk, v) for v in voter_ids])
        audit_record(
            actor=Actor.of(token.user),
            role=Role.ORGANISATION_OPERATOR.value,
            action=SharingAuditAction.PARTNER_READ,
            object_code=str(agreement.pk),
            summary=(
                f"mitra membaca perjanjian #{agreement.pk} (kunci #{key.pk}): {len(rows)} baris, "
                f"wilayah {region or 'nasional'}, halaman {page}"
            ),
        )
    return PartnerPage(agreement, region, columns, rows, page, page + 1 if more else None)
