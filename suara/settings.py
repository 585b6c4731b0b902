"""Settings, read from the environment.

DATABASE_URL      postgres://user@host:5432/name; unset: an SQLite file under var/
SUARA_SECRET_KEY  required unless SUARA_DEBUG is on
SUARA_DEBUG       1/true/yes to turn debug on (never in production)
SUARA_ALLOWED_HOSTS  comma-separated host names (default: localhost,127.0.0.1)
SUARA_DATA_DIR    where the shipped public data files live (default: ../shared/data)
SUARA_VAR_DIR     where the SQLite file and other runtime state live (default: var/); uploaded voter files
                  and job results go in its private/ folder, which is never served
SUARA_TASKS_BACKEND  "database" (default: operator jobs queued in the database for `suara db-worker`) or
                  "immediate" (run inside the request that starts them: tests)
SUARA_VOTER_UPLOAD_MAX_MB  the largest voter file an operator may upload from the browser (default 200)
SUARA_EMAIL_HOST  the SMTP server for e-mail (the daily watch reports); unset: no e-mail is sent
                  (SUARA_EMAIL_PORT, _USER, _PASSWORD, _TLS, _SSL, _FROM: docs/deployment.md)
SUARA_BASE_URL    the site's address as e-mails link to it, e.g. https://suara.example.go.id
SUARA_SHARING_KEY the key that data-sharing fingerprints are derived from (suara.sharing); unset: derived from
                  SUARA_SECRET_KEY. Set it in production, so that changing the secret key keeps extracts traceable
SUARA_VAPID_PRIVATE_KEY  the Web Push key of announcements (unset: `suara push-keys` writes one under
                  SUARA_VAR_DIR); SUARA_VAPID_SUBJECT, SUARA_PUSH_SERVICE_HOSTS, _TTL_SECONDS, _TIMEOUT_SECONDS:
                  below and docs/channels.md
"""

import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from suara.settings_paths import var_dir

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _flag("SUARA_DEBUG")
TESTING = _flag("SUARA_TESTING")

SECRET_KEY = os.environ.get("SUARA_SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-not-for-production"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "SUARA_SECRET_KEY is not set. Set it to a long random string, or set SUARA_DEBUG=1 for development."
        )

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("SUARA_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h.strip()
]
if TESTING:
    ALLOWED_HOSTS.append("testserver")

VAR_DIR = var_dir()
DATA_DIR = Path(os.environ.get("SUARA_DATA_DIR", PROJECT_DIR.parent / "shared" / "data"))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "suara.core",
    "suara.audit",
    "suara.accounts",
    "suara.regions",
    "suara.elections",
    "suara.results",
    "suara.messaging",
    "suara.voters",
    "suara.parties",
    "suara.officers",
    "suara.quickcount",
    "suara.network",
    "suara.jobs",
    "suara.portal",
    "suara.integrations",
    "suara.information",
    "suara.sharing",
    "suara.announcements",
    "suara.channels",
    "corsheaders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Cross-origin API calls from the origins city apps registered (suara.integrations.cors); above the
    # fast paths so their answers carry the same headers.
    "corsheaders.middleware.CorsMiddleware",
    # HTML and JSON compressed on the way out (kept public pages come compressed already; static files
    # are whitenoise's).
    "django.middleware.gzip.GZipMiddleware",
    "suara.core.middleware.ContentSecurityPolicyMiddleware",
    # The fast paths (suara.core.fastpath; each app's fastroutes.py): anonymous real-count reads, cek DPT
    # and a KPPS's submission, answered by the API's and the pages' own functions before the session and
    # authentication layers, which have nothing to add to them.
    "suara.core.fastpath.FastPathMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # /sematkan/<embed_id>/<page>: a page framed by a city app (suara.integrations.embedding).
    "suara.integrations.embedding.EmbedMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "suara.core.middleware.IndonesianFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A role that needs two-factor sign-in, gained after this session signed in without it.
    "suara.portal.middleware.TwoFactorSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into the lockout page (429).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "suara.urls"
