"""The quick count's pages for its organisation and its enumerators, under /petugas/hitung-cepat/."""

from django.urls import path

from suara.quickcount import views

app_name = "quickcount_officers"

urlpatterns = [
    path("", views.index, name="index"),
    path("lapor/", views.report, name="report"),
    path("<int:quick_count_id>/", views.detail, name="detail"),
    path("<int:quick_count_id>/tarik/", views.draw, name="draw"),
    path("<int:quick_count_id>/enumerator/", views.enumerators, name="enumerators"),
    path("<int:quick_count_id>/kerangka.csv", views.frame_csv, name="frame"),
    path("<int:quick_count_id>/desain.json", views.design_json, name="design"),
]
