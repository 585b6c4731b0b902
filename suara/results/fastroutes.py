"""The count's fast routes (``core/fastpath.py`` says what a fast route is): the anonymous public reads
(``public/fastpath.py``) and a KPPS's submission (``entry/fastpath.py``)."""

from suara.core.fastpath import FastRoute

_PUBLIC = "suara.results.public.fastpath"

ROUTES = (
    FastRoute("GET", "api-v1:recap_national", f"{_PUBLIC}.recap_api", example="/api/v1/contests/ppwp-2024/recap"),
    FastRoute("GET", "api-v1:recap_region", f"{_PUBLIC}.recap_api", example="/api/v1/contests/ppwp-2024/recap/3276"),
    FastRoute("GET", "api-v1:tps_result", f"{_PUBLIC}.tps_api", example="/api/v1/contests/ppwp-2024/tps/3276011006001"),
    FastRoute("GET", "results:national", f"{_PUBLIC}.recap_page", example="/hasil/ppwp-2024/"),
    FastRoute("GET", "results:region_recap", f"{_PUBLIC}.recap_page", example="/hasil/ppwp-2024/wilayah/3276/"),
    FastRoute("GET", "results:tps_result", f"{_PUBLIC}.tps_page", example="/hasil/ppwp-2024/tps/3276011006001/"),
    FastRoute("POST", "api-v1:result_submit", "suara.results.entry.fastpath.submission", example="/api/v1/results"),
)
