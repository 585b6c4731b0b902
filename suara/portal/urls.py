from django.urls import include, path

from suara.portal import views, views_accounts, views_otp, views_regions

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("wilayah/", views_regions.region_index, name="regions"),
    path("wilayah/<str:code>/", views_regions.region_detail, name="region"),
    path("tps/<str:code>/", views_regions.tps_detail, name="tps"),
    path("masuk/", views_accounts.login, name="login"),
    path("masuk/kode/", views_otp.login_otp, name="login_otp"),
    path("masuk/dua-langkah/", views_otp.otp_enrol, name="otp_enrol"),
    path("keluar/", views_accounts.logout, name="logout"),
    path("dasbor/", views_accounts.dashboard, name="dashboard"),
    # The language switch: a POST form, so it works without JavaScript (portal:set_language).
    path("i18n/", include("django.conf.urls.i18n")),
]