WSGI_APPLICATION = "suara.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{VAR_DIR / 'suara.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.postgresql":
        config["ENGINE"] = "suara.core.postgresql"  # health checks only after idling
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at BEGIN so
            # two writers queue on busy_timeout instead of failing half-way through a transaction.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked account or address before a password is hashed.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# Security headers. HSTS and secure cookies only make sense behind TLS; SUARA_HTTPS=1 says it is.
HTTPS = _flag("SUARA_HTTPS")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "suara",
    }
}

# Integrator keys: requests a minute allowed per key unless the key says otherwise.
# Data-sharing fingerprints (suara.sharing.fingerprint) are derived from this key; '' derives it from SECRET_KEY.
SUARA_SHARING_KEY = os.environ.get("SUARA_SHARING_KEY", "")
SUARA_INTEGRATOR_DEFAULT_RATE = int(os.environ.get("SUARA_INTEGRATOR_DEFAULT_RATE", "600"))
# Anonymous API clients: requests a minute per client address.
SUARA_ANONYMOUS_API_RATE = int(os.environ.get("SUARA_ANONYMOUS_API_RATE", "0"))
# Seconds a server process trusts a token it found valid before reading it again: a revoked key stops
# working within this time on every process (at once on the one that revoked it).
SUARA_TOKEN_CACHE_SECONDS = float(os.environ.get("SUARA_TOKEN_CACHE_SECONDS", "5"))
# Cek DPT lookups a minute per client address (integrator keys have their own rate): high, because one
# mobile carrier's NAT address carries many citizens; the name, not this limit, keeps the register from
# being scraped (docs/voters.md).
SUARA_CEK_DPT_RATE = int(os.environ.get("SUARA_CEK_DPT_RATE", "300"))
# Cek DPT lookups an hour of one NIK, whoever asks (counted under a keyed hash of the NIK).
SUARA_CEK_DPT_NIK_RATE = int(os.environ.get("SUARA_CEK_DPT_NIK_RATE", "20"))

