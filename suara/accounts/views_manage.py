"""The officers' account pages under /petugas/akun/, by the chain of command: the accounts one creates,
listed by region; create one, or one per TPS (desa, kecamatan ...) at once; suspend, reactivate, reset the
password, revoke the tokens, give and take roles. A one-time code appears once, on the page answering the
write that issued it (never cached), with its sheet to print or download as a PDF; the sheet is built from
the codes that page sends back, each checked against its stored hash, so nothing is kept in clear. Views
stay thin: ``accounts.provisioning`` and ``accounts.bulk`` decide who may."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from suara.accounts import provisioning
from suara.accounts.authz import assignments_of, authorize
from suara.accounts.bulk import BULK_ROLES, accounts_bulk_create, accounts_bulk_reissue
from suara.accounts.labels import role_label
from suara.accounts.models import Organisation, User
from suara.accounts.organisations import OrganisationInput, organisation_get, organisation_save, organisations_all
from suara.accounts.roles import (
    PROVISIONS,
    ROLE_LABELS,
    SCOPE_CODE_MAX_LENGTH,
    SCOPE_LENGTH,
    Action,
    Role,
    provisionable_roles,
)
from suara.accounts.sheet_pdf import activation_sheet
from suara.core.errors import DomainError
from suara.core.pages import forbidden as _forbidden
from suara.regions.models import Region

PAGE_SIZE = 100
# Codes a sheet may carry back: a desa's TPS, a kab/kota's kecamatan, with room to spare.
MAX_SHEET_CODES = 2000
# What each bulk role gets one account per, for the button's label.
UNIT_LABELS = {
    Role.KPPS: gettext_lazy("setiap TPS"),
    Role.PPS: gettext_lazy("setiap desa/kelurahan"),
    Role.PPK: gettext_lazy("setiap kecamatan"),
    Role.KPU_KABKOTA: gettext_lazy("setiap kabupaten/kota"),
    Role.KPU_PROVINSI: gettext_lazy("setiap provinsi"),
}
STATUS_LABELS = {
    "active": gettext_lazy("Aktif"),
    "pending": gettext_lazy("Menunggu aktivasi"),
    "suspended": gettext_lazy("Ditangguhkan"),
}


class AccountForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Nama pengguna"), max_length=50)
    full_name = forms.CharField(label=gettext_lazy("Nama petugas"), max_length=150, required=False)
    role = forms.ChoiceField(label=gettext_lazy("Peran"))
    scope = forms.CharField(
        label=gettext_lazy("Cakupan: kode wilayah, TPS, partai atau organisasi"),
        max_length=SCOPE_CODE_MAX_LENGTH,
        required=False,
        help_text=gettext_lazy(
            "Kode TPS (13 digit) untuk KPPS; kode partai untuk operator partai; kode organisasi untuk operator "
            "organisasi; kosong untuk peran nasional."
        ),
    )

    def __init__(self, *args, roles: list[Role], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.value, role_label(r)) for r in roles]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Peran"))
    scope = forms.CharField(
        label=gettext_lazy("Cakupan: kode wilayah, TPS, partai atau organisasi"),
        max_length=SCOPE_CODE_MAX_LENGTH,
        required=False,
    )

    def __init__(self, *args, roles: list[Role], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.value, role_label(r)) for r in roles]


def _digits(text: str) -> bool:
    """ASCII digits only: str.isdigit() also takes '²' and '①', which int() refuses."""
    return text.isascii() and text.isdigit()


def _roles_given(user) -> list[Role]:
    return sorted({role for role, _ in provisionable_roles(assignments_of(user))}, key=list(Role).index)


def _bulk_offers(user) -> list[dict]:
    """The bulk buttons: for each assignment whose role creates a bulk role, that role over its scope."""
    offers = []
    for assignment in assignments_of(user):
        for role in sorted(PROVISIONS.get(assignment.role, ()), key=list(Role).index):
            if role in BULK_ROLES and len(assignment.scope) < (SCOPE_LENGTH[role] or 0):
                region = Region.objects.filter(code=assignment.scope).first() if assignment.scope else None
                offers.append(
                    {
                        "role": role.value,
                        "role_label": role_label(role),
                        "units": UNIT_LABELS[role],
                        "region": assignment.scope,
                        "region_name": region.name if region else _("Indonesia"),
                    }
                )
    return offers


def _list_context(request, *, form=None, error: str = "") -> dict:
    region = request.GET.get("wilayah", "").strip()
    if not _digits(region) or len(region) > 13:
        region = ""
    paginator = Paginator(provisioning.accounts_in_region(actor=request.user, region=region), PAGE_SIZE)
    number = request.GET.get("halaman", "1")
    page = paginator.get_page(int(number) if _digits(number) and len(number) < 7 else 1)
    rows = [
        {
            "user": u,
            "status": provisioning.account_status(u),
            "status_label": STATUS_LABELS[provisioning.account_status(u)],
            "roles": sorted(u.assignments.all(), key=lambda a: (a.role, a.scope)),
        }
        for u in page
    ]
    roles = _roles_given(request.user)
    return {
        "rows": rows,
        "page": page,
        "region": region,
        "form": form or AccountForm(roles=roles),
        "offers": _bulk_offers(request.user),
        "error": error,
    }


@require_safe
@login_required
def account_list(request):
    if not _roles_given(request.user):
        return _forbidden(request, _("Halaman ini untuk petugas yang membuat akun petugas di bawahnya."))
    return render(request, "accounts/list.html", _list_context(request))


def _codes_page(request, issued: list, *, title: str, status: int = 200) -> HttpResponse:
    response = render(request, "accounts/codes.html", {"codes": issued, "title": title}, status=status)
    response["Cache-Control"] = "no-store"  # the codes appear once: never from a cache, nor the back button
    return response


@require_POST
@login_required
@never_cache
def account_new(request):
    roles = _roles_given(request.user)
    if not roles:
        return _forbidden(request, _("Halaman ini untuk petugas yang membuat akun petugas di bawahnya."))
    form = AccountForm(request.POST, roles=roles)
    if not form.is_valid():
        return render(request, "accounts/list.html", _list_context(request, form=form), status=400)
    data = form.cleaned_data
    try:
        issued = provisioning.account_create(
            actor=request.user,
            username=data["username"],
            role=data["role"],
            scope=data["scope"].strip(),
            full_name=data["full_name"],
        )[1]
    except DomainError as exc:
        context = _list_context(request, form=form, error=exc.message)
        return render(request, "accounts/list.html", context, status=exc.status)
    return _codes_page(request, [issued], title=_("Akun dibuat"))


@require_POST
@login_required
@never_cache
def account_bulk(request):
    try:
        outcome = accounts_bulk_create(
            actor=request.user, role=request.POST.get("role", ""), region=request.POST.get("region", "")
        )
    except DomainError as exc:
        if exc.status == 403:
            return _forbidden(request, exc.message)
        return render(request, "accounts/list.html", _list_context(request, error=exc.message), status=exc.status)
    if not outcome.created:
        messages.info(request, _("Setiap unit di wilayah ini sudah memiliki akun; tidak ada akun baru."))
        return redirect("accounts:list")
    title = _("%(count)d akun %(role)s dibuat") % {"count": len(outcome.created), "role": ROLE_LABELS[outcome.role]}
    return _codes_page(request, outcome.created, title=title)


@require_POST
@login_required
@never_cache
def account_bulk_reissue(request):
    """New codes for the accounts of a role beneath a region that were never activated (a lost sheet)."""
    try:
        outcome = accounts_bulk_reissue(
            actor=request.user, role=request.POST.get("role", ""), region=request.POST.get("region", "")
        )
    except DomainError as exc:
        if exc.status == 403:
            return _forbidden(request, exc.message)
        return render(request, "accounts/list.html", _list_context(request, error=exc.message), status=exc.status)
    title = _("Kode baru untuk %(count)d akun %(role)s") % {
        "count": len(outcome.created),
        "role": ROLE_LABELS[outcome.role],
    }
    return _codes_page(request, outcome.created, title=title)


@require_POST
@login_required
def activation_sheet_pdf(request):
    """The sheet of the codes the codes page sends back, each checked (live, matching, an account the
    officer manages); forged or used ones are left out."""
    ids, codes = request.POST.getlist("id")[:MAX_SHEET_CODES], request.POST.getlist("code")[:MAX_SHEET_CODES]
    pairs = [(int(i), c) for i, c in zip(ids, codes, strict=False) if _digits(i) and len(i) < 19]
    valid = provisioning.codes_check(actor=request.user, pairs=pairs)
    if not valid:
        return _forbidden(request, _("Tidak ada kode sekali pakai yang masih berlaku untuk dicetak."))
    names = dict(Region.objects.filter(code__in={c.scope[:10] for c in valid}).values_list("code", "name"))
    document = activation_sheet(valid, names=names, base_url=request.build_absolute_uri("/aktivasi/"))
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="kode-aktivasi.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _managed_or_refused(request, account_id: int):
    user = User.objects.filter(pk=account_id).prefetch_related("assignments").first()
    if user is None:
        raise Http404("account")
    try:
        provisioning.actor_may_manage(request.user, user)
    except DomainError as exc:
        return None, _forbidden(request, exc.message)
    return user, None


def _detail(request, user, *, role_form=None, error: str = "", status: int = 200) -> HttpResponse:
    status_key = provisioning.account_status(user)
    context = {
        "account": user,
        "status": status_key,
        "status_label": STATUS_LABELS[status_key],
        "roles": sorted(user.assignments.all(), key=lambda a: (a.role, a.scope)),
        "live_tokens": user.api_tokens.filter(revoked_at__isnull=True).count(),
        "role_form": role_form or RoleForm(roles=_roles_given(request.user)),
        "error": error,
    }
    return render(request, "accounts/detail.html", context, status=status)


@require_safe
@login_required
def account_detail(request, account_id: int):
    user, refused = _managed_or_refused(request, account_id)
    return refused or _detail(request, user)


# The one-click actions of the account page: (service, message when done).
ACTIONS = {
    "tangguhkan": (provisioning.account_suspend, gettext_lazy("Akun %(name)s ditangguhkan.")),
    "aktifkan": (provisioning.account_reactivate, gettext_lazy("Akun %(name)s aktif kembali.")),
    "cabut-token": (provisioning.account_tokens_revoke, gettext_lazy("Semua token API akun %(name)s dicabut.")),
}


@require_POST
@login_required
@never_cache
def account_action(request, account_id: int, action: str):
    user, refused = _managed_or_refused(request, account_id)
    if refused:
        return refused
    try:
        if action == "atur-ulang":
            issued = provisioning.account_reset(actor=request.user, user=user)
            return _codes_page(request, [issued], title=_("Sandi diatur ulang"))
        if action == "peran":
            form = RoleForm(request.POST, roles=_roles_given(request.user))
            if not form.is_valid():
                return _detail(request, user, role_form=form, status=400)
            provisioning.account_role_add(
                actor=request.user, user=user, role=form.cleaned_data["role"], scope=form.cleaned_data["scope"].strip()
            )
            messages.success(request, _("Peran diberikan."))
        elif action == "hapus-peran":
            assignment = request.POST.get("assignment", "")
            if not _digits(assignment) or len(assignment) > 18:
                return _detail(request, user, error=_("Pilih peran yang akan dicabut."), status=400)
            provisioning.account_role_remove(actor=request.user, user=user, assignment_id=int(assignment))
            messages.success(request, _("Peran dicabut."))
        elif action in ACTIONS:
            service, done = ACTIONS[action]
            service(actor=request.user, user=user)
            messages.success(request, done % {"name": user.username})
        else:
            raise Http404("action")
    except DomainError as exc:
        user = User.objects.prefetch_related("assignments").get(pk=user.pk)
        return _detail(request, user, error=exc.message, status=exc.status)
    return redirect("accounts:detail", account_id=user.pk)


class OrganisationForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Kode organisasi"),
        max_length=SCOPE_CODE_MAX_LENGTH,
        help_text=gettext_lazy("Huruf kecil, angka atau tanda hubung, mis. kominfo-depok: cakupan operatornya."),
    )
    name = forms.CharField(label=gettext_lazy("Nama organisasi"), max_length=200)
    kind = forms.ChoiceField(
        label=gettext_lazy("Jenis"),
        choices=[
            ("kpu", gettext_lazy("KPU")),
            ("diskominfo", gettext_lazy("Diskominfo")),
            ("bawaslu", gettext_lazy("Bawaslu")),
            ("lainnya", gettext_lazy("Lainnya")),
        ],
    )
    region_code = forms.CharField(
        label=gettext_lazy("Kode wilayah"), max_length=10, required=False, help_text=gettext_lazy("Kosong: nasional.")
    )
    report_time = forms.CharField(
        label=gettext_lazy("Jam laporan harian (WIB)"), max_length=5, initial="17:00", help_text="JJ:MM"
    )
    report_emails = forms.CharField(
        label=gettext_lazy("Surel laporan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Satu alamat per baris; laporan harian dikirim ke sana."),
    )


def _organisation_initial(organisation: Organisation) -> dict:
    return {
        "code": organisation.code,
        "name": organisation.name,
        "kind": organisation.kind,
        "region_code": organisation.region_code,
        "report_time": f"{organisation.report_time:%H:%M}",
        "report_emails": organisation.report_emails,
    }


def _organisations_page(request, form, *, editing: Organisation | None = None, error: str = "", status: int = 200):
    context = {"organisations": organisations_all(), "form": form, "editing": editing, "error": error}
    return render(request, "accounts/organisations.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def organisations(request, code: str = ""):
    """KPU RI's organisations (offices that keep party-membership watchlists): the list, a new one, and
    one's settings (``/organisasi/<code>/``)."""
    if not authorize(request.user, Action.MANAGE_ORGANISATIONS, ""):
        return _forbidden(request, _("Halaman ini untuk KPU RI, yang mengelola organisasi pemantau."))
    editing = None
    if code:
        try:
            editing = organisation_get(code)
        except DomainError:
            raise Http404("organisation") from None
    if request.method != "POST":
        form = OrganisationForm(initial=_organisation_initial(editing) if editing else None)
        return _organisations_page(request, form, editing=editing)
    form = OrganisationForm(request.POST)
    if not form.is_valid():
        return _organisations_page(request, form, editing=editing, status=400)
    data = form.cleaned_data
    if editing and data["code"] != editing.code:
        form.add_error("code", _("Kode organisasi tidak dapat diubah."))
        return _organisations_page(request, form, editing=editing, status=400)
    try:
        organisation, created = organisation_save(actor=request.user, data=OrganisationInput(**data))
    except DomainError as exc:
        return _organisations_page(request, form, editing=editing, error=exc.message, status=exc.status)
    messages.success(
        request,
        (_("Organisasi %(name)s dibuat.") if created else _("Organisasi %(name)s diubah."))
        % {"name": organisation.name},
    )
    return redirect("accounts:organisation", code=organisation.code)
