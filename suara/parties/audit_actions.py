"""The audit actions of party membership (see ``audit.actions``). Pure."""

from __future__ import annotations

from suara.audit.actions import AuditActions


class PartyAuditAction(AuditActions):
    LOAD = "parties.load", "The parties shipped as data were loaded into an election, with the counts."

    # --- verification: factual verification on a sample (parties.verification) ---
    VERIFICATION_DRAW = (
        "parties.verification_draw",
        "A factual-verification sample was drawn for a party in a kab/kota: its size, seed and algorithm.",
    )
    VERIFICATION_EXPORT = (
        "parties.verification_export",
        "The list a sample was drawn from was exported (CSV), by whom.",
    )
    VERIFICATION_ATTEMPT = (
        "parties.verification_attempt",
        "An attempt to meet a sampled member was recorded: how, and what it found.",
    )
    VERIFICATION_DECIDE = (
        "parties.verification_decide",
        "A sampled member was decided MS or TMS, with the outcome.",
    )
    VERIFICATION_REPLACE = (
        "parties.verification_replace",
        "A replacement was drawn for a sampled member decided TMS.",
    )
    VERIFICATION_FINALISE = (
        "parties.verification_finalise",
        "A party's factual-verification result in a kab/kota was finalised (MS or TMS, with the counts).",
    )
