"""What the register operators' pages (the register, its jobs) answer alike when they refuse."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy

from suara.core.errors import DomainError, PermissionDenied
from suara.core.pages import forbidden

NOT_OPERATOR = gettext_lazy("Halaman ini untuk operator daftar pemilih (KPU, PPK dan PPS).")


def refused(request, exc: DomainError):
    """A read refused: 403 outside the operator's region; 404 for anything unknown or malformed in the URL."""
    if isinstance(exc, PermissionDenied):
        return forbidden(request, exc.message)
    return render(request, "voters/register/missing.html", {"message": exc.message}, status=404)
