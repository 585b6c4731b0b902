from django.db import models

from suara.accounts.models import User


class Integration(models.Model):
    """A city super-app (or any partner) that calls the API from a browser or embeds Suara's pages.

    ``embed_id`` is public: it stands in the address of an embedded page (/sematkan/<embed_id>/…), so the
    page knows whose origins may frame it."""

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="integrations")
    name = models.CharField(max_length=100)
    embed_id = models.CharField(max_length=16, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class AllowedOrigin(models.Model):
    integration = models.ForeignKey(Integration, on_delete=models.CASCADE, related_name="origins")
    origin = models.CharField(max_length=200, help_text="serialised as browsers send it: scheme://host[:port]")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["integration", "origin"], name="unique_integration_origin")]

    def __str__(self) -> str:
        return self.origin
