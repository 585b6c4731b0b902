"""The error codes of the people kernel: the NIK rules, eligibility by age and the private lookup by NIK
and name (see ``core.errors``). Pure."""

from __future__ import annotations

from suara.core.errors import ErrorCodes


class PeopleErrorCode(ErrorCodes):
    INVALID_NIK = "invalid_nik", 400, "A NIK is 16 digits."
    NAME_REQUIRED = "name_required", 400, "The full name is required."
    NAME_TOO_LONG = "name_too_long", 400, "The name is at most 150 characters."
    NIK_BAD_DATE = "nik_bad_date", 400, "Digits 7-12 of the NIK are not a birth date (DDMMYY, day plus 40 for women)."
    NIK_BIRTH_DATE_MISMATCH = "nik_birth_date_mismatch", 400, "The birth date differs from the one in the NIK."
    NIK_FUTURE_DATE = "nik_future_date", 400, "The NIK's birth date is in the future."
    NIK_LENGTH = "nik_length", 400, "A NIK has 16 digits."
    NIK_NOT_DIGITS = "nik_not_digits", 400, "A NIK has digits only."
    NIK_RATE_LIMITED = "nik_rate_limited", 429, "This NIK was looked up too often: retry after `Retry-After` seconds."
    NIK_SEX_MISMATCH = "nik_sex_mismatch", 400, "The sex differs from the NIK's (day plus 40 for women)."
    NIK_UNKNOWN_KECAMATAN = "nik_unknown_kecamatan", 400, "The NIK's first six digits are no Kemendagri kecamatan code."
    NIK_ZERO_SERIAL = "nik_zero_serial", 400, "The NIK's serial (its last 4 digits) is not 0000."
    NOT_ELIGIBLE_AGE = "not_eligible_age", 400, "Under 17 on voting day and never married: not yet a voter."
    NOT_ELIGIBLE_TNI_POLRI = "not_eligible_tni_polri", 400, "Serving TNI/POLRI members do not vote."
