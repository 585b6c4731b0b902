"""Party membership's pages, under /partai/ (public) and /petugas/partai/ (officers)."""

from django.urls import path

from suara.parties import views
from suara.parties.complaints import views as complaint_views
from suara.parties.lookup import views as lookup_views
from suara.parties.verification import views as verification_views

app_name = "parties"

urlpatterns = [
    path("", views.party_list, name="party_list"),
    path("cek/", lookup_views.party_lookup_page, name="lookup"),
    path("verifikasi/", verification_views.samples_public, name="verification_public"),
    path("aduan/", complaint_views.complaint_follow, name="complaint_follow"),
    path("aduan/baru/", complaint_views.complaint_new, name="complaint_new"),
    path("aduan/kirim/", complaint_views.complaint_submit, name="complaint_submit"),
    path("aduan/<str:code>/", complaint_views.complaint_status, name="complaint_status"),
]
