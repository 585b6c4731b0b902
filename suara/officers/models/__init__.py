"""The ad-hoc officers' tables. One module per part of the app; each table is written only by the
services of its part (named in each module)."""

from suara.officers.models.city import CityCount, CityCountVersion
from suara.officers.models.core import Officer, OfficerStatusChange, Screening
from suara.officers.models.health import CheckIn, HealthAlert, HealthFacility, Incident
from suara.officers.models.recruitment import Application, RecruitmentSchedule
from suara.officers.models.selection import CommentWindow, Decree, DecreeEntry, PublicComment, WrittenTestScore

__all__ = [
    "Application",
    "CheckIn",
    "CityCount",
    "CityCountVersion",
    "CommentWindow",
    "Decree",
    "DecreeEntry",
    "HealthAlert",
    "HealthFacility",
    "Incident",
    "Officer",
    "OfficerStatusChange",
    "PublicComment",
    "RecruitmentSchedule",
    "Screening",
    "WrittenTestScore",
]
