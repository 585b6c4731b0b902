"""Synthetic party members in the upload format (``members.rows.COLUMNS``), for tests, the demo and the
benchmarks: never real people. Pure: no Django; deterministic per seed.

People come from the synthetic voters' generator (``voters.synthetic``: valid NIKs of the desa's
kecamatan, names, ages of adults), with an occupation and a membership card number added. A few
occupations are ones a member may not hold (TNI, POLRI, ASN, a village head): the checks must find them.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterable, Iterator, Sequence

from suara.parties.members.rows import COLUMNS
from suara.voters.synthetic.voters import SyntheticVoters

OCCUPATIONS = (
    ("Wiraswasta", 22), ("Karyawan Swasta", 20), ("Mengurus Rumah Tangga", 16), ("Petani/Pekebun", 8),
    ("Pedagang", 8), ("Buruh Harian Lepas", 7), ("Pelajar/Mahasiswa", 5), ("Guru", 3), ("Pensiunan", 3),
    ("Sopir", 2), ("Nelayan", 1), ("Pegawai Negeri Sipil (PNS)", 0.5), ("Anggota TNI", 0.2),
    ("Anggota POLRI", 0.2), ("Kepala Desa", 0.1),
)  # fmt: skip
_OCCUPATION_NAMES = tuple(name for name, _ in OCCUPATIONS)
_OCCUPATION_WEIGHTS = tuple(weight for _, weight in OCCUPATIONS)


def synthetic_members(
    desa_codes: Sequence[str], count: int, *, seed: int = 0, kta_prefix: str = "KTA"
) -> Iterator[list[str]]:
    """``count`` member rows of people living in ``desa_codes`` (Kemendagri codes)."""
    rng = random.Random(seed + 7)
    occupations = rng.choices(_OCCUPATION_NAMES, _OCCUPATION_WEIGHTS, k=min(count, 100_000))
    for n, row in enumerate(SyntheticVoters(desa_codes, count, seed=seed).rows(), start=1):
        nik, _kk, name, _place, born, sex, _marital, address, rt, rw, desa, _disability = row
        occupation = occupations[n % len(occupations)]
        yield [nik, name, sex, born, desa, f"{address} RT {rt} RW {rw}", occupation, f"{kta_prefix}-{n:07d}"]


def members_csv(rows: Iterable[Sequence[str]], *, actions: Iterable[str] | None = None) -> bytes:
    """The rows as an upload file (UTF-8 CSV with the header); with ``actions``, a delta (``aksi``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if actions is None:
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    else:
        writer.writerow((*COLUMNS, "aksi"))
        writer.writerows((*row, action) for row, action in zip(rows, actions, strict=True))
    return out.getvalue().encode("utf-8")
