"""Web Push: browsers subscribe to a region's notifications (public, rate-limited by the API), and a
publication's pushes are sent by a task after the publication commits (``push_deliver_task``, on Django's
tasks API: the database worker in production), so a publication never waits on push services.

Sending uses pywebpush (RFC 8291 encryption, RFC 8292 VAPID with the server's key, ``vapid``) to every
subscription on the item's line (``reach``), one push per browser however many of its regions are on
that line; a subscription the push service answers 404 or 410 to is gone and is removed. The counts and
the outcome go into the publication's record, with one audit event. Nothing here logs an endpoint."""

from __future__ import annotations

import logging

import requests
from django.conf import settings
from django.db import transaction
from django_tasks import task
from py_vapid import Vapid02
from pywebpush import WebPushException, webpush

from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.channels import pushrules, vapid
from suara.channels.audit_actions import ChannelAuditAction
from suara.channels.errors import ChannelErrorCode
from suara.channels.models import ChannelPublication, PushSubscription
from suara.channels.reach import line_of
from suara.core import clock
from suara.core.errors import DomainError, ErrorCode, NotFound
from suara.core.region_codes import REGION_LEVELS, is_code
from suara.regions.models import Region

log = logging.getLogger(__name__)
OUTCOME = ChannelPublication.Outcome
PUBLIC = Actor.named("publik")
PUSH_WORKER = Actor.named("push")
GONE = (404, 410)


def _region(code: object) -> str:
    code = str(code if code is not None else "").strip()
    if not is_code(code, (0, *REGION_LEVELS)):
        raise DomainError(
            ErrorCode.INVALID_REGION_CODE,
            "Kode wilayah harus kosong (nasional) atau 2, 4, 6 atau 10 digit.",
            field="wilayah",
        )
    if code and not Region.objects.filter(code=code).exists():
        raise NotFound(ErrorCode.REGION_NOT_FOUND, "Wilayah tidak ditemukan.", field="wilayah")
    return code


def push_subscribe(
    *, endpoint: object, p256dh: object, auth: object, region_code: object
) -> tuple[PushSubscription, bool]:
    """Keeps a browser's subscription to a region ('' the nation); the same browser subscribing again to
    the same region replaces its keys. Returns the row and whether it is new."""
    if not pushrules.endpoint_ok(endpoint, settings.SUARA_PUSH_SERVICE_HOSTS):
        raise DomainError(
            ChannelErrorCode.PUSH_ENDPOINT_INVALID,
            "Alamat langganan bukan alamat https layanan push yang dikenal.",
            field="endpoint",
        )
    if not pushrules.keys_ok(p256dh, auth):
        raise DomainError(ChannelErrorCode.PUSH_KEYS_INVALID, "Kunci langganan (p256dh, auth) tidak sah.", field="keys")
    code = _region(region_code)
    with service_transaction():
        row, created = PushSubscription.objects.update_or_create(
            endpoint=endpoint,
            region_code=code,
            defaults={"p256dh": p256dh.strip(), "auth": auth.strip()},
            create_defaults={"p256dh": p256dh.strip(), "auth": auth.strip(), "created_at": clock.now()},
        )
        audit_record(
            actor=PUBLIC,
            action=ChannelAuditAction.PUSH_SUBSCRIBE,
            object_code=code,
            summary="langganan baru" if created else "langganan diperbarui",
        )
    return row, created


def push_unsubscribe(*, endpoint: object, region_code: object = None) -> int:
    """Removes the browser's subscription to ``region_code``, or to every region when it is None; returns
    how many were removed (0: nothing to remove, nothing recorded)."""
    if not isinstance(endpoint, str) or not endpoint or not endpoint.isprintable() or len(endpoint) > 1000:
        raise DomainError(ChannelErrorCode.PUSH_ENDPOINT_INVALID, "Alamat langganan tidak sah.", field="endpoint")
    rows = PushSubscription.objects.filter(endpoint=endpoint)
    code = ""
    if region_code is not None:
        code = _region(region_code)
        rows = rows.filter(region_code=code)
    if not rows.exists():
        return 0
    with service_transaction():
        removed, _ = rows.delete()
        audit_record(
            actor=PUBLIC,
            action=ChannelAuditAction.PUSH_UNSUBSCRIBE,
            object_code=code,
            summary=f"{removed} langganan dihapus",
        )
    return removed


