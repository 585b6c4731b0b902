"""The error body every v1 API endpoint shares. A leaf module: the routers need it, and suara/api.py
imports the routers, so it cannot live there."""

from __future__ import annotations

from ninja import Field, Schema


class FieldProblem(Schema):
    field: str
    problem: str


class Breach(Schema):
    code: str = Field(description="kode aturan, mis. R1")
    message: str
    fields: list[str]


class Error(Schema):
    code: str = Field(description="kode mesin yang stabil, mis. region_not_found")
    message: str = Field(description="penjelasan dalam Bahasa Indonesia")
    field: str | None = Field(None, description="masukan yang salah, bila ada")
    errors: list[FieldProblem] | None = Field(None, description="rincian per masukan (invalid_input)")
    details: list[Breach] | list[dict] | None = Field(
        None,
        description="rules_broken: setiap aturan C.Hasil yang dilanggar; upload_offset_mismatch dan "
        "upload_chunk_differs: `received` (tempat melanjutkan) dan `total`; receipt_invalid: `payload` terbaca",
    )


# The failures every endpoint can answer with; each endpoint adds its own 200 (and 401 where a token is needed).
ERRORS = {400: Error, 401: Error, 404: Error, 422: Error, 429: Error}
