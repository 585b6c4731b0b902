"""The KPPS's SMS pages, under /petugas/sms/."""

from django.urls import path

from suara.results.sms import views

app_name = "sms"

urlpatterns = [
    path("", views.sms_officer_page, name="officer"),
    path("format/", views.sms_format_page, name="format"),
]
