"""Party membership's fast route (``core/fastpath.py`` says what a fast route is): the public check."""

from suara.core.fastpath import FastRoute

ROUTES = (
    FastRoute(
        "POST",
        "api-v1:party_member_lookup",
        "suara.parties.lookup.fastpath.lookup",
        example="/api/v1/cek-anggota-partai",
    ),
)
