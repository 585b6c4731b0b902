from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

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
    # The language switch: a POST form, so it works without JavaScript. Without a CSRF token: choosing a
    # language changes nothing but a cookie, and a token would give every public page a cookie of its
    # own, which no shared cache can keep.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
]
