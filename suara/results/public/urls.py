"""The public real count under /hasil/ (the form photos are served at /foto/, see suara/urls.py)."""

from django.urls import path

from suara.results.public import views as views_public

app_name = "results"

urlpatterns = [
    path("", views_public.contest_index, name="contests"),
    path("<slug:contest>/", views_public.national, name="national"),
    path("<slug:contest>/nasional.csv", views_public.national_csv, name="national_csv"),
    path("<slug:contest>/wilayah/<str:code>/", views_public.region, name="region_recap"),
    path("<slug:contest>/wilayah/<str:code>.csv", views_public.region_csv, name="region_csv"),
    path("<slug:contest>/tps/<str:code>/", views_public.tps, name="tps_result"),
]
