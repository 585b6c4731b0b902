"""The ad-hoc officers' tables. One module per part of the app; each table is written only by the
services of its part (named in each module)."""

from suara.officers.models.city import CityCount, CityCountVersion
from suara.officers.models.core import Officer, OfficerStatusChange, Screening
from suara.officers.models.recruitment import Application, RecruitmentSchedule

__all__ = [
    "Application",
    "CityCount",
    "CityCountVersion",
    "Officer",
    "OfficerStatusChange",
    "RecruitmentSchedule",
    "Screening",
]
