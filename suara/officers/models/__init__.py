"""The ad-hoc officers' tables. One module per part of the app; each table is written only by the
services of its part (named in each module)."""

from suara.officers.models.core import Officer, OfficerStatusChange, Screening
from suara.officers.models.health import CheckIn, HealthAlert, HealthFacility, Incident

__all__ = ["CheckIn", "HealthAlert", "HealthFacility", "Incident", "Officer", "OfficerStatusChange", "Screening"]
