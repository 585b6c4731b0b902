"""The audit actions of the count (see ``audit.actions``). Pure."""

from __future__ import annotations

from suara.audit.actions import AuditActions


class ResultAuditAction(AuditActions):
    CORRECTION_APPROVE = (
        "results.correction_approve",
        "A PPK officer approved a correction: it became the TPS's result (object: the TPS).",
    )
    CORRECTION_PROPOSE = (
        "results.correction_propose",
        "A correction of a TPS's result was proposed, with its reason code.",
    )
    CORRECTION_REJECT = "results.correction_reject", "A PPK officer rejected a correction."
    DELTA_QUARANTINE = "results.delta_quarantine", "The recap worker set aside a delta whose fold failed on its own."
    DELTA_RELEASE = "results.delta_release", "Quarantined deltas were released to be folded again."
    IMPORT_2019 = (
        "results.import_2019",
        "The 2019 results were imported from a file (object: the contest; summary: the file's digest).",
    )
    IMPORT_COUNT_GEOGRAPHY = (
        "results.import_count_geography",
        "An election's counting geography was built from its data.",
    )
    IMPORT_KPU_JSON = "results.import_kpu_json", "KPU's published numbers were imported for comparison."
    PHOTOS_ATTACH = (
        "results.photos_attach",
        "Form photos a stored version named (or an SMS result's photos sent later) were attached to it.",
    )
    PREPARE_GEOGRAPHY = (
        "results.prepare_geography",
        "An election's counting geography was copied from the electoral one.",
    )
    RECAP_LOCK = "results.recap_lock", "An officer signed off a level's recapitulation (object: the region)."
    RECAP_PUBLISH = "results.recap_publish", "A contest's recapitulation was first published."
    RECAP_REBUILD = "results.recap_rebuild", "A contest's kept totals were rebuilt from the results."
    RECAP_REOPEN = "results.recap_reopen", "A signed-off recapitulation was reopened, with the reason."
    SUBMIT = "results.submit", "A KPPS sent its TPS's first result (object: the TPS)."
