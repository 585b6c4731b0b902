"""The audit actions of the region trees (see ``audit.actions``). Pure."""

from __future__ import annotations

from suara.audit.actions import AuditActions


class RegionAuditAction(AuditActions):
    IMPORT_GEOGRAPHY = (
        "regions.import_geography",
        "KPU's electoral geography (regions, TPS) was imported, with the counts.",
    )
    LOAD_KEMENDAGRI = "regions.load_kemendagri", "The Kemendagri region tree was loaded, with the counts."
    SET_TPS_LOCATION = "regions.set_tps_location", "A TPS's address, coordinates and accessibility were recorded."
    IMPORT_TPS_LOCATIONS = (
        "regions.import_tps_locations",
        "TPS addresses, coordinates and accessibility were imported from a CSV, with the count.",
    )
