"""The daily watch's pages, for an organisation's operators, under /petugas/partai/pantauan/: the
organisation's watchlists (upload a file to replace or add to one; its entries with the NIK masked), and
its kept reports. Anyone else, including another organisation's operators, is refused with a 403 that
does not say whether the organisation exists."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from suara.accounts.authz import assignments_of
from suara.accounts.organisations import organisations_with_codes
from suara.accounts.roles import Role
from suara.core.errors import DomainError
from suara.core.pages import forbidden
from suara.parties.watch import selectors, services
from suara.people.nik import mask_number

PAGE_SIZE = 200
REFUSED = gettext_lazy("Halaman ini untuk operator organisasi pemantau tersebut.")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas CSV"),
        help_text=gettext_lazy(
            "Kolom: nik, nama, dan boleh keterangan (mis. staf, keluarga). Baris pertama: kepala kolom."
        ),
    )
    name = forms.CharField(
        label=gettext_lazy("Nama daftar"), max_length=100, initial=gettext_lazy("Staf"),
        help_text=gettext_lazy("Daftar dengan nama ini diperbarui, atau dibuat bila belum ada."),
    )  # fmt: skip
    mode = forms.ChoiceField(
        label=gettext_lazy("Cara unggah"),
        choices=[
            (services.REPLACE, gettext_lazy("Ganti seluruh daftar dengan isi berkas")),
            (services.ADD, gettext_lazy("Tambahkan isi berkas ke daftar")),
        ],
        initial=services.REPLACE,
        widget=forms.RadioSelect,
    )


def _organisation(request, code: str):
    """(the organisation, None) for one of its operators; (None, a 403 page) for anyone else."""
    found = organisations_with_codes({code}).first()
    if found is None:
        return None, forbidden(request, str(REFUSED))
    try:
        services.acting_role(request.user, found)
    except DomainError:
        return None, forbidden(request, str(REFUSED))
    return found, None


@require_safe
@login_required
def watch_home(request):
    """The organisations the operator acts for: straight to the only one."""
    codes = {a.scope for a in assignments_of(request.user) if a.role == Role.ORGANISATION_OPERATOR}
    organisations = list(organisations_with_codes(codes))
    if not organisations:
        return forbidden(request, str(REFUSED))
    if len(organisations) == 1:
        return redirect("parties_officers:watch:organisation", code=organisations[0].code)
    return render(request, "parties/watch/home.html", {"organisations": organisations})


def _organisation_page(request, organisation, *, form=None, outcome=None, error="", problems=(), status=200):
    context = {
        "organisation": organisation,
        "watchlists": list(selectors.watchlists_of(organisation)),
        "reports": list(selectors.watch_reports_of(organisation)),
        "form": form or UploadForm(),
        "outcome": outcome,
        "error": error,
        "problems": problems,
    }
    return render(request, "parties/watch/organisation.html", context, status=status)


@require_safe
@login_required
def watch_organisation(request, code: str):
    organisation, refused = _organisation(request, code)
    return refused or _organisation_page(request, organisation)


@require_POST
@login_required
@never_cache
def watch_upload(request, code: str):
    organisation, refused = _organisation(request, code)
    if refused:
        return refused
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _organisation_page(request, organisation, form=form, status=400)
    upload = form.cleaned_data["file"]
    data = upload.read(services.MAX_FILE_BYTES + 1)
    try:
        outcome = services.watchlist_upload(
            actor=request.user,
            organisation=organisation,
            name=form.cleaned_data["name"],
            data=data,
            mode=form.cleaned_data["mode"],
        )
    except DomainError as exc:
        return _organisation_page(
            request, organisation, form=form, error=exc.message, problems=exc.details or (), status=exc.status
        )
    return _organisation_page(request, organisation, outcome=outcome, problems=outcome.problems)


@require_safe
@login_required
def watchlist_detail(request, code: str, watchlist_id: int):
    organisation, refused = _organisation(request, code)
    if refused:
        return refused
    try:
        watchlist = selectors.watchlist_get(organisation, watchlist_id)
    except DomainError:
        raise Http404("watchlist") from None
    number = request.GET.get("halaman", "1")
    paginator = Paginator(selectors.watch_entries(watchlist), PAGE_SIZE)
    page = paginator.get_page(int(number) if number.isascii() and number.isdigit() and len(number) < 7 else 1)
    rows = [{"nik": mask_number(e.nik), "name": e.name, "note": e.note, "line": e.line} for e in page]
    context = {"organisation": organisation, "watchlist": watchlist, "page": page, "rows": rows}
    return render(request, "parties/watch/watchlist.html", context)


@require_POST
@login_required
def watchlist_remove(request, code: str, watchlist_id: int):
    organisation, refused = _organisation(request, code)
    if refused:
        return refused
    try:
        watchlist = selectors.watchlist_get(organisation, watchlist_id)
    except DomainError:
        raise Http404("watchlist") from None
    name = watchlist.name
    count = services.watchlist_delete(actor=request.user, watchlist=watchlist)
    messages.success(request, _("Daftar %(name)s (%(count)d NIK) dihapus.") % {"name": name, "count": count})
    return redirect("parties_officers:watch:organisation", code=organisation.code)


@require_safe
@login_required
def watch_report(request, code: str, report_id: int):
    organisation, refused = _organisation(request, code)
    if refused:
        return refused
    try:
        report = selectors.watch_report_get(organisation, report_id)
    except DomainError:
        raise Http404("report") from None
    lines = selectors.watch_report_lines(report)
    for group in lines.values():
        for line in group:
            line.nik_masked = mask_number(line.nik)
    context = {
        "organisation": organisation,
        "report": report,
        "new": lines["baru"],
        "listed": lines["tetap"],
        "gone": lines["hilang"],
    }
    return render(request, "parties/watch/report.html", context)
