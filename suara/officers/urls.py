"""The public's pages of the ad-hoc officers' recruitment, under /rekrutmen/."""

from django.urls import path

from suara.officers.selection import views as selection_views

app_name = "officers_public"

urlpatterns = [
    path("tanggapan/<int:window_id>/", selection_views.comment_window, name="comment_window"),
]
