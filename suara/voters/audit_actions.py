"""The audit actions of the voter register (see ``audit.actions``). Summaries name voters by id, never
by NIK or name. Pure."""

from __future__ import annotations

from suara.audit.actions import AuditActions


class VoterAuditAction(AuditActions):
    ADD = "voters.add", "A voter was added to the register (object: the desa)."
    ALLOCATE_TPS = "voters.allocate_tps", "Voters were allocated to TPS in a region, with the counts."
    CORRECT = "voters.correct", "A voter's data was corrected, naming the fields changed."
    DEDUP_CONFIRM = (
        "voters.dedup_confirm",
        "A duplicate pair was confirmed; the extra voter is marked TMS in the same transaction.",
    )
    DEDUP_REJECT = "voters.dedup_reject", "A proposed duplicate pair was rejected: two different people."
    DEDUP_RUN = "voters.dedup_run", "A duplicate-detection run over a region, with its counts."
    FIND_NIK = "voters.find_nik", "An operator looked a voter up by NIK (the voter's id or 'not found', never the NIK)."
    IMPORT = "voters.import", "A voter file was imported, with its batch and counts."
    IMPORT_DELTA = "voters.import_delta", "A later full extract was imported as changes, with its batch and counts."
    JOB_DOWNLOAD = "voters.job_download", "A job's result file was downloaded."
    JOB_START = "voters.job_start", "An operator started a job (import, duplicates, allocation, report)."
    MARK_TMS = "voters.mark_tms", "A voter was marked TMS (not eligible) with its code."
    MOVE = "voters.move", "A voter was moved to another desa or TPS."
    PERIOD_LOCK = "voters.period_lock", "A kab/kota's DPB period was signed: the register is closed for it."
    PERIOD_REOPEN = "voters.period_reopen", "A signed DPB period was reopened, with the reason."
    REINSTATE = "voters.reinstate", "A TMS voter was made active again."
    REVEAL_NIK = "voters.reveal_nik", "An operator was shown a voter's NIK in full."
