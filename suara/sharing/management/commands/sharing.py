"""suara sharing <verb>: data sharing's commands.

suara sharing trace FILE   names the extract (and its recipient agency) a leaked CSV or XLSX came from, with
                           the evidence: how many of its keyed hashes matched, which marker records were found.
                           Exits 1 when the file matches nothing, 2 when it cannot be read.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from suara.audit.actors import Actor
from suara.core.errors import DomainError
from suara.sharing.services_trace import leak_trace


class Command(BaseCommand):
    help = "Data sharing: trace a leaked file to its extract and recipient (suara sharing trace FILE)."

    def add_arguments(self, parser):
        verbs = parser.add_subparsers(dest="verb", required=True)
        trace = verbs.add_parser("trace", help="name the extract and recipient a leaked CSV or XLSX came from")
        trace.add_argument("file", help="the leaked copy: CSV or XLSX")

    def handle(self, *args, verb, file, **options):
        path = Path(file)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Berkas tidak dapat dibaca: {exc.strerror}", returncode=2) from None
        try:
            result = leak_trace(actor=Actor.named("suara sharing trace"), raw=raw)
        except DomainError as exc:
            raise CommandError(f"{exc.code}: {exc.message}", returncode=2) from None
        self.stdout.write(f"{path.name}: {result.rows} baris, {result.hash_cells} nilai berbentuk hash berkunci")
        if not result.found:
            raise CommandError(
                "trace_no_match: berkas ini tidak cocok dengan ekstrak atau kunci mitra mana pun yang tercatat.",
                returncode=1,
            )
        for match in result.matches:
            e = match.evidence
            if match.extract is not None:
                source = (
                    f"ekstrak #{match.extract.pk} ({match.extract.created_at:%Y-%m-%d}, diminta "
                    f"{match.extract.requested_by}, kunci {match.extract.key_id})"
                )
                markers = f"{len(e.markers_found)} dari {len(match.extract.markers)} baris penanda"
            else:
                source = f"API mitra, kunci #{match.key.pk}"
                markers = "tanpa baris penanda"
            self.stdout.write(
                f"BERASAL DARI {source} untuk {match.recipient} (perjanjian #{match.agreement.pk})\n"
                f"  bukti: {e.hashes_matched} dari {e.rows_given} hash berkunci cocok; {markers} ditemukan"
                + (f" (penanda {', '.join(f'#{n}' for n in e.markers_found)}:"
                   f" {len(e.markers_by_hash)} dari hash, {len(e.markers_by_content)} dari isinya)"
                   if e.markers_found else "")
            )  # fmt: skip
