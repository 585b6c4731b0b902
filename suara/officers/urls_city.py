"""The city's closed view, under /petugas/kota/ (``officers.city``): never public."""

from django.urls import path

from suara.officers.city import views

app_name = "city"

urlpatterns = [
    path("", views.index, name="index"),
    path("wilayah/<str:code>/", views.area, name="area"),
    path("wilayah/<str:code>/kesehatan/", views.health, name="health"),
    path("wilayah/<str:code>/hasil/", views.results, name="results"),
    path("wilayah/<str:code>/banding/", views.compare, name="compare"),
    path("hitung/", views.entry, name="entry"),
]
