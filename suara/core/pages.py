"""What every operator page answers alike: the refusal of a page the account may not open."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def forbidden(request: HttpRequest, message: str = "") -> HttpResponse:
    """403 with the reason (the generic one when no message is given)."""
    return render(request, "core/forbidden.html", {"message": message}, status=403)
