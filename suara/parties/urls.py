"""Party membership's pages, under /partai/ (public) and /petugas/partai/ (officers)."""

from django.urls import path

from suara.parties import views

app_name = "parties"

urlpatterns = [
    path("", views.party_list, name="party_list"),
]
