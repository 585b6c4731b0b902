"""The checks' officer pages, under /petugas/partai/ (included by ``parties/urls_officers.py``)."""

from django.urls import path

from suara.parties.checks import views

app_name = "party_checks"

urlpatterns = [
    path("ganda/", views.doubles, name="doubles"),
    path("ganda/<int:listing_id>/tarik/", views.withdraw, name="withdraw"),
    path("ganda/wilayah/", views.conflicts, name="conflicts"),
    path("ganda/<int:listing_id>/putuskan/", views.decide, name="decide"),
    path("syarat/", views.requirement, name="requirement"),
    path("penyelenggara/", views.officers_import, name="officers_import"),
    path("penduduk/", views.population_import, name="population_import"),
]
