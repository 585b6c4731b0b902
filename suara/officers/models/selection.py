"""Selection and appointment (written by ``officers.selection`` and ``officers.rosters``): written-test
scores, the public comment windows and their comments, and the appointment decrees (SK) with the
officers each names. No personal data beyond the officer record's: a comment's contact is the commenter's
own, kept for the office to answer and never shown publicly."""

from django.db import models

from suara.elections.models import Election
from suara.officers.bodies import Body, Position
from suara.officers.models.core import Officer


class WrittenTestScore(models.Model):
    """An applicant's written-test score (PPK and PPS; the KPPS take no written test)."""

    officer = models.OneToOneField(Officer, on_delete=models.CASCADE, primary_key=True, related_name="test_score")
    score = models.DecimalField(max_digits=6, decimal_places=2)
    imported_at = models.DateTimeField()
    imported_by = models.CharField(max_length=150)


class CommentWindow(models.Model):
    """The window in which the public may comment on a posting's list of candidates (shortlisted or
    selected), shown on a public page with masked names."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="+")
    body = models.CharField(max_length=10, choices=[(b.value, b.value) for b in Body])
    posting_code = models.CharField(max_length=13)
    opens_on = models.DateField()
    closes_on = models.DateField()
    opened_by = models.CharField(max_length=150)
    opened_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["election", "body", "posting_code"], name="comment_window_per_posting"),
        ]


class PublicComment(models.Model):
    """A comment from the public on a candidate of a window's list (or the list as a whole)."""

    window = models.ForeignKey(CommentWindow, on_delete=models.CASCADE, related_name="comments")
    officer = models.ForeignKey(Officer, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=2000)
    contact = models.CharField(max_length=150, help_text="the commenter's phone or e-mail, for the office only")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["window", "created_at", "id"]


class Decree(models.Model):
    """An appointment decree (Surat Keputusan): its number, date and signer, for one posting."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="+")
    body = models.CharField(max_length=10, choices=[(b.value, b.value) for b in Body])
    posting_code = models.CharField(max_length=13)
    number = models.CharField(max_length=100)
    decreed_on = models.DateField()
    signer = models.CharField(max_length=150)
    created_by = models.CharField(max_length=150)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["election", "body", "posting_code", "number"], name="decree_number_unique"),
        ]


class DecreeEntry(models.Model):
    """An officer a decree appoints, in a position."""

    decree = models.ForeignKey(Decree, on_delete=models.CASCADE, related_name="entries")
    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="decree_entries")
    position = models.CharField(max_length=7, choices=[(p.value, p.value) for p in Position])
    replaces = models.ForeignKey(
        Officer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="a reserve's"
    )

    class Meta:
        ordering = ["decree", "id"]
