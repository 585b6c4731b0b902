"""The features duplicate detection compares (pure): what they see through, and what they keep apart."""

from __future__ import annotations

from datetime import date

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from suara.people.names import PREFIX_TITLES, SUFFIX_TITLES
from suara.voters.dedup.features import (
    expand_places,
    name_features,
    name_tokens,
    place_key,
    place_letters,
    related_birth_dates,
    same_with_day_month_swapped,
    sound_key,
    swapped_birth_date,
    year_later,
)

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


# Issue 12: birth dates written wrong, places written short ------------------------------------------------

DATES = st.dates(min_value=date(1920, 1, 1), max_value=date(2012, 12, 31))


@settings(deadline=None, max_examples=40)  # one feature table each; the first call loads DuckDB
@given(st.lists(DATES, min_size=1, max_size=20))
def test_the_feature_tables_dates_are_the_pure_rules(dates):
    # ``pairs.prepare`` computes in SQL what the incremental run's database slice assumes in Python.
    from suara.voters.dedup import pairs

    con = pairs.connect(1)
    con.execute(
        "create table register as select i::bigint as unique_id, 'x' as nik, '' as kk, 'Budi' as name, 'Depok' as "
        "birth_place, d as birth_date, 'L' as sex, 'S' as marital, '' as address, '' as rt, '' as rw, '' as desa "
        "from (select unnest(?::date[]) as d, generate_subscripts(?::date[], 1) as i)",
        [dates, dates],
    )
    pairs.prepare(con)
    rows = con.execute(
        f"select birth_date, birth_date_swapped, birth_date_next, birth_date_swapped_next from {pairs.FEATURES}"  # noqa: S608
    ).fetchall()
    con.close()
    assert len(rows) == len(dates)
    for born, swapped, later, swapped_later in rows:
        assert swapped == swapped_birth_date(born)
        assert later == year_later(born)
        assert swapped_later == (None if swapped is None else year_later(swapped))


@given(DATES, DATES)
def test_every_date_the_blocking_rules_pair_is_a_related_date(born, other):
    # The rules pair records born on the same date, day and month swapped, or the year one off either way
    # (``birth_date_next`` one way or the other); an incremental run fetches exactly ``related_birth_dates``.
    blocked = (
        other == born
        or swapped_birth_date(born) == other
        or swapped_birth_date(other) == born
        or year_later(born) == other
        or year_later(other) == born
        or (swapped_birth_date(born) is not None and year_later(swapped_birth_date(born)) == other)
        or (swapped_birth_date(other) is not None and year_later(swapped_birth_date(other)) == born)
    )
    if blocked:
        assert other in related_birth_dates(born)
        assert born in related_birth_dates(other)


@given(DATES)
def test_the_related_dates_are_the_same_swapped_and_a_year_off(born):
    swapped = swapped_birth_date(born)
    for other in related_birth_dates(born):
        year_off = abs(other.year - born.year) == 1
        assert (
            other == born
            or swapped == other
            or year_off
            and (other.month, min(other.day, 28)) == (born.month, min(born.day, 28))
            or year_off
            and swapped is not None
            and (other.month, other.day) == (swapped.month, swapped.day)
        )


def test_29_february_pairs_with_28_february_a_year_on():
    assert date(2004, 2, 29) in related_birth_dates(date(2005, 2, 28))
    assert date(2005, 2, 28) in related_birth_dates(date(2004, 2, 29))


def test_places_written_short_share_the_full_names_key():
    counts = {"jakarta": 90, "jkt": 3, "bandung": 50, "bdg": 2, "surabaya": 20, "sby": 1, "soerabaja": 1,
              "tasikmalaya": 9, "tasik": 2, "medan": 8, "madiun": 5, "mdn": 1, "solo": 6, "solok": 1}  # fmt: skip
    expanded = expand_places(counts)
    assert place_key("jkt", expanded) == place_key("jakarta", expanded) == place_key("djakarta", expanded)
    assert place_key("bdg", expanded) == place_key("bandung", expanded)
    assert place_key("sby", expanded) == place_key("soerabaja", expanded) == place_key("surabaya", expanded)
    assert place_key("tasik", expanded) == place_key("tasikmalaya", expanded)
    assert place_key("mdn", expanded) == place_key("medan", expanded) != place_key("madiun", expanded)
    assert "solo" not in expanded  # a common place is not a shortening of a rarer one


@given(st.dictionaries(WORD, st.integers(min_value=1, max_value=1000), max_size=12))
def test_a_short_form_expands_only_to_a_commoner_place_holding_its_letters(counts):
    for short, full in expand_places(counts).items():
        assert counts[full] > counts[short] and full[0] == short[0] and len(full) > len(short)
        letters = iter(full)
        assert all(letter in letters for letter in short)


@given(WORD)
def test_case_dots_and_spaces_do_not_change_a_place(word):
    assert place_letters(f" {word.upper()}. ") == place_letters(word) == word
