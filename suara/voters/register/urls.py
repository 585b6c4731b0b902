"""The register operators' pages under /petugas/pemilih/ (voters.views_register, voters.views_jobs)."""

from django.urls import path

from suara.voters.register import views as views_register
from suara.voters.register import views_jobs

app_name = "register"

urlpatterns = [
    path("", views_register.index, name="index"),
    path("desa/", views_register.desa_open, name="desa_open"),
    path("desa/<str:code>/", views_register.desa, name="desa"),
    path("tambah/", views_register.voter_add, name="add"),
    path("<int:voter_id>/", views_register.voter_detail, name="voter"),
    path("<int:voter_id>/tms/", views_register.voter_tms, name="tms"),
    path("<int:voter_id>/pindah/", views_register.voter_move, name="move"),
    path("<int:voter_id>/perbaikan/", views_register.voter_correct, name="correct"),
    path("<int:voter_id>/aktifkan/", views_register.voter_reinstate, name="reinstate"),
    path("periode/", views_register.periods, name="periods"),
    path("periode/<int:lock_id>/buka/", views_register.period_reopen, name="reopen"),
    path("tugas/", views_jobs.job_list, name="jobs"),
    # A job's own pages are the job kernel's (/petugas/tugas/<id>/): the old addresses redirect there.
    path("tugas/<int:job_id>/", views_jobs.moved("job")),
    path("tugas/<int:job_id>/status/", views_jobs.moved("status")),
    path("tugas/<int:job_id>/unduh/", views_jobs.moved("download")),
]
