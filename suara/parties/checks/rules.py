"""The checks' arithmetic. Pure: no Django.

- Age: a listing is underage when the person is under 17 on the check date (``people.eligibility``),
  which SQL asks as "born after ``underage_cutoff(day)``".
- The membership requirement per kab/kota (UU 7/2017 art. 173(2) huruf f: "memiliki anggota
  sekurang-kurangnya 1.000 (seribu) orang atau 1/1.000 (satu perseribu) dari jumlah Penduduk pada
  kepengurusan partai politik ... yang dibuktikan dengan kepemilikan kartu tanda anggota"). Read as KPU
  applied it for 2024 (PKPU 4/2022; the minimum per kab/kota fixed in Keputusan KPU 258/2022): 1,000
  members, or one per thousand inhabitants where that is fewer, rounded up, i.e.
  ``min(1000, ceil(population / 1000))``. KPU Kulon Progo, under that decision: 442,838 inhabitants, at
  least 443 members (ANTARA, 2022). A kab/kota of 2.5 million needs 1,000. Without an imported population
  figure the 1,000 floor applies (the stricter reading, never a requirement too low).
"""

from __future__ import annotations

from datetime import date

MEMBERSHIP_AGE = 17
REQUIRED_MEMBERS_FLOOR = 1000
INHABITANTS_PER_MEMBER = 1000


def underage_cutoff(day: date) -> date:
    """The latest birth date of someone who is 17 on ``day``: born after it, they are under 17 then
    (someone born on 29 February turns a year older on 1 March, as ``people.eligibility.age_on``)."""
    year = day.year - MEMBERSHIP_AGE
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a year that has none
        return date(year, 2, 28)


def required_members(population: int | None) -> int:
    """The members a party needs in a kab/kota of ``population`` inhabitants (None: no figure imported)."""
    if population is None:
        return REQUIRED_MEMBERS_FLOOR
    return min(REQUIRED_MEMBERS_FLOOR, max(1, -(-population // INHABITANTS_PER_MEMBER)))
