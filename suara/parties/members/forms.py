"""The party operator's upload form: the file and whether it is a delta. Every rule is the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas daftar anggota (CSV atau XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    delta = forms.BooleanField(
        label=_("Perubahan saja (kolom aksi: tambah atau hapus); tanpa centang: daftar lengkap yang menggantikan"),
        required=False,
    )
