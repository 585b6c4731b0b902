"""Recruitment (written by ``officers.recruitment``): each body's schedule in an election (the window
for applications and the appointment day the requirements are read on) and what an application adds to
the officer record: its documents checklist and the hash of the code its applicant checks it with."""

from django.db import models

from suara.elections.models import Election
from suara.officers.bodies import Body
from suara.officers.models.core import Officer


class RecruitmentSchedule(models.Model):
    """When a body of an election takes applications and is appointed (set by KPU)."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="+")
    body = models.CharField(max_length=10, choices=[(b.value, b.value) for b in Body])
    opens_on = models.DateField()
    closes_on = models.DateField()
    appointment_on = models.DateField(help_text="the day the requirements are read on (age, five-year rule)")
    source = models.CharField(max_length=300, blank=True, help_text="the KPU decision that set the dates")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["election", "body"], name="recruitment_schedule_unique"),
        ]


class Application(models.Model):
    """One officer record's application: the documents confirmed and the applicant's status code.

    The code is random and shown once on submission; only its keyed hash is kept (``code_hash``), so the
    table cannot give codes back. An imported applicant gets none (the office tells them)."""

    officer = models.OneToOneField(
        Officer, on_delete=models.CASCADE, primary_key=True, db_constraint=False, related_name="application"
    )
    documents = models.PositiveIntegerField(default=0, help_text="recruitment.documents.Document bits")
    education_letter = models.BooleanField(default=False, help_text="below SMA on the village head's letter")
    code_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["code_hash"], name="application_code", condition=~models.Q(code_hash="")),
        ]
