"""The citizen's page at /berbagi-data/ (views_public)."""

from django.urls import path

from suara.sharing import views_public

app_name = "sharing_public"

urlpatterns = [
    path("", views_public.citizen_page, name="citizen"),
]
