"""The checks' page forms."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas CSV"))
    source = forms.CharField(label=_("Sumber data"), max_length=300)


class DecisionForm(forms.Form):
    DECISIONS = (("choose", _("Memilih satu partai")), ("deny", _("Menyangkal keanggotaan di semua partai")))
    decision = forms.ChoiceField(label=_("Isi surat pernyataan"), choices=DECISIONS)
    party = forms.IntegerField(label=_("Partai yang dipilih"), required=False)
    statement = forms.FileField(label=_("Surat pernyataan bertanda tangan (PDF, JPEG atau PNG)"), required=False)
