"""suara dedup run [--region CODE | --since YYYY-MM-DD | --new-batch BATCH] --report PAIRS.csv
suara dedup train --voters VOTERS.csv --truth TRUTH.csv --version ganda-vN [--out MODEL.json]

``run`` proposes probable duplicates to the kab/kota operators and writes them (nik_a,nik_b,probability)
to the report, which is for operators: NIKs go there and nowhere else (not to the terminal).
``train`` trains a model on a register from ``suara generate-voters --duplicates RATE --truth TRUTH.csv``.
"""

from __future__ import annotations

import csv
import time
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from suara.core.errors import DomainError


class Command(BaseCommand):
    help = "Detect probable duplicate voters (ganda) with the Splink model, or train that model."

    def add_arguments(self, parser):
        verbs = parser.add_subparsers(dest="verb", required=True)
        run = verbs.add_parser("run", help="propose duplicate pairs to the kab/kota operators")
        run.add_argument("--region", default="", help="check only voters of this region (against all)")
        run.add_argument("--since", default="", help="check only voters registered on or after YYYY-MM-DD")
        run.add_argument("--new-batch", default="", help="check only the voters of this import batch")
        run.add_argument("--report", required=True, help="the CSV of proposed pairs: nik_a,nik_b,probability")
        run.add_argument("--model", default="", help="a model file (the shipped current version by default)")
        run.add_argument("--threads", type=int, default=0, help="DuckDB threads (all cores by default)")
        train = verbs.add_parser("train", help="train a model on synthetic voters with known duplicates")
        train.add_argument("--voters", required=True, help="the CSV of suara generate-voters")
        train.add_argument("--truth", required=True, help="its truth file (nik_a,nik_b)")
        train.add_argument("--version", required=True, help="the model's version, e.g. ganda-v2")
        train.add_argument("--out", default="", help="where to write it (suara/voters/dedup/models/VERSION.json)")

    def handle(self, *args, verb, **options):
        if verb == "train":
            return self._train(options)
        return self._run(options)

    def _run(self, options):
        from suara.voters.dedup.model import load_model
        from suara.voters.dedup.service import dedup_run

        since = None
        if options["since"]:
            try:
                since = date.fromisoformat(options["since"])
            except ValueError:
                raise CommandError("--since harus berupa tanggal YYYY-MM-DD.") from None
        if sum(bool(x) for x in (options["region"], since, options["new_batch"])) > 1:
            raise CommandError("Pilih salah satu: --region, --since atau --new-batch.")
        try:
            model = load_model(options["model"] or None)
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"Model tidak dapat dibaca: {type(error).__name__}.") from None
        report = Path(options["report"])
        if not report.parent.exists():
            raise CommandError(f"Folder untuk --report tidak ada: {report.parent}")
        started = time.monotonic()
        try:
            outcome = dedup_run(
                region=options["region"],
                since=since,
                batch=options["new_batch"],
                model=model,
                threads=options["threads"],
            )
        except DomainError as error:
            raise CommandError(f"{error.code}: {error.message}") from None
        with open(report, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(("nik_a", "nik_b", "probability"))
            for pair in outcome.proposed:
                writer.writerow((outcome.niks[pair.id_a], outcome.niks[pair.id_b], f"{pair.probability:.4f}"))
        scope = "seluruh daftar" if outcome.focus is None else f"{outcome.focus} pemilih terhadap seluruh daftar"
        self.stdout.write(
            f"{outcome.records} pemilih aktif ({scope}), model {outcome.model_version} ambang {outcome.threshold}: "
            f"{len(outcome.proposed)} pasangan diusulkan ({outcome.new} baru), {outcome.decided} sudah diputuskan "
            f"dilewati; daftar di {report} ({time.monotonic() - started:.1f} s)"
        )

    def _train(self, options):
        from suara.voters.dedup.model import MODELS_DIR, save_model
        from suara.voters.dedup.training import train_from_files

        for name in ("voters", "truth"):
            if not Path(options[name]).is_file():
                raise CommandError(f"Berkas --{name} tidak ditemukan: {options[name]}")
        version = options["version"].strip()
        if not version or not version.replace("-", "").isalnum():
            raise CommandError("--version hanya huruf, angka dan tanda hubung (misalnya ganda-v2).")
        out = Path(options["out"] or MODELS_DIR / f"{version}.json")
        started = time.monotonic()
        model, scores = train_from_files(options["voters"], options["truth"], version=version)
        save_model(model, out)
        for threshold, score in scores.items():
            self.stdout.write(f"ambang {threshold}: presisi {score['precision']:.4f}, recall {score['recall']:.4f}")
        self.stdout.write(
            f"model {version} dilatih pada {model.trained['records']} pemilih ({model.trained['duplicates']} ganda), "
            f"ambang {model.threshold}, ditulis ke {out} ({time.monotonic() - started:.1f} s)"
        )
