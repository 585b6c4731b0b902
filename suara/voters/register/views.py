"""The register operators' pages under /petugas/pemilih/: find a voter by NIK (a POST: a NIK never travels
in a URL), a desa's register page by page with NIKs masked (showing one in full is a POST, audited), one
voter's record with the DPB forms (TMS, move, correct, reinstate), adding a voter, and the kab/kota's DPB
periods (lock, reopen). Views stay thin: the services decide, and their refusals come back onto the form
at the field they name. Pages are for KPU, PPK and PPS operators (UPDATE_VOTERS) within their region."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from suara.accounts.authz import authorize
from suara.accounts.roles import Action
from suara.audit.actors import Actor
from suara.core.errors import DomainError, NotFound, PermissionDenied
from suara.core.pages import forbidden
from suara.voters import locks, services
from suara.voters.models import DpbPeriodLock, Voter
from suara.voters.register import forms
from suara.voters.register import reads as register
from suara.voters.register.pages import NOT_OPERATOR, refused


def _page_number(value: str | None) -> int:
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 7 else 1


def _operator(view):
    def checked(request, *args, **kwargs):
        if not register.register_roles(request.user):
            return forbidden(request, NOT_OPERATOR)
        return view(request, *args, **kwargs)

    checked.__name__, checked.__doc__ = view.__name__, view.__doc__
    return login_required(checked)


@require_http_methods(["GET", "HEAD", "POST"])
@_operator
def index(request):
    """The register's front page: find by NIK, open a desa, the jobs and the DPB periods."""
    search = forms.NikSearchForm(request.POST or None)
    status, found, searched = 200, None, False
    if request.method == "POST" and search.is_valid():
        searched = True
        try:
            found = register.voter_find_by_nik(actor=Actor.of(request.user), nik=search.cleaned_data["nik"])
        except DomainError as exc:
            forms.show_refusal(search, exc)
            status = exc.status
    elif request.method == "POST":
        status = 400
    desa_form = forms.DesaForm()
    context = {
        "search": search,
        "found": found,
        "searched": searched,
        "desa_form": desa_form,
        "roles": register.register_roles(request.user),
    }
    response = render(request, "voters/register/index.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD"])
@_operator
def desa_open(request):
    """The desa form's target: a GET with a desa code (not personal) that goes to its register."""
    code = (request.GET.get("desa") or "").strip()
    if not (len(code) == 10 and code.isascii() and code.isdigit()):
        messages.error(request, _("Kode desa/kelurahan KPU harus 10 digit angka."))
        return redirect("register:index")
    return redirect("register:desa", code)


@require_http_methods(["GET", "HEAD", "POST"])
@_operator
def desa(request, code: str):
    """One desa's register, a page at a time; a POST shows one row's NIK in full (audited)."""
    status_filter = request.GET.get("status", "")
    status_filter = status_filter if status_filter in register.STATUSES else ""
    try:
        listing = register.desa_register(
            user=request.user, desa_code=code, page=_page_number(request.GET.get("halaman")), status=status_filter
        )
    except DomainError as exc:
        return refused(request, exc)
    shown: dict[int, str] = {}
    if request.method == "POST":
        raw = (request.POST.get("voter") or "").strip()
        if raw.isascii() and raw.isdigit() and len(raw) < 19:
            try:
                shown[int(raw)] = register.voter_reveal_nik(actor=Actor.of(request.user), voter_id=int(raw))
            except DomainError as exc:
                return refused(request, exc)
    rows = [
        {"voter": voter, "nik": shown.get(voter.pk) or register.mask_number(voter.nik), "shown": voter.pk in shown}
        for voter in listing.page.object_list
    ]
    response = render(request, "voters/register/desa.html", {"listing": listing, "rows": rows})
    response["Cache-Control"] = "no-store"
    return response


FORM_PREFIXES = {"tms": "tms", "move": "pindah", "correct": "ubah", "reinstate": "aktif"}


def _voter_forms(voter: Voter, posted: str = "", data=None) -> dict:
    made = {
        "tms": forms.TmsForm(data if posted == "tms" else None, prefix="tms"),
        "move": forms.MoveForm(data if posted == "move" else None, prefix="pindah"),
        "correct": forms.CorrectForm.for_voter(voter, data if posted == "correct" else None),
        "reinstate": forms.ReinstateForm(data if posted == "reinstate" else None, prefix="aktif"),
    }
    return made


@require_http_methods(["GET", "HEAD"])
@_operator
def voter_detail(request, voter_id: int):
    try:
        voter = register.voter_for(request.user, voter_id)
    except DomainError as exc:
        return refused(request, exc)
    return _render_voter(request, voter, _voter_forms(voter))


