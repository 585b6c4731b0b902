"""The recapitulation officers' pages under /petugas/rekap/ (national is the code ``nasional``)."""

from django.urls import path

from suara.results.recap import views as views_recap
from suara.results.recap import views_health as views_recap_health

app_name = "recap"

urlpatterns = [
    path("", views_recap.recap_index, name="index"),
    path("karantina/", views_recap_health.quarantine_page, name="quarantine"),
    path("karantina/kembalikan/", views_recap_health.quarantine_release_view, name="quarantine_release"),
    path("<slug:contest>/<str:code>/", views_recap.recap_region, name="page"),
    path("<slug:contest>/<str:code>/kunci/", views_recap.recap_lock, name="lock"),
    path("<slug:contest>/<str:code>/buka/", views_recap.recap_reopen, name="reopen"),
    path("<slug:contest>/<str:code>/rekap.pdf", views_recap.recap_pdf, name="pdf"),
]
