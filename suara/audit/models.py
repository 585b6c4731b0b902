from django.db import models


class AuditEvent(models.Model):
    """One entry of the append-only, hash-chained log. Written only by ``audit.services.audit_record``
    (the content) and ``audit_seal`` (its place in the chain).

    ``seq`` is the position in the chain (1, 2, ...), given when the sealer chains the event, under a
    lock so the chain never forks; until then ``seq`` and ``hash`` are empty. On PostgreSQL a trigger
    refuses DELETE, and any UPDATE but the one that seals an unsealed event without touching its content.
    """

    seq = models.BigIntegerField(unique=True, null=True, blank=True, help_text="empty until sealed")
    created_at = models.CharField(max_length=32, help_text="ISO 8601 UTC, as hashed")
    actor = models.CharField(max_length=150, help_text="username, or 'system' for commands")
    role = models.CharField(max_length=32, blank=True)
    action = models.CharField(max_length=64)
    object_code = models.CharField(max_length=64, blank=True)
    summary = models.CharField(max_length=500, help_text="no personal data")
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["object_code"]), models.Index(fields=["action"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_code}"

    def as_fields(self) -> dict:
        return {
            "seq": self.seq,
            "created_at": self.created_at,
            "actor": self.actor,
            "role": self.role,
            "action": self.action,
            "object_code": self.object_code,
            "summary": self.summary,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }
