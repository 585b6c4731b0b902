"""The error codes of the count: entry, corrections, recapitulation and its locks, comparison and the
importers (see ``core.errors``). Pure: ``recap/readiness.py`` takes its lock refusals from here."""

from __future__ import annotations

from suara.core.errors import ErrorCodes


class ResultErrorCode(ErrorCodes):
    CANDIDATES_NOT_LOADED = (
        "candidates_not_loaded",
        409,
        "The contest's candidates are not loaded yet: no result can be sent.",
    )
    CODES_EXHAUSTED = "codes_exhausted", 400, "The 2019 import ran out of region codes to give; nothing changed."
    CONTEST_NOT_AT_TPS = "contest_not_at_tps", 400, "The TPS does not vote in this contest."
    CORRECTION_CHANGES_NOTHING = "correction_changes_nothing", 400, "The correction equals the result in force."
    CORRECTION_DECIDED = "correction_decided", 409, "The correction was already approved or rejected."
    CORRECTION_NOT_FOUND = "correction_not_found", 404, "No correction with this id."
    CORRECTION_PENDING = "correction_pending", 409, "Another correction of the TPS waits for the PPK's decision."
    CORRECTIONS_PENDING = (
        "corrections_pending",
        409,
        "Corrections beneath wait for a decision: the level cannot be signed off.",
    )
    COUNT_GEOGRAPHY_EXISTS = (
        "count_geography_exists",
        409,
        "The election already has a counting geography (or results from elsewhere).",
    )
    COUNT_GEOGRAPHY_IN_USE = (
        "count_geography_in_use",
        409,
        "The counting geography has results or a recapitulation: it cannot be replaced.",
    )
    IMPORT_FILE_INVALID = "import_file_invalid", 400, "The results file is refused whole (problems listed by line)."
    INCOMPLETE_TALLY = "incomplete_tally", 400, "Every candidate's votes, valid, invalid and total are required."
    INVALID_CONTENT_RANGE = (
        "invalid_content_range",
        400,
        "A chunk needs `Content-Range: bytes START-END/TOTAL` agreeing with its length and its upload's total.",
    )
    INVALID_PAGE = "invalid_page", 400, "The page number or size is out of range."
    INVALID_SUBMISSION_ID = "invalid_submission_id", 400, "A submission id is 8-64 letters, digits, '-' or '_'."
    LOCK_WRONG_LEVEL = "lock_wrong_level", 403, "Only the officer of exactly this level signs off its recapitulation."
    NO_GEOGRAPHY = "no_geography", 400, "The electoral geography must be imported first (`suara import-geography`)."
    NO_RESULT_YET = "no_result_yet", 400, "The TPS has no result to correct."
    NO_SIREKAP_CANDIDATES = "no_sirekap_candidates", 400, "The contest's Sirekap candidate ids are not known."
    NOT_A_DIRECTORY = "not_a_directory", 400, "The import directory does not exist."
    OWN_CORRECTION = (
        "own_correction",
        403,
        "A correction is approved by another PPK officer than the one who proposed it.",
    )
    PHOTO_HASH_INVALID = (
        "photo_hash_invalid",
        400,
        "A photo is named by its SHA-256 in 64 lowercase hex digits, each at most once, 1-10 per tally.",
    )
    PHOTO_HASH_MISMATCH = (
        "photo_hash_mismatch",
        422,
        "The uploaded bytes do not hash to the photo's name: the partial upload is discarded.",
    )
    PHOTO_UPLOAD_FORBIDDEN = "photo_upload_forbidden", 403, "Only a KPPS (of any TPS) uploads form photos."
    PHOTO_UPLOADS_TOO_MANY = (
        "photo_uploads_too_many",
        429,
        "The account has too many unfinished photo uploads: finish or let them expire first.",
    )
    PHOTO_UPLOADS_TOO_LARGE = (
        "photo_uploads_too_large",
        413,
        "The account's unfinished photo uploads would hold too many bytes together.",
    )
    PHOTO_DECODE_BUSY = (
        "photo_decode_busy",
        503,
        "The server is checking many photos: send again after `Retry-After` seconds.",
    )
    PHOTOS_ALREADY_ATTACHED = (
        "photos_already_attached",
        409,
        "The standing version has its photos (or awaits named ones): change them by a correction.",
    )
    PHOTO_NOT_IMAGE = (
        "photo_not_image",
        (400, 422),
        "A photo is not valid base64, or not a whole JPEG or PNG image (422: a finished upload, discarded).",
    )
    PHOTO_REQUIRED = "photo_required", 400, "A photo of each page of the form is required."
    PHOTO_TOO_LARGE = (
        "photo_too_large",
        (400, 413, 422),
        "A photo is over 8 MB or 16 megapixels (413: an upload's declared total; 422: a finished upload).",
    )
    PHOTOS_TOO_LARGE = "photos_too_large", 400, "The submission's photos are too large together."
    RECEIPT_INVALID = (
        "receipt_invalid",
        400,
        "Not a receipt Suara issued for a stored version (the message says why: form, signature, version).",
    )
    REASON_CODE_INVALID = "reason_code_invalid", 400, "A correction's reason code must be one of the list."
    RECAP_ALREADY_LOCKED = "recap_already_locked", 409, "The level's recapitulation is already signed off."
    RECAP_EXISTS = "recap_exists", 409, "The contest already has a recapitulation: rebuild it instead."
    RECAP_INCOMPLETE = "recap_incomplete", 409, "Not every TPS beneath has a result: the level cannot be signed off."
    RECAP_LOCKED = "recap_locked", 409, "A level above is signed off: changes beneath are refused until it is reopened."
    RECAP_NOT_FOUND = "recap_not_found", 404, "No recapitulation of this region yet."
    RECAP_NOT_LOCKED = "recap_not_locked", 409, "The level is not signed off: there is nothing to reopen."
    REGION_OUTSIDE_CONTEST = "region_outside_contest", 400, "The region is outside the contest's area."
    RESULT_EXISTS = "result_exists", 409, "The TPS has a result: it changes only by a correction."
    RESULTS_ALREADY_IMPORTED = "results_already_imported", 409, "The contest holds results imported from another file."
    RULES_BROKEN = (
        "rules_broken",
        422,
        "The numbers break C.Hasil rules: `details` lists each (`code`, `message`, `fields`).",
    )
    SUBMISSION_ID_REUSED = (
        "submission_id_reused",
        409,
        "The submission id was used for a different body: send with a new id.",
    )
    SMS_BAD_CHECK_FORMAT = "sms_bad_check_format", 422, "An SMS tally ends with its check code of 6 digits."
    SMS_BAD_NUMBER = "sms_bad_number", 422, "An SMS tally's numbers are whole numbers of at most 5 digits."
    SMS_BAD_TPS = "sms_bad_tps", 422, "An SMS tally's third word is the TPS code of 13 digits."
    SMS_IN_PROGRESS = "sms_in_progress", 409, "The gateway posted the same message twice at once: the other answers."
    SMS_NOT_YOUR_TPS = (
        "sms_not_your_tps",
        403,
        "The sending phone is registered to no KPPS account of the TPS the SMS names.",
    )
    SMS_NUMBER_COUNT = (
        "sms_number_count",
        422,
        "An SMS tally has one number per candidate and 13 more (the message says how many were expected).",
    )
    SMS_PHONE_UNREGISTERED = "sms_phone_unregistered", 403, "The sending phone is registered to no active account."
    SMS_UNKNOWN_COMMAND = "sms_unknown_command", 422, "An SMS to the gateway starts with HASIL."
    SMS_UNKNOWN_CONTEST = (
        "sms_unknown_contest",
        422,
        "The SMS's contest code is not one of PPWP, DPR, DPD, DPRDP, DPRDK, GUB, BUP, WALI, or none at its TPS.",
    )
    TOO_MANY_PHOTOS = "too_many_photos", 400, "A submission carries at most 10 photos."
    UPLOAD_CHUNK_DIFFERS = (
        "upload_chunk_differs",
        409,
        "A chunk already received is sent again with other bytes: the upload keeps the first.",
    )
    UPLOAD_CHUNK_TOO_LARGE = "upload_chunk_too_large", 413, "A photo upload's chunk is at most 256 KiB."
    UPLOAD_OFFSET_MISMATCH = (
        "upload_offset_mismatch",
        409,
        "The chunk does not start where the upload stands: `details[0].received` says where to resume.",
    )
    UNKNOWN_CANDIDATE = "unknown_candidate", 400, "A ballot number is not in this contest."
    UNKNOWN_SOURCE = "unknown_source", 400, "The comparison source is not one Suara knows."
