"""The audit actions of party membership (see ``audit.actions``). Pure."""

from __future__ import annotations

from suara.audit.actions import AuditActions


class PartyAuditAction(AuditActions):
    LOAD = "parties.load", "The parties shipped as data were loaded into an election, with the counts."

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
