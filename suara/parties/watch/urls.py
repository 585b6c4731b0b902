"""The daily watch's pages, under /petugas/partai/pantauan/."""

from django.urls import path

from suara.parties.watch import views

app_name = "watch"

urlpatterns = [
    path("", views.watch_home, name="home"),
    path("<slug:code>/", views.watch_organisation, name="organisation"),
    path("<slug:code>/unggah/", views.watch_upload, name="upload"),
    path("<slug:code>/daftar/<int:watchlist_id>/", views.watchlist_detail, name="watchlist"),
    path("<slug:code>/daftar/<int:watchlist_id>/hapus/", views.watchlist_remove, name="watchlist_remove"),
    path("<slug:code>/laporan/<int:report_id>/", views.watch_report, name="report"),
]
