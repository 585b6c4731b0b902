"""`suara push-keys`: the server's VAPID key pair for Web Push, written once into SUARA_VAR_DIR (or read from
SUARA_VAPID_PRIVATE_KEY); prints the public key browsers subscribe with. `--rotate` writes a new one: every
existing subscription then stops working (browsers bound them to the old key), so only for a leaked key."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from suara.channels import vapid
from suara.core import caches


class Command(BaseCommand):
    help = "Writes the Web Push (VAPID) key pair under SUARA_VAR_DIR once and prints its public key."

    def add_arguments(self, parser):
        parser.add_argument("--rotate", action="store_true", help="replace the key (existing subscriptions stop)")

    def handle(self, *args, rotate: bool = False, **options):
        if settings.SUARA_VAPID_PRIVATE_KEY:
            if rotate:
                raise CommandError("The key comes from SUARA_VAPID_PRIVATE_KEY: change it there.")
            self.stdout.write("Key from SUARA_VAPID_PRIVATE_KEY.")
        else:
            path = vapid.key_path()
            wrote = vapid.write_key(path, replace=rotate)
            if rotate:
                caches.clear_all()  # this process's copy of the old key
            self.stdout.write(f"{'Wrote' if wrote else 'Kept'} {path} (mode 0600).")
        self.stdout.write(f"Public key (applicationServerKey): {vapid.public_key_b64()}")
