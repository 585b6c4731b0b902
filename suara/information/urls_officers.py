from django.urls import path

from suara.information import views, views_rumours

app_name = "information_officers"

urlpatterns = [
    path("", views.officer_page, name="page"),
    path("laporan/", views_rumours.inbox_page, name="rumours"),
    path("laporan/<int:pk>/", views_rumours.group_page, name="rumour_group"),
    path("laporan/<int:pk>/tangkapan/<int:report>/", views_rumours.screenshot, name="rumour_screenshot"),
]