# The public party-membership check (suara/parties/lookup): lookups a minute per client address, and of one
# NIK an hour whoever asks (counted under a keyed hash of the NIK), as cek DPT's.
SUARA_PARTY_LOOKUP_RATE = int(os.environ.get("SUARA_PARTY_LOOKUP_RATE", "300"))
SUARA_PARTY_LOOKUP_NIK_RATE = int(os.environ.get("SUARA_PARTY_LOOKUP_NIK_RATE", "20"))
# Rumour reports ("lapor hoaks", suara/information): reports a minute per client address, on the page and
# the API; and days a reporter's contact (phone or e-mail, to tell them when the answer is published) is
# kept at most before it is erased unused (docs/information.md).
SUARA_RUMOUR_REPORT_RATE = int(os.environ.get("SUARA_RUMOUR_REPORT_RATE", "10"))
SUARA_RUMOUR_CONTACT_DAYS = int(os.environ.get("SUARA_RUMOUR_CONTACT_DAYS", "90"))
# Minutes the "Saya bukan anggota" form stays open after a lookup's answer (its signed token).
SUARA_PARTY_COMPLAINT_FORM_MINUTES = int(os.environ.get("SUARA_PARTY_COMPLAINT_FORM_MINUTES", "30"))
# A complaint's service level: hours each state may last before the case is overdue, shown to the citizen,
# the KPU kab/kota and the party ("received=72,clarification=168,decided=48,party_notified=72").
SUARA_PARTY_COMPLAINT_SLA_HOURS = {
    state: int(hours)
    for state, _, hours in (
        item.strip().partition("=")
        for item in os.environ.get(
            "SUARA_PARTY_COMPLAINT_SLA_HOURS", "received=72,clarification=168,decided=48,party_notified=72"
        ).split(",")
        if item.strip()
    )
}
# How often the scheduler looks for complaints past their service level, to remind their KPU kab/kota's
# handlers by e-mail (once per overdue state; suara/parties/complaints/services.py), in seconds.
SUARA_PARTY_COMPLAINT_REMINDER_SECONDS = float(os.environ.get("SUARA_PARTY_COMPLAINT_REMINDER_SECONDS", "300"))
# Who sends every SMS (suara/messaging/backends.py; complaint notices, replies to SMS commands): the outbox
# backend leaves them pending for a gateway that polls; "suara.messaging.backends.HttpGatewaySms" POSTs each
# to SUARA_SMS_GATEWAY_URL; the console backend logs only their length (demo); locmem keeps them (tests).
SUARA_SMS_BACKEND = os.environ.get(
    "SUARA_SMS_BACKEND",
    "suara.messaging.backends.LocmemSms"
    if TESTING
    else "suara.messaging.backends.ConsoleSms"
    if DEBUG
    else "suara.messaging.backends.OutboxSms",
)
# The generic HTTP gateway: POST {"to", "message"} as JSON with "Authorization: Bearer <token>".
SUARA_SMS_GATEWAY_URL = os.environ.get("SUARA_SMS_GATEWAY_URL", "")
SUARA_SMS_GATEWAY_TOKEN = os.environ.get("SUARA_SMS_GATEWAY_TOKEN", "")
SUARA_SMS_GATEWAY_TIMEOUT = float(os.environ.get("SUARA_SMS_GATEWAY_TIMEOUT", "10"))
# Inbound SMS (POST /api/v1/sms/inbound): the secret the gateway signs each webhook with (HMAC-SHA256 of
# "<timestamp>.<body>"; "" turns inbound SMS off), how far its timestamp may be from now, in seconds, and
# how many inbound SMS one phone may send an hour (suara/messaging/webhook.py, suara/results/sms/).
SUARA_SMS_WEBHOOK_SECRET = os.environ.get(
    "SUARA_SMS_WEBHOOK_SECRET", "demo-sms-webhook-secret" if TESTING or DEBUG else ""
)
SUARA_SMS_WEBHOOK_WINDOW_SECONDS = int(os.environ.get("SUARA_SMS_WEBHOOK_WINDOW_SECONDS", "300"))
# The election's gateway number the KPPS send their SMS to, as printed on the format page ("" not announced yet).
SUARA_SMS_GATEWAY_NUMBER = os.environ.get("SUARA_SMS_GATEWAY_NUMBER", "")
SUARA_SMS_PHONE_RATE = int(os.environ.get("SUARA_SMS_PHONE_RATE", "20"))
# Where the public site is, for links in emails and SMS ("https://suara.example.id"; "" a relative link).
SUARA_PUBLIC_URL = os.environ.get("SUARA_PUBLIC_URL", "")
# Email (complaint notifications, watch reports): Django's backend, SMTP settings from the environment.
EMAIL_BACKEND = os.environ.get(
    "SUARA_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("SUARA_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("SUARA_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("SUARA_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SUARA_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _flag("SUARA_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("SUARA_EMAIL_FROM", "Suara <noreply@localhost>")

# Sign-in lockout (django-axes; see suara/accounts/signin_limits.py and docs/security.md). Failures only:
# wrong passwords for one account from any addresses, and from one address for any accounts, each
# within the cool-off period after the last one.
SUARA_LOGIN_ACCOUNT_FAILURES = int(os.environ.get("SUARA_LOGIN_ACCOUNT_FAILURES", "10"))
SUARA_LOGIN_ADDRESS_FAILURES = int(os.environ.get("SUARA_LOGIN_ADDRESS_FAILURES", "500"))
SUARA_LOGIN_COOLOFF_MINUTES = int(os.environ.get("SUARA_LOGIN_COOLOFF_MINUTES", "15"))
AXES_HANDLER = "suara.accounts.signin_limits.SharedNetworkHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own, in this order
AXES_FAILURE_LIMIT = SUARA_LOGIN_ACCOUNT_FAILURES
AXES_COOLOFF_TIME = timedelta(minutes=SUARA_LOGIN_COOLOFF_MINUTES)
# Retrying during a lockout does not extend it: an officer who keeps trying is back after the cool-off.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = False  # a success by one account must not clear its address's failures
AXES_LOCKOUT_CALLABLE = "suara.accounts.signin_limits.lockout_response"
AXES_CLIENT_IP_CALLABLE = "suara.accounts.signin_limits.client_address"
AXES_USERNAME_CALLABLE = "suara.accounts.signin_limits.attempted_username"
# No row for every successful sign-in (a write each on election night, and nobody reads them); failures
# are kept only until their cool-off ends. Logs name no address or user agent (AXES_VERBOSE off) and
# never a password or a one-time code (masked in the stored request data).
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password", "otp_token", "code"]
AXES_ENABLE_ADMIN = False
# Two-factor sign-in (django-otp, suara/accounts/two_factor.py): the name authenticator apps show.
OTP_TOTP_ISSUER = "Suara"

# Days a one-time code (account activation, password reset) stays valid after it is issued.
SUARA_ONE_TIME_CODE_DAYS = int(os.environ.get("SUARA_ONE_TIME_CODE_DAYS", "30"))
# The public pages and API say the count is paused when deltas have waited this many seconds and the
# recap worker has not been seen for as long (results.recap_status).
SUARA_RECAP_PAUSED_SECONDS = float(os.environ.get("SUARA_RECAP_PAUSED_SECONDS", "15"))

# Process-local caches (each registered in suara/core/caches.py; the tests run them too, emptied between
# tests). Seconds a process serves a public snapshot before asking again whether its pointer moved, and
# an empty recap (nothing published yet) before rebuilding it from the counting geography:
SUARA_RECAP_RECHECK_SECONDS = float(os.environ.get("SUARA_RECAP_RECHECK_SECONDS", "0.5"))
SUARA_EMPTY_RECAP_SECONDS = float(os.environ.get("SUARA_EMPTY_RECAP_SECONDS", "5"))
# Each desa's TPS numbers kept by the folding process (the counting geography never changes once written).
SUARA_GEOGRAPHY_CACHE = _flag("SUARA_GEOGRAPHY_CACHE", default=True)
# Seconds a process keeps a contest and its ballot numbers for submissions, and whether a token is an
# integrator's (which cek DPT limit applies).
SUARA_CONTEST_CACHE_SECONDS = float(os.environ.get("SUARA_CONTEST_CACHE_SECONDS", "30"))
# How long a process reuses a quick count's estimate while no report came in (quickcount.selectors).
SUARA_QUICKCOUNT_CACHE_SECONDS = float(os.environ.get("SUARA_QUICKCOUNT_CACHE_SECONDS", "10"))
SUARA_INTEGRATOR_CACHE_SECONDS = float(os.environ.get("SUARA_INTEGRATOR_CACHE_SECONDS", "30"))
# Seconds a process reuses the comparison's counts beneath a region (a public page costing seconds of
# database time at the national level; results.comparison).
SUARA_COMPARISON_CACHE_SECONDS = float(os.environ.get("SUARA_COMPARISON_CACHE_SECONDS", "30"))

# A request that waited longer than this in a server process's queue is answered 503 with Retry-After at
# once, not late (suara/core/shedding.py).
SUARA_SHED_AFTER_MS = int(os.environ.get("SUARA_SHED_AFTER_MS", "500"))

# CORS for the API only, for the origins integrators registered (suara/integrations); no cookies cross
# origins: a city app calls with its key.
CORS_URLS_REGEX = r"^/api/v1/"
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_HEADERS = ("accept", "accept-language", "authorization", "content-range", "content-type", "x-api-key")
CORS_EXPOSE_HEADERS = ("Retry-After",)
# Seconds a server process trusts its copy of the registered origins (changes made in the process show
# at once).
SUARA_ORIGIN_CACHE_SECONDS = float(os.environ.get("SUARA_ORIGIN_CACHE_SECONDS", "30"))
# Requests whose form photos one server process decodes at once (each decode holds up to 64 MB and a
# core), and how long a request waits for a free slot before it is answered 503 with Retry-After.
SUARA_PHOTO_DECODE_SLOTS = int(os.environ.get("SUARA_PHOTO_DECODE_SLOTS", "1"))
SUARA_PHOTO_DECODE_WAIT_SECONDS = float(os.environ.get("SUARA_PHOTO_DECODE_WAIT_SECONDS", "2"))
# Photos uploaded apart from their tally, in resumable chunks (results.entry.uploads): what one account may
# hold unfinished at once (uploads, and their declared bytes together), and how long an upload untouched, or
# a finished photo no tally has named, is kept before it is swept.
SUARA_PHOTO_UPLOADS_MAX = int(os.environ.get("SUARA_PHOTO_UPLOADS_MAX", "30"))
SUARA_PHOTO_UPLOADS_MAX_BYTES = int(os.environ.get("SUARA_PHOTO_UPLOADS_MAX_MB", "48")) * 1024 * 1024
SUARA_PHOTO_UPLOAD_EXPIRE_SECONDS = int(os.environ.get("SUARA_PHOTO_UPLOAD_EXPIRE_SECONDS", str(3 * 24 * 3600)))
# The Ed25519 key that signs result receipts (results.receipts): 32 bytes in base64 (url-safe or not). Left
# empty, a key is generated once into SUARA_VAR_DIR/receipt_ed25519.key and kept there.
SUARA_RECEIPT_KEY = os.environ.get("SUARA_RECEIPT_KEY", "")
# Web Push of announcements (suara.channels): the VAPID key (a P-256 private key, PEM or the private number in
# base64url). Left empty, `suara push-keys` writes one into SUARA_VAR_DIR/vapid_p256.pem (made on first use
# otherwise). The subject push services may contact, and the hosts of the push services a browser's
# subscription may point to (a host or a name beneath it, comma-separated): the server posts to the
# endpoint at each publication, so no other address is accepted.
SUARA_VAPID_PRIVATE_KEY = os.environ.get("SUARA_VAPID_PRIVATE_KEY", "")
SUARA_VAPID_SUBJECT = os.environ.get("SUARA_VAPID_SUBJECT", "")
SUARA_PUSH_SERVICE_HOSTS = tuple(
    host.strip().lower()
    for host in os.environ.get(
        "SUARA_PUSH_SERVICE_HOSTS",
        "fcm.googleapis.com,updates.push.services.mozilla.com,push.services.mozilla.com,web.push.apple.com,"
        "notify.windows.com",
    ).split(",")
    if host.strip()
)
# Seconds a push service keeps a notification for a browser that is offline, and waits for our request.
SUARA_PUSH_TTL_SECONDS = int(os.environ.get("SUARA_PUSH_TTL_SECONDS", str(24 * 3600)))
SUARA_PUSH_TIMEOUT_SECONDS = float(os.environ.get("SUARA_PUSH_TIMEOUT_SECONDS", "10"))

# Operator jobs (suara.jobs: voter import, duplicate detection, TPS allocation, the DPB report, ...) run on
# the Django tasks API (the django-tasks backport) with its database backend: `suara serve` starts a
# `db_worker` beside gunicorn. Uploaded files and results live in PRIVATE_DIR, never under STATIC_ROOT.
_TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_tasks_backend = os.environ.get("SUARA_TASKS_BACKEND", "immediate" if TESTING else "database").strip().lower()
if _tasks_backend not in _TASKS_BACKENDS:
    raise ImproperlyConfigured("SUARA_TASKS_BACKEND must be database or immediate.")
TASKS = {"default": {"BACKEND": _TASKS_BACKENDS[_tasks_backend]}}
PRIVATE_DIR = VAR_DIR / "private"
SUARA_VOTER_UPLOAD_MAX_BYTES = int(os.environ.get("SUARA_VOTER_UPLOAD_MAX_MB", "200")) * 1024 * 1024
# A running job's worker rewrites its live file this often; a job not heard from for SUARA_JOB_STALE_SECONDS
# is ended as interrupted by the periodic check, run every SUARA_JOB_CHECK_SECONDS (suara.jobs).
SUARA_JOB_HEARTBEAT_SECONDS = float(os.environ.get("SUARA_JOB_HEARTBEAT_SECONDS", "5"))
SUARA_JOB_STALE_SECONDS = float(os.environ.get("SUARA_JOB_STALE_SECONDS", "60"))
SUARA_JOB_CHECK_SECONDS = float(os.environ.get("SUARA_JOB_CHECK_SECONDS", "30"))
# The scheduler (`suara scheduler`, suara.jobs.schedule) seals the audit chain this often, and keeps each
# periodic job's outcome when it changes and at most this often otherwise.
SUARA_AUDIT_SEAL_SECONDS = float(os.environ.get("SUARA_AUDIT_SEAL_SECONDS", "0.5"))
# Officers' health (suara.officers.health): the election-day check-ins come every SUARA_CHECKIN_COUNTING_HOURS
# of counting after 13:00; a slot is missed SUARA_CHECKIN_GRACE_MINUTES after its time, as the periodic
# check (every SUARA_CHECKIN_ALERT_SECONDS) sees it. SUARA_HEALTH_THRESHOLDS (JSON, e.g. {"systolic": 150})
# overrides the risk rules' thresholds (officers/health/risk.py names each default's source).
SUARA_CHECKIN_COUNTING_HOURS = int(os.environ.get("SUARA_CHECKIN_COUNTING_HOURS", "3"))
SUARA_CHECKIN_GRACE_MINUTES = int(os.environ.get("SUARA_CHECKIN_GRACE_MINUTES", "30"))
SUARA_CHECKIN_ALERT_SECONDS = float(os.environ.get("SUARA_CHECKIN_ALERT_SECONDS", "60"))
SUARA_HEALTH_THRESHOLDS = json.loads(os.environ.get("SUARA_HEALTH_THRESHOLDS", "{}"))
SUARA_PERIODIC_RECORD_SECONDS = float(os.environ.get("SUARA_PERIODIC_RECORD_SECONDS", "5"))

# E-mail, through Django's backend: SMTP when SUARA_EMAIL_HOST is set (STARTTLS on port 587 by default,
# or implicit TLS with SUARA_EMAIL_SSL=1 on port 465). Without it no e-mail leaves (the dummy backend): the
# daily watch reports are kept in the app and say that no mail was sent. Never the console backend: the
# reports are personal data and must not reach a log.
EMAIL_HOST = os.environ.get("SUARA_EMAIL_HOST", "").strip()
EMAIL_PORT = int(os.environ.get("SUARA_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("SUARA_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SUARA_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _flag("SUARA_EMAIL_TLS", True) and not _flag("SUARA_EMAIL_SSL")
EMAIL_USE_SSL = _flag("SUARA_EMAIL_SSL")
EMAIL_TIMEOUT = float(os.environ.get("SUARA_EMAIL_TIMEOUT_SECONDS", "30"))
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.dummy.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("SUARA_EMAIL_FROM", "suara@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SUARA_BASE_URL = os.environ.get("SUARA_BASE_URL", "").strip().rstrip("/")
# The scheduler looks this often for announcements whose time has come, to hand them to the channels.
SUARA_ANNOUNCEMENT_CHANNELS_SECONDS = float(os.environ.get("SUARA_ANNOUNCEMENT_CHANNELS_SECONDS", "60"))
# The scheduler looks this often for organisations whose daily watch report is due (parties.watch).
SUARA_WATCH_CHECK_SECONDS = float(os.environ.get("SUARA_WATCH_CHECK_SECONDS", "60"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SUARA_LOG_LEVEL", "INFO")},
    # APScheduler says INFO at every run of every periodic job: twice a second for the audit seal.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "apscheduler": {"level": "WARNING"}},
}

# Network readiness of the TPS (suara/network, docs/network.md): an observation of a TPS's signal older than
# this many days no longer counts towards its readiness class (a survey half a year old says little about a
# tower built since); the readiness rules read it as the age limit.
SUARA_NETWORK_MAX_AGE_DAYS = int(os.environ.get("SUARA_NETWORK_MAX_AGE_DAYS", "180"))
