from datetime import time

from django.contrib.auth.models import AbstractUser
from django.db import models

from suara.accounts.roles import ROLE_LABELS, SCOPE_CODE_MAX_LENGTH, SCOPE_KIND_LABELS, Role, ScopeKind


class User(AbstractUser):
    """An operator or integrator account. Citizens need no account for public information."""

    # The officer's registered mobile number, normalised (core.phones: "6281234567890"), "" when none. A KPPS
    # sends the tally by SMS from it (results/sms). Set by ``accounts.services.user_phone_set`` (audited).
    phone = models.CharField(max_length=16, blank=True, default="", db_default="", db_index=True)

    class Meta:
        db_table = "accounts_user"


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(max_length=32, choices=[(r.value, ROLE_LABELS[r]) for r in Role])
    scope = models.CharField(
        max_length=SCOPE_CODE_MAX_LENGTH,
        blank=True,
        help_text="the scope's code: a region code ('' national), a TPS code, a party's or an organisation's code",
    )
    # The role's kind (roles.SCOPE_KIND): the services write it; rows written without it are regions, which
    # cover TPS codes by the same prefix rule, so a KPPS row left at the default still decides alike.
    scope_kind = models.CharField(
        max_length=12, choices=[(k.value, SCOPE_KIND_LABELS[k]) for k in ScopeKind], default=ScopeKind.REGION.value
    )
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


class OneTimeCode(models.Model):
    """The one live code with which an account sets its password: at activation (accounts created by the
    chain of command have no password) or after a reset. Only an HMAC-SHA256 of it, keyed with the secret
    key and bound to the account, is stored: a fast hash is enough for a random code of 50 bits that is
    tried at a limited rate, and a national bulk creation cannot afford Argon2 for 800,000 codes. The
    password itself gets Argon2 when it is set."""

    class Purpose(models.TextChoices):
        ACTIVATION = "activation", "aktivasi"
        RESET = "reset", "atur ulang sandi"

    user = models.OneToOneField(User, on_delete=models.CASCADE, primary_key=True, related_name="one_time_code")
    digest = models.CharField(max_length=64)
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        db_table = "accounts_onetimecode"


class Organisation(models.Model):
    """An office with accounts that is neither a level of KPU's chain nor a party: a KPU office watching its
    staff, a Diskominfo, Bawaslu. Its operators (``Role.ORGANISATION_OPERATOR``) hold its ``code`` as their
    scope. Written by ``accounts.organisations``."""

    class Kind(models.TextChoices):
        KPU = "kpu", "KPU"
        DISKOMINFO = "diskominfo", "Diskominfo"
        BAWASLU = "bawaslu", "Bawaslu"
        SURVEY = "survei", "Lembaga survei"  # registered with KPU for the quick count (quickcount)
        OTHER = "lainnya", "Lainnya"

    code = models.CharField(max_length=SCOPE_CODE_MAX_LENGTH, unique=True, help_text="its scope code (roles.Scope)")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    region_code = models.CharField(max_length=10, blank=True, help_text="the region it serves; '' national")
    # When its daily party-membership report is written, in WIB (Asia/Jakarta).
    report_time = models.TimeField(default=time(17, 0))
    report_emails = models.TextField(blank=True, help_text="where the daily report is sent: one address a line")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def emails(self) -> list[str]:
        return [line.strip() for line in self.report_emails.splitlines() if line.strip()]
