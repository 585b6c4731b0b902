"""Tracing a leaked copy back to its recipient: the file is read (``leaks``), every recorded extract and
partner key is weighed against it (``fingerprint.trace``: its hashes and its markers), and the result names
the extract and the agency it came from, with the evidence. KPU RI traces (the page) or the command line
(``suara sharing trace``); each trace is audited with what it matched, never with the file's content, which
is not kept.

Cost: one keyed hash per row of every extract of individual rows and of every partner key's reads, when the
file holds any cell shaped like a hash (bench/sharing_trace.py measures it); a file without one is matched by
its markers' values alone."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from suara.accounts.authz import require
from suara.accounts.roles import Action
from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.sharing import keys
from suara.sharing.audit_actions import SharingAuditAction
from suara.sharing.fingerprint import Evidence, Leak, Source, trace
from suara.sharing.leaks import leak_rows
from suara.sharing.models import Agreement, Extract, ExtractRow, PartnerKey, PartnerReadRow
from suara.sharing.rules import Aggregation

CHUNK = 20_000


@dataclass(frozen=True)
class TraceMatch:
    evidence: Evidence
    agreement: Agreement
    extract: Extract | None = None
    key: PartnerKey | None = None

    @property
    def recipient(self) -> str:
        return self.agreement.recipient

    def as_dict(self) -> dict:
        e = self.evidence
        return {
            "sumber": "ekstrak" if self.extract is not None else "api_mitra",
            "ekstrak": self.extract.pk if self.extract is not None else None,
            "kunci_mitra": self.key.pk if self.key is not None else None,
            "perjanjian": self.agreement.pk,
            "penerima": self.agreement.recipient,
            "baris_sumber": e.rows_given,
            "hash_cocok": e.hashes_matched,
            "penanda_ditemukan": list(e.markers_found),
            "penanda_dari_hash": list(e.markers_by_hash),
            "penanda_dari_isi": list(e.markers_by_content),
            "penanda_total": len(self.extract.markers) if self.extract is not None else 0,
        }


@dataclass(frozen=True)
class TraceResult:
    rows: int  # the leaked file's rows (a header among them)
    hash_cells: int  # distinct cells shaped like a keyed hash
    matches: list[TraceMatch]

    @property
    def found(self) -> bool:
        return bool(self.matches)

    def summary(self) -> str:
        """What the audit log keeps: counts and ids, never a value of the file."""
        if not self.matches:
            return f"berkas ditelusuri: {self.rows} baris, {self.hash_cells} nilai hash, tidak cocok"
        first = self.matches[0]
        where = f"ekstrak #{first.extract.pk}" if first.extract is not None else f"kunci mitra #{first.key.pk}"
        return (
            f"berkas ditelusuri: {self.rows} baris, cocok {where} perjanjian #{first.agreement.pk} "
            f"({first.evidence.hashes_matched} hash, penanda {list(first.evidence.markers_found)})"
            + (f", dan {len(self.matches) - 1} sumber lain" if len(self.matches) > 1 else "")
        )


def _ids(queryset) -> Iterator[int]:
    return queryset.values_list("voter_id", flat=True).iterator(chunk_size=CHUNK)


def _sources(with_hashes: bool) -> Iterator[Source]:
    for extract in Extract.objects.order_by("pk"):
        aggregated = extract.aggregation != Aggregation.INDIVIDUAL
        yield Source(
            "extract", extract.pk, keys.secret_of(extract.key_id), tuple(extract.fields), aggregated=aggregated,
            voter_ids=(lambda pk=extract.pk: _ids(ExtractRow.objects.filter(extract_id=pk))) if with_hashes else tuple,
            markers=tuple(extract.markers),
        )  # fmt: skip
    if not with_hashes:
        return  # a partner's rows carry no markers: only their hashes trace them
    for key in PartnerKey.objects.select_related("agreement").order_by("pk"):
        yield Source(
            "partner", key.pk, keys.secret_of(key.key_id), tuple(key.agreement.fields),
            aggregated=key.agreement.aggregation != Aggregation.INDIVIDUAL,
            voter_ids=lambda pk=key.pk: _ids(PartnerReadRow.objects.filter(read__key_id=pk).distinct()),
        )  # fmt: skip


def leak_trace(*, actor: Actor, raw: bytes) -> TraceResult:
    """Traces ``raw`` (a CSV or XLSX); DomainError when it cannot be read. KPU RI, or the command line."""
    role = "" if actor.user is None else require(actor.user, Action.APPROVE_DATA_SHARING, "").value
    leak = Leak.of(leak_rows(raw))
    found = trace(_sources(with_hashes=bool(leak.tokens)), leak)
    extracts = Extract.objects.select_related("agreement").in_bulk([e.pk for e in found if e.kind == "extract"])
    partner_keys = PartnerKey.objects.select_related("agreement").in_bulk([e.pk for e in found if e.kind == "partner"])
    matches = []
    for evidence in found:
        if evidence.kind == "extract":
            extract = extracts[evidence.pk]
            matches.append(TraceMatch(evidence, extract.agreement, extract=extract))
        else:
            key = partner_keys[evidence.pk]
            matches.append(TraceMatch(evidence, key.agreement, key=key))
    result = TraceResult(rows=len(leak.rows), hash_cells=len(leak.tokens), matches=matches)
    with service_transaction():
        first = matches[0] if matches else None
        audit_record(
            actor=actor,
            role=role,
            action=SharingAuditAction.TRACE,
            object_code=str(first.extract.pk) if first is not None and first.extract is not None else "",
            summary=result.summary(),
        )
    return result
