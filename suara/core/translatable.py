"""Marking a text for translation where Django is not imported. Pure: no Django.

``makemessages`` collects every ``gettext_noop("...")`` call into the catalogue; the text itself stays
the Indonesian original (what the API and the PDF say), and a page translates it as it shows it,
``gettext(text)``. So a rule's or a flag's words live in one place, its pure module.
"""


def gettext_noop(text: str) -> str:
    return text
