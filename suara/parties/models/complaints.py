"""Complaints of a listing made without consent ("Saya bukan anggota"), their steps and the notifications
sent to the citizen (written only by ``parties.complaints.services``).

A complaint is about one listing (one party's). It is followed by its case code, random and unguessable,
never the NIK. The citizen's contact and files are personal data: shown only to the KPU kab/kota that
handles the case, never in a log, a URL or an audit summary. Files are kept privately under their SHA-256
(``parties.complaints.files``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from suara.parties.models.core import Member, Party


class Complaint(models.Model):
    class State(models.TextChoices):
        RECEIVED = "received", _("Diterima")
        CLARIFICATION = "clarification", _("Klarifikasi oleh KPU kabupaten/kota")
        DECIDED = "decided", _("Diputuskan: dikabulkan (berita acara)")
        PARTY_NOTIFIED = "party_notified", _("Partai telah diberi tahu")
        REMOVED = "removed", _("Selesai: pencatatan dihapus")
        REJECTED = "rejected", _("Selesai: ditolak")

    code = models.CharField(max_length=10, unique=True, help_text="the case code: 10 base32 characters, random")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, db_constraint=False, related_name="complaints")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="complaints")
    kabkota_code = models.CharField(max_length=4, help_text="the listing's kab/kota: whose KPU handles the case")
    state = models.CharField(max_length=16, choices=State.choices, default=State.RECEIVED)
    state_since = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True, help_text="the current state's service level; None at the end")
    contact_email = models.CharField(max_length=254, blank=True)
    contact_phone = models.CharField(max_length=20, blank=True, help_text="+62..., normalised")
    statement_sha256 = models.CharField(max_length=64)
    statement_extension = models.CharField(max_length=4)
    ktp_sha256 = models.CharField(max_length=64, blank=True)
    ktp_extension = models.CharField(max_length=4, blank=True)
    report_sha256 = models.CharField(max_length=64, blank=True, help_text="the berita acara (PDF) of the decision")
    rejection_reason = models.TextField(blank=True)
    party_answer = models.TextField(blank=True)
    party_answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["kabkota_code", "state"], name="complaint_kab_state"),
            models.Index(fields=["party", "state"], name="complaint_party_state"),
        ]
        constraints = [
            # One open case per listing; a closed one (removed, rejected) leaves room for another.
            models.UniqueConstraint(
                fields=["member"],
                condition=~models.Q(state__in=["removed", "rejected"]),
                name="complaint_one_open_per_listing",
            ),
            models.CheckConstraint(
                condition=~models.Q(contact_email="", contact_phone=""), name="complaint_has_contact"
            ),
        ]


class ComplaintStep(models.Model):
    """A complaint entering a state: when, by whom (an account, or "warga" for the citizen), with a note
    (never personal data), and whether its handlers were reminded once the state was overdue."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="steps")
    state = models.CharField(max_length=16, choices=Complaint.State.choices)
    at = models.DateTimeField()
    actor = models.CharField(max_length=150)
    note = models.TextField(blank=True)
    # Once the state is past its service level, the KPU kab/kota's handlers are reminded once (by e-mail,
    # ``complaints.services.complaint_reminders_send``): when, and to how many addresses.
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminded_to = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["at", "id"]


class Notification(models.Model):
    """A message to the citizen about their complaint: an email (sent through Django's email backend) or an
    SMS (sent by ``settings.SUARA_SMS_BACKEND``). Its text names the case code and the state, never the
    party, the NIK or the name."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu dikirim")
        SENT = "sent", _("Terkirim")
        FAILED = "failed", _("Gagal")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="notifications")
    channel = models.CharField(max_length=5, choices=Channel.choices)
    recipient = models.CharField(max_length=254)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=7, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["channel", "status"], name="notification_outbox")]
