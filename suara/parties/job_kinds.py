"""Party membership's job kinds (``jobs.registry``): a member-list upload (whole or delta) by the party's
operator, scoped to the party. The runner uploads the job's file through ``members.services`` and leaves
the refused rows' report (line, code, column, reason: never a value) as the job's result."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from suara.accounts.roles import Action, ScopeKind
from suara.core.errors import ErrorCode, NotFound, PermissionDenied
from suara.jobs.registry import JobKind, register
from suara.jobs.runner import JobContext
from suara.parties.errors import PartyErrorCode

UPLOAD_MEMBERS = "party_members"
UPLOAD_SUFFIXES = (".csv", ".xlsx")
REPORT_NAME = "baris-ditolak.csv"

SUMMARY_LABELS = {
    "version": _("Versi daftar"),
    "rows": _("Baris dibaca"),
    "added": _("Ditambahkan"),
    "removed": _("Dihapus"),
    "kept": _("Tetap"),
    "rejected": _("Ditolak"),
}


def upload_params(params: Mapping[str, Any]) -> dict:
    party_id = params.get("party_id")
    if isinstance(party_id, str) and party_id.isascii() and party_id.isdigit():
        party_id = int(party_id)
    if isinstance(party_id, bool) or not isinstance(party_id, int) or not 0 < party_id < 2**63:
        raise NotFound(PartyErrorCode.PARTY_NOT_FOUND, "Partai tidak ditemukan.", field="party")
    name = params.get("file_name")
    return {"party_id": party_id, "delta": bool(params.get("delta")), "file_name": str(name or "")[:200]}


def run_upload(ctx: JobContext) -> tuple[dict, str]:
    from suara.parties.members.rows import report_csv
    from suara.parties.members.services import members_upload
    from suara.parties.models import Party

    job = ctx.job
    party = Party.objects.filter(pk=job.params["party_id"]).first()
    if party is None:
        raise NotFound(PartyErrorCode.PARTY_NOT_FOUND, "Partai tidak ditemukan.", field="party")
    if party.code != job.scope:  # the job was authorized for its scope: the party must be that one
        raise PermissionDenied(ErrorCode.FORBIDDEN, "Anda bukan operator partai ini.", field="party")
    path = ctx.folder / job.upload_name
    ctx.progress(0, 100, _("Membaca berkas"))
    with open(path, "rb") as stream:
        result = members_upload(
            party=party,
            stream=stream,
            actor=ctx.user.username,
            role=job.role,
            delta=job.params.get("delta", False),
            file_name=job.params.get("file_name", ""),
            size=path.stat().st_size,
            progress=lambda rows, fraction: ctx.progress(5 + 90 * fraction, 100, _("Memeriksa dan menyimpan baris")),
        )
    (ctx.folder / REPORT_NAME).write_bytes(report_csv(result.problems))
    summary = {
        "version": result.version or "-",  # "-": every row refused, the list unchanged
        "rows": result.rows,
        "added": result.added,
        "removed": result.removed,
        "kept": result.kept,
        "rejected": result.rejected,
        "by_code": _by_code(result.problems),
    }
    return summary, REPORT_NAME


def _by_code(problems) -> dict[str, int]:
    counts: dict[str, int] = {}
    for p in problems:
        counts[p.code] = counts.get(p.code, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: -item[1]))


KINDS = {
    kind.name: register(kind)
    for kind in (
        JobKind(UPLOAD_MEMBERS, _("Unggah daftar anggota partai"), Action.UPLOAD_PARTY_MEMBERS, run_upload,
                check_params=upload_params, upload_suffixes=UPLOAD_SUFFIXES, summary_labels=SUMMARY_LABELS,
                start_url="parties_officers:home", scope_kind=ScopeKind.PARTY),
    )
}  # fmt: skip
