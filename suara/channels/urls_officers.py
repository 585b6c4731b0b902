from django.urls import path

from suara.channels import views_officers

app_name = "channels_officers"

urlpatterns = [
    path("", views_officers.index, name="index"),
    path("item/<str:key>/", views_officers.item_detail, name="item"),
    path("item/<str:key>/kartu.png", views_officers.item_card, name="item_card"),
    path("videotron/", views_officers.sites, name="sites"),
    path("videotron/<int:pk>/", views_officers.site_detail, name="site"),
    path("videotron/<int:pk>/<str:name>", views_officers.site_export, name="site_export"),
]
