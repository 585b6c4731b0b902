from django.urls import include, path

from suara.accounts.views_activation import activate as account_activate
from suara.api import api
from suara.channels.views import short_link as channel_short_link
from suara.results.public.views import photo as result_photo
from suara.voters.places.finder import tps_finder

urlpatterns = [
    path("api/v1/", api.urls),
    path("petugas/rekap/", include("suara.results.recap.urls")),
    path("petugas/ganda/", include("suara.voters.dedup.urls")),
    path("petugas/integrasi/", include("suara.integrations.urls")),
    path("petugas/hoaks/", include("suara.information.urls_officers")),
    path("petugas/pengumuman/", include("suara.announcements.urls_officers")),
    path("petugas/kanal/", include("suara.channels.urls_officers")),
    path("petugas/akun/", include("suara.accounts.urls_manage")),
    path("petugas/pemilih/", include("suara.voters.register.urls")),
    path("petugas/lokasi-tps/", include("suara.voters.places.urls")),
    path("petugas/partai/", include("suara.parties.urls_officers")),
    path("petugas/kota/", include("suara.officers.urls_city")),
    path("petugas/jaringan/", include("suara.network.urls")),
    path("petugas/partai/", include("suara.parties.checks.urls")),
    path("petugas/tugas/", include("suara.jobs.urls")),
    path("petugas/adhoc/", include("suara.officers.urls_officers")),
    path("petugas/hitung-cepat/", include("suara.quickcount.urls_officers")),
    path("petugas/sms/", include("suara.results.sms.urls")),
    path("petugas/berbagi-data/", include("suara.sharing.urls_officers")),
    path("petugas/", include("suara.results.entry.urls")),
    path("hasil/tanda-terima/", include("suara.results.receipts.urls")),
    path("hasil/", include("suara.results.comparison.urls")),
    path("hasil/", include("suara.results.public.urls")),
    path("foto/<str:name>", result_photo, name="result_photo"),
    path("cek-dpt/", include("suara.voters.cekdpt.urls")),
    path("cari-tps/", tps_finder, name="tps_finder"),
    path("partai/", include("suara.parties.urls")),
    path("rekrutmen/", include("suara.officers.urls")),
    path("hitung-cepat/", include("suara.quickcount.urls")),
    path("hoaks/", include("suara.information.urls")),
    path("berbagi-data/", include("suara.sharing.urls")),
    path("pengumuman/", include("suara.announcements.urls")),
    path("kanal/", include("suara.channels.urls")),
    path("s/<str:code>", channel_short_link, name="channel_short_link"),
    path("aktivasi/", account_activate, name="account_activate"),
    path("", include("suara.portal.urls")),
]
