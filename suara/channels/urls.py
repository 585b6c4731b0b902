from django.urls import path, re_path

from suara.channels import views

app_name = "channels"

urlpatterns = [
    path("langganan/", views.subscribe_page, name="subscribe"),
    path("sw.js", views.service_worker, name="sw"),
    re_path(r"^aset/(?P<sha256>[0-9a-f]{64})\.(?P<extension>png|jpg|webp|mp4|webm)$", views.asset, name="asset"),
    re_path(
        r"^videotron/(?P<token>[A-Za-z0-9_-]{8,64})/jadwal\.(?P<fmt>json|csv|zip)$",
        views.operator_export,
        name="operator_export",
    ),  # fmt: skip
]
