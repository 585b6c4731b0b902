"""The PPS page for TPS places, under /petugas/lokasi-tps/ (voters.places.views)."""

from django.urls import path

from suara.voters.places import views

app_name = "places"

urlpatterns = [path("", views.index, name="index")]
