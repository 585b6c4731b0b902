"""The error codes of the job kernel: starting, finding, cancelling a job and fetching its result (see
``core.errors``). Pure."""

from __future__ import annotations

from suara.core.errors import ErrorCodes


class JobErrorCode(ErrorCodes):
    FILE_REQUIRED = "file_required", 400, "The job's file is required."
    FILE_TOO_LARGE = "file_too_large", 413, "The file is over the upload limit."
    FILE_TYPE = "file_type", 400, "The file is not of a type the job takes (CSV or XLSX for the register)."
    JOB_SCOPE_INVALID = "job_scope_invalid", 400, "Not a well-formed party or organisation code for this kind of job."
    JOB_FINISHED = "job_finished", 409, "The job has finished: it can no longer be cancelled."
    JOB_NOT_FOUND = "job_not_found", 404, "No job with this id among those you may see."
    RESULT_MISSING = "result_missing", 404, "The job's result file is gone."
    RESULT_NOT_READY = "result_not_ready", 404, "The job has no result file yet."
    UNKNOWN_JOB_KIND = "unknown_job_kind", 400, "No such kind of job."
