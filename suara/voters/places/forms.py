"""The PPS page's two forms: one TPS's place, and a CSV of many."""

from django import forms
from django.utils.translation import gettext_lazy as _

from suara.voters.places.rules import ADDRESS_MAX


class PlaceForm(forms.Form):
    tps_code = forms.CharField(label=_("Kode TPS (13 digit)"), max_length=13)
    address = forms.CharField(label=_("Alamat TPS"), max_length=ADDRESS_MAX, widget=forms.Textarea(attrs={"rows": 2}))
    latitude = forms.CharField(label=_("Lintang (mis. -6.402100)"), max_length=20)
    longitude = forms.CharField(label=_("Bujur (mis. 106.818800)"), max_length=20)
    step_free = forms.BooleanField(label=_("Akses tanpa tangga (kursi roda)"), required=False)
    help_visual = forms.BooleanField(label=_("Bantuan bagi pemilih tunanetra/low vision"), required=False)
    help_hearing = forms.BooleanField(label=_("Bantuan bagi pemilih tunarungu/wicara"), required=False)
    help_physical = forms.BooleanField(label=_("Bantuan bagi pemilih disabilitas fisik"), required=False)
    help_intellectual = forms.BooleanField(label=_("Bantuan bagi pemilih disabilitas intelektual"), required=False)
    help_mental = forms.BooleanField(label=_("Bantuan bagi pemilih disabilitas mental/psikososial"), required=False)


class ImportForm(forms.Form):
    scope = forms.CharField(label=_("Kode wilayah (desa 10 digit, atau di atasnya)"), max_length=10)
    file = forms.FileField(label=_("Berkas CSV"))
