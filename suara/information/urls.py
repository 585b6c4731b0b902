from django.urls import path

from suara.information import views, views_rumours

app_name = "information"

urlpatterns = [
    path("", views.clarification_list, name="list"),
    path("cek/", views.widget, name="widget"),
    path("lapor/", views_rumours.report_page, name="report"),
    path("<int:pk>/", views.clarification_detail, name="detail"),
]
