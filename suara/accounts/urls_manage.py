"""The officers' account pages, under /petugas/akun/."""

from django.urls import path

from suara.accounts import views_manage

app_name = "accounts"

urlpatterns = [
    path("", views_manage.account_list, name="list"),
    path("baru/", views_manage.account_new, name="new"),
    path("massal/", views_manage.account_bulk, name="bulk"),
    path("massal/kode-baru/", views_manage.account_bulk_reissue, name="bulk_reissue"),
    path("lembar-aktivasi.pdf", views_manage.activation_sheet_pdf, name="sheet"),
    path("organisasi/", views_manage.organisations, name="organisations"),
    path("organisasi/<slug:code>/", views_manage.organisations, name="organisation"),
    path("<int:account_id>/", views_manage.account_detail, name="detail"),
    path("<int:account_id>/<slug:action>/", views_manage.account_action, name="action"),
]
