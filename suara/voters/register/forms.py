"""The register operators' forms. They check only what a form can (a date is a date); every rule is the
services', and a refusal comes back onto the form at its field (``show_refusal``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from suara.core.errors import DomainError
from suara.voters.job_kinds import ALLOCATE, DEDUP, IMPORT, IMPORT_DELTA, KINDS, REPORT_DPB
from suara.voters.models import Voter
from suara.voters.tms import TMS_CODES

NOTE = forms.CharField(
    label=_("Keterangan dan dasar (bukti)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
)


def show_refusal(form: forms.Form, error: DomainError, aliases: dict[str, str] | None = None) -> None:
    """Puts a service's refusal on the form: at the field it names, or above the form."""
    field = (aliases or {}).get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, error.message)


def _date_input():
    return forms.DateInput(attrs={"type": "date"})


class NikSearchForm(forms.Form):
    nik = forms.CharField(
        label=_("NIK"), max_length=16, widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    )


class DesaForm(forms.Form):
    desa = forms.CharField(label=_("Kode desa/kelurahan KPU (10 digit)"), max_length=10)


class TmsForm(forms.Form):
    tms_code = forms.TypedChoiceField(
        label=_("Kode TMS"), coerce=int, choices=[(code, f"{code}. {entry.label}") for code, entry in TMS_CODES.items()]
    )
    note = NOTE


class MoveForm(forms.Form):
    desa = forms.CharField(label=_("Desa tujuan (kode KPU, 10 digit)"), required=False, max_length=10)
    tps = forms.CharField(label=_("TPS tujuan (kode 13 digit)"), required=False, max_length=13)
    note = NOTE


class ReinstateForm(forms.Form):
    note = NOTE


class CorrectForm(forms.Form):
    """Personal data to correct. NIK and KK are left empty unless they change: the page shows them masked."""

    nik = forms.CharField(label=_("NIK baru (kosongkan bila tetap)"), required=False, max_length=16)
    kk = forms.CharField(label=_("Nomor KK baru (kosongkan bila tetap)"), required=False, max_length=16)
    name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    birth_place = forms.CharField(label=_("Tempat lahir"), required=False, max_length=100)
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=_date_input())
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=Voter.Sex.choices)
    marital = forms.ChoiceField(label=_("Status kawin"), choices=Voter.Marital.choices)
    address = forms.CharField(label=_("Alamat"), required=False, max_length=250)
    rt = forms.CharField(label=_("RT"), required=False, max_length=3)
    rw = forms.CharField(label=_("RW"), required=False, max_length=3)
    disability = forms.CharField(label=_("Disabilitas"), required=False, max_length=60)
    note = NOTE

    KEPT = ("name", "birth_place", "birth_date", "sex", "marital", "address", "rt", "rw", "disability")

    @classmethod
    def for_voter(cls, voter: Voter, data=None) -> CorrectForm:
        return cls(data, initial={name: getattr(voter, name) for name in cls.KEPT}, prefix="ubah")

    def changes(self, voter: Voter) -> dict:
        data = self.cleaned_data
        changes = {name: data[name] for name in self.KEPT if data[name] != getattr(voter, name)}
        for name in ("nik", "kk"):
            if data[name].strip():
                changes[name] = data[name]
        return changes


class AddForm(forms.Form):
    nik = forms.CharField(
        label=_("NIK"), max_length=16, widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    )
    kk = forms.CharField(label=_("Nomor KK"), max_length=16)
    name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    birth_place = forms.CharField(label=_("Tempat lahir"), required=False, max_length=100)
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=_date_input())
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=Voter.Sex.choices)
    marital = forms.ChoiceField(label=_("Status kawin"), choices=Voter.Marital.choices)
    desa = forms.CharField(label=_("Kode desa/kelurahan Kemendagri (10 digit)"), max_length=10)
    address = forms.CharField(label=_("Alamat"), required=False, max_length=250)
    rt = forms.CharField(label=_("RT"), required=False, max_length=3)
    rw = forms.CharField(label=_("RW"), required=False, max_length=3)
    disability = forms.CharField(label=_("Disabilitas"), required=False, max_length=60)
    tps = forms.CharField(label=_("TPS (kode 13 digit, boleh kosong)"), required=False, max_length=13)
    tni_polri = forms.BooleanField(label=_("Anggota TNI/POLRI aktif"), required=False)
    note = NOTE


class PeriodLockForm(forms.Form):
    region = forms.CharField(label=_("Kabupaten/kota (kode KPU, 4 digit)"), max_length=4)
    period_start = forms.DateField(label=_("Awal periode"), widget=_date_input())
    period_end = forms.DateField(label=_("Akhir periode"), widget=_date_input())
    note = forms.CharField(label=_("Keterangan (berita acara)"), required=False, max_length=1000)


class PeriodReopenForm(forms.Form):
    reason = forms.CharField(label=_("Alasan membuka kembali"), required=False, max_length=1000)


class JobForm(forms.Form):
    """Starting a job: the kind, the region, and the options its kind reads (the service ignores the rest)."""

    kind = forms.ChoiceField(
        label=_("Tugas"), choices=[(name, kind.label) for name, kind in KINDS.items()], widget=forms.HiddenInput
    )
    region = forms.CharField(label=_("Wilayah (kode KPU)"), required=False, max_length=10)


class ImportJobForm(JobForm):
    file = forms.FileField(label=_("Berkas CSV atau XLSX"), required=False)


class AllocateJobForm(JobForm):
    max_per_tps = forms.IntegerField(label=_("Pemilih per TPS paling banyak"), min_value=1, max_value=1000, initial=300)
    dry_run = forms.BooleanField(label=_("Uji coba: hitung tanpa menyimpan"), required=False)
    fresh = forms.BooleanField(label=_("Alokasi dari awal (bukan penyeimbangan)"), required=False)


class ReportJobForm(JobForm):
    format = forms.ChoiceField(label=_("Format"), choices=[("xlsx", "XLSX"), ("pdf", "PDF")])
    start = forms.DateField(label=_("Awal periode (boleh kosong)"), required=False, widget=_date_input())
    end = forms.DateField(label=_("Akhir periode (boleh kosong: hari ini)"), required=False, widget=_date_input())


JOB_FORMS = {
    IMPORT: ImportJobForm,
    IMPORT_DELTA: ImportJobForm,
    DEDUP: JobForm,
    ALLOCATE: AllocateJobForm,
    REPORT_DPB: ReportJobForm,
}
