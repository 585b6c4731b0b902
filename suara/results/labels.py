"""The anomaly flags' explanations and the tally rules' messages in the page's language. Their words live
in the pure modules (``anomalies.FLAGS``, ``rules.RULES``, marked for translation there); the API and the
PDF say them in Indonesian, the pages translate them here."""

from django.utils.translation import gettext

from suara.results.anomalies import FLAGS
from suara.results.rules import RULES


def rule_texts() -> dict[str, str]:
    """Every rule's message in the active language (for the browser's rules.js on the entry pages)."""
    return {code: gettext(text) for code, text in RULES.items()}


def rule_message(breach: dict) -> str:
    """A broken rule's message (``Breach.as_dict()``) in the active language, its numbers kept."""
    code, message = breach.get("code", ""), breach.get("message", "")
    base = RULES.get(code)
    if base and message.startswith(base):
        return f"{gettext(base)}{message[len(base) :]}"
    return message


def flag_text(code: str) -> str:
    """The flag's explanation in the active language (the code itself for an unknown flag)."""
    return gettext(FLAGS[code]) if code in FLAGS else code
