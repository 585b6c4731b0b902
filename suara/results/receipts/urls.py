"""Receipts under /hasil/tanda-terima/ (mounted before the public count's /hasil/<contest>/)."""

from django.urls import path

from suara.results.receipts import views

urlpatterns = [
    path("", views.receipt_check, name="result_receipt_check"),
    path("<str:token>/", views.receipt, name="result_receipt"),
    path("<str:token>/qr.svg", views.receipt_qr, name="result_receipt_qr"),
]
