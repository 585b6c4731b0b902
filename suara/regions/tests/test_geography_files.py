"""The pure reader of KPU's geography files: real files, every kind of malformed input, properties."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from suara.regions.importers import geography_files as gf
from suara.regions.importers.geography_files import FileProblem, read_geography

WILAYAH_HEADER = "kode,nama,tingkat\n"
TPS_HEADER = "kode_desa,jumlah_tps_reguler,tps_khusus_dari,tps_khusus_sampai\n"
OVERSEAS_HEADER = "kode_wilayah,nama,kode_negara,negara,kode_kota,kota,kode_kpu_tps,kode_tps,tps/pos/ksk,no_tps\n"
# A small valid tree: one province, one kab/kota, one kecamatan, two desa.
WILAYAH = WILAYAH_HEADER + (
    "32,JAWA BARAT,provinsi\n"
    "3276,KOTA DEPOK,kabkota\n"
    "327601,PANCORAN MAS,kecamatan\n"
    "3276011001,PANCORAN MAS,desa\n"
    "3276011006,DEPOK,desa\n"
)
TPS = TPS_HEADER + "3276011001,3,,\n3276011006,2,901,902\n"
OVERSEAS = OVERSEAS_HEADER + (
    "99,LUAR NEGERI,9901,BRUNEI DARUSSALAM,990101,KBRI BANDAR SERI BEGAWAN,91855001,9901010001,TPS,001\n"
    "99,LUAR NEGERI,9901,BRUNEI DARUSSALAM,990101,KBRI BANDAR SERI BEGAWAN,91855002,9901010001,TPS,002\n"
    "99,LUAR NEGERI,9901,BRUNEI DARUSSALAM,990101,KBRI BANDAR SERI BEGAWAN,91855101,9901010002,POS,001\n"
)


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def read(tmp_path: Path, wilayah=WILAYAH, tps=TPS, overseas: str | bytes | None = None):
    paths = [write(tmp_path / "wilayah.csv", wilayah), write(tmp_path / "tps.csv", tps)]
    overseas_path = write(tmp_path / "ln.csv", overseas) if overseas is not None else None
    return read_geography(*paths, overseas_path)


def only_problem(result) -> FileProblem:
    assert len(result.problems) == 1, result.problems
    return result.problems[0]


# Well-formed input ---------------------------------------------------------------------------------------


def test_small_files_parse(tmp_path):
    result = read(tmp_path, overseas=OVERSEAS)
    assert result.problems == []
    assert [r.code for r in result.regions.values() if r.level == 4] == [
        "3276011001",
        "3276011006",
        "9901010001",
        "9901010002",
    ]
    assert list(result.tps()) == [
        ("3276011001001", "3276011001", 1, "reguler"),
        ("3276011001002", "3276011001", 2, "reguler"),
        ("3276011001003", "3276011001", 3, "reguler"),
        ("3276011006001", "3276011006", 1, "reguler"),
        ("3276011006002", "3276011006", 2, "reguler"),
        ("3276011006901", "3276011006", 901, "khusus"),
        ("3276011006902", "3276011006", 902, "khusus"),
        ("9901010001001", "9901010001", 1, "ln_tps"),
        ("9901010001002", "9901010001", 2, "ln_tps"),
        ("9901010002001", "9901010002", 1, "ln_pos"),
    ]
    counts = result.tps_counts()
    assert counts["32"] == counts["3276"] == counts["327601"] == 7
    assert (counts["3276011001"], counts["3276011006"]) == (3, 4)
    assert (counts["99"], counts["9901"], counts["990101"], counts["9901010001"]) == (3, 3, 3, 2)
    names = {code: r.name for code, r in result.regions.items()}
    assert names["99"] == "LUAR NEGERI"
    assert names["990101"] == "KBRI BANDAR SERI BEGAWAN"
    assert names["9901010002"] == "KBRI BANDAR SERI BEGAWAN - POS"


def test_bom_blank_lines_and_column_order_are_accepted(tmp_path):
    wilayah = "\ufefftingkat,kode,nama\r\nprovinsi,32,JAWA BARAT\r\n\r\nkabkota,3276,KOTA DEPOK\r\n"
    result = read(tmp_path, wilayah=wilayah, tps=TPS_HEADER)
    assert result.problems == []
    assert set(result.regions) == {"32", "3276"}


def test_kinds_are_the_model_values():
    from suara.regions.models import Tps

    assert {gf.REGULAR, gf.SPECIAL, *gf.OVERSEAS_KINDS.values()} == set(Tps.Kind.values)


def test_the_real_files_parse_without_problems(settings):
    data = Path(settings.DATA_DIR)
    result = read_geography(
        data / "pemilu2024_wilayah.csv", data / "pemilu2024_tps.csv", data / "pemilu2024_tps_luar_negeri.csv"
    )
    assert result.problems == []
    domestic = [r for r in result.regions.values() if not r.code.startswith("99")]
    assert [sum(r.level == n for r in domestic) for n in (1, 2, 3, 4)] == [38, 514, 7277, 83731]
    kinds = result.tps_by_kind()
    assert kinds["reguler"] + kinds["khusus"] == 820_161
    assert kinds["ln_tps"] + kinds["ln_pos"] + kinds["ln_ksk"] == 3_205
    counts = result.tps_counts()
    assert sum(counts[r.code] for r in domestic if r.level == 1) == 820_161
    assert counts["99"] == 3_205


# Malformed input: each problem names the file and the line ------------------------------------------------


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("32A,JAWA BARAT,provinsi", "kode '32A' harus berupa angka"),
        ("３２,JAWA BARAT,provinsi", "harus berupa angka"),
        ("327,JAWA BARAT,provinsi", "harus 2 digit, bukan 3"),
        ("32,JAWA BARAT,propinsi", "tingkat 'propinsi' tidak dikenal"),
        ("99,LUAR NEGERI,provinsi", "luar negeri"),
        ("32,,provinsi", "kosong"),
        ("32," + "A" * 121 + ",provinsi", "lebih dari 120"),
        ("32,JAWA BARAT", "jumlah kolom 2, seharusnya 3"),
        ("32,JAWA BARAT,provinsi,extra", "jumlah kolom 4, seharusnya 3"),
        ('32,"JAWA "BARAT,provinsi', "baris CSV rusak"),
    ],
)
def test_bad_wilayah_row(tmp_path, row, reason):
    wilayah = WILAYAH_HEADER + "11,ACEH,provinsi\n" + row + "\n"
    problem = only_problem(read(tmp_path, wilayah=wilayah, tps=TPS_HEADER))
    assert (problem.file, problem.line) == ("wilayah.csv", 3)
    assert reason in problem.reason
    assert str(problem).startswith("wilayah.csv, baris 3: ")


def test_duplicate_code_names_the_first_line(tmp_path):
    wilayah = WILAYAH + "3276011006,DEPOK LAGI,desa\n"
    problem = only_problem(read(tmp_path, wilayah=wilayah))
    assert problem.line == 7
    assert "3276011006 ganda (sudah ada di baris 6)" in problem.reason


def test_missing_parent(tmp_path):
    wilayah = WILAYAH + "3276021001,MEKARSARI,desa\n"
    problem = only_problem(read(tmp_path, wilayah=wilayah))
    assert problem.line == 7
    assert "induk 327602" in problem.reason


def test_a_refused_parent_is_not_reported_again_for_its_children(tmp_path):
    wilayah = WILAYAH.replace("327601,PANCORAN MAS,kecamatan", "327601,PANCORAN MAS,kec")
    problem = only_problem(read(tmp_path, wilayah=wilayah))
    assert problem.line == 4


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("3276011099,1,,", "desa 3276011099 tidak ada di wilayah.csv"),
        ("327601100,1,,", "kode_desa '327601100' harus 10 digit angka"),
        ("327601,1,,", "harus 10 digit"),
        ("3276011001,tiga,,", "jumlah_tps_reguler bukan bilangan bulat ('tiga')"),
        ("3276011001,2.5,,", "bukan bilangan bulat"),
        ("3276011001,,,", "bukan bilangan bulat ('')"),
        ("3276011001,-1,,", "jumlah_tps_reguler tidak boleh negatif"),
        ("3276011001,900,,", "lebih dari 899"),
        ("3276011001,3,903,901", "rentang TPS khusus terbalik (903 > 901)"),
        ("3276011001,3,801,802", "harus di antara 900 dan 999"),
        ("3276011001,3,998,1000", "harus di antara 900 dan 999"),
        ("3276011001,3,901,", "harus diisi keduanya"),
        ("3276011001,3,x,901", "tps_khusus_dari bukan bilangan bulat"),
        ("3276011001,3", "jumlah kolom 2, seharusnya 4"),
    ],
)
def test_bad_tps_row(tmp_path, row, reason):
    tps = TPS_HEADER + "3276011006,2,,\n" + row + "\n"
    problem = only_problem(read(tmp_path, tps=tps))
    assert (problem.file, problem.line) == ("tps.csv", 3)
    assert reason in problem.reason


def test_duplicate_desa_in_tps_file(tmp_path):
    problem = only_problem(read(tmp_path, tps=TPS + "3276011001,4,,\n"))
    assert problem.line == 4
    assert "ganda (sudah ada di baris 2)" in problem.reason


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (("TPS,001", "KOTAK,001"), "jenis 'KOTAK' tidak dikenal"),
        (("TPS,001", "TPS,0"), "no_tps 0 harus di antara 1 dan 999"),
        (("TPS,001", "TPS,abc"), "no_tps bukan bilangan bulat"),
        (("9901010001,TPS,001", "9902010001,TPS,001"), "kode_tps 9902010001 tidak berawalan 990101"),
        (("990101,KBRI", "99010,KBRI"), "kode_kota '99010' harus 6 digit angka"),
        (("99,LUAR NEGERI,9901", "98,LUAR NEGERI,9801"), "kode_wilayah luar negeri harus 99"),
        (("BRUNEI DARUSSALAM", ""), "negara kosong"),
    ],
)
def test_bad_overseas_row(tmp_path, change, reason):
    lines = OVERSEAS.splitlines(keepends=True)
    lines[1] = lines[1].replace(*change)
    problems = read(tmp_path, overseas="".join(lines)).problems
    assert problems, "expected a problem"
    assert all((p.file, p.line) == ("ln.csv", 2) for p in problems)
    assert any(reason in p.reason for p in problems), problems


def test_overseas_conflicts(tmp_path):
    extra = (
        "99,LUAR NEGERI,9901,BRUNEI,990101,KBRI BANDAR SERI BEGAWAN,1,9901010003,KSK,001\n"
        "99,LUAR NEGERI,9901,BRUNEI DARUSSALAM,990101,KBRI BANDAR SERI BEGAWAN,2,9901010001,KSK,003\n"
        "99,LUAR NEGERI,9901,BRUNEI DARUSSALAM,990101,KBRI BANDAR SERI BEGAWAN,3,9901010001,TPS,002\n"
    )
    problems = read(tmp_path, overseas=OVERSEAS + extra).problems
    assert [(p.line, p.reason) for p in problems] == [
        (5, "kode 9901 bernama 'BRUNEI DARUSSALAM' di baris 2, di sini 'BRUNEI'"),
        (6, "kode_tps 9901010001 berisi TPS (baris 2), di sini KSK"),
        (7, "TPS luar negeri 9901010001002 ganda (sudah ada di baris 3)"),
    ]


def test_missing_header(tmp_path):
    problem = only_problem(read(tmp_path, wilayah=WILAYAH.removeprefix(WILAYAH_HEADER), tps=TPS_HEADER))
    assert (problem.file, problem.line) == ("wilayah.csv", 1)
    assert "baris judul tidak ada atau tidak lengkap" in problem.reason
    assert "kode, nama, tingkat tidak ditemukan" in problem.reason


def test_header_missing_a_column(tmp_path):
    tps = "kode_desa,jumlah_tps_reguler,tps_khusus_dari\n3276011001,3,\n"
    problem = only_problem(read(tmp_path, tps=tps))
    assert (problem.file, problem.line) == ("tps.csv", 1)
    assert "tps_khusus_sampai tidak ditemukan" in problem.reason


def test_empty_file(tmp_path):
    problem = only_problem(read(tmp_path, tps=""))
    assert (problem.file, problem.line) == ("tps.csv", 0)
    assert "berkas kosong" in problem.reason
    assert str(problem) == "tps.csv, seluruh berkas: berkas kosong: baris judul tidak ada"


def test_missing_file(tmp_path):
    result = read_geography(tmp_path / "nope.csv", tmp_path / "tps.csv")
    assert [(p.file, p.line) for p in result.problems][:1] == [("nope.csv", 0)]
    assert "tidak dapat dibuka" in result.problems[0].reason


def test_bad_encoding_is_reported_at_its_line(tmp_path):
    wilayah = WILAYAH.encode("utf-8").replace(b"DEPOK,desa", b"D\xe9POK,desa")  # Latin-1, not UTF-8
    problem = only_problem(read(tmp_path, wilayah=wilayah))
    assert (problem.file, problem.line) == ("wilayah.csv", 6)
    assert "bukan teks UTF-8 yang sah" in problem.reason


def test_nul_byte(tmp_path):
    wilayah = WILAYAH.encode("utf-8").replace(b"DEPOK,desa", b"DEP\x00OK,desa")
    problem = read(tmp_path, wilayah=wilayah).problems[0]  # then its TPS row, under a desa now unknown
    assert (problem.file, problem.line) == ("wilayah.csv", 6)
    assert "NUL" in problem.reason


def test_a_quoted_field_spanning_lines_is_reported_where_the_row_began(tmp_path):
    wilayah = WILAYAH + '3276011007,"DEPOK\nJAYA",desa,x\n3276011008,RATUJAYA,desa\n'
    result = read(tmp_path, wilayah=wilayah)
    problem = only_problem(result)
    assert problem.line == 7
    assert "3276011008" in result.regions  # reading goes on after the broken row


def test_every_problem_is_reported_in_file_order(tmp_path):
    wilayah = WILAYAH + "3276011X07,A,desa\n3276011008,B,dusun\n"
    tps = TPS + "3276011009,1,,\n3276011001,-2,,\n"
    overseas = (
        OVERSEAS + "99,LUAR NEGERI,9901,BRUNEI DARUSSALAM,990101,KBRI BANDAR SERI BEGAWAN,9,9901010002,POS,1000\n"
    )
    problems = read(tmp_path, wilayah=wilayah, tps=tps, overseas=overseas).problems
    assert [(p.file, p.line) for p in problems] == [
        ("wilayah.csv", 7),
        ("wilayah.csv", 8),
        ("tps.csv", 4),
        ("tps.csv", 5),
        ("tps.csv", 5),
        ("ln.csv", 5),
    ]


# Properties ---------------------------------------------------------------------------------------------

NAME = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ '.,-/()\"", min_size=1, max_size=30).map(str.strip).filter(bool)


@st.composite
def geography(draw):
    """A valid tree of desa codes with their TPS, written as the three files' rows."""
    desa_codes = draw(
        st.sets(
            st.tuples(st.integers(11, 98), st.integers(1, 3), st.integers(1, 3), st.integers(1001, 1004).map(str)).map(
                lambda t: f"{t[0]:02d}{t[1]:02d}{t[2]:02d}{t[3]}"
            ),
            min_size=1,
            max_size=25,
        )
    )
    regions: dict[str, str] = {}
    for code in sorted(desa_codes):
        for cut, tingkat in ((2, "provinsi"), (4, "kabkota"), (6, "kecamatan"), (10, "desa")):
            regions.setdefault(code[:cut], tingkat)
    names = {code: draw(NAME) for code in regions}
    tps = {}
    for code in sorted(desa_codes):
        regular = draw(st.integers(0, 899))
        special = draw(st.none() | st.tuples(st.integers(900, 999), st.integers(0, 5)))
        if special is None:
            tps[code] = (regular, None, None)
        else:
            tps[code] = (regular, special[0], min(999, special[0] + special[1]))
    return regions, names, tps


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(geography())
def test_a_generated_valid_file_always_parses_and_counts_add_up(tmp_path, data):
    regions, names, tps = data
    with open(tmp_path / "w.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["kode", "nama", "tingkat"])
        writer.writerows([code, names[code], tingkat] for code, tingkat in regions.items())
    with open(tmp_path / "t.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["kode_desa", "jumlah_tps_reguler", "tps_khusus_dari", "tps_khusus_sampai"])
        writer.writerows([code, n, "" if a is None else a, "" if b is None else b] for code, (n, a, b) in tps.items())
    result = read_geography(tmp_path / "w.csv", tmp_path / "t.csv")
    assert result.problems == []
    assert {code: r.name for code, r in result.regions.items()} == names
    expected_total = sum(n + (b - a + 1 if a is not None else 0) for n, a, b in tps.values())
    all_tps = list(result.tps())
    assert len(all_tps) == len({code for code, *_ in all_tps}) == expected_total
    assert all(len(code) == 13 and code.isdigit() and code[:10] == desa for code, desa, _n, _k in all_tps)
    counts = result.tps_counts()
    for level in (1, 2, 3, 4):
        assert sum(counts[c] for c, r in result.regions.items() if r.level == level) == expected_total
    beneath = Counter(tps_code[:cut] for tps_code, *_ in all_tps for cut in (2, 4, 6, 10))
    assert counts == {code: beneath[code] for code in regions}


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 4), st.sampled_from(["3276O11001", "32760110011", "", "3276-11001"]))
def test_a_bad_code_is_reported_at_its_own_line(tmp_path, index, bad_code):
    lines = WILAYAH.splitlines(keepends=True)
    rows = lines[1:]
    rows.insert(index, f"{bad_code},NAMA,desa\n")
    problem = only_problem(read(tmp_path, wilayah=lines[0] + "".join(rows)))
    assert problem.line == index + 2
