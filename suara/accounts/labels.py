"""The roles' names in the page's language: ``roles.ROLE_LABELS`` holds them, in Indonesian and marked for
translation (the API, the PDF and the pure rules' messages use them as they are); pages translate them
here."""

from django.utils.translation import gettext

from suara.accounts.roles import ROLE_LABELS, Role


def role_label(role: str) -> str:
    try:
        return gettext(ROLE_LABELS[Role(role)])
    except (ValueError, KeyError):
        return role  # not a role: its code
