from django.utils import translation

from suara.results.anomalies import FLAGS
from suara.results.labels import flag_text, rule_texts


def test_every_flag_has_its_english():
    with translation.override("en"):
        untranslated = [code for code in FLAGS if flag_text(code) == FLAGS[code]]
    assert untranslated == []


def test_flag_explanations_follow_the_language():
    with translation.override("en"):
        assert flag_text("J1") == "More votes than voters registered on the DPT."
        assert flag_text("J9") == "J9"
    with translation.override("id"):
        assert flag_text("J4") == FLAGS["J4"]


def test_the_pages_state_every_rule_in_the_words_of_the_rules():
    from suara.results.rules import RULES

    with translation.override("id"):
        assert rule_texts() == RULES
    with translation.override("en"):
        untranslated = [code for code, text in rule_texts().items() if text == RULES[code]]
        assert untranslated == []  # every rule has its English


def test_a_broken_rules_message_follows_the_language_and_keeps_its_numbers():
    from suara.results.labels import rule_message
    from suara.results.rules import check

    breach = check({"valid": 10, "invalid": 2, "total": 13})[0].as_dict()
    assert breach["code"] == "R2"
    with translation.override("en"):
        assert rule_message(breach) == "Valid plus invalid votes must equal the total votes. (10 + 2 ≠ 13)"
    with translation.override("id"):
        assert rule_message(breach) == breach["message"]
    assert rule_message({"code": "X", "message": "other"}) == "other"


def test_contest_names_follow_the_language(pemilu_2024, client):
    from suara.elections.models import Contest

    ppwp = Contest.objects.get(slug="ppwp-2024")
    assert ppwp.name_en == "2024 Presidential and Vice-Presidential Election"
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "2024 Presidential and Vice-Presidential Election" in client.get("/hasil/").content.decode()


def test_pilkada_contests_have_english_names(geography, pemilu_2024):
    from suara.elections.models import Contest

    names = dict(Contest.objects.filter(slug__in=["pilbup-2024-3276", "pilgub-2024-32"]).values_list("slug", "name_en"))
    assert names == {
        "pilbup-2024-3276": "2024 Depok City Mayoral Election",
        "pilgub-2024-32": "2024 Jawa Barat Province Gubernatorial Election",
    }
