"""Publishing immutable snapshots: a new version row, then the pointer moves to it. Also a TPS's
snapshot body, which its entry publishes, and a version as the public sees it. Public reads follow the
pointer and never touch the raw result tables."""

from __future__ import annotations

from django.db.models import Max

from suara.results.models import RecapPointer, RecapSnapshot, ResultPhoto, ResultVersion, TpsResult
from suara.results.tally import nest


def snapshot_publish(*, contest_id: int, code: str, body: dict, first: bool = False) -> RecapSnapshot:
    """Must run inside the writer's transaction, so a snapshot never shows what did not commit.

    ``first``: the caller knows nothing was published for this code before (a TPS's first result, made
    unique by the database), which saves the look-ups; were it wrong, the unique pointer refuses it."""
    if first:
        snapshot = RecapSnapshot.objects.create(contest_id=contest_id, code=code, version=1, body=body)
        RecapPointer.objects.create(contest_id=contest_id, code=code, snapshot=snapshot, version=1)
        return snapshot
    pointer = RecapPointer.objects.select_for_update().filter(contest_id=contest_id, code=code).first()
    if pointer is None:
        latest = RecapSnapshot.objects.filter(contest_id=contest_id, code=code).aggregate(v=Max("version"))["v"]
        version = (latest or 0) + 1
    else:
        version = pointer.version + 1
    snapshot = RecapSnapshot.objects.create(contest_id=contest_id, code=code, version=version, body=body)
    if pointer is None:
        RecapPointer.objects.create(contest_id=contest_id, code=code, snapshot=snapshot, version=version)
    else:
        RecapPointer.objects.filter(pk=pointer.pk).update(snapshot=snapshot, version=version)
    return snapshot


def photo_url(photo: ResultPhoto) -> str:
    extension = "png" if photo.content_type == "image/png" else "jpg"
    return f"/foto/{photo.sha256}.{extension}"


def version_entry(version: ResultVersion, photos: list[ResultPhoto]) -> dict:
    return {
        "number": version.number,
        "kind": version.kind,
        "status": version.status,
        "tally": nest(version.tally),
        # Public: the reason's code, and the proposer's words only once the deciding PPK published them.
        "reason_code": version.reason_code,
        "reason": version.reason if version.reason_published else "",
        "submitted_role": version.submitted_role,
        "submitted_at": version.submitted_at.isoformat(),
        "decided_at": version.decided_at.isoformat() if version.decided_at else None,
        "decision_note": version.decision_note,
        "photos": [{"page": p.page, "url": photo_url(p), "sha256": p.sha256} for p in photos],
        # How it came (app, web form, SMS) and whether form photos it named (or an SMS's) are still awaited.
        "channel": version.channel,
        "photos_pending": version.photos_pending,
        "photos_awaited": list(version.photos_awaited),
    }


def public_version(entry: dict) -> dict:
    """A version of a snapshot body as the public sees it: with its reason's label, and without the free
    text that snapshots published before reason codes still hold."""
    from suara.results.reasons import reason_label

    code = entry.get("reason_code")
    reason = entry.get("reason", "") if code is not None else ""
    return {**entry, "reason_code": code or "", "reason_label": reason_label(code or ""), "reason": reason}


def first_tps_snapshot_body(result: TpsResult, version: ResultVersion, photos: list[ResultPhoto]) -> dict:
    """``tps_snapshot_body`` for a result's first version, from the rows just written (no queries)."""
    entry = version_entry(version, photos)
    return {
        "tps": result.tps_code,
        "version": result.version,
        "tally": nest(result.tally),
        "flags": result.flags,
        "photos": entry["photos"],
        "photos_pending": entry["photos_pending"],
        "channel": entry["channel"],
        "updated_at": result.updated_at.isoformat(),
        "versions": [entry],
    }


def tps_snapshot_body(result: TpsResult) -> dict:
    """Everything the public TPS page and API show: the current numbers, their flags, every version
    with its photos, in the order they were sent."""
    versions = list(result.versions.order_by("submitted_at", "pk"))
    photos: dict[int, list[ResultPhoto]] = {}
    for photo in ResultPhoto.objects.filter(version__result=result).order_by("page"):
        photos.setdefault(photo.version_id, []).append(photo)
    current = next(v for v in versions if v.number == result.version)
    standing = version_entry(current, photos.get(current.pk, []))
    return {
        "tps": result.tps_code,
        "version": result.version,
        "tally": nest(result.tally),
        "flags": result.flags,
        "photos": standing["photos"],
        "photos_pending": standing["photos_pending"],
        "channel": standing["channel"],
        "updated_at": result.updated_at.isoformat(),
        "versions": [version_entry(v, photos.get(v.pk, [])) for v in versions],
    }
