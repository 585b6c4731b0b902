"""Forms of the officers' result pages: the tally of form C.Hasil (an entry, or a correction with its
reason), the PPK's decision on a correction, and the TPS a PPK picks to correct.

Numbers are read strictly and the same way ``static/results/rules.js`` reads them: a blank field is
absent, 1 to 9 ASCII digits are a number, anything else ("12a", "-3", "2.5") is kept as typed so that
rule R0 names the field. The rules themselves are checked by the services (and, before sending, in the
browser); the form only asks for what every C.Hasil has: the votes of each candidate and the totals.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _

from suara.elections.models import Candidate
from suara.results.labels import rule_message
from suara.results.reasons import REASONS
from suara.results.rules import BALLOT_FIELDS, TOTAL_FIELDS, VOTER_GROUPS

ASCII_SPACE = " \t\n\r\f\v"
MAX_DIGITS = 9  # no TPS count comes near; more is a slip of the finger (and would not stay exact in JS)
NUMBER = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}", re.ASCII)


def parse_number(text: str | None) -> int | str | None:
    """None for a blank field, an int for plain digits, else the text as typed (R0 will name it)."""
    value = (text or "").strip(ASCII_SPACE)
    if not value:
        return None
    if NUMBER.fullmatch(value):
        return int(value)
    return value


def new_submission_id() -> str:
    """Made when the form is first shown and sent back with it, so a double click or a retry after a
    timeout is recognised by the service and counted once."""
    return secrets.token_urlsafe(24)


TOTAL_LABELS = {
    "valid": _("Jumlah suara sah"),
    "invalid": _("Jumlah suara tidak sah"),
    "total": _("Jumlah seluruh suara (sah dan tidak sah)"),
}
GROUP_LABELS = {
    "dpt": _("Pemilih terdaftar dalam DPT"),
    "voted_dpt": _("Pengguna hak pilih dari DPT"),
    "voted_dptb": _("Pengguna hak pilih dari DPTb (pindahan)"),
    "voted_dpk": _("Pengguna hak pilih dari DPK"),
    "voted_total": _("Jumlah seluruh pengguna hak pilih"),
}
PART_LABELS = {"l": _("Laki-laki"), "p": _("Perempuan"), "j": _("Jumlah")}
BALLOT_LABELS = {
    "ballots.received": _("Surat suara yang diterima (termasuk cadangan)"),
    "ballots.used": _("Surat suara yang digunakan"),
    "ballots.unused": _("Surat suara yang tidak digunakan"),
    "ballots.damaged": _("Surat suara yang rusak atau keliru dicoblos"),
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos of the form's pages. Their content is judged by the service (results.photos)."""

    def __init__(self, **kwargs):
        attrs = {"accept": "image/jpeg,image/png", "multiple": True}
        super().__init__(widget=MultipleFileInput(attrs=attrs), required=False, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(PhotosField, self).clean(f, initial) for f in files]


def _number_input(name: str, *, required: bool) -> forms.CharField:
    attrs = {"inputmode": "numeric", "autocomplete": "off", "maxlength": MAX_DIGITS, "data-field": name}
    if required:
        attrs["required"] = True
    # strip=False: the form reads the text itself (parse_number), exactly as rules.js does.
    return forms.CharField(required=False, strip=False, widget=forms.TextInput(attrs=attrs))


@dataclass
class Block:
    """Fields shown together, with the messages that concern any of them (the page lists each broken
    rule next to its fields as well as at the top)."""

    key: str
    label: str
    fields: list  # BoundFields
    candidate: Candidate | None = None
    rule_messages: list[str] = field(default_factory=list)

    @property
    def names(self) -> str:
        return " ".join(bf.name for bf in self.fields)

    @property
    def errors(self) -> list[str]:
        return [str(e) for bf in self.fields for e in bf.errors]

    @property
    def parts(self) -> list[tuple[str, object]]:
        """A voter group's fields with their labels: men, women, total."""
        return [(str(PART_LABELS[bf.name.rsplit(".", 1)[1]]), bf) for bf in self.fields]


