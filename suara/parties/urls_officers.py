"""Party membership's officer pages, under /petugas/partai/: each part of the app includes its own."""

from django.urls import include, path

urlpatterns = [
    path("", include("suara.parties.checks.urls")),
]
