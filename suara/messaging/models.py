"""The tables of SMS in and out: the outbox of messages to send, the inbound messages that were acted on
(so that a gateway's retry of one is answered, not acted on twice), and the check-code keys of the TPS
with their printed cards of one-time codes."""

from __future__ import annotations

from django.db import models

from suara.accounts.models import User


class OutboundSms(models.Model):
    """One SMS to send (the outbox). Written inside the transaction of the change it tells of and sent once
    that has committed, through ``settings.SUARA_SMS_BACKEND`` (``messaging.outbound``). A message that a
    backend leaves unsent stays pending for a gateway that polls the outbox."""

    class Status(models.TextChoices):
        PENDING = "pending", "menunggu"
        SENT = "sent", "terkirim"
        FAILED = "failed", "gagal"

    to = models.CharField(max_length=16, help_text="normalised mobile number (core.phones)")
    body = models.CharField(max_length=480)
    purpose = models.CharField(max_length=32, help_text="what sent it: 'sms_reply', ...")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"], name="messaging_outbox_pending")]


class InboundSms(models.Model):
    """An inbound SMS the system acted on (a tally stored, or a stored one's retry answered), by the
    gateway's message id: a gateway that posts the same message again gets the same answer and nothing is
    done twice. Refused messages are not kept."""

    gateway_id = models.CharField(max_length=100, unique=True)
    sender = models.CharField(max_length=16, help_text="normalised mobile number")
    body_digest = models.CharField(max_length=64, help_text="sha256 of the message text")
    received_at = models.DateTimeField()
    outcome = models.CharField(max_length=32, help_text="what was done: 'accepted', 'replay'")
    reference = models.CharField(max_length=64, blank=True, help_text="the receipt code it was answered with")
    reply = models.CharField(max_length=480, blank=True)


class SmsKey(models.Model):
    """A TPS's check-code key, issued to its KPPS chair (``messaging.services.sms_key_issue``): the app
    computes each SMS's check code from the TPS's PIN (``messaging.checkcode``), and a printed card holds
    one-time codes for officers without the app. Neither the PIN nor the key is stored: the key (a hash of
    the PIN) is kept wrapped with a key derived from the server's secret, and the card's codes as keyed
    hashes. A new issue revokes the TPS's previous key and card."""

    scope = models.CharField(max_length=13, help_text="the TPS code")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sms_keys", help_text="the chair")
    wrapped_key = models.CharField(max_length=64)
    issued_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope"], condition=models.Q(revoked_at__isnull=True), name="messaging_one_live_key"
            )
        ]


class SmsCardCode(models.Model):
    """One code of a printed card: used once, by the message whose digest it records."""

    key = models.ForeignKey(SmsKey, on_delete=models.CASCADE, related_name="card_codes")
    number = models.PositiveSmallIntegerField()
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)
    used_for = models.CharField(max_length=64, blank=True, help_text="digest of the message that used it")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "number"], name="messaging_card_number"),
            models.UniqueConstraint(fields=["key", "digest"], name="messaging_card_digest"),
        ]
