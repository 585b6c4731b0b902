"""The officers' result pages, under /petugas/: the KPPS's entry of form C.Hasil and corrections."""

from django.urls import path

from suara.results.entry import views as views_entry
from suara.results.entry import views_app, views_corrections

app_name = "entry"

urlpatterns = [
    path("aplikasi/", views_app.shell, name="app"),
    path("aplikasi/sw.js", views_app.service_worker, name="app_sw"),
    path("aplikasi/manifest.webmanifest", views_app.manifest, name="app_manifest"),
    path("aplikasi/data.json", views_app.data, name="app_data"),
    path("aplikasi/perangkat/", views_app.device, name="app_device"),
    path("hasil/", views_entry.entry_list, name="list"),
    path("hasil/<slug:contest>/<str:tps>/", views_entry.entry_form, name="form"),
    path("hasil/<slug:contest>/<str:tps>/terkirim/<int:version_id>/", views_entry.entry_done, name="done"),
    path("foto-tersimpan/<str:name>", views_entry.kept_photo, name="kept_photo"),
    path("koreksi/", views_corrections.correction_index, name="corrections"),
    path("koreksi/<int:version_id>/", views_corrections.correction_detail, name="correction"),
    path("koreksi/<slug:contest>/<str:tps>/", views_corrections.correction_propose, name="correction_propose"),
]
