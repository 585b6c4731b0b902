from django.urls import path

from suara.voters import views

app_name = "voters"

urlpatterns = [
    path("", views.cek_dpt_page, name="cek_dpt"),
]
