"""Party membership's officers' pages, under /petugas/partai/ (suara/urls.py). Each part of the app adds
its pages here, one ``path`` each, or one include of its own URL module."""

from django.urls import include, path

from suara.parties.complaints import views as complaint_views
from suara.parties.members import views as members_views
from suara.parties.verification import views as verification

app_name = "parties_officers"

urlpatterns = [
    # The party operator's home and its member lists (parties.members).
    path("", members_views.home, name="home"),
    path("<int:party_id>/unggah/", members_views.upload, name="upload"),
    path("<int:party_id>/versi/", members_views.versions, name="versions"),
    path("<int:party_id>/versi/<int:number>/unduh.csv", members_views.export, name="export"),
    # Factual verification (parties.verification): KPU kab/kota, KPU RI, and the party's operator reading.
    path("verifikasi/", verification.sample_list, name="verification_list"),
    path("verifikasi/<int:sample_id>/", verification.sample_detail, name="verification_sample"),
    path("verifikasi/<int:sample_id>/anggota/<int:sampled_id>/", verification.member_entry, name="verification_entry"),
    path("verifikasi/<int:sample_id>/kirim/", verification.entry_send, name="verification_send"),
    path("verifikasi/<int:sample_id>/tetapkan/", verification.sample_finalise, name="verification_finalise"),
    path("verifikasi/<int:sample_id>/daftar.csv", verification.frame_csv, name="verification_csv"),
    path("verifikasi/<int:sample_id>/berita-acara.pdf", verification.berita_acara_pdf, name="verification_pdf"),
    # Complaints of names used without consent (parties.complaints): KPU kab/kota and the party's operator.
    path("aduan/", complaint_views.officer_complaint_list, name="complaint_list"),
    path("aduan/<str:code>/", complaint_views.officer_complaint_detail, name="complaint_detail"),
    path("aduan/<str:code>/berkas/<slug:kind>/", complaint_views.officer_complaint_file, name="complaint_file"),
    # The daily watch (parties.watch): an organisation's operators.
    path("pantauan/", include("suara.parties.watch.urls")),
]
