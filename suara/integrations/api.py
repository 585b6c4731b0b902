"""An integrator's integrations over the v1 API, with its own token: register the origins of its city
app (CORS for the API, framing of the embeddable pages)."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Query, Router, Schema, Status

from suara.accounts.api_auth import TOKEN_AUTH
from suara.audit.actors import Actor
from suara.core.schemas import ERRORS, Error
from suara.integrations import selectors, services
from suara.integrations.embedding import EMBEDDABLE_PAGES

router = Router(tags=["integrasi"], auth=TOKEN_AUTH)
WRITE_ERRORS = {**ERRORS, 403: Error, 409: Error}


class IntegrationIn(Schema):
    name: str = Field(description="nama aplikasi, mis. Depok Single Window", max_length=services.NAME_MAX_LENGTH)


class OriginIn(Schema):
    origin: str = Field(description="https://host[:port], tanpa path", max_length=400)


class IntegrationOut(Schema):
    embed_id: str = Field(description="pengenal publik untuk alamat halaman tersemat: /sematkan/<embed_id>/…")
    name: str
    origins: list[str]
    embed_paths: list[str] = Field(description="alamat halaman yang boleh disematkan oleh origin terdaftar")
    created_at: datetime


def _out(integration) -> dict:
    return {
        "embed_id": integration.embed_id,
        "name": integration.name,
        "origins": sorted(o.origin for o in integration.origins.all()),
        "embed_paths": [f"/sematkan/{integration.embed_id}{path}" for path, _ in EMBEDDABLE_PAGES],
        "created_at": integration.created_at,
    }


def _fresh(user, embed_id: str) -> dict:
    return _out(selectors.integration_of(user, embed_id))


@router.get("/integrations", response={200: list[IntegrationOut], **WRITE_ERRORS}, summary="Integrasi milik token ini")
def integration_list(request):
    return [_out(i) for i in selectors.integrations_of(request.auth.user)]


@router.post("/integrations", response={201: IntegrationOut, **WRITE_ERRORS}, summary="Daftarkan integrasi baru")
def integration_create(request, body: IntegrationIn):
    integration = services.integration_create(actor=Actor.of(request.auth.user), name=body.name)
    return Status(201, _fresh(request.auth.user, integration.embed_id))


@router.post(
    "/integrations/{embed_id}/origins",
    response={201: IntegrationOut, **WRITE_ERRORS},
    summary="Daftarkan origin (CORS dan penyematan)",
)
def origin_add(request, embed_id: str, body: OriginIn):
    services.origin_add(actor=Actor.of(request.auth.user), embed_id=embed_id, origin=body.origin)
    return Status(201, _fresh(request.auth.user, embed_id))


@router.delete(
    "/integrations/{embed_id}/origins", response={200: IntegrationOut, **WRITE_ERRORS}, summary="Hapus origin terdaftar"
)
def origin_remove(request, embed_id: str, origin: str = Query(..., max_length=400)):
    services.origin_remove(actor=Actor.of(request.auth.user), embed_id=embed_id, origin=origin)
    return Status(200, _fresh(request.auth.user, embed_id))
