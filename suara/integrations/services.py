"""Writes of integrations and their origins: each in one transaction with one audit event. Only an
account with the integrator role manages integrations, each its own."""

from __future__ import annotations

import secrets

from django.db import transaction

from suara.accounts.authz import assignments_of, require
from suara.accounts.models import User
from suara.accounts.roles import Action, Role
from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.core.errors import Conflict, DomainError, ErrorCode, NotFound, PermissionDenied
from suara.integrations.audit_actions import IntegrationAuditAction
from suara.integrations.errors import IntegrationErrorCode
from suara.integrations.models import AllowedOrigin, Integration
from suara.integrations.origins import OriginProblem, origin_normalize
from suara.integrations.selectors import origins_cache_clear

MAX_INTEGRATIONS = 10
MAX_ORIGINS = 20
NAME_MAX_LENGTH = 100


def _integrator_role(owner: User) -> Role:
    scopes = [a.scope for a in assignments_of(owner) if a.role == Role.INTEGRATOR]
    if not scopes:
        raise PermissionDenied(ErrorCode.FORBIDDEN, "Hanya akun integrator yang mengelola integrasi.", field="role")
    return require(owner, Action.USE_PARTNER_API, scopes[0])


def _owned(owner: User, embed_id: str) -> Integration:
    integration = Integration.objects.select_for_update().filter(owner=owner, embed_id=embed_id).first()
    if integration is None:
        raise NotFound(IntegrationErrorCode.INTEGRATION_NOT_FOUND, "Integrasi tidak ditemukan.", field="embed_id")
    return integration


def integration_create(*, actor: Actor, name: str) -> Integration:
    owner = actor.officer()
    role = _integrator_role(owner)
    name = " ".join(str(name or "").split())
    if not name or len(name) > NAME_MAX_LENGTH or not name.isprintable():
        raise DomainError(
            IntegrationErrorCode.INVALID_NAME,
            f"Nama integrasi harus 1 sampai {NAME_MAX_LENGTH} karakter.",
            field="name",
        )
    with service_transaction():
        User.objects.select_for_update().filter(pk=owner.pk).first()  # one creation at a time per owner
        if Integration.objects.filter(owner=owner).count() >= MAX_INTEGRATIONS:
            raise Conflict(
                IntegrationErrorCode.TOO_MANY_INTEGRATIONS, f"Paling banyak {MAX_INTEGRATIONS} integrasi per akun."
            )
        integration = Integration.objects.create(owner=owner, name=name, embed_id=secrets.token_hex(6))
        audit_record(
            actor=actor,
            action=IntegrationAuditAction.CREATE,
            role=role,
            object_code=integration.embed_id,
            summary="integrasi dibuat",
        )
    transaction.on_commit(origins_cache_clear)
    return integration


def origin_add(*, actor: Actor, embed_id: str, origin: str) -> AllowedOrigin:
    owner = actor.officer()
    role = _integrator_role(owner)
    try:
        normalized = origin_normalize(str(origin or ""))
    except OriginProblem as exc:
        raise DomainError(IntegrationErrorCode.INVALID_ORIGIN, f"Origin tidak sah: {exc}.", field="origin") from exc
    with service_transaction():
        integration = _owned(owner, embed_id)
        existing = set(integration.origins.values_list("origin", flat=True))
        if normalized in existing:
            raise Conflict(IntegrationErrorCode.ORIGIN_EXISTS, f"Origin {normalized} sudah terdaftar.", field="origin")
        if len(existing) >= MAX_ORIGINS:
            raise Conflict(
                IntegrationErrorCode.TOO_MANY_ORIGINS,
                f"Paling banyak {MAX_ORIGINS} origin per integrasi.",
                field="origin",
            )
        allowed = AllowedOrigin.objects.create(integration=integration, origin=normalized)
        audit_record(
            actor=actor,
            action=IntegrationAuditAction.ORIGIN_ADD,
            role=role,
            object_code=integration.embed_id,
            summary=f"origin {normalized} didaftarkan",
        )
    transaction.on_commit(origins_cache_clear)
    return allowed


def origin_remove(*, actor: Actor, embed_id: str, origin: str) -> None:
    owner = actor.officer()
    role = _integrator_role(owner)
    with service_transaction():
        integration = _owned(owner, embed_id)
        deleted, _ = AllowedOrigin.objects.filter(integration=integration, origin=str(origin or "").strip()).delete()
        if not deleted:
            raise NotFound(
                IntegrationErrorCode.ORIGIN_NOT_FOUND, "Origin itu tidak terdaftar pada integrasi ini.", field="origin"
            )
        audit_record(
            actor=actor,
            action=IntegrationAuditAction.ORIGIN_REMOVE,
            role=role,
            object_code=integration.embed_id,
            summary=f"origin {str(origin).strip()} dihapus",
        )
    transaction.on_commit(origins_cache_clear)
