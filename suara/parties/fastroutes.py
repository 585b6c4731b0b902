"""Party membership's fast route (``core/fastpath.py`` says what a fast route is): the public check's API,
answered by the people kernel's lookup handler (``people.lookup_fast``)."""

from suara.core.fastpath import FastRoute
from suara.parties.lookup.lookup import PARTY_LOOKUP
from suara.people.lookup_fast import lookup_fast_path

party_member_lookup = lookup_fast_path(PARTY_LOOKUP)

ROUTES = (
    FastRoute(
        "POST", "api-v1:party_member_lookup", f"{__name__}.party_member_lookup", example="/api/v1/cek-anggota-partai"
    ),
)
