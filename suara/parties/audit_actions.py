"""The audit actions of party membership (see ``audit.actions``). Pure."""

from __future__ import annotations

from suara.audit.actions import AuditActions


class PartyAuditAction(AuditActions):
    LOAD = "parties.load", "The parties shipped as data were loaded into an election, with the counts."

    # --- the daily watch (parties.watch) ---
    WATCHLIST_UPLOAD = (
        "parties.watchlist_upload",
        "An organisation's watchlist was replaced or added to from a file, with the counts (object: the organisation).",
    )
    WATCHLIST_DELETE = "parties.watchlist_delete", "An organisation's watchlist was deleted, with its size."
    WATCH_ENTRY_ADD = (
        "parties.watch_entry_add",
        "One NIK was added to an organisation's watchlist (never the NIK; object: the organisation).",
    )
    WATCH_ENTRY_REMOVE = (
        "parties.watch_entry_remove",
        "One NIK was removed from an organisation's watchlist (never the NIK; object: the organisation).",
    )
    WATCH_REPORT = (
        "parties.watch_report",
        "An organisation's watch report was written (daily or on demand), with its counts (object: the organisation).",
    )
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
    # lookup: complaints of a listing made without consent ("Saya bukan anggota")
    COMPLAINT_FILE = "parties.complaint_file", "A citizen filed a complaint about a listing, with its case code."
    COMPLAINT_CLARIFY = "parties.complaint_clarify", "The KPU kab/kota began clarifying a complaint with the citizen."
    COMPLAINT_DECIDE = "parties.complaint_decide", "The KPU kab/kota upheld a complaint (berita acara attached)."
    COMPLAINT_REJECT = "parties.complaint_reject", "The KPU kab/kota rejected a complaint, with its reason."
    COMPLAINT_NOTIFY_PARTY = "parties.complaint_notify_party", "The party was notified of an upheld complaint."
    COMPLAINT_REMOVE_LISTING = "parties.complaint_remove_listing", "The listing of an upheld complaint was removed."
    COMPLAINT_PARTY_ANSWER = "parties.complaint_party_answer", "The party recorded its answer to a complaint."
    COMPLAINT_REMIND = (
        "parties.complaint_remind",
        "A complaint's state passed its service level: the KPU kab/kota's handlers were reminded, once (by e-mail).",
    )
    # -- members: member-list uploads and exports (parties.members) --
    MEMBERS_UPLOAD = (
        "parties.members_upload",
        "A party's member list uploaded (whole or delta): the version and counts.",
    )
    MEMBERS_EXPORT = "parties.members_export", "A party's member list (as of a version) downloaded as CSV."
    # checks (parties.checks)
    CHECK = "parties.check", "The membership checks ran over an election's or a party's listings, with the counts."
    OFFICERS_IMPORT = "parties.officers_import", "The list of election officers' and KPU staff's NIKs was replaced."
    POPULATION_IMPORT = "parties.population_import", "Population figures per kab/kota were imported, with their source."
    WITHDRAW = "parties.withdraw", "A party withdrew its listing of a person another party also lists."
    STATEMENT_CHOSE = (
        "parties.statement_chose",
        "A KPU officer uploaded a person's signed statement choosing one party; the other listings were removed.",
    )
    STATEMENT_DENIED = (
        "parties.statement_denied",
        "A KPU officer uploaded a person's signed statement denying membership; every listing was removed.",
    )
