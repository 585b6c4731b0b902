"""The quick count's public pages, under /hitung-cepat/."""

from django.urls import path

from suara.quickcount import views

app_name = "quickcount"

urlpatterns = [
    path("", views.public_index, name="index"),
    path("lembaga/", views.institutions, name="institutions"),
    path("<int:quick_count_id>/", views.public_detail, name="detail"),
    path("<int:quick_count_id>/desain/", views.public_design, name="design"),
]
