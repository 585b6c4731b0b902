from django.urls import path, re_path

from suara.announcements import views

app_name = "announcements"

REGION = r"(?P<word>nasional|[0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{10})"
CATEGORY = r"(?P<category>[a-z]{1,20})"

urlpatterns = [
    path("", views.region_page, name="index"),
    path("baca/<int:pk>/", views.detail, name="detail"),
    path("baca/<int:pk>/lampiran/<str:name>", views.attachment, name="attachment"),
    re_path(rf"^{REGION}/$", views.region_page, name="region"),
    re_path(rf"^{REGION}/rss/$", views.rss, name="rss"),
    re_path(rf"^{REGION}/atom/$", views.atom, name="atom"),
    re_path(rf"^{REGION}/{CATEGORY}/rss/$", views.rss, name="rss_category"),
    re_path(rf"^{REGION}/{CATEGORY}/atom/$", views.atom, name="atom_category"),
    re_path(rf"^{REGION}/acara\.ics$", views.calendar, name="calendar"),
]
