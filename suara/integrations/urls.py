from django.urls import path

from suara.integrations import views

app_name = "integrations"

urlpatterns = [
    path("", views.integrations_page, name="page"),
]
