"""The error codes of the voter register: its fields' form, the NIK rules, eligibility, DPB writes and
period locks, imports, jobs, duplicates, allocation and cek DPT (see ``core.errors``). Pure."""

from __future__ import annotations

from suara.core.errors import ErrorCodes


class VoterErrorCode(ErrorCodes):
    ADDRESS_TOO_LONG = "address_too_long", 400, "The address is at most 250 characters."
    ALREADY_ACTIVE = "already_active", 409, "The voter is already active."
    ALREADY_TMS = "already_tms", 409, "The voter is already marked TMS (not eligible)."
    BATCH_INVALID = "batch_invalid", 400, "An import's batch name is 1 to 40 characters."
    BATCH_NOT_FOUND = "batch_not_found", 404, "No import batch with this name."
    BIRTH_PLACE_TOO_LONG = "birth_place_too_long", 400, "The birth place is at most 100 characters."
    DESA_UNMAPPED = "desa_unmapped", 400, "The desa has no Kemendagri code yet: voters cannot be moved there."
    DISABILITY_TOO_LONG = "disability_too_long", 400, "The disability note is at most 60 characters."
    DPB_PERIOD_LOCKED = (
        "dpb_period_locked",
        409,
        "The kab/kota's DPB period covering today is signed: the register is closed.",
    )
    EVIDENCE_REQUIRED = "evidence_required", 400, "A note with the evidence for the change is required."
    EXTRA_NOT_IN_PAIR = "extra_not_in_pair", 400, "The voter named as the extra one is not in the pair."
    IMPORT_BAD_HEADER = "import_bad_header", 400, "The file's first line is not the expected column header."
    IMPORT_BAD_XLSX = "import_bad_xlsx", 400, "The XLSX file cannot be opened."
    IMPORT_EMPTY = "import_empty", 400, "The file is empty."
    IMPORT_NOT_UTF8 = "import_not_utf8", 400, "The file is not UTF-8 text."
    IMPORT_XLS_UNSUPPORTED = (
        "import_xls_unsupported",
        400,
        "Excel 97-2003 (XLS) files are not read: save as XLSX or CSV.",
    )
    INVALID_BIRTH_DATE = "invalid_birth_date", 400, "The birth date is not a date (YYYY-MM-DD)."
    INVALID_DATE = "invalid_date", 400, "A date is not in the form YYYY-MM-DD."
    INVALID_FORMAT = "invalid_format", 400, "A DPB report is xlsx or pdf."
    INVALID_KK = "invalid_kk", 400, "A KK number is 16 digits."
    INVALID_MARITAL = "invalid_marital", 400, "The marital status is B, S or P."
    INVALID_MAX_PER_TPS = "invalid_max_per_tps", 400, "The most voters per TPS is a whole number of at least 1."
    INVALID_PERIOD = "invalid_period", 400, "A period ends on or after its start."
    INVALID_RT = "invalid_rt", 400, "An RT is at most 3 digits."
    INVALID_RW = "invalid_rw", 400, "An RW is at most 3 digits."
    INVALID_SEX = "invalid_sex", 400, "The sex is L or P."
    INVALID_STATUS = "invalid_status", 400, "The status filter is aktif or tms."
    LOCK_ALREADY_REOPENED = "lock_already_reopened", 409, "The DPB period was already reopened."
    LOCK_NOT_FOUND = "lock_not_found", 404, "No signed DPB period with this id."
    MOVE_DESTINATION_REQUIRED = "move_destination_required", 400, "A move needs a destination desa or TPS."
    MOVE_TO_SAME_PLACE = "move_to_same_place", 400, "The voter is already registered at the destination."
    NIK_REGISTERED = "nik_registered", 409, "The NIK is already registered as a voter."
    NO_CHANGES = "no_changes", 400, "The correction changes nothing."
    NOTE_TOO_LONG = "note_too_long", 400, "A note is at most 1000 characters."
    OVERSEAS_NOT_ALLOCATED = "overseas_not_allocated", 400, "TPS allocation is for regions in Indonesia only."
    PAIR_DECIDED = "pair_decided", 409, "The duplicate pair was already decided."
    PAIR_NOT_FOUND = "pair_not_found", 404, "No duplicate pair with this id."
    PAIR_OUTSIDE_AREA = "pair_outside_area", 403, "The duplicate pair is outside your region."
    PERIOD_IN_FUTURE = "period_in_future", 400, "A report's period ends today at the latest."
    PERIOD_OVERLAPS = "period_overlaps", 409, "The period overlaps one already signed."
    REGIONS_NOT_LOADED = (
        "regions_not_loaded",
        400,
        "The Kemendagri regions must be loaded first (`suara load-regions`).",
    )
    REGISTER_CHANGED = (
        "register_changed",
        409,
        "The register changed during the import (a NIK registered elsewhere): import again.",
    )
    TPS_NOT_IN_DESA = "tps_not_in_desa", 400, "The TPS is not in the desa given."
    UNKNOWN_FIELD = "unknown_field", 400, "A field that a correction cannot change (desa and TPS change by a move)."
    UNKNOWN_TMS_CODE = "unknown_tms_code", 400, "A TMS code is 1 to 8."
    VOTER_NOT_ACTIVE = "voter_not_active", 409, "The voter is TMS: reinstate them first."
    VOTER_NOT_FOUND = "voter_not_found", 404, "No voter with this id or NIK in your region."
