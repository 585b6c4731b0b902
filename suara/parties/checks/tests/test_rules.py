"""The pure rules of the checks: the occupation matcher, the underage cutoff, the requirement."""

from datetime import date, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from suara.parties.checks.occupations import FORMER, BarredOccupation, barred_occupation, words
from suara.parties.checks.rules import required_members, underage_cutoff
from suara.people.eligibility import age_on

B = BarredOccupation
EXAMPLES = {
    "PNS": B.ASN,
    "Pegawai Negeri Sipil (PNS)": B.ASN,
    "p.n.s.": B.ASN,
    "Guru PPPK": B.ASN,
    "P3K": B.ASN,
    "Aparatur Sipil Negara": B.ASN,
    "TNI": B.TNI,
    "Anggota TNI-AD": B.TNI,
    "Tentara Nasional Indonesia": B.TNI,
    "POLRI": B.POLRI,
    "Pol-RI": B.POLRI,
    "polisi": B.POLRI,
    "Kepala Desa": B.VILLAGE_HEAD,
    "KADES": B.VILLAGE_HEAD,
    "Lurah": B.VILLAGE_HEAD,
    "Keuchik Gampong": B.VILLAGE_HEAD,
    "Wali Nagari": B.VILLAGE_HEAD,
    "Komisioner KPU": B.ELECTION_OFFICER,
    "Anggota Bawaslu Kab.": B.ELECTION_OFFICER,
    "Ketua PPK": B.ELECTION_OFFICER,
    "anggota pps": B.ELECTION_OFFICER,
    "KPPS": B.ELECTION_OFFICER,
    "Panwaslu Kecamatan": B.ELECTION_OFFICER,
    "Panwascam": B.ELECTION_OFFICER,
    "Komisi Pemilihan Umum": B.ELECTION_OFFICER,
}
FREE = [
    "Petani",
    "Wiraswasta",
    "Karyawan Swasta",
    "Ibu Rumah Tangga",
    "Pelajar/Mahasiswa",
    "Buruh Harian Lepas",
    "Pedagang",
    "Nelayan",
    "Guru Honorer",
    "Kepala Dusun",
    "Polisi Pamong Praja",
    "Sopir",
    "Pensiunan PNS",
    "Purnawirawan TNI",
    "Mantan Kepala Desa",
    "",
]
SAFE_WORDS = ["petani", "swasta", "karyawan", "pedagang", "dan", "di", "kota", "guru", "honorer", "buruh", "tani"]


def test_the_examples():
    for text, kind in EXAMPLES.items():
        assert barred_occupation(text) == kind, text
    for text in FREE:
        assert barred_occupation(text) is None, text


def _respell(text: str, data) -> str:
    """The same words in another case, with other separators."""
    seps = st.sampled_from([" ", "  ", " - ", ", ", " / ", "\t", ". "])
    out = []
    for word in words(text):
        word = "".join(c.upper() if data.draw(st.booleans()) else c for c in word)
        out.append(word)
        out.append(data.draw(seps))
    return data.draw(st.sampled_from(["", " ", "("])) + "".join(out)


@given(st.sampled_from(sorted(EXAMPLES)), st.data())
def test_case_spacing_and_punctuation_do_not_matter(text, data):
    assert barred_occupation(_respell(text, data)) == EXAMPLES[text]


@given(st.sampled_from(sorted(EXAMPLES)), st.lists(st.sampled_from(SAFE_WORDS), max_size=4), st.data())
def test_a_barred_occupation_in_other_words_is_still_barred(text, before, data):
    after = data.draw(st.lists(st.sampled_from(SAFE_WORDS), max_size=4))
    assert barred_occupation(" ".join([*before, text, *after])) == EXAMPLES[text]


@given(st.sampled_from(sorted(EXAMPLES)), st.sampled_from(sorted(FORMER)))
def test_someone_who_left_is_not_barred(text, former):
    assert barred_occupation(f"{former} {text}") is None


@given(st.lists(st.sampled_from(SAFE_WORDS), max_size=6))
def test_ordinary_words_never_bar(chosen):
    assert barred_occupation(" ".join(chosen)) is None


@given(st.text(max_size=60))
def test_any_text_is_judged_without_error(text):
    assert barred_occupation(text) in (None, *BarredOccupation)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)), st.integers(-400, 400))
def test_underage_cutoff_agrees_with_age_on(day, offset):
    born = underage_cutoff(day) + timedelta(days=offset)
    assume(born <= day)
    assert (born > underage_cutoff(day)) == (age_on(born, day) < 17)


def test_the_requirement():
    assert required_members(None) == 1000
    assert required_members(0) == 1
    assert required_members(250_000) == 250
    assert required_members(250_001) == 251
    assert required_members(442_838) == 443  # Kabupaten Kulon Progo, Keputusan KPU 258/2022
    assert required_members(1_000_000) == 1000
    assert required_members(2_500_000) == 1000


@given(st.integers(0, 50_000_000))
def test_the_requirement_is_one_per_thousand_never_above_1000(population):
    need = required_members(population)
    assert 1 <= need <= 1000
    assert need == 1000 or need * 1000 >= population > (need - 1) * 1000 or population == 0