def reaching(region_code: str) -> list[PushSubscription]:
    """The subscriptions an item of ``region_code`` reaches, one per browser."""
    above, prefix = line_of(region_code)
    rows = PushSubscription.objects.filter(region_code__in=above) | PushSubscription.objects.filter(
        region_code__startswith=prefix
    )
    seen: dict[str, PushSubscription] = {}
    for row in rows.order_by("pk"):
        seen.setdefault(row.endpoint, row)
    return list(seen.values())


def push_queue(publication_id: int) -> None:
    """Sends the publication's pushes once the caller's transaction commits."""
    transaction.on_commit(lambda: push_deliver_task.enqueue(publication_id))


def _subject() -> str:
    if settings.SUARA_VAPID_SUBJECT:
        return settings.SUARA_VAPID_SUBJECT
    address = settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">").strip()
    return f"mailto:{address}"


def push_deliver(publication_id: int, *, session: requests.Session | None = None) -> ChannelPublication | None:
    """Sends a queued push publication to every subscription it reaches; records the outcome. A
    publication no longer queued (a retried task) is left as it is."""
    record = ChannelPublication.objects.select_related("item").filter(pk=publication_id).first()
    if record is None or record.outcome != OUTCOME.QUEUED:
        return record
    signer = Vapid02(private_key=vapid.private_key())  # RFC 8292: "vapid t=..., k=..."
    subject = _subject()
    data = record.message
    sent_endpoints, gone, failed = [], set(), 0
    own_session = session is None
    session = session or requests.Session()
    try:
        for subscription in reaching(record.item.region_code):
            info = {
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            }
            try:
                webpush(
                    subscription_info=info,
                    data=data,
                    vapid_private_key=signer,
                    vapid_claims={"sub": subject},
                    ttl=settings.SUARA_PUSH_TTL_SECONDS,
                    timeout=settings.SUARA_PUSH_TIMEOUT_SECONDS,
                    requests_session=session,
                )
                sent_endpoints.append(subscription.endpoint)
            except WebPushException as exc:
                if exc.status_code in GONE:
                    gone.add(subscription.endpoint)
                else:
                    failed += 1
                    log.warning("push %s: a push service answered %s", record.pk, exc.status_code)
            except (requests.RequestException, ValueError) as exc:
                failed += 1
                log.warning("push %s: a push service could not be reached (%s)", record.pk, type(exc).__name__)
    finally:
        if own_session:
            session.close()
    now = clock.now()
    sent = len(sent_endpoints)
    outcome = OUTCOME.SENT if not failed else (OUTCOME.FAILED if not sent else OUTCOME.PARTIAL)
    with service_transaction():
        updated = ChannelPublication.objects.filter(pk=record.pk, outcome=OUTCOME.QUEUED).update(
            outcome=outcome, sent=sent, failed=failed, removed=len(gone), finished_at=now
        )
        if not updated:  # another worker finished it meanwhile: its record stands
            audit_record(actor=PUSH_WORKER, action=ChannelAuditAction.PUSH_DELIVER, object_code=record.item.key,
                         summary="sudah dikirim oleh proses lain")  # fmt: skip
            return ChannelPublication.objects.get(pk=record.pk)
        PushSubscription.objects.filter(endpoint__in=sent_endpoints).update(last_sent_at=now)
        PushSubscription.objects.filter(endpoint__in=gone).delete()
        audit_record(
            actor=PUSH_WORKER,
            action=ChannelAuditAction.PUSH_DELIVER,
            object_code=record.item.key,
            summary=f"{outcome}: {sent} terkirim, {failed} gagal, {len(gone)} langganan hilang dihapus",
        )
    record.refresh_from_db()
    return record


@task()
def push_deliver_task(publication_id: int) -> str:
    """The task the worker runs for a queued push publication; returns its outcome."""
    record = push_deliver(publication_id)
    return record.outcome if record is not None else "missing"
