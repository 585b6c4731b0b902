"""The audit actions of accounts (see ``audit.actions``). Pure."""

from __future__ import annotations

from suara.audit.actions import AuditActions


class AccountAuditAction(AuditActions):
    ACCOUNT_CREATE = (
        "accounts.account_create",
        "An officer created an account with its role and scope (object: the username).",
    )
    ACCOUNT_REACTIVATE = "accounts.account_reactivate", "A suspended account was reactivated."
    ACCOUNT_SUSPEND = "accounts.account_suspend", "An account was suspended (its tokens stop working)."
    ACTIVATE = "accounts.activate", "An officer set their first password with their one-time code."
    BULK_CREATE = (
        "accounts.bulk_create",
        "Accounts created for every TPS (or region) of a region that had none, with the counts (object: the region).",
    )
    BULK_REISSUE = (
        "accounts.bulk_reissue",
        "New one-time codes for a region's accounts never activated, with the count.",
    )
    DEVICE_TOKEN_ISSUE = (
        "accounts.device_token_issue",
        "A KPPS's device got an API token for the field app (its label; a former token of that label revoked with it).",
    )
    ORGANISATION_SAVE = (
        "accounts.organisation_save",
        "An organisation was created or changed: name, kind, region, report time, report addresses (object: its code).",
    )
    PASSWORD_RESET = "accounts.password_reset", "An account's password was reset and a new one-time code issued."
    PASSWORD_SET = "accounts.password_set", "A password was set (by its owner with a code, or by a command)."
    PHONE_SET = (
        "accounts.phone_set",
        "An account's registered mobile number was set or cleared (object: the username; the number masked).",
    )
    ROLE_ASSIGN = "accounts.role_assign", "A role over a scope was given to an account."
    ROLE_REVOKE = "accounts.role_revoke", "A role was taken from an account."
    TOKEN_ISSUE = "accounts.token_issue", "An API token was issued (its prefix, never the token)."
    TOKEN_REVOKE = "accounts.token_revoke", "An API token was revoked."
    TOKENS_REVOKE = "accounts.tokens_revoke", "Every live token of an account was revoked, with the count."
    TWO_FACTOR_ENROL = "accounts.two_factor_enrol", "An officer set up two-factor sign-in."
    TWO_FACTOR_PROVISION = "accounts.two_factor_provision", "Two-factor sign-in was set up for an account by a command."
    TWO_FACTOR_RESET = (
        "accounts.two_factor_reset",
        "An account's two-factor device was removed; it enrols again at its next sign-in.",
    )
    USER_CREATE = "accounts.user_create", "An account was created with a password (commands and demo data)."
