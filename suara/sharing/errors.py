"""The error codes of voter data shared on purpose and on record (see ``core.errors``). Pure."""

from __future__ import annotations

from suara.core.errors import ErrorCodes


class SharingErrorCode(ErrorCodes):
    AGREEMENT_NOT_FOUND = "agreement_not_found", 404, "No data-sharing agreement with this id that you may see."
    AGREEMENT_NOT_DRAFT = (
        "agreement_not_draft",
        409,
        "Only a draft agreement is approved; a revoked one is not revoked again (the message says which).",
    )
    AGREEMENT_NOT_APPROVED = (
        "agreement_not_approved",
        403,
        "The agreement is still a draft: nothing is shared under it until KPU RI approves it.",
    )
    AGREEMENT_NOT_STARTED = "agreement_not_started", 403, "The agreement's period has not begun yet."
    AGREEMENT_EXPIRED = "agreement_expired", 403, "The agreement's period has ended: it no longer shares anything."
    AGREEMENT_REVOKED = "agreement_revoked", 403, "The agreement was revoked: it no longer shares anything."
    AGREEMENT_PERIOD_INVALID = (
        "agreement_period_invalid",
        400,
        "The period ends before it starts, before today, or lasts more than five years.",
    )
    AGGREGATION_INVALID = (
        "aggregation_invalid",
        400,
        "The aggregation is not individu, tps, desa, kecamatan or kabkota.",
    )
    AGGREGATION_ABOVE_REGION = (
        "aggregation_above_region",
        400,
        "Counts are never per a level above the agreement's region (per kab/kota in one kecamatan).",
    )
    APPROVER_IS_DRAFTER = (
        "approver_is_drafter",
        403,
        "An agreement is approved by a KPU RI officer who did not draft it.",
    )
    BREACH_INVALID = (
        "breach_invalid",
        400,
        "A breach record needs its time found (not in the future), a description, what is done and a contact.",
    )
    BREACH_NOT_FOUND = "breach_not_found", 404, "No breach record with this id."
    BREACH_ALREADY_NOTIFIED = "breach_already_notified", 409, "The breach's notices were already recorded as sent."
    BREACH_NOTHING_AFFECTED = (
        "breach_nothing_affected",
        400,
        "A breach names at least one affected agreement or extract (known ones).",
    )
    DPIA_REQUIRED = "dpia_required", 400, "An agreement carries its data protection impact assessment as a PDF."
    DPIA_NOT_PDF = "dpia_not_pdf", (400, 413), "The impact assessment is not a whole PDF, or it is over 10 MB (413)."
    EXTRACT_NOT_FOUND = "extract_not_found", 404, "No extract with this id that you may see."
    FIELD_NOT_ALLOWED = "field_not_allowed", 403, "The request asks for fields beyond those its agreement allows."
    FIELD_NOT_COUNTABLE = (
        "field_not_countable",
        400,
        "An aggregated agreement allows only the breakdowns of a count: sex, age group, disability.",
    )
    FIELDS_REQUIRED = "fields_required", 400, "An agreement of individual rows allows at least one field."
    NOT_PARTNER_KEY = "not_partner_key", 403, "This API token is not a partner key bound to a data-sharing agreement."
    OUTSIDE_AGREEMENT_REGION = (
        "outside_agreement_region",
        403,
        "The region asked for lies outside the agreement's region.",
    )
    PARTNER_ACCOUNT_INVALID = (
        "partner_account_invalid",
        400,
        "A partner key goes to an active operator account of the agreement's recipient organisation.",
    )
    PURPOSE_REQUIRED = "purpose_required", 400, "An agreement names its recipient and purpose (5 to 2,000 characters)."
    LEGAL_BASIS_INVALID = (
        "legal_basis_invalid",
        400,
        "The legal basis is not one of the six grounds of UU PDP art. 20(2).",
    )
    SENSITIVE_NOT_FLAGGED = (
        "sensitive_not_flagged",
        400,
        "NIK or KK are allowed only by an agreement flagged as holding sensitive identifiers (and only then).",
    )
    TRACE_FILE_EMPTY = "trace_file_empty", 400, "The file given to trace holds no rows."
    TRACE_FILE_INVALID = "trace_file_invalid", (400, 413), "The file given to trace is not a readable CSV or XLSX."
    UNKNOWN_SHARING_FIELD = "unknown_sharing_field", 400, "A field name that is not one of the register's (see FIELDS)."
