"""The ad-hoc officers' fast routes (``core/fastpath.py`` says what a fast route is): the KPPS chair's
election-day check-in (``health/fastpath.py``)."""

from suara.core.fastpath import FastRoute

ROUTES = (
    FastRoute(
        "POST", "api-v1:officer_checkin", "suara.officers.health.fastpath.checkin", example="/api/v1/kesehatan/checkin"
    ),
)
