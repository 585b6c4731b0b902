from django.urls import path

from suara.information import views

app_name = "information"

urlpatterns = [
    path("", views.clarification_list, name="list"),
    path("cek/", views.widget, name="widget"),
    path("<int:pk>/", views.clarification_detail, name="detail"),
]
