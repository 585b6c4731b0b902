"""The ad-hoc officers' pages for signed-in officers, under /petugas/adhoc/."""

from django.urls import path

from suara.officers.health import views as health
from suara.officers.recruitment import views as recruitment
from suara.officers.rosters import views as rosters_views

app_name = "officers_adhoc"

urlpatterns = [
    path("", rosters_views.index, name="index"),
    path("pendaftar/<int:officer_id>/", recruitment.applicant_page, name="applicant"),
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
    # Rosters and selection (officers.rosters, officers.selection).
    path("<slug:election>/wilayah/<str:code>/", rosters_views.region_page, name="region"),
    path("<slug:election>/wilayah/<str:code>/honorarium.xlsx", rosters_views.honorarium, name="honorarium"),
    path("<slug:election>/wilayah/<str:code>/linmas/", rosters_views.linmas, name="linmas"),
    path("<slug:election>/wilayah/<str:code>/nilai/", rosters_views.scores, name="scores"),
    path("<slug:election>/pos/<str:code>/", rosters_views.posting_page, name="posting"),
    path("<slug:election>/pos/<str:code>/<str:body>/lantik/", rosters_views.appoint, name="appoint"),
    path("<slug:election>/pos/<str:code>/<str:body>/akun/", rosters_views.accounts, name="accounts"),
    path("<slug:election>/pos/<str:code>/<str:body>/wawancara/", rosters_views.shortlist, name="shortlist"),
    path("<slug:election>/pos/<str:code>/<str:body>/tanggapan/", rosters_views.window_open, name="window_open"),
    path("<slug:election>/pos/<str:code>/cadangan/", rosters_views.promote, name="promote"),
    path("<slug:election>/sk/<int:decree_id>.pdf", rosters_views.decree_document, name="decree"),
    path("<slug:election>/tanggapan/<int:window_id>/", rosters_views.comments, name="comments"),
]
