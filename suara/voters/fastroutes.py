"""The voter register's fast route (``core/fastpath.py`` says what a fast route is)."""

from suara.core.fastpath import FastRoute

ROUTES = (FastRoute("POST", "api-v1:cek_dpt_lookup", "suara.voters.cekdpt.fastpath.lookup", example="/api/v1/cek-dpt"),)
