"""Writes of integrations and their origins: each in one transaction with one audit event. Only an
account with the integrator role manages integrations, each its own."""

from __future__ import annotations

import secrets

from django.db import transaction

from suara.accounts.authz import assignments_of, require
from suara.accounts.models import User
from suara.accounts.roles import Action, Role
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


def _integrator_role(actor: User) -> Role:
    scopes = [a.scope for a in assignments_of(actor) if a.role == Role.INTEGRATOR]
    if not scopes:
        raise PermissionDenied(ErrorCode.FORBIDDEN, "Hanya akun integrator yang mengelola integrasi.", field="role")
    return require(actor, Action.USE_PARTNER_API, scopes[0])


def _owned(actor: User, embed_id: str) -> Integration:
    integration = Integration.objects.select_for_update().filter(owner=actor, embed_id=embed_id).first()
    if integration is None:
        raise NotFound(IntegrationErrorCode.INTEGRATION_NOT_FOUND, "Integrasi tidak ditemukan.", field="embed_id")
    return integration


def integration_create(*, actor: User, name: str) -> Integration:
    role = _integrator_role(actor)
    name = " ".join(str(name or "").split())
    if not name or len(name) > NAME_MAX_LENGTH or not name.isprintable():
        raise DomainError(
            IntegrationErrorCode.INVALID_NAME,
            f"Nama integrasi harus 1 sampai {NAME_MAX_LENGTH} karakter.",
            field="name",
        )
    with service_transaction():
        User.objects.select_for_update().filter(pk=actor.pk).first()  # one creation at a time per owner
        if Integration.objects.filter(owner=actor).count() >= MAX_INTEGRATIONS:
            raise Conflict(
                IntegrationErrorCode.TOO_MANY_INTEGRATIONS, f"Paling banyak {MAX_INTEGRATIONS} integrasi per akun."
            )
        integration = Integration.objects.create(owner=actor, name=name, embed_id=secrets.token_hex(6))
        audit_record(
            actor=actor.username,
            action=IntegrationAuditAction.CREATE,
            role=role,
            object_code=integration.embed_id,
            summary="integrasi dibuat",
        )
    transaction.on_commit(origins_cache_clear)
    return integration


def origin_add(*, actor: User, embed_id: str, origin: str) -> AllowedOrigin:
    role = _integrator_role(actor)
    try:
        normalized = origin_normalize(str(origin or ""))
    except OriginProblem as exc:
        raise DomainError(IntegrationErrorCode.INVALID_ORIGIN, f"Origin tidak sah: {exc}.", field="origin") from exc
    with service_transaction():
        integration = _owned(actor, embed_id)
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
            actor=actor.username,
            action=IntegrationAuditAction.ORIGIN_ADD,
            role=role,
            object_code=integration.embed_id,
            summary=f"origin {normalized} didaftarkan",
        )
    transaction.on_commit(origins_cache_clear)
    return allowed


def origin_remove(*, actor: User, embed_id: str, origin: str) -> None:
    role = _integrator_role(actor)
    with service_transaction():
        integration = _owned(actor, embed_id)
        deleted, _ = AllowedOrigin.objects.filter(integration=integration, origin=str(origin or "").strip()).delete()
        if not deleted:
            raise NotFound(
                IntegrationErrorCode.ORIGIN_NOT_FOUND, "Origin itu tidak terdaftar pada integrasi ini.", field="origin"
            )
        audit_record(
            actor=actor.username,
            action=IntegrationAuditAction.ORIGIN_REMOVE,
            role=role,
            object_code=integration.embed_id,
            summary=f"origin {str(origin).strip()} dihapus",
        )
    transaction.on_commit(origins_cache_clear)
