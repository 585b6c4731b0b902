"""The ad-hoc officers' pages for signed-in officers, under /petugas/adhoc/."""

from django.urls import path

from suara.officers.recruitment import views as recruitment

app_name = "officers_adhoc"

urlpatterns = [
    path("pendaftar/<int:officer_id>/", recruitment.applicant_page, name="applicant"),
]
