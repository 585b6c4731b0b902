"""Reads of agreements, extracts, partner reads and breaches: who sees which, and what a citizen is told of
where their record went."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Max, Min, Q, QuerySet

from suara.accounts.authz import assignments_of, authorize, require
from suara.accounts.models import User
from suara.accounts.roles import ALLOWED, Action, ScopeKind
from suara.core.errors import NotFound
from suara.core.region_codes import codes_above
from suara.sharing.errors import SharingErrorCode
from suara.sharing.models import Agreement, Breach, Extract, ExtractRow, PartnerKey, PartnerReadRow


def sharing_scopes(user: User) -> list[str]:
    """The regions over which ``user`` works on data sharing (its KPU roles' scopes); [] for anyone else."""
    return [
        a.scope
        for a in assignments_of(user)
        if a.role in ALLOWED[Action.SHARE_VOTER_DATA] and a.scope_kind == ScopeKind.REGION
    ]


def is_national(user: User) -> bool:
    """KPU RI: approves, revokes, binds partner keys, traces leaks, records breaches."""
    return bool(authorize(user, Action.APPROVE_DATA_SHARING, ""))


def _visible(scopes: list[str]) -> Q:
    """Agreements within one of the scopes, or covering one (a national agreement a kab/kota works under)."""
    condition = Q(pk__in=[])
    for scope in scopes:
        condition |= Q(region_code__startswith=scope) | Q(region_code__in=[*codes_above(scope), scope])
    return condition


def agreements_for(user: User) -> QuerySet[Agreement]:
    if not user.is_authenticated:
        return Agreement.objects.none()
    scopes = sharing_scopes(user)
    found = Agreement.objects.all() if "" in scopes else Agreement.objects.filter(_visible(scopes))
    return found.select_related("drafted_by", "approved_by", "organisation").order_by("-drafted_at", "-pk")


def agreement_for(user: User, pk: object) -> Agreement:
    agreement = None
    if isinstance(pk, int) and 0 < pk < 2**63:
        agreement = agreements_for(user).filter(pk=pk).first()
    if agreement is None:
        # The same answer for another region's agreement as for none: ids say nothing.
        raise NotFound(SharingErrorCode.AGREEMENT_NOT_FOUND, "Perjanjian tidak ditemukan.", field="id")
    return agreement


def extract_region(user: User, agreement: Agreement) -> str:
    """Where an officer's extract under ``agreement`` goes by default: the agreement's region, or the
    officer's own region inside it (a kab/kota under a national agreement)."""
    scopes = sharing_scopes(user)
    if any(agreement.region_code.startswith(scope) for scope in scopes):
        return agreement.region_code
    inside = sorted(scope for scope in scopes if scope.startswith(agreement.region_code))
    return inside[0] if inside else agreement.region_code


def extracts_for(user: User, *, agreement: Agreement | None = None) -> QuerySet[Extract]:
    """Extracts under the agreements the officer sees, within its regions (KPU RI: all)."""
    scopes = sharing_scopes(user)
    found = Extract.objects.filter(agreement__in=agreements_for(user))
    if "" not in scopes:
        condition = Q(pk__in=[])
        for scope in scopes:
            condition |= Q(region_code__startswith=scope)
        found = found.filter(condition)
    if agreement is not None:
        found = found.filter(agreement=agreement)
    return found.select_related("agreement").order_by("-created_at", "-pk")


def extract_for(user: User, pk: object) -> Extract:
    extract = None
    if isinstance(pk, int) and 0 < pk < 2**63:
        extract = extracts_for(user).filter(pk=pk).first()
    if extract is None:
        raise NotFound(SharingErrorCode.EXTRACT_NOT_FOUND, "Ekstrak tidak ditemukan.", field="id")
    return extract


def partner_keys_of(agreement: Agreement) -> QuerySet[PartnerKey]:
    return agreement.partner_keys.select_related("token", "token__user").order_by("-issued_at")


def partner_key_of_token(token_id: int) -> PartnerKey | None:
    return PartnerKey.objects.select_related("agreement").filter(token_id=token_id).first()


def breaches_for(user: User) -> QuerySet[Breach]:
    """Every breach record, for KPU RI; PermissionDenied for anyone else."""
    require(user, Action.APPROVE_DATA_SHARING, "")
    return Breach.objects.prefetch_related("agreements", "extracts").order_by("notified_at", "-found_at", "-pk")


def breach_get(pk: object) -> Breach:
    breach = Breach.objects.filter(pk=pk).first() if isinstance(pk, int) and 0 < pk < 2**63 else None
    if breach is None:
        raise NotFound(SharingErrorCode.BREACH_NOT_FOUND, "Catatan insiden tidak ditemukan.", field="id")
    return breach


def people_affected(breach: Breach) -> int:
    """How many voters the breach's extracts held (individual rows; a count holds no one)."""
    extracts = list(breach.extracts.values_list("pk", flat=True))
    agreements = list(breach.agreements.values_list("pk", flat=True))
    extracted = ExtractRow.objects.filter(Q(extract__in=extracts) | Q(extract__agreement__in=agreements))
    read = PartnerReadRow.objects.filter(read__key__agreement__in=agreements)
    ids = set(extracted.values_list("voter_id", flat=True).distinct())
    ids.update(read.values_list("voter_id", flat=True).distinct())
    return len(ids)


@dataclass(frozen=True)
class Receipt:
    """Where one citizen's record went under one agreement, by one way (an extract file, the partner API)."""

    recipient: str
    purpose: str
    legal_basis: str
    way: str  # "ekstrak" or "api"
    first: date
    last: date
    times: int

    def as_dict(self) -> dict:
        return {
            "penerima": self.recipient,
            "tujuan": self.purpose,
            "dasar_hukum": self.legal_basis,
            "cara": self.way,
            "pertama": self.first.isoformat(),
            "terakhir": self.last.isoformat(),
            "kali": self.times,
        }


def _local(moment: datetime) -> date:
    from django.utils import timezone

    return timezone.localtime(moment).date()


def receipts_of(voter_id: int) -> list[Receipt]:
    """Which agreements received this voter's record, when and how often: the extracts of individual rows
    that held it, and the partner reads that returned it. Two queries, grouped by agreement."""
    found = []
    extracted = (
        ExtractRow.objects.filter(voter_id=voter_id)
        .values("extract__agreement")
        .annotate(first=Min("extract__created_at"), last=Max("extract__created_at"), times=Count("pk"))
    )
    read = (
        PartnerReadRow.objects.filter(voter_id=voter_id)
        .values("read__key__agreement")
        .annotate(first=Min("read__at"), last=Max("read__at"), times=Count("pk"))
    )
    rows = [("ekstrak", r["extract__agreement"], r) for r in extracted]
    rows += [("api", r["read__key__agreement"], r) for r in read]
    agreements = Agreement.objects.in_bulk({pk for _, pk, _ in rows})
    for way, pk, row in rows:
        agreement = agreements[pk]
        found.append(
            Receipt(
                recipient=agreement.recipient,
                purpose=agreement.purpose,
                legal_basis=agreement.legal_basis,
                way=way,
                first=_local(row["first"]),
                last=_local(row["last"]),
                times=row["times"],
            )
        )
    return sorted(found, key=lambda r: (r.first, r.recipient, r.way))
