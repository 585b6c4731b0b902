"""The audit actions of party membership (see ``audit.actions``). Pure."""

from __future__ import annotations

from suara.audit.actions import AuditActions


class PartyAuditAction(AuditActions):
    LOAD = "parties.load", "The parties shipped as data were loaded into an election, with the counts."

    # -- members: member-list uploads and exports (parties.members) --
    MEMBERS_UPLOAD = (
        "parties.members_upload",
        "A party's member list uploaded (whole or delta): the version and counts.",
    )
    MEMBERS_EXPORT = "parties.members_export", "A party's member list (as of a version) downloaded as CSV."
