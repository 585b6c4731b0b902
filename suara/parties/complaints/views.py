"""The complaint's pages. Public: the form reached from a lookup's hit (the listing named by a signed token
posted back, never a URL), the submission, and the case's status page by its case code (the state and its
clocks, nothing personal). Officers', under /petugas/partai/aduan/: the cases a KPU kab/kota decides and a
party operator answers (overdue ones marked), each case with the steps its reader may take, and the case's
files for the KPU kab/kota. Views stay thin: the services decide who may do what."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from suara.accounts.authz import authorize
from suara.accounts.roles import Action, Scope, ScopeKind
from suara.audit.actors import Actor
from suara.core import clock
from suara.core.errors import DomainError
from suara.core.pages import forbidden
from suara.parties.complaints import rules, services
from suara.parties.complaints.files import CONTENT_TYPES, file_path
from suara.parties.complaints.selectors import clocks, complaints_for, handled_by, is_overdue
from suara.parties.complaints.tokens import complaint_token_read
from suara.people.names import mask_name
from suara.people.nik import mask_number

UPLOAD_FIELDS = ("pernyataan", "ktp")


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def _read_upload(request, name: str) -> bytes | None:
    upload = request.FILES.get(name)
    return upload.read() if upload is not None else None


# Reached only by the POST of a lookup's hit, which sets no cookie and carries no CSRF token; it changes
# nothing (the form it shows is CSRF-protected).
@csrf_exempt
@require_POST
def complaint_new(request):
    token = request.POST.get("token", "")
    try:
        complaint_token_read(token)
    except DomainError as exc:
        return _no_store(render(request, "parties/complaints/form.html", {"fatal": exc}, status=exc.status))
    return _no_store(render(request, "parties/complaints/form.html", {"token": token}))


@require_POST
def complaint_submit(request):
    token = request.POST.get("token", "")
    try:
        complaint = services.complaint_file(
            token=token,
            email=request.POST.get("email"),
            phone=request.POST.get("telepon"),
            statement=_read_upload(request, "pernyataan"),
            ktp=_read_upload(request, "ktp"),
        )
    except DomainError as exc:
        fatal = exc.field == "token"
        context = {"token": token, "error": exc, "fatal": exc if fatal else None}
        context |= {"keep_email": request.POST.get("email", ""), "keep_telepon": request.POST.get("telepon", "")}
        return _no_store(render(request, "parties/complaints/form.html", context, status=exc.status))
    messages.success(request, _("Aduan Anda diterima. Simpan kode aduan ini untuk mengikuti perkembangannya."))
    return redirect("parties:complaint_status", code=complaint.code)


@require_http_methods(["GET", "HEAD", "POST"])
def complaint_follow(request):
    """A case code typed in a form (POST), sent to its status page."""
    error = None
    if request.method == "POST":
        code = rules.case_code_clean(request.POST.get("kode", ""))
        if code:
            return redirect("parties:complaint_status", code=code)
        error = _("Kode aduan terdiri atas 10 huruf dan angka.")
    return render(request, "parties/complaints/follow.html", {"error": error}, status=400 if error else 200)


@require_safe
def complaint_status(request, code: str):
    try:
        complaint = services.complaint_get(code)
    except DomainError:
        raise Http404("complaint") from None
    now = timezone.now()
    context = {
        "complaint": complaint,
        "clocks": clocks(complaint, settings.SUARA_PARTY_COMPLAINT_SLA_HOURS, now),
        "overdue": is_overdue(complaint, now),
        "sla_hours": settings.SUARA_PARTY_COMPLAINT_SLA_HOURS,
    }
    return _no_store(render(request, "parties/complaints/status.html", context))


# --- officers --------------------------------------------------------------------------------------------


@require_safe
@login_required
def officer_complaint_list(request):
    kabkota, parties = handled_by(request.user)
    if not kabkota and not parties:
        return forbidden(request, _("Halaman ini untuk operator KPU kabupaten/kota dan operator partai."))
    now = clock.now()
    show_closed = request.GET.get("semua") == "1"
    cases = [(c, is_overdue(c, now)) for c in complaints_for(request.user, open_only=not show_closed)[:500]]
    context = {
        "cases": cases,
        "as_kpu": bool(kabkota),
        "as_party": bool(parties),
        "show_closed": show_closed,
        "overdue_count": sum(1 for _, late in cases if late),
    }
    return render(request, "parties/complaints/officer_list.html", context)


def _roles_on(user, complaint) -> tuple[bool, bool]:
    kpu = authorize(user, Action.DECIDE_PARTY_COMPLAINT, Scope.geographic(complaint.kabkota_code)).allowed
    party = authorize(user, Action.ANSWER_PARTY_COMPLAINT, Scope(ScopeKind.PARTY, complaint.party.code)).allowed
    return kpu, party


_STEP_LABELS = {
    rules.Step.CLARIFY: gettext_lazy("Mulai klarifikasi (hubungi pengadu)"),
    rules.Step.DECIDE: gettext_lazy("Kabulkan aduan (unggah berita acara)"),
    rules.Step.REJECT: gettext_lazy("Tolak aduan (dengan alasan)"),
    rules.Step.NOTIFY_PARTY: gettext_lazy("Beri tahu partai"),
    rules.Step.REMOVE: gettext_lazy("Hapus pencatatan dari daftar anggota"),
}


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def officer_complaint_detail(request, code: str):
    try:
        complaint = services.complaint_get(code)
    except DomainError:
        raise Http404("complaint") from None
    as_kpu, as_party = _roles_on(request.user, complaint)
    if not as_kpu and not as_party:
        return forbidden(request, _("Aduan ini bukan untuk wilayah atau partai Anda."))
    status, error = 200, None
    if request.method == "POST":
        action = request.POST.get("langkah", "")
        try:
            if action == "answer":
                services.complaint_party_answer(
                    actor=Actor.of(request.user), code=complaint.code, answer=request.POST.get("tanggapan")
                )
                messages.success(request, _("Tanggapan partai dicatat."))
            elif action in {step.value for step in rules.Step}:
                services.complaint_step(
                    actor=Actor.of(request.user),
                    code=complaint.code,
                    step=rules.Step(action),
                    note=request.POST.get("catatan", ""),
                    reason=request.POST.get("alasan", ""),
                    report=_read_upload(request, "berita_acara"),
                )
                messages.success(request, _("Langkah dicatat; pengadu diberi tahu."))
            else:
                raise Http404("step")
        except DomainError as exc:
            status, error = exc.status, exc
        else:
            return redirect("parties_officers:complaint_detail", code=complaint.code)
        complaint = services.complaint_get(code)
    now = timezone.now()
    context = {
        "complaint": complaint,
        "as_kpu": as_kpu,
        "as_party": as_party,
        "member_name": complaint.member.name if as_party else mask_name(complaint.member.name),
        "member_nik": mask_number(complaint.member.nik),
        "clocks": clocks(complaint, settings.SUARA_PARTY_COMPLAINT_SLA_HOURS, now),
        "overdue": is_overdue(complaint, now),
        "steps": [(step.value, _STEP_LABELS[step]) for step in rules.steps_from(complaint.state)] if as_kpu else [],
        "may_answer": as_party and complaint.state not in rules.FINAL and complaint.party_answered_at is None,
        "error": error,
    }
    return _no_store(render(request, "parties/complaints/officer_detail.html", context, status=status))


@require_safe
@login_required
def officer_complaint_file(request, code: str, kind: str):
    """A case's file: the statement and the KTP photo for the KPU kab/kota only; the berita acara also for the
    party."""
    try:
        complaint = services.complaint_get(code)
    except DomainError:
        raise Http404("complaint") from None
    as_kpu, as_party = _roles_on(request.user, complaint)
    files = {
        "pernyataan": (complaint.statement_sha256, complaint.statement_extension, as_kpu),
        "ktp": (complaint.ktp_sha256, complaint.ktp_extension, as_kpu),
        "berita-acara": (complaint.report_sha256, "pdf", as_kpu or as_party),
    }
    if kind not in files:
        raise Http404("file")
    sha256, extension, allowed = files[kind]
    if not allowed:
        return forbidden(request, _("Berkas ini tidak untuk Anda."))
    path = file_path(sha256, extension) if sha256 else None
    if path is None or not path.is_file():
        raise Http404("file")
    response = FileResponse(path.open("rb"), content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'inline; filename="aduan-{complaint.code}-{kind}.{extension}"'
    return _no_store(response)
