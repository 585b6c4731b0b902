"""A version's form photos named by their hashes (``photo_hashes``), attached as they arrive.

A tally may name photos the server has not yet received in whole (``entry.uploads``): it is stored and
counted all the same, with ``photos_pending`` and the names still awaited in ``photos_awaited``. Each
name is a page, in the order named; a photo received later takes the first page still free, so the
pages end as named. When a photo completes, every version awaiting it gets it in one transaction with
one audit event (``results.photos_attach``) and a new snapshot of its TPS; ``photos_pending`` clears when
nothing is awaited. An SMS result, stored with no photos at all (``photos_pending`` and nothing awaited),
gets its photos named afterwards through ``photo_services.result_photos_attach``.

Files stay private until the transaction that attaches them has committed, then move to the public store.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from suara.audit.actors import Actor
from suara.audit.services import audit_record
from suara.core.errors import DomainError
from suara.results.audit_actions import ResultAuditAction
from suara.results.entry.photos import MAX_PHOTOS, CleanPhoto, photos_discard, photos_publish, photos_stage
from suara.results.entry.uploads import SHA256, received_clean, received_photo, received_release
from suara.results.errors import ResultErrorCode
from suara.results.models import PhotoUpload, ResultPhoto, ResultVersion, TpsResult
from suara.results.snapshots import snapshot_publish, tps_snapshot_body


def check_photo_hashes(hashes: list[str]) -> None:
    if not 1 <= len(hashes) <= MAX_PHOTOS or len(set(hashes)) != len(hashes):
        raise DomainError(
            ResultErrorCode.PHOTO_HASH_INVALID,
            f"Sebutkan 1-{MAX_PHOTOS} foto formulir, masing-masing sekali.",
            field="photo_hashes",
        )
    if not all(isinstance(h, str) and SHA256.fullmatch(h) for h in hashes):
        raise DomainError(
            ResultErrorCode.PHOTO_HASH_INVALID,
            "Setiap foto disebut dengan SHA-256-nya: 64 angka heksadesimal huruf kecil.",
            field="photo_hashes",
        )


@dataclass(frozen=True)
class Named:
    """What the server holds of the photos a tally names: those received, with their pages, and the
    names still awaited (in the order named)."""

    received: list[tuple[int, CleanPhoto]]
    awaited: list[str]


def named_photos(hashes: list[str], *, first_page: int = 1) -> Named:
    received, awaited = [], []
    for page, sha256 in enumerate(hashes, start=first_page):
        upload = received_photo(sha256)
        if upload is None:
            awaited.append(sha256)
        else:
            received.append((page, received_clean(upload)))
    return Named(received, awaited)


def photo_rows(version: ResultVersion, photos: list[tuple[int, CleanPhoto]]) -> list[ResultPhoto]:
    return [
        ResultPhoto(
            version=version,
            page=page,
            sha256=p.sha256,
            content_type=p.content_type,
            size=len(p.data),
            width=p.width,
            height=p.height,
        )
        for page, p in photos
    ]


def summary_of(version: ResultVersion, added: int) -> str:
    left = len(version.photos_awaited)
    return f"{version.result.contest.slug} versi {version.number}: {added} foto dilampirkan, {left} masih ditunggu"


def attach_received(version: ResultVersion, *, actor: Actor, role: str = "") -> list[CleanPhoto]:
    """Within the caller's transaction, the version locked: attaches the awaited photos received by now.
    Returns the photos to publish once it commits (none: nothing changed, nothing written)."""
    if not version.photos_awaited:
        return []
    taken = set(version.photos.values_list("page", flat=True))
    free = [p for p in range(1, len(taken) + len(version.photos_awaited) + 1) if p not in taken]
    arrived, still = [], []
    for page, sha256 in zip(free, version.photos_awaited, strict=True):
        upload = received_photo(sha256)
        if upload is None:
            still.append(sha256)
        else:
            arrived.append((page, received_clean(upload)))
    if not arrived:
        return []
    ResultPhoto.objects.bulk_create(photo_rows(version, arrived))
    version.photos_awaited = still
    version.photos_pending = bool(still)
    version.save(update_fields=["photos_awaited", "photos_pending"])
    audit_record(
        actor=actor,
        role=role,
        action=ResultAuditAction.PHOTOS_ATTACH,
        object_code=version.result.tps_code,
        summary=summary_of(version, len(arrived)),
    )
    result = TpsResult.objects.get(pk=version.result_id)
    snapshot_publish(contest_id=result.contest_id, code=result.tps_code, body=tps_snapshot_body(result))
    return [p for _, p in arrived]


def version_photos_arrived(version_id: int, *, actor: Actor) -> bool:
    """Attaches to one version the awaited photos received by now; True when any were."""
    staged: list = []
    try:
        with transaction.atomic():
            version = ResultVersion.objects.select_for_update().select_related("result__contest").get(pk=version_id)
            staged = photos_stage(attach_received(version, actor=actor))
    except BaseException:
        photos_discard(staged)
        raise
    photos_publish(staged)
    received_release([item.photo for item in staged])
    return bool(staged)


def photos_arrived(sha256: str, *, actor: Actor) -> int:
    """A photo completed: every version awaiting it gets it. Returns how many versions did."""
    waiting = [
        pk
        for pk, awaited in ResultVersion.objects.filter(photos_pending=True).values_list("pk", "photos_awaited")
        if sha256 in (awaited or [])
    ]
    return sum(version_photos_arrived(pk, actor=actor) for pk in waiting)


def names_match(version: ResultVersion, hashes: list[str]) -> bool:
    """The version's photos are the ones ``hashes`` name, page by page (a retry of the same naming)."""
    rows = {p.page: p.sha256 for p in version.photos.all()}
    awaited = list(version.photos_awaited)
    if len(rows) + len(awaited) != len(hashes):
        return False
    for page, sha256 in enumerate(hashes, start=1):
        if page in rows:
            clean = PhotoUpload.objects.filter(sha256=sha256, complete=True).values_list("clean_sha256", flat=True)
            if rows[page] != sha256 and rows[page] not in set(clean):
                return False
        elif not awaited or awaited.pop(0) != sha256:
            return False
    return True
