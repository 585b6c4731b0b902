"""Party membership's officer pages, under /petugas/partai/."""

from django.urls import path

from suara.parties.complaints import views as complaint_views

app_name = "party_officers"

urlpatterns = [
    path("aduan/", complaint_views.officer_complaint_list, name="complaint_list"),
    path("aduan/<str:code>/", complaint_views.officer_complaint_detail, name="complaint_detail"),
    path("aduan/<str:code>/berkas/<slug:kind>/", complaint_views.officer_complaint_file, name="complaint_file"),
]
