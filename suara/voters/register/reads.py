"""The register as its operators read it (the pages under /petugas/pemilih/ and the API): a desa's voters
page by page with the NIK masked, one voter's record and history, a voter found by NIK, and one NIK
shown in full. Writes are ``voters.services`` and ``voters.locks``.

Every read needs UPDATE_VOTERS over the voter's desa (KPU, PPK and PPS within their region). Finding a
voter by NIK and showing a NIK in full are audited, one event each, naming the voter by id: never the
NIK. A NIK outside the operator's region is answered exactly as an unknown one, so the search confirms
nothing about other regions.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import transaction

from suara.accounts.authz import assignments_of, authorize, require
from suara.accounts.models import User
from suara.accounts.roles import ALLOWED, Action, Role
from suara.audit.actors import Actor
from suara.audit.services import audit_record
from suara.core.errors import DomainError, ErrorCode, NotFound, PermissionDenied
from suara.people.errors import PeopleErrorCode
from suara.people.nik import mask_number  # noqa: F401 - the register's pages and API show it
from suara.regions.models import Level, Region
from suara.voters.audit_actions import VoterAuditAction
from suara.voters.errors import VoterErrorCode
from suara.voters.inputs import check_digits
from suara.voters.models import Voter, VoterEvent

PAGE_SIZE = 50
STATUSES = ("", Voter.Status.ACTIVE, Voter.Status.TMS)


def target_of(voter: Voter) -> str:
    """The region code a voter is read, changed and locked against (as ``voters.services``)."""
    return voter.desa_id or voter.kemendagri_desa_code


def register_roles(user: User) -> list[tuple[Role, str]]:
    """The user's (role, scope) pairs that run the register."""
    return [(a.role, a.scope) for a in assignments_of(user) if a.role in ALLOWED[Action.UPDATE_VOTERS]]


def _operator_role(user: User) -> Role:
    roles = register_roles(user)
    if not roles:
        raise PermissionDenied(ErrorCode.FORBIDDEN, "Anda tidak berwenang mengelola daftar pemilih.", field="scope")
    return roles[0][0]


def voter_for(user: User, voter_id: int) -> Voter:
    """One voter the operator may see; NotFound for an unknown id, PermissionDenied outside their region."""
    voter = Voter.objects.select_related("desa", "tps").filter(pk=voter_id).first()
    if voter is None:
        raise NotFound(VoterErrorCode.VOTER_NOT_FOUND, f"Pemilih #{voter_id} tidak ditemukan.", field="voter")
    require(user, Action.UPDATE_VOTERS, target_of(voter))
    return voter


def voter_history(voter: Voter) -> list[VoterEvent]:
    return list(voter.events.order_by("-at", "-pk")[:100])


def voter_find_by_nik(*, actor: Actor, nik: str) -> Voter | None:
    """The voter with this NIK if they are within the operator's region, else None (unknown and elsewhere
    look alike). Audited either way, without the NIK."""
    user = actor.officer()
    nik = check_digits(nik, 16, PeopleErrorCode.INVALID_NIK, "nik", "NIK")
    role = _operator_role(user)
    voter = Voter.objects.select_related("desa", "tps").filter(nik=nik).first()
    decision = authorize(user, Action.UPDATE_VOTERS, target_of(voter)) if voter is not None else None
    found = voter if decision else None
    with transaction.atomic():
        audit_record(
            actor=actor,
            role=(decision.role if found else role).value,
            action=VoterAuditAction.FIND_NIK,
            object_code=target_of(found) if found else "",
            summary=f"Pencarian pemilih dengan NIK: pemilih #{found.pk} ditemukan"
            if found
            else "Pencarian pemilih dengan NIK: tidak ditemukan di wilayah kerja",
        )
    return found


def voter_reveal_nik(*, actor: Actor, voter_id: int) -> str:
    """One voter's NIK in full, for an operator who needs it (a form to fill, a call to Dukcapil): audited."""
    user = actor.officer()
    voter = Voter.objects.filter(pk=voter_id).only("pk", "nik", "desa_id", "kemendagri_desa_code").first()
    if voter is None:
        raise NotFound(VoterErrorCode.VOTER_NOT_FOUND, f"Pemilih #{voter_id} tidak ditemukan.", field="voter")
    role = require(user, Action.UPDATE_VOTERS, target_of(voter))
    with transaction.atomic():
        audit_record(
            actor=actor,
            role=role.value,
            action=VoterAuditAction.REVEAL_NIK,
            object_code=target_of(voter),
            summary=f"NIK pemilih #{voter.pk} ditampilkan",
        )
    return voter.nik


@dataclass
class DesaRegister:
    desa: Region
    page: Page
    status: str
    counts: dict[str, int]


def desa_register(*, user: User, desa_code: str, page: object = 1, status: str = "") -> DesaRegister:
    """One page of a desa's register, by name; ``status`` "aktif", "tms" or "" (all)."""
    code = check_digits(desa_code, 10, ErrorCode.INVALID_REGION_CODE, "desa", "Kode desa")
    desa = Region.objects.filter(level=Level.DESA, code=code).select_related("parent__parent").first()
    if desa is None:
        raise NotFound(ErrorCode.REGION_NOT_FOUND, f"Desa/kelurahan dengan kode {code} tidak ditemukan.", field="desa")
    require(user, Action.UPDATE_VOTERS, desa.code)
    if status not in STATUSES:
        raise DomainError(VoterErrorCode.INVALID_STATUS, "Status harus aktif atau tms.", field="status")
    voters = Voter.objects.filter(desa_id=desa.code)
    counts = {
        "all": voters.count(),
        "aktif": voters.filter(status=Voter.Status.ACTIVE).count(),
    }
    counts["tms"] = counts["all"] - counts["aktif"]
    if status:
        voters = voters.filter(status=status)
    paginator = Paginator(voters.order_by("name", "pk"), PAGE_SIZE)
    return DesaRegister(desa=desa, page=paginator.get_page(page), status=status, counts=counts)
