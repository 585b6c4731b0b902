"""Now and today (today in Indonesia's western time zone), in one place so tests can fix them."""

from datetime import date, datetime

from django.utils import timezone


def today() -> date:
    return timezone.localdate()


def now() -> datetime:
    """The current moment (aware). What runs at a time of day (the daily party-membership watch) asks here."""
    return timezone.now()
