"""Name keys and masks: what a private lookup (cek DPT) treats as the same name, and what it shows of it."""

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from suara.people import names
from suara.people.names import PREFIX_TITLES, SUFFIX_TITLES, mask_name, name_key


@pytest.mark.parametrize(
    "written",
    [
        "Budi Santoso",
        "BUDI SANTOSO",
        "  budi   santoso ",
        "Budisantoso",
        "H. Budi Santoso",
        "Dr. Ir. Budi Santoso",
        "Prof. Dr. Budi Santoso, M.Si.",
        "Budi Santoso, S.Pd.",
        "Budi Santoso, S.H., M.H.",
        "Budi Santoso S.Pd",
        "Budi Santoso S. Pd.",
        "Budi-Santoso",
        "Búdi Santoso",
    ],
)
def test_case_spacing_punctuation_and_titles_are_ignored(written):
    assert name_key(written) == "budisantoso"


@pytest.mark.parametrize("written", ["Hj. Siti Aminah", "HJ SITI AMINAH", "Siti Aminah, S.E."])
def test_hajjah_and_degrees(written):
    assert name_key(written) == "sitiaminah"


@pytest.mark.parametrize(
    ("one", "other"),
    [("Budi Santoso", "Budi Santosa"), ("Muhammad Rizki", "Muhamad Rizki"), ("Budi Santoso", "Santoso Budi")],
)
def test_different_spellings_are_different_names(one, other):
    # Deliberately strict: cek DPT confirms identity, it does not guess.
    assert name_key(one) != name_key(other)


def test_a_name_that_ends_in_a_plain_word_spelling_a_degree_keeps_it():
    assert name_key("Ahmad Ma") == "ahmadma"
    assert name_key("H") == "h"  # a lone word is never dropped as a title


# Words that are not titles themselves (a leading "h" would rightly be dropped as "Haji").
word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8).filter(
    lambda w: w not in PREFIX_TITLES and w not in SUFFIX_TITLES
)
words = st.lists(word, min_size=1, max_size=4)


@given(words, st.sampled_from(["H.", "Hj.", "Dr.", "Ir.", "Prof.", "Drs."]), st.sampled_from(["S.Pd.", "S.H.", "M.M."]))
def test_titles_around_any_name_are_ignored(parts, prefix, suffix):
    plain = " ".join(parts)
    assert name_key(f"{prefix} {plain.upper()}, {suffix}") == name_key(plain) == "".join(parts)


@given(words)
def test_the_mask_keeps_word_lengths_and_at_most_two_letters(parts):
    masked = mask_name(" ".join(parts)).split(" ")
    assert [len(w) for w in masked] == [len(p) for p in parts]
    for word, part in zip(masked, parts, strict=True):
        shown = word.rstrip("*")
        assert len(shown) <= 2 and part.upper().startswith(shown) and len(shown) < max(len(part), 2)


def test_the_mask_as_cek_dpt_shows_it():
    assert mask_name("Budi Santoso") == "BU** SA*****"
    assert mask_name("H. Ani Yusuf, S.Pd.") == "A** YU***"


@given(st.text(alphabet=st.characters(codec="ascii"), max_size=40))
def test_an_ascii_name_keys_as_its_decomposed_form_would(text):
    """The shortcuts for ASCII (no decomposition, letters-only words kept as they are) change nothing."""
    slow = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    assert names._ascii_lower(text) == slow
    for token in slow.split():
        assert names._compact(token) == re.sub("[^a-z]+", "", token)
