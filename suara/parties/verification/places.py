"""A sample's n places as the result rule reads them (``rules.Place``), for the services and the reads."""

from __future__ import annotations

from suara.parties.models import SampledMember, VerificationSample
from suara.parties.verification import rules


def places_of(sample: VerificationSample) -> list[rules.Place]:
    rows = list(sample.members.values_list("pk", "kind", "decision", "replaces_id"))
    replacements = {replaces: decision for _, _, decision, replaces in rows if replaces is not None}
    return [
        rules.Place(decision, replacements.get(pk))
        for pk, kind, decision, _ in rows
        if kind == SampledMember.Kind.SAMPLE
    ]
