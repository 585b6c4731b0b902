from django.db import models


class AuditEvent(models.Model):
    """One entry of the append-only, hash-chained log. Written only by ``audit.services.audit_record``.

    ``seq`` is the position in the chain (1, 2, ...), assigned under a lock so the chain never forks.
    On PostgreSQL a trigger refuses UPDATE and DELETE on this table.
    """

    seq = models.BigIntegerField(unique=True)
    created_at = models.CharField(max_length=32, help_text="ISO 8601 UTC, as hashed")
    actor = models.CharField(max_length=150, help_text="username, or 'system' for commands")
    role = models.CharField(max_length=32, blank=True)
    action = models.CharField(max_length=64)
    object_code = models.CharField(max_length=64, blank=True)
    summary = models.CharField(max_length=500, help_text="no personal data")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
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
