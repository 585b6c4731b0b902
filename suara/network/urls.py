"""The network readiness pages, under /petugas/jaringan/ (``network``): never public."""

from django.urls import path

from suara.network import views

app_name = "network"

urlpatterns = [
    path("", views.index, name="index"),
    path("wilayah/<str:code>/", views.region, name="region"),
    path("wilayah/<str:code>/ekspor.xlsx", views.region_export, name="export"),
    path("wilayah/<str:code>/malam/", views.night, name="night"),
    path("tps/<str:code>/", views.tps, name="tps"),
    path("survei/", views.survey, name="survey"),
    path("tindakan/baru/", views.action_new, name="action_new"),
    path("tindakan/<int:pk>/", views.action, name="action"),
    path("impor/", views.import_start, name="import"),
]
