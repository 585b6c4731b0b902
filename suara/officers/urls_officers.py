"""The ad-hoc officers' pages for operators, under /petugas/adhoc/."""

from django.urls import path

from suara.officers.health import views as health

app_name = "officers_officers"

urlpatterns = [
    # Health (officers.health): the KPPS chair's check-in, alerts, the health officer's dashboard and reports,
    # a person's health record (audited views), the imports.
    path("kesehatan/", health.dashboard, name="health_dashboard"),
    path("kesehatan/lapor/", health.checkin_page, name="health_checkin"),
    path("kesehatan/peringatan/", health.alert_list, name="health_alerts"),
    path("kesehatan/laporan.<str:fmt>", health.report_download, name="health_report"),
    path("kesehatan/ekspor-kemenkes.csv", health.ministry_export, name="health_export"),
    path("kesehatan/petugas/<int:officer_id>/", health.person, name="health_person"),
    path("kesehatan/impor/", health.imports, name="health_imports"),
    path("kesehatan/kejadian/<int:incident_id>/tutup/", health.incident_close, name="health_incident_close"),
]
