"""The error codes of accounts, tokens, activation and two-factor sign-in (see ``core.errors``). Pure."""

from __future__ import annotations

from suara.core.errors import ErrorCodes


class AccountErrorCode(ErrorCodes):
    INVALID_PHONE = "invalid_phone", 400, "Not an Indonesian mobile number (+62 8..., 08..., 628...)."
    ACCOUNT_NOT_FOUND = "account_not_found", 404, "No account with this id among those you manage."
    ACCOUNT_SUSPENDED = "account_suspended", 403, "The account is suspended: it cannot be activated or used."
    ALREADY_ASSIGNED = "already_assigned", 409, "The account already holds this role over this scope."
    ALREADY_SUSPENDED = "already_suspended", 409, "The account is already suspended."
    ASSIGNMENT_NOT_FOUND = "assignment_not_found", 404, "The account holds no such role."
    BULK_CONFLICT = "bulk_conflict", 409, "Another process is creating the same accounts: try again."
    BULK_ROLE_UNSUPPORTED = "bulk_role_unsupported", 400, "Accounts of this role are not created in bulk."
    CANNOT_SUSPEND_SELF = "cannot_suspend_self", 409, "An officer cannot suspend their own account."
    CODE_EXPIRED = "code_expired", 400, "The one-time code has expired: ask for a new one."
    DEVICE_NOT_ALLOWED = "device_not_allowed", 403, "Only a KPPS gets a device token for the field app."
    INVALID_CODE = "invalid_code", 400, "Unknown username or wrong one-time code (the same answer for both)."
    INVALID_ORGANISATION = (
        "invalid_organisation",
        400,
        "An organisation's code, name, kind, region, report time or e-mail address is refused (`field` says which).",
    )
    ORGANISATION_NOT_FOUND = "organisation_not_found", 404, "No organisation with this code."
    INVALID_DEVICE_LABEL = "invalid_device_label", 400, "A device label is 1-60 printable characters."
    INVALID_OTP = "invalid_otp", 400, "The authenticator code does not match."
    INVALID_RATE = "invalid_rate", 400, "A token's rate limit is outside the allowed range."
    INVALID_SCOPE = "invalid_scope", 400, "The scope does not fit the role (its level or form)."
    INVALID_TOKEN_NAME = "invalid_token_name", 400, "A token needs a name of at most 100 characters."
    INVALID_USERNAME = "invalid_username", 400, "A username is 3-50 lowercase letters, digits, '.', '_' or '-'."
    LAST_ROLE = "last_role", 409, "The account's last role cannot be taken: suspend the account instead."
    NO_LIVE_TOKENS = "no_live_tokens", 409, "The account has no token to revoke."
    NOT_SUSPENDED = "not_suspended", 409, "The account is not suspended."
    NOTHING_TO_REISSUE = "nothing_to_reissue", 409, "No account of that role there waits for activation."
    TOKEN_ALREADY_REVOKED = "token_already_revoked", 409, "The token is already revoked."
    TWO_FACTOR_ENROLLED = "two_factor_enrolled", 409, "Two-factor sign-in is already set up for the account."
    TWO_FACTOR_NOT_ENROLLED = "two_factor_not_enrolled", 409, "The account has no two-factor sign-in to reset."
    TWO_FACTOR_NOT_STARTED = "two_factor_not_started", 409, "Two-factor enrolment was not started: start again."
    UNKNOWN_ORGANISATION = "unknown_organisation", 400, "No organisation with the scope's code."
    UNKNOWN_ROLE = "unknown_role", 400, "No such role."
    UNKNOWN_SCOPE = "unknown_scope", 400, "No region or TPS with the scope's code."
    USER_INACTIVE = "user_inactive", 409, "A token cannot be issued to an inactive account."
    USERNAME_TAKEN = "username_taken", 409, "The username is taken."
    WEAK_PASSWORD = "weak_password", 400, "The password is refused by the password rules (the message says which)."
