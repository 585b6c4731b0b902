"""suara accounts bulk-create --region CODE --role kpps --out CODES.csv
suara accounts reissue-codes --region CODE --role kpps --out CODES.csv
suara accounts create USERNAME --role kpu_ri [--scope CODE] [--name NAME]   prints its activation code once


Creates an account for every unit of the role's level beneath the region that has none yet (every TPS for
kpps; every desa for pps, kecamatan for ppk, kab/kota for kpu_kabkota, province for kpu_provinsi; an empty
--region is the whole country) and writes their one-time activation codes to --out, a new file readable by
its owner only: the codes are printed there once and stored nowhere in clear. One audit event per run.
``reissue-codes`` gives new codes (the old ones stop working) to the accounts never activated, for a
file that was lost.
"""

from __future__ import annotations

import csv
import os
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from suara.audit.actors import SYSTEM
from suara.core.errors import DomainError


class Command(BaseCommand):
    help = "Akun petugas secara massal: satu akun per TPS (atau desa, kecamatan ...) dengan kode aktivasi."

    def add_arguments(self, parser):
        verbs = parser.add_subparsers(dest="verb", required=True)
        bulk = verbs.add_parser("bulk-create", help="one account per unit of the role's level beneath a region")
        bulk.add_argument("--region", required=True, help="kode wilayah ('' untuk seluruh Indonesia)")
        bulk.add_argument("--role", required=True, help="kpps, pps, ppk, kpu_kabkota atau kpu_provinsi")
        bulk.add_argument("--out", required=True, help="file CSV baru untuk kode aktivasi (tidak ditimpa)")
        one = verbs.add_parser("create", help="one account (the first KPU RI officer, say) with its activation code")
        one.add_argument("username")
        one.add_argument("--role", required=True, help="peran, mis. kpu_ri")
        one.add_argument("--scope", default="", help="kode wilayah (kosong untuk nasional)")
        one.add_argument("--name", default="", help="nama petugas")
        again = verbs.add_parser("reissue-codes", help="new codes for the accounts never activated (a lost file)")
        again.add_argument("--region", required=True, help="kode wilayah ('' untuk seluruh Indonesia)")
        again.add_argument("--role", required=True, help="peran akun, mis. kpps")
        again.add_argument("--out", required=True, help="file CSV baru untuk kode aktivasi (tidak ditimpa)")

    def handle(self, *args, verb, **options):
        if verb == "create":
            return self._create(options)
        from suara.accounts.bulk import accounts_bulk_create, accounts_bulk_reissue

        run = accounts_bulk_create if verb == "bulk-create" else accounts_bulk_reissue

        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(f"Folder untuk --out tidak ada: {out.parent}")
        try:
            # Opened first, exclusively and private: a run that cannot write its codes creates nothing.
            fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise CommandError(f"File {out} sudah ada; kode aktivasi tidak pernah menimpa file.") from None
        started = time.monotonic()
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            try:
                outcome = run(actor=SYSTEM, role=options["role"], region=options["region"])
            except DomainError as error:
                handle.close()
                out.unlink()
                raise CommandError(f"{error.code}: {error.message}") from None
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(("username", "role", "scope", "activation_code", "expires_at"))
            expires = outcome.created[0].expires_at.isoformat(timespec="seconds") if outcome.created else ""
            role = outcome.role.value
            writer.writerows((c.username, role, c.scope, c.code, expires) for c in outcome.created)
        seconds = time.monotonic() - started
        self.stdout.write(
            (
                f"{len(outcome.created)} akun {role} dibuat, {outcome.skipped} unit sudah memiliki akun"
                if verb == "bulk-create"
                else f"kode baru untuk {len(outcome.created)} akun {role} yang belum aktif"
            )
            + f" ({seconds:.1f} s). Kode aktivasi: {out}"
        )

    def _create(self, options):
        from suara.accounts.provisioning import account_create

        try:
            user, issued = account_create(
                actor=SYSTEM,
                username=options["username"],
                role=options["role"],
                scope=options["scope"],
                full_name=options["name"],
            )
        except DomainError as error:
            raise CommandError(f"{error.code}: {error.message}") from None
        self.stderr.write(
            f"Akun {user.username} dibuat. Kode aktivasi di bawah ini hanya ditampilkan sekali; petugasnya "
            f"memilih sandi di /aktivasi/ sebelum {issued.expires_at:%Y-%m-%d}."
        )
        self.stdout.write(issued.code)
