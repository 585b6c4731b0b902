from django.urls import path

from suara.channels import views

app_name = "channels"

urlpatterns = [
    path("langganan/", views.subscribe_page, name="subscribe"),
    path("sw.js", views.service_worker, name="sw"),
    path("aset/<str:name>", views.asset, name="asset"),
    path("videotron/<str:token>/<str:name>", views.operator_export, name="operator_export"),
]
