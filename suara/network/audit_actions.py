"""The audit actions of the network readiness of the TPS (see ``audit.actions``). Pure."""

from __future__ import annotations

from suara.audit.actions import AuditActions


class NetworkAuditAction(AuditActions):
    SURVEY = (
        "network.survey",
        "A TPS's signal was surveyed (object: the TPS), with its operators and kinds; never the location.",
    )
    IMPORT = "network.import", "A list of TPS signal (blank spots) was imported (object: the region), with counts."
    REMEDIATION = "network.remediation", "A remediation action was planned for TPS (object: its id), with its kind."
    REMEDIATION_CHANGE = (
        "network.remediation_change",
        "A remediation action changed (object: its id): status, owner, due date or note.",
    )
