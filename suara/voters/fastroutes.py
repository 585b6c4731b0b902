"""The voter register's fast route (``core/fastpath.py`` says what a fast route is): cek DPT's API, answered by
the people kernel's lookup handler (``people.lookup_fast``)."""

from suara.core.fastpath import FastRoute
from suara.people.lookup_fast import lookup_fast_path
from suara.voters.cekdpt.lookup import CEK_DPT

cek_dpt_lookup = lookup_fast_path(CEK_DPT)

ROUTES = (FastRoute("POST", "api-v1:cek_dpt_lookup", f"{__name__}.cek_dpt_lookup", example="/api/v1/cek-dpt"),)
