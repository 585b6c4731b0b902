"""The officers' pages of announcements under /petugas/pengumuman/: the list of their regions'
announcements by phase, writing and editing, submitting, a second person's review (approve or send back),
the schedule, a correction once published, withdrawal; and a draft's attachments. Thin: the services
decide, and their refusals are shown on the page with their codes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from suara.announcements import files, present, selectors, services
from suara.announcements.channels_out import item_key
from suara.announcements.errors import AnnouncementErrorCode
from suara.announcements.rules import CATEGORY_LABELS, MAX_ATTACHMENTS, Category
from suara.announcements.workflow import PHASE_LABELS, Phase, Step, allowed_steps, phase_of
from suara.audit.actors import Actor
from suara.channels.selectors import item_by_key
from suara.core import clock
from suara.core.errors import DomainError
from suara.core.pages import forbidden
from suara.core.timezones import ZONES, zone_of

FORM_FIELDS = ("title", "body", "title_en", "body_en", "category", "region_code", "event_location")


def _regions_or_refusal(request):
    regions = selectors.writer_regions(request.user)
    if not regions:
        return None, forbidden(request, _("Halaman ini untuk KPU dan Diskominfo."))
    return regions, None


def _own(request, pk: int):
    """The announcement, if the officer writes for its region; Http404 otherwise (nothing said about
    another region's drafts)."""
    announcement = selectors.announcement_get(pk)
    if announcement is None:
        raise Http404
    try:
        services.announcement_authority(request.user, announcement.region_code)
    except DomainError:
        raise Http404 from None
    return announcement


def _input(request) -> services.AnnouncementInput:
    post = request.POST
    uploads = request.FILES.getlist("attachments")
    for upload in uploads:
        if files.too_large(upload.size):
            raise DomainError(
                AnnouncementErrorCode.ATTACHMENT_TOO_LARGE,
                _("Lampiran terlalu besar."),
                field="attachments",
                status=413,
            )
    return services.AnnouncementInput(
        **{name: post.get(name, "") for name in FORM_FIELDS},
        event_start=post.get("event_start", ""),
        event_end=post.get("event_end", ""),
        new_files=[(upload.name, upload.read()) for upload in uploads],
        remove_files=post.getlist("remove"),
    )


def _local(moment, region_code: str) -> str:
    """A time as a datetime-local input shows it, in the region's time zone."""
    return moment.astimezone(ZONES[zone_of(region_code)]).strftime("%Y-%m-%dT%H:%M") if moment else ""


def _form(request, *, announcement=None, mode: str, error=None, regions=()):
    if error is not None:
        posted = {name: request.POST.get(name, "") for name in (*FORM_FIELDS, "event_start", "event_end", "note")}
    elif announcement is not None:
        posted = {name: getattr(announcement, name) for name in FORM_FIELDS}
        posted["event_start"] = _local(announcement.event_start, announcement.region_code)
        posted["event_end"] = _local(announcement.event_end, announcement.region_code)
    else:
        posted = {"category": "", "region_code": regions[0] if regions else ""}
    context = {
        "mode": mode,
        "a": announcement,
        "posted": posted,
        "error": error,
        "categories": [(c.value, _(CATEGORY_LABELS[c])) for c in Category],
        "regions": regions,
        "max_attachments": MAX_ATTACHMENTS,
    }
    return render(request, "announcements/officers/form.html", context, status=error.status if error else 200)


@login_required
@require_safe
def officer_list(request):
    regions, refusal = _regions_or_refusal(request)
    if refusal:
        return refusal
    now = clock.now()
    groups: dict[Phase, list] = {phase: [] for phase in Phase}
    for announcement in selectors.officer_announcements(regions)[:300]:
        groups[phase_of(announcement.state, announcement.publish_at, now)].append(announcement)
    order = (Phase.SUBMITTED, Phase.DRAFT, Phase.APPROVED, Phase.SCHEDULED, Phase.PUBLISHED, Phase.WITHDRAWN)
    context = {"groups": [(phase, _(PHASE_LABELS[phase]), groups[phase]) for phase in order], "regions": regions}
    return render(request, "announcements/officers/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def officer_write(request):
    regions, refusal = _regions_or_refusal(request)
    if refusal:
        return refusal
    if request.method == "POST":
        try:
            announcement = services.announcement_create(actor=Actor.of(request.user), data=_input(request))
        except DomainError as exc:
            return _form(request, mode="write", error=exc, regions=regions)
        messages.success(request, _("Draf pengumuman disimpan."))
        return redirect("announcements_officers:detail", pk=announcement.pk)
    return _form(request, mode="write", regions=regions)


@login_required
@require_http_methods(["GET", "POST"])
def officer_edit(request, pk: int):
    announcement = _own(request, pk)
    if request.method == "POST":
        try:
            services.announcement_update(actor=Actor.of(request.user), pk=pk, data=_input(request))
        except DomainError as exc:
            return _form(request, announcement=announcement, mode="edit", error=exc)
        messages.success(request, _("Pengumuman diubah; kembali menjadi draf."))
        return redirect("announcements_officers:detail", pk=pk)
    return _form(request, announcement=announcement, mode="edit")


@login_required
@require_http_methods(["GET", "POST"])
def officer_correct(request, pk: int):
    announcement = _own(request, pk)
    if request.method == "POST":
        try:
            services.announcement_correct(
                actor=Actor.of(request.user), pk=pk, data=_input(request), note=request.POST.get("note", "")
            )
        except DomainError as exc:
            return _form(request, announcement=announcement, mode="correct", error=exc)
        messages.success(request, _("Ralat terbit."))
        return redirect("announcements_officers:detail", pk=pk)
    return _form(request, announcement=announcement, mode="correct")


@login_required
@require_safe
def officer_detail(request, pk: int):
    return _detail(request, pk)


def _detail(request, pk: int, error: DomainError | None = None):
    announcement = _own(request, pk)
    phase = phase_of(announcement.state, announcement.publish_at, clock.now())
    context = {
        "a": announcement,
        "phase": phase,
        "phase_label": _(PHASE_LABELS[phase]),
        "steps": {step.value for step in allowed_steps(phase)},
        "wrote": request.user.pk in announcement.writer_ids,
        "category": present.category_label(announcement.category),
        "corrections": present.corrections(announcement),
        "versions": list(announcement.versions.all()),
        "publish_at": _local(announcement.publish_at, announcement.region_code),
        "zone": zone_of(announcement.region_code),
        "error": error,
        "public_path": present.detail_path(announcement) if phase == Phase.PUBLISHED else "",
        # its texts, card and pushes, once the scheduler has handed this version to the channels
        "channel_key": item_key(announcement)
        if phase == Phase.PUBLISHED and item_by_key(item_key(announcement))
        else "",
    }
    return render(request, "announcements/officers/detail.html", context, status=error.status if error else 200)


STEP_SERVICES = {
    "ajukan": (Step.SUBMIT, lambda actor, pk, post: services.announcement_submit(actor=actor, pk=pk)),
    "setujui": (Step.APPROVE, lambda actor, pk, post: services.announcement_approve(actor=actor, pk=pk)),
    "tolak": (
        Step.REJECT,
        lambda actor, pk, post: services.announcement_reject(actor=actor, pk=pk, note=post.get("note", "")),
    ),
    "jadwalkan": (
        Step.SCHEDULE,
        lambda actor, pk, post: services.announcement_schedule(
            actor=actor, pk=pk, publish_at=post.get("publish_at", "")
        ),
    ),
    "cabut": (
        Step.WITHDRAW,
        lambda actor, pk, post: services.announcement_withdraw(actor=actor, pk=pk, reason=post.get("reason", "")),
    ),
}
STEP_MESSAGES = {
    Step.SUBMIT: gettext_noop("Pengumuman diajukan untuk diperiksa orang kedua."),
    Step.APPROVE: gettext_noop("Pengumuman disetujui. Tentukan waktu terbitnya."),
    Step.REJECT: gettext_noop("Pengumuman dikembalikan ke penulisnya."),
    Step.SCHEDULE: gettext_noop("Pengumuman dijadwalkan."),
    Step.WITHDRAW: gettext_noop("Pengumuman dicabut."),
}


@login_required
@require_POST
def officer_step(request, pk: int, step: str):
    if step not in STEP_SERVICES:
        raise Http404
    _own(request, pk)
    which, run = STEP_SERVICES[step]
    try:
        run(Actor.of(request.user), pk, request.POST)
    except DomainError as exc:
        return _detail(request, pk, error=exc)
    messages.success(request, _(STEP_MESSAGES[which]))
    return redirect("announcements_officers:detail", pk=pk)


@login_required
@require_safe
def officer_attachment(request, pk: int, name: str):
    announcement = _own(request, pk)
    sha256, _dot, extension = name.partition(".")
    if not any((a["sha256"], a["extension"]) == (sha256, extension) for a in announcement.attachments):
        raise Http404
    path = files.file_path(sha256, extension)
    if not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), content_type=files.CONTENT_TYPES[extension])
    response["Cache-Control"] = "no-store"
    return response
