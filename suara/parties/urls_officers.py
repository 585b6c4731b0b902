"""Party membership's officers' pages, under /petugas/partai/ (suara/urls.py). Each part of the app adds
its pages here, one ``path`` each, or one include of its own URL module."""

from django.urls import path

from suara.parties.members import views as members_views

app_name = "party_officers"

urlpatterns = [
    path("", members_views.home, name="home"),
    path("<int:party_id>/unggah/", members_views.upload, name="upload"),
    path("<int:party_id>/versi/", members_views.versions, name="versions"),
    path("<int:party_id>/versi/<int:number>/unduh.csv", members_views.export, name="export"),
]
