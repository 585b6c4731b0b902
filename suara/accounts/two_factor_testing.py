"""Test helpers for two-factor sign-in: a confirmed authenticator for an account, and its current code
(what the officer's phone would show)."""

from __future__ import annotations

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from suara.accounts.models import User
from suara.accounts.two_factor import DEVICE_NAME


def authenticator_for(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)


def current_code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"
