"""The party operator's pages under /petugas/partai/: the home page (each of the operator's parties:
current counts by status, versions, the upload form, links to the other pages of party membership), the
upload (a job on the job kernel, followed on its page), the versions with the list as of one of them,
and that list's CSV export. Only the party's own operator opens them: another party's pages answer 403."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from suara.core.errors import DomainError, NotFound
from suara.core.pages import forbidden
from suara.jobs import selectors as job_selectors
from suara.jobs import services as job_services
from suara.jobs.registry import label_of
from suara.parties.job_kinds import UPLOAD_MEMBERS
from suara.parties.members import selectors
from suara.parties.members.forms import UploadForm
from suara.parties.members.services import members_export
from suara.parties.officer_links import OFFICER_LINKS
from suara.people.nik import mask_number

LISTED_PER_PAGE = 100


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def _echo(rows):
    """Rows as CSV lines, one at a time (csv.writer over an object whose write returns the line)."""
    import csv

    class Echo:
        def write(self, value):
            return value

    writer = csv.writer(Echo(), lineterminator="\n")
    for row in rows:
        yield writer.writerow(row)


def _party_or_refusal(request, party_id: int):
    try:
        return selectors.party_for_operator(request.user, party_id), None
    except NotFound as exc:
        return None, render(request, "jobs/missing.html", {"message": exc.message}, status=404)
    except DomainError as exc:
        return None, forbidden(request, exc.message)


def _section(user, party, form=None) -> dict:
    jobs = [
        job
        for job in job_selectors.jobs_for(user, kinds_of={UPLOAD_MEMBERS}, limit=20)
        if job.params.get("party_id") == party.pk
    ][:5]
    counts = selectors.status_counts(party)
    return {
        "party": party,
        "counts": counts,
        "unchecked": counts[""],
        "versions": list(selectors.versions_of(party)[:5]),
        "form": form or UploadForm(),
        "jobs": [{"job": j, "label": label_of(j.kind), "progress": job_selectors.job_progress(j)} for j in jobs],
        "links": [(_link(name, how, party), label) for name, label, how in OFFICER_LINKS],
    }


NOT_OPERATOR = gettext_lazy("Halaman ini untuk operator partai politik.")


@require_safe
@login_required
def home(request):
    parties = selectors.operator_parties(request.user)
    if not parties:
        return forbidden(request, str(NOT_OPERATOR))
    sections = [_section(request.user, party) for party in parties]
    return _no_store(render(request, "parties/members/home.html", {"sections": sections}))


def _declared_length(request) -> int:
    value = request.META.get("CONTENT_LENGTH") or "0"
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else 0


@require_POST
@login_required
def upload(request, party_id: int):
    found, refusal = _party_or_refusal(request, party_id)
    if refusal is not None:
        return refusal
    party = found[0]
    status = 400
    if _declared_length(request) > settings.SUARA_VOTER_UPLOAD_MAX_BYTES + 64 * 1024:
        form = UploadForm()
        form.add_error(
            None, _("Berkas terlalu besar: unggah berkas sebesar itu dengan `suara parties import-members` di server.")
        )
        status = 413
    else:
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload_file = form.cleaned_data["file"]
            try:
                job = job_services.job_start(
                    user=request.user,
                    kind=UPLOAD_MEMBERS,
                    scope=party.code,
                    params={"party_id": party.pk, "delta": form.cleaned_data["delta"], "file_name": upload_file.name},
                    upload=upload_file,
                    upload_name=upload_file.name,
                )
            except DomainError as exc:
                form.add_error("file" if exc.field == "file" else None, exc.message)
                status = exc.status
            else:
                messages.success(request, _("Tugas #%(id)s dimulai.") % {"id": job.pk})
                return redirect("jobs:job", job.pk)
    others = [_section(request.user, p) for p in selectors.operator_parties(request.user) if p.pk != party.pk]
    sections = [_section(request.user, party, form), *others]
    return _no_store(render(request, "parties/members/home.html", {"sections": sections}, status=status))


def _number(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


@require_safe
@login_required
def versions(request, party_id: int):
    """The party's versions with their counts; ``?versi=N``: the list as it stood at version N (NIKs
    masked, a page at a time) and its CSV export."""
    found, refusal = _party_or_refusal(request, party_id)
    if refusal is not None:
        return refusal
    party = found[0]
    all_versions = list(selectors.versions_of(party))
    chosen, listed, page = None, 0, None
    asked = _number(request.GET.get("versi", ""))
    if asked is None and all_versions:
        asked = all_versions[0].number
    if asked is not None and all_versions:
        try:
            chosen = selectors.version_get(party=party, number=asked)
        except NotFound as exc:
            return render(request, "jobs/missing.html", {"message": exc.message}, status=404)
        as_of = selectors.members_as_of(party=party, version=chosen).order_by("desa_code", "name_key", "id")
        listed = as_of.count()
        paginator = Paginator(as_of.values_list("nik", "name", "desa_code", "added_version", "status"), LISTED_PER_PAGE)
        page = paginator.get_page(request.GET.get("halaman"))
        page.rows = [(mask_number(nik), name, desa, added, status) for nik, name, desa, added, status in page]
    context = {"party": party, "versions": all_versions, "chosen": chosen, "listed": listed, "page": page}
    return _no_store(render(request, "parties/members/versions.html", context))


@require_safe
@login_required
def export(request, party_id: int, number: int):
    """The list as of a version, as CSV with the NIKs: the party's own operator only; audited."""
    found, refusal = _party_or_refusal(request, party_id)
    if refusal is not None:
        return refusal
    party, role = found
    rows = members_export(party=party, version=number, actor=request.user.username, role=role)
    try:
        header = next(rows)  # the refusal of an unknown version, and the audit event, come before any byte
    except NotFound as exc:
        return render(request, "jobs/missing.html", {"message": exc.message}, status=404)
    response = StreamingHttpResponse(_echo(_chain(header, rows)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="anggota-{party.code}-versi-{number}.csv"'
    return _no_store(response)


def _chain(first, rest):
    yield first
    yield from rest


def _link(name: str, how: str, party) -> str:
    if how == "id":
        return reverse(name, args=[party.pk])
    return reverse(name) + (f"?partai={party.code}" if how == "code" else "")
