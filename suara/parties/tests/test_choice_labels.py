"""Model-choice labels of party membership and ad-hoc officers are translatable: every label is lazy
(gettext_lazy), its Indonesian text has an English entry in the catalogue, English pages show it in
English once the catalogue is compiled, and wrapping the labels changed no migration."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import override

import suara.officers.models as officer_models
import suara.parties.models as party_models

PO = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _choice_classes():
    found = []
    for module in (party_models, officer_models):
        for name in sorted(dir(module)):
            model = getattr(module, name)
            if isinstance(model, type) and issubclass(model, models.Model):
                for value in vars(model).values():
                    if isinstance(value, type) and issubclass(value, models.TextChoices) and value not in found:
                        found.append(value)
    return found


def _catalogue() -> dict[str, str]:
    """msgid -> msgstr of the single-line entries of the English catalogue."""
    entries, msgid = {}, None
    for line in PO.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            msgid = ast.literal_eval(line[6:])
        elif line.startswith("msgstr ") and msgid is not None:
            entries[msgid] = ast.literal_eval(line[7:])
            msgid = None
    return entries


CLASSES = _choice_classes()


def test_the_choice_classes_are_found():
    names = {f"{c.__qualname__}" for c in CLASSES}
    assert {"Complaint.State", "Member.Status", "WatchReport.Trigger", "Officer.Sex", "Incident.Kind"} <= names


@pytest.mark.parametrize("choices", CLASSES, ids=lambda c: c.__qualname__)
def test_every_label_is_lazy_and_has_its_english(choices):
    catalogue = _catalogue()
    for member in choices:
        assert isinstance(member.label, Promise), f"{choices.__qualname__}.{member.name} is not gettext_lazy"
        with override("id"):
            text = str(member.label)
        assert catalogue.get(text), f"no English for {text!r} in django.po"


def test_indonesian_stays_the_default():
    with override("id"):
        assert str(party_models.Complaint.State.RECEIVED.label) == "Diterima"
        assert party_models.WatchReport(trigger="jadwal").get_trigger_display() == "Terjadwal"


@pytest.mark.django_db
def test_no_migration_is_needed():
    out = io.StringIO()
    call_command("makemigrations", "parties", "officers", check=True, dry_run=True, stdout=out)
    assert "No changes detected" in out.getvalue()
