"""Party membership's officers' pages, under /petugas/partai/: one include per area."""

from django.urls import include, path

urlpatterns = [
    path("pantauan/", include("suara.parties.watch.urls")),
]
