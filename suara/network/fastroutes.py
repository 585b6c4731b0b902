"""The network readiness's fast routes (``core/fastpath.py`` says what a fast route is): a survey of a TPS's
signal (``fastpath.py``)."""

from suara.core.fastpath import FastRoute

ROUTES = (
    FastRoute("POST", "api-v1:network_survey", "suara.network.fastpath.survey", example="/api/v1/jaringan/survei"),
)
