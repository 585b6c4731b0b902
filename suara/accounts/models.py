from django.contrib.auth.models import AbstractUser
from django.db import models

from suara.accounts.roles import ROLE_LABELS, Role


class User(AbstractUser):
    """An operator or integrator account. Citizens need no account for public information."""

    class Meta:
        db_table = "accounts_user"


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(max_length=32, choices=[(r.value, ROLE_LABELS[r]) for r in Role])
    scope = models.CharField(max_length=13, blank=True, help_text="region code, TPS code for KPPS, '' national")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role", "scope"], name="unique_role_assignment")]

    def __str__(self) -> str:
        return f"{self.role}@{self.scope or 'nasional'}"


class ApiToken(models.Model):
    """A per-user API token. Only its SHA-256 is stored; the token is shown once, when issued.

    Integrator keys are tokens of integrator accounts: ``rate_per_minute`` caps them (429 past it).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True, help_text="first characters, to tell tokens apart")
    digest = models.CharField(max_length=64, unique=True)
    rate_per_minute = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"
