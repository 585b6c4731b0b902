"""The duplicate pages for kab/kota operators, under /petugas/ganda/."""

from django.urls import path

from suara.voters.dedup import views

app_name = "dedup"

urlpatterns = [
    path("", views.pair_list, name="list"),
    path("<int:pair_id>/", views.pair_detail, name="pair"),
]
