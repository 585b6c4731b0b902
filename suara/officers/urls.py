"""The ad-hoc officers' public pages, under /rekrutmen/."""

from django.urls import path

from suara.officers.recruitment import views as recruitment

app_name = "officers"

urlpatterns = [
    path("", recruitment.openings_page, name="openings"),
    path("daftar/", recruitment.apply_page, name="apply"),
    path("status/", recruitment.status_page, name="status"),
]
