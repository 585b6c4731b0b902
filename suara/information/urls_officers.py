from django.urls import path

from suara.information import views

app_name = "information_officers"

urlpatterns = [
    path("", views.officer_page, name="page"),
]
