"""The officers' pages under /petugas/berbagi-data/ (views, views_incidents)."""

from django.urls import path

from suara.sharing import views, views_incidents

app_name = "sharing"

urlpatterns = [
    path("", views.index, name="index"),
    path("baru/", views.agreement_new, name="new"),
    path("<int:pk>/", views.agreement_page, name="agreement"),
    path("<int:pk>/dpia/", views.dpia_file, name="dpia"),
    path("ekstrak/<int:pk>/unduh/", views.extract_file, name="extract_file"),
    path("jejak/", views_incidents.trace_page, name="trace"),
    path("insiden/", views_incidents.breach_list, name="breaches"),
    path("insiden/<int:pk>/", views_incidents.breach_page, name="breach"),
]
