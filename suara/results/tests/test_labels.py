from django.utils import translation

from suara.results.anomalies import FLAGS
from suara.results.labels import FLAG_TEXTS, flag_text


def test_the_pages_explain_every_flag_in_the_words_of_the_rules():
    with translation.override("id"):
        assert {code: str(text) for code, text in FLAG_TEXTS.items()} == FLAGS


def test_flag_explanations_follow_the_language():
    with translation.override("en"):
        assert flag_text("J1") == "More votes than voters registered on the DPT."
        assert flag_text("J9") == "J9"
    with translation.override("id"):
        assert flag_text("J4") == FLAGS["J4"]
