from django.urls import path

from suara.announcements import views_officers as views

app_name = "announcements_officers"

urlpatterns = [
    path("", views.officer_list, name="list"),
    path("tulis/", views.officer_write, name="write"),
    path("<int:pk>/", views.officer_detail, name="detail"),
    path("<int:pk>/ubah/", views.officer_edit, name="edit"),
    path("<int:pk>/ralat/", views.officer_correct, name="correct"),
    path("<int:pk>/lampiran/<str:name>", views.officer_attachment, name="attachment"),
    path("<int:pk>/<slug:step>/", views.officer_step, name="step"),
]