class TallyForm(forms.Form):
    """Form C.Hasil for one contest: the candidates' votes, the totals, the voters by group and sex,
    the ballots, photos of the form and the submission id."""

    submission_id = forms.CharField(widget=forms.HiddenInput, required=False)
    photos = PhotosField(label=_("Foto formulir C.Hasil (setiap halaman)"))

    def __init__(self, *args, candidates: list[Candidate], **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        self.breaches: list[dict] = []  # the broken rules, as Breach.as_dict()
        required = [f"votes.{c.number}" for c in self.candidates] + list(TOTAL_FIELDS)
        for name in self.tally_fields():
            self.fields[name] = _number_input(name, required=name in required)
        self.required_fields = required

    def tally_fields(self) -> list[str]:
        voters = [f"{g}.{p}" for g in VOTER_GROUPS for p in ("l", "p", "j")]
        return [f"votes.{c.number}" for c in self.candidates] + list(TOTAL_FIELDS) + voters + list(BALLOT_FIELDS)

    @property
    def ballot_numbers(self) -> list[int]:
        return [c.number for c in self.candidates]

    def clean(self):
        cleaned = super().clean()
        for name in self.required_fields:
            if parse_number(self.data.get(name)) is None and name not in self.errors:
                self.add_error(name, _("Wajib diisi."))
        return cleaned

    def tally(self) -> dict[str, int | str]:
        """The flat tally as typed: blank fields absent, numbers parsed, anything else kept as text."""
        values = {name: parse_number(self.data.get(name)) for name in self.tally_fields()}
        return {name: value for name, value in values.items() if value is not None}

    # Layout for the template. Every block names its fields, so the page (and entry.js, which redraws
    # the same marks as the officer types) can put each broken rule beside them.

    def layout(self) -> dict[str, list[Block]]:
        bad = {f for b in self.breaches for f in b["fields"]}
        for name in self.tally_fields():
            attrs = self.fields[name].widget.attrs
            attrs["aria-describedby"] = f"errors-{self._block_key(name)}"
            attrs["class"] = "tally-input is-breach" if name in bad else "tally-input"
            if name in bad or name in self.errors:
                attrs["aria-invalid"] = "true"
            if name in self.errors:
                attrs["data-server-error"] = "true"
        return {
            "votes": [self._block([f"votes.{c.number}"], c.name, c) for c in self.candidates],
            "totals": [self._block([name], TOTAL_LABELS[name]) for name in TOTAL_FIELDS],
            "voters": [
                self._block([f"{group}.{p}" for p in ("l", "p", "j")], GROUP_LABELS[group]) for group in VOTER_GROUPS
            ],
            "ballots": [self._block([name], BALLOT_LABELS[name]) for name in BALLOT_FIELDS],
        }

    @staticmethod
    def _block_key(name: str) -> str:
        group = name.partition(".")[0]
        return group if group in VOTER_GROUPS else name.replace(".", "-")

    def _block(self, names: list[str], label, candidate: Candidate | None = None) -> Block:
        messages = [rule_message(b) for b in self.breaches if set(b["fields"]) & set(names)]
        return Block(self._block_key(names[0]), str(label), [self[n] for n in names], candidate, messages)

    def field_for(self, name: str | None) -> str | None:
        """The form field a service error's ``field`` names, if the form has it."""
        return name if name in self.fields else None


class CorrectionForm(TallyForm):
    """A proposed new version of a stored result: its reason (a code from the list, which is public, and
    an explanation of 10+ characters, which is not) and photos of the corrected form (required, as for an
    entry)."""

    reason_code = forms.ChoiceField(
        label=_("Alasan koreksi (diterbitkan)"),
        choices=[("", _("– pilih alasan –")), *REASONS.items()],
        required=False,
    )
    reason = forms.CharField(
        label=_("Penjelasan (tidak diterbitkan)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "minlength": 10, "maxlength": 500, "required": True}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason_code"].widget.attrs["required"] = True


class DecisionForm(forms.Form):
    """The PPK's decision on a pending correction."""

    decision = forms.ChoiceField(choices=[("approve", _("Setujui")), ("reject", _("Tolak"))])
    note = forms.CharField(
        label=_("Catatan keputusan"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
    )
    publish_reason = forms.BooleanField(
        label=_("Terbitkan penjelasan pengaju: tidak memuat nama, nomor telepon atau data pribadi lain"),
        required=False,
    )


class TpsPickForm(forms.Form):
    """Which TPS a PPK wants to correct."""

    tps = forms.RegexField(
        label=_("Kode TPS (13 digit)"),
        regex=r"^[0-9]{13}$",
        error_messages={"invalid": _("Kode TPS harus berupa 13 digit angka.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 13, "autocomplete": "off"}),
    )
    contest = forms.ChoiceField(label=_("Kontestasi"))

    def __init__(self, *args, contests: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contest"].choices = [(c.slug, c.name) for c in contests]
