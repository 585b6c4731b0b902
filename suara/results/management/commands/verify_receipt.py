"""``suara verify-receipt TOKEN``: checks a result receipt. With ``--public-key FILE`` (the PEM or the
base64 key of ``GET /api/v1/receipts/key``) only its signature, offline; otherwise also the version it
names, against this server's published results. Exit status 0 when valid, 1 when not."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from suara.results import signing


class Command(BaseCommand):
    help = "Periksa tanda terima hasil (tanda tangan Ed25519 server dan versi yang disebutnya)."

    def add_arguments(self, parser):
        parser.add_argument("token", help="tanda terima, atau alamat pemeriksaannya dari kode QR")
        parser.add_argument("--public-key", help="berkas kunci publik (PEM atau base64): periksa tanpa basis data")

    def handle(self, *args, token: str, public_key: str | None, **options):
        token = token.strip().rstrip("/").rsplit("/", 1)[-1]
        if public_key:
            try:
                key = signing.load_public_key(Path(public_key).read_bytes())
            except (OSError, ValueError) as exc:
                raise CommandError(f"kunci publik tidak terbaca: {exc}") from exc
            opened = signing.open_token(token, key)
            valid, reason, payload = not opened.problem, opened.problem, opened.payload
        else:
            from suara.results.receipts.services import receipt_verify

            verdict = receipt_verify(token)
            valid, reason, payload = verdict.valid, verdict.reason, verdict.payload
        if payload is not None:
            self.stdout.write(json.dumps(payload, indent=2, sort_keys=True))
        if valid:
            self.stdout.write("SAH" + (" (tanda tangan)" if public_key else ""))
            return
        self.stdout.write(f"TIDAK SAH: {reason}")
        sys.exit(1)
