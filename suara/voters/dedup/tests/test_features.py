"""The features duplicate detection compares (pure): what they see through, and what they keep apart."""

from __future__ import annotations

from datetime import date

from hypothesis import assume, given
from hypothesis import strategies as st

from suara.voters.dedup.features import (
    name_features,
    name_tokens,
    same_with_day_month_swapped,
    sound_key,
    swapped_birth_date,
)
from suara.voters.names import PREFIX_TITLES, SUFFIX_TITLES

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=10)
WORDS = st.lists(WORD, min_size=1, max_size=4)


@given(WORDS, st.randoms())
def test_word_order_does_not_matter(words, rng):
    # A title counts only where titles stand ("KH Ahmad", not "Ahmad KH"), so moving one changes the name.
    assume(not any(word in PREFIX_TITLES or word in SUFFIX_TITLES for word in words))
    shuffled = list(words)
    rng.shuffle(shuffled)
    assert name_features(" ".join(words)) == name_features(" ".join(shuffled))


@given(
    WORDS, st.sampled_from(["H.", "Hj.", "Dr.", "Ir.", "Drs."]), st.sampled_from(["", ", S.Pd.", ", S.H.", " S.Kom."])
)
def test_titles_and_case_do_not_matter(words, title, degree):
    assume(not any(word in PREFIX_TITLES or word in SUFFIX_TITLES for word in words))  # "Ny" is a title
    name = " ".join(words)
    assert name_features(f"{title} {name.upper()}{degree}").words == name_features(name).words


@given(WORD)
def test_doubled_letters_and_vowel_slips_keep_the_sound_key(word):
    doubled = word[0] + "".join(c * 2 for c in word[1:])
    assert sound_key(doubled) == sound_key(word)
    slipped = word[0] + word[1:].translate(str.maketrans("aeiou", "eiuoa"))
    assume("oe" not in word and "oe" not in slipped)  # "oe" is the old spelling of "u": a letter, not two
    assert sound_key(slipped) == sound_key(word)


def test_spelling_variants_share_sound_keys():
    for group in (
        ("Muhammad", "Muhamad", "Mohammad", "Mohamad", "Moh.", "Muh.", "M."),
        ("Ahmad", "Achmad", "Akhmad", "Ahmat"),
        ("Abdul", "Abd.", "Abdoel"),
        ("Siti", "Sitti", "St."),
        ("Yusuf", "Yusup", "Jusuf"),
        ("Syaiful", "Saiful"),
        ("Rahmat", "Rachmat", "Rakhmat"),
        ("Slamet", "Selamet"),
        ("Sutrisno", "Soetrisno"),
        ("Rizki", "Rizky", "Rizqi"),
    ):
        assert len({name_features(f"{variant} Pratama").sounds for variant in group}) == 1, group


def test_different_names_keep_different_keys():
    assert name_features("Budi Santoso").sounds != name_features("Agus Salim").sounds
    assert name_features("Sari").sounds != name_features("Siti").sounds


def test_abbreviations_are_written_out():
    assert name_tokens("Moh. Rizki") == ["muhammad", "rizki"]
    assert name_tokens("Abd. Karim") == ["abdul", "karim"]


def test_first_and_last_sound_keys_survive_a_slip_in_the_other_word():
    a, b = name_features("Budi Santoso Wibowo"), name_features("Budi Santoso Wiboko")
    assert a.sound_first == b.sound_first and a.sound_last != b.sound_last


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2010, 12, 31)))
def test_day_month_swap_is_an_involution(born):
    swapped = swapped_birth_date(born)
    if born.day > 12 or born.day == born.month:
        assert swapped is None
    else:
        assert swapped != born
        assert swapped_birth_date(swapped) == born
        assert same_with_day_month_swapped(born, swapped) and same_with_day_month_swapped(swapped, born)


def test_day_month_swap_examples():
    assert swapped_birth_date(date(1990, 5, 7)) == date(1990, 7, 5)
    assert swapped_birth_date(date(1990, 5, 17)) is None
    assert swapped_birth_date(date(1990, 3, 3)) is None
    assert not same_with_day_month_swapped(date(1990, 5, 7), date(1990, 5, 7))


def test_a_name_of_titles_only_or_nothing_has_empty_features():
    assert name_features("").words == "" and name_features("").sound_first == ""
    assert name_features("...").sounds == ""


def test_a_title_counts_only_before_the_name():
    assert name_features("KH Ahmad Dahlan").words == name_features("Ahmad Dahlan").words
    assert name_features("Ahmad Kh").words == "ahmad kh"
