from django.db import models


class RateWindow(models.Model):
    """Requests counted for one client in one fixed one-minute window. Shared by every server process,
    so a limit holds however many workers serve. Old windows are deleted as new ones open."""

    key = models.CharField(max_length=100)
    window = models.BigIntegerField(help_text="unix minute")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="unique_rate_window")]

    def __str__(self) -> str:
        return f"{self.key}@{self.window}: {self.count}"
