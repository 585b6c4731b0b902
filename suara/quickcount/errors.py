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
    NOT_IN_SAMPLE = "not_in_sample", 400, "This TPS is not in the quick count's sample."


class QuickCountError(ValueError):
    """A design or an estimate that cannot be made, with its code."""

    def __init__(self, code: QuickCountErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