def _render_voter(request, voter: Voter, made: dict, status: int = 200):
    context = {
        "voter": voter,
        "nik": register.mask_number(voter.nik),
        "kk": register.mask_number(voter.kk),
        "history": register.voter_history(voter),
        "forms": made,
        "open": voter.status == Voter.Status.ACTIVE,
    }
    response = render(request, "voters/register/voter.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _write(form_name: str, run):
    """A voter form's POST: the service's change, or the page again with the refusal on the form."""

    @require_POST
    @_operator
    def view(request, voter_id: int):
        try:
            voter = register.voter_for(request.user, voter_id)
        except DomainError as exc:
            return refused(request, exc)
        made = _voter_forms(voter, form_name, request.POST)
        form = made[form_name]
        if form.is_valid():
            try:
                run(request.user, voter, form)
            except DomainError as exc:
                forms.show_refusal(form, exc)
                return _render_voter(request, voter, made, status=exc.status)
            messages.success(request, _("Perubahan pemilih #%(id)s disimpan.") % {"id": voter.pk})
            return redirect("register:voter", voter.pk)
        return _render_voter(request, voter, made, status=400)

    view.__name__ = f"voter_{form_name}"
    return view


voter_tms = _write(
    "tms",
    lambda user, voter, form: services.voter_mark_tms(
        actor=Actor.of(user), voter_id=voter.pk, tms_code=form.cleaned_data["tms_code"], note=form.cleaned_data["note"]
    ),
)
voter_move = _write(
    "move",
    lambda user, voter, form: services.voter_move(
        actor=Actor.of(user),
        voter_id=voter.pk,
        desa_code=form.cleaned_data["desa"],
        tps_code=form.cleaned_data["tps"],
        note=form.cleaned_data["note"],
    ),
)
voter_correct = _write(
    "correct",
    lambda user, voter, form: services.voter_correct(
        actor=Actor.of(user), voter_id=voter.pk, changes=form.changes(voter), note=form.cleaned_data["note"]
    ),
)
voter_reinstate = _write(
    "reinstate",
    lambda user, voter, form: services.voter_reinstate(
        actor=Actor.of(user), voter_id=voter.pk, note=form.cleaned_data["note"]
    ),
)


@require_http_methods(["GET", "HEAD", "POST"])
@_operator
def voter_add(request):
    form = forms.AddForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["kemendagri_desa_code"], data["tps_code"] = data.pop("desa"), data.pop("tps")
            try:
                voter = services.voter_add(actor=Actor.of(request.user), **data)
            except DomainError as exc:
                forms.show_refusal(form, exc, {"tps_code": "tps"})
                status = exc.status
            else:
                messages.success(request, _("Pemilih #%(id)s ditambahkan.") % {"id": voter.pk})
                return redirect("register:voter", voter.pk)
    response = render(request, "voters/register/add.html", {"form": form}, status=status)
    response["Cache-Control"] = "no-store"
    return response


# --- DPB periods ---------------------------------------------------------------------------------------------


def _periods_context(request, lock_form, reopen_forms=None) -> dict:
    """The periods of the kab/kota the operator works in (a PPS sees its kab/kota's, KPU RI all)."""
    scopes = [scope[:4] for _role, scope in register.register_roles(request.user)]
    recent = DpbPeriodLock.objects.order_by("-period_end", "-pk")[:500]
    rows = []
    for lock in recent:
        if not any(lock.region_code.startswith(scope) for scope in scopes):
            continue
        may_reopen = lock.reopened_at is None and authorize(request.user, Action.LOCK_RECAP, lock.region_code).allowed
        form = (reopen_forms or {}).get(lock.pk) or forms.PeriodReopenForm(prefix=f"buka{lock.pk}")
        rows.append({"lock": lock, "form": form if may_reopen else None})
    return {"lock_form": lock_form, "rows": rows[:100]}


@require_http_methods(["GET", "HEAD", "POST"])
@_operator
def periods(request):
    """The DPB periods of the operator's kab/kota; a KPU kab/kota locks one after its plenary."""
    kabkota = [scope for _role, scope in register.register_roles(request.user) if len(scope) == 4]
    form = forms.PeriodLockForm(
        request.POST or None, prefix="tetapkan", initial={"region": kabkota[0] if kabkota else ""}
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                locks.dpb_period_lock(
                    actor=Actor.of(request.user),
                    region_code=data["region"],
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                    note=data["note"],
                )
            except DomainError as exc:
                forms.show_refusal(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Periode DPB ditetapkan."))
                return redirect("register:periods")
    response = render(request, "voters/register/periods.html", _periods_context(request, form), status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@_operator
def period_reopen(request, lock_id: int):
    form = forms.PeriodReopenForm(request.POST, prefix=f"buka{lock_id}")
    status = 400
    if form.is_valid():
        try:
            locks.dpb_period_reopen(actor=Actor.of(request.user), lock_id=lock_id, reason=form.cleaned_data["reason"])
        except (NotFound, PermissionDenied) as exc:  # an unknown period, or another kab/kota's
            return refused(request, exc)
        except DomainError as exc:
            forms.show_refusal(form, exc)
            status = exc.status
        else:
            messages.success(request, _("Periode DPB dibuka kembali."))
            return redirect("register:periods")
    context = _periods_context(request, forms.PeriodLockForm(prefix="tetapkan"), {lock_id: form})
    return render(request, "voters/register/periods.html", context, status=status)
