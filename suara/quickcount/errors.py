"""The quick count's error codes (see ``core.errors``). Pure."""

from __future__ import annotations

from suara.core.errors import ErrorCodes


class QuickCountErrorCode(ErrorCodes):
    SAMPLE_SIZE_ZERO = "sample_size_zero", 400, "A quick count samples at least one TPS."
    SAMPLE_LARGER_THAN_FRAME = "sample_larger_than_frame", 400, "The design asks for more TPS than the frame holds."
    FRAME_EMPTY = "frame_empty", 400, "The frame holds no TPS."
    MARGIN_INVALID = "margin_invalid", 400, "The margin of error is a share between 0 and 0.5 (e.g. 0.01 for 1 point)."
    CONFIDENCE_INVALID = "confidence_invalid", 400, "The confidence level is between 0.5 and 0.999."
    ALLOCATION_UNKNOWN = "allocation_unknown", 400, "The allocation is `proporsional` or `neyman`."
    SPREAD_MISSING = "spread_missing", 400, "Neyman allocation needs each stratum's spread (standard deviation)."
    SEED_INVALID = "seed_invalid", 400, "The seed is 32 lower-case hexadecimal digits."
    NO_REPORTS = "no_reports", 409, "No sampled TPS has reported yet: there is nothing to estimate."
    NOT_IN_SAMPLE = "not_in_sample", (400, 403), "This TPS is not in the quick count's sample, or not yours to report."
    QUICK_COUNT_NOT_FOUND = "quick_count_not_found", 404, "No quick count has this id."
    EMBARGO = "embargo", 403, "A quick count is published from 15:00 WIB on voting day (UU 7/2017 art. 449)."
    ALREADY_DRAWN = "already_drawn", 409, "The sample was drawn already: a drawn sample never changes."
    NOT_DRAWN = "not_drawn", 409, "Draw the sample first."
    NOT_A_SURVEYOR = (
        "not_a_surveyor",
        403,
        "Only a registered survey institution, KPU or a Diskominfo runs a quick count.",
    )
    REPORT_EXISTS = "report_exists", 409, "This TPS has reported already, with other numbers."
    CONTEST_UNKNOWN = "contest_unknown", 404, "No contest has this id."
    QUICK_COUNT_NAME_REQUIRED = "quick_count_name_required", 400, "A quick count needs a name."
    QUICK_COUNT_TPS_INVALID = "quick_count_tps_invalid", 400, "A TPS code has 13 digits."
    RESERVE_RATE_INVALID = "reserve_rate_invalid", 400, "The reserve rate is between 0 and 1."
    FRAME_CHANGED = "frame_changed", 409, "The contest's TPS changed since the design: design it again."


class QuickCountError(ValueError):
    """A design or an estimate that cannot be made, with its code."""

    def __init__(self, code: QuickCountErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
