"""The channels over the v1 API: Web Push for the public (the server's key, subscribe a browser to a
region, unsubscribe it; the writes rate-limited per client address), and an item's publications on every
channel for the officers of its region (with their token)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from ninja import Field, Router, Schema, Status
from pydantic import WithJsonSchema

from suara.accounts.api_auth import TOKEN_AUTH, client_key
from suara.channels import selectors, services_push, vapid
from suara.channels.authority import channel_authority
from suara.channels.errors import ChannelErrorCode
from suara.core.errors import NotFound
from suara.core.ratelimit import rate_check
from suara.core.schemas import ERRORS, Error

router = Router(tags=["kanal"])
PUSH_RATE = 30  # subscribe and unsubscribe requests a minute from one address
LooseText = Annotated[Any, WithJsonSchema({"type": "string"})]
LooseObject = Annotated[Any, WithJsonSchema({"type": "object"})]


class PushKeyOut(Schema):
    kunci_publik: str = Field(description="applicationServerKey untuk PushManager.subscribe (base64url)")


class PushKeysIn(Schema):
    p256dh: LooseText = ""
    auth: LooseText = ""


class PushSubscriptionIn(Schema):
    endpoint: LooseText = ""
    keys: PushKeysIn = Field(default_factory=PushKeysIn)
    expirationTime: LooseObject = None  # noqa: N815 - PushSubscription.toJSON()'s own name


class PushSubscribeIn(Schema):
    langganan: PushSubscriptionIn = Field(description="PushSubscription.toJSON() dari peramban")
    wilayah: LooseText = Field("", description="kode wilayah KPU; kosong: nasional")


class PushSubscribedOut(Schema):
    wilayah: str
    baru: bool


class PushUnsubscribeIn(Schema):
    endpoint: LooseText = ""
    wilayah: LooseText = Field(None, description="kode wilayah; tanpa ini: semua wilayah")


class PushUnsubscribedOut(Schema):
    dihapus: int


class ChannelPublicationOut(Schema):
    kanal: str
    waktu: datetime
    hasil: str
    dijangkau: int
    terkirim: int
    gagal: int
    dihapus: int
    keterangan: str
    oleh: str
    selesai: datetime | None


@router.get(
    "/kanal/push/kunci", response={200: PushKeyOut, **ERRORS, 503: Error}, summary="Kunci publik VAPID", auth=None
)
def push_key(request):
    return {"kunci_publik": vapid.public_key_or_refuse()}


@router.post(
    "/kanal/push/langganan",
    response={200: PushSubscribedOut, 201: PushSubscribedOut, **ERRORS},
    summary="Berlangganan notifikasi pengumuman satu wilayah",
    auth=None,
)
def push_subscribe(request, body: PushSubscribeIn):
    rate_check(f"kanal:push:{client_key(request)}", PUSH_RATE)
    row, created = services_push.push_subscribe(
        endpoint=body.langganan.endpoint,
        p256dh=body.langganan.keys.p256dh,
        auth=body.langganan.keys.auth,
        region_code=body.wilayah,
    )
    return Status(201 if created else 200, {"wilayah": row.region_code, "baru": created})


@router.post(
    "/kanal/push/berhenti",
    response={200: PushUnsubscribedOut, **ERRORS},
    summary="Berhenti berlangganan (satu wilayah atau semua)",
    auth=None,
)
def push_unsubscribe(request, body: PushUnsubscribeIn):
    rate_check(f"kanal:push:{client_key(request)}", PUSH_RATE)
    return {"dihapus": services_push.push_unsubscribe(endpoint=body.endpoint, region_code=body.wilayah)}


@router.get(
    "/kanal/publikasi/{key}",
    response={200: list[ChannelPublicationOut], **ERRORS, 403: Error},
    summary="Publikasi satu item di setiap kanal",
    auth=TOKEN_AUTH,
)
def channel_publications(request, key: str):
    item = selectors.item_by_key(key)
    if item is None:
        raise NotFound(ChannelErrorCode.CHANNEL_ITEM_NOT_FOUND, "Item belum terbit di kanal.", field="key")
    channel_authority(request.auth.user, item.region_code)
    return [
        {
            "kanal": p.channel,
            "waktu": p.at,
            "hasil": p.outcome,
            "dijangkau": p.reached,
            "terkirim": p.sent,
            "gagal": p.failed,
            "dihapus": p.removed,
            "keterangan": p.detail,
            "oleh": p.actor,
            "selesai": p.finished_at,
        }
        for p in selectors.publications_of(key)
    ]
