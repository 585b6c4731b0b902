"""The services of photos sent apart from their tally: a chunk received (``uploads``), then the versions
awaiting it given the photo (``attach``), and a standing version without photos (an SMS result) given
the photos its KPPS names afterwards. Each a transaction with its audit event where a version changes."""

from __future__ import annotations

from django.db import transaction

from suara.accounts.authz import require
from suara.accounts.roles import Action
from suara.audit.actors import Actor
from suara.audit.services import audit_record
from suara.core.errors import Conflict, DomainError
from suara.results.audit_actions import ResultAuditAction
from suara.results.entry import uploads
from suara.results.entry.attach import (
    attach_received,
    check_photo_hashes,
    names_match,
    photos_arrived,
    summary_of,
    version_photos_arrived,
)
from suara.results.entry.photos import photos_discard, photos_publish, photos_stage
from suara.results.entry.services import contest_for_entry, tps_for_contest
from suara.results.entry.uploads import received_release
from suara.results.errors import ResultErrorCode
from suara.results.models import ResultVersion, TpsResult
from suara.results.snapshots import snapshot_publish, tps_snapshot_body


def photo_chunk_receive(*, actor: Actor, sha256: str, content_range: str | None, data: bytes) -> uploads.UploadState:
    """One chunk of an upload; when it finishes the photo, the versions awaiting it get it."""
    state = uploads.photo_upload_chunk(actor=actor, sha256=sha256, content_range=content_range, data=data)
    if state.finished_now:
        photos_arrived(sha256, actor=actor)
    return state


def result_photos_attach(*, actor: Actor, contest: str, tps: str, photo_hashes: list[str]) -> ResultVersion:
    """The KPPS names the photos of its TPS's standing version that came without any (an SMS result):
    those received are attached at once, the rest when they arrive. One transaction, one audit event.
    Naming the same photos again returns the version as it stands; other photos are refused (409)."""
    check_photo_hashes(photo_hashes)
    contest_obj, _ = contest_for_entry(contest)
    tps_for_contest(contest_obj, tps)
    role = require(actor.officer(), Action.SUBMIT_RESULT, tps)
    result = TpsResult.objects.filter(contest=contest_obj, tps_code=tps).first()
    if result is None:
        raise DomainError(ResultErrorCode.NO_RESULT_YET, f"TPS {tps} belum punya hasil.", field="tps")
    staged: list = []
    try:
        with transaction.atomic():
            version = (
                ResultVersion.objects.select_for_update()
                .select_related("result__contest")
                .get(result=result, number=result.version)
            )
            if version.photos.exists() or version.photos_awaited:
                if names_match(version, photo_hashes):
                    return version
                raise Conflict(
                    ResultErrorCode.PHOTOS_ALREADY_ATTACHED,
                    "Hasil yang berlaku sudah punya foto; ubah lewat koreksi.",
                    field="photo_hashes",
                )
            version.photos_awaited = list(photo_hashes)
            version.photos_pending = True
            arrived = attach_received(version, actor=actor, role=role.value)
            if not arrived:  # nothing received yet: the naming alone is the change
                version.save(update_fields=["photos_awaited", "photos_pending"])
                audit_record(
                    actor=actor,
                    role=role.value,
                    action=ResultAuditAction.PHOTOS_ATTACH,
                    object_code=tps,
                    summary=summary_of(version, 0),
                )
                snapshot_publish(contest_id=result.contest_id, code=tps, body=tps_snapshot_body(result))
            staged = photos_stage(arrived)
    except BaseException:
        photos_discard(staged)
        raise
    photos_publish(staged)
    received_release([item.photo for item in staged])
    if version.photos_awaited:  # a photo that completed while this committed found nothing to attach to
        version_photos_arrived(version.pk, actor=actor)
        version.refresh_from_db()
    return version
