"""Today's date in Indonesia's western time zone, in one place so tests can fix it."""

from datetime import date

from django.utils import timezone


def today() -> date:
    return timezone.localdate()
