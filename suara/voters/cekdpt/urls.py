from django.urls import path

from suara.voters.cekdpt import views

app_name = "voters"

urlpatterns = [
    path("", views.cek_dpt_page, name="cek_dpt"),
]
