"""Pure: the sample size of factual verification, by Krejcie & Morgan (1970), "Determining sample size for
research activities", Educational and Psychological Measurement 30: 607–610 — the table PKPU 4/2022
art. 85 has KPU use for each party in each kab/kota.

    s = X² N P (1 − P) / (d² (N − 1) + X² P (1 − P))

with X² = 3.841 (chi-square, 1 degree of freedom, 95% confidence), P = 0.5 and d = 0.05. The paper's table
rounds s to the NEAREST whole number, not up: rounding up gives 15 for N = 15 where the table says 14, and
45 for N = 50 where it says 44 (44.34). Rounding to nearest reproduces every one of the table's 90
entries (the test types them all in), so no entry is a typo of ours to explain. The arithmetic is exact
(fractions), so no float can tip a value across a half.
"""

from __future__ import annotations

from fractions import Fraction

CHI_SQUARE = Fraction(3841, 1000)  # 1 df, 95%: 1.96² = 3.8416, which the paper writes 3.841
PROPORTION = Fraction(1, 2)
MARGIN = Fraction(5, 100)
FORMULA = "krejcie-morgan-1970 (X2=3.841, P=0.5, d=0.05, dibulatkan ke bilangan terdekat)"


def exact_size(population: int) -> Fraction:
    """The formula's value before rounding."""
    if population < 1:
        raise ValueError("population must be at least 1")
    pq = PROPORTION * (1 - PROPORTION)
    return CHI_SQUARE * population * pq / (MARGIN * MARGIN * (population - 1) + CHI_SQUARE * pq)


def sample_size(population: int) -> int:
    """How many of ``population`` members to verify: the formula rounded to nearest (half up), never more
    than the population (N = 1 gives 1; 0 members give 0)."""
    if population <= 0:
        return 0
    value = exact_size(population)
    rounded = int(value + Fraction(1, 2))  # floor(v + ½): half up; v is positive
    return min(population, max(1, rounded))
