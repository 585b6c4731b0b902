"""KPU's published 2024 numbers (Sirekap JSON, one file per TPS): checked by the form's rules, stored beside
the count as an external source, never as it; every file accounted for in the report."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.core.errors import DomainError
from suara.regions.models import Tps
from suara.results.importers.kpu_json import read_tps
from suara.results.importers.load_kpu_json import SOURCE, kpu_json_import
from suara.results.models import CountTps, ExternalResult, TpsResult

IDS = {"100025": 1, "100026": 2, "100027": 3}
TPS_OK, TPS_MISREAD, TPS_EMPTY = "3276011006001", "3276011006002", "3276011006003"


def sirekap(votes=(45, 95, 45), invalid=5, dpt=(120, 130)) -> dict:
    """A file as KPU's site served it for a TPS whose form was read correctly."""
    valid = sum(votes)
    total = valid + invalid
    men = total // 2
    return {
        "ts": "2024-02-15 09:12:44",
        "psu": None,
        "mode": "hlm",
        "chart": {"null": None, "100025": votes[0], "100026": votes[1], "100027": votes[2]},
        "images": [
            "https://sirekap-obj-formc.kpu.go.id/7c1e/pemilu/ppwp/32/76/01/10/06/3276011006001-20240214-1.jpg",
            "https://sirekap-obj-formc.kpu.go.id/7c1e/pemilu/ppwp/32/76/01/10/06/3276011006001-20240214-2.jpg",
            None,
        ],
        "administrasi": {
            "suara_sah": valid,
            "suara_total": total,
            "pemilih_dpt_j": sum(dpt),
            "pemilih_dpt_l": dpt[0],
            "pemilih_dpt_p": dpt[1],
            "pengguna_dpt_j": total,
            "pengguna_dpt_l": men,
            "pengguna_dpt_p": total - men,
            "pengguna_dptb_j": 0,
            "pengguna_dptb_l": 0,
            "pengguna_dptb_p": 0,
            "suara_tidak_sah": invalid,
            "pengguna_total_j": total,
            "pengguna_total_l": men,
            "pengguna_total_p": total - men,
            "pengguna_non_dpt_j": 0,
            "pengguna_non_dpt_l": 0,
            "pengguna_non_dpt_p": 0,
        },
        "status_adm": True,
        "status_suara": True,
    }


def misread() -> dict:
    """The 2024 misreading: the photo says 45/95/45 of 185 valid votes, Sirekap read 71/641/511."""
    data = sirekap()
    data["chart"].update({"100025": 71, "100026": 641, "100027": 511})
    return data


def not_yet_read() -> dict:
    return {"ts": "2024-02-14 21:03:10", "psu": None, "chart": None, "images": [None, None, None],
            "administrasi": None, "status_adm": False, "status_suara": False}  # fmt: skip


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "sirekap"
    folder.mkdir()
    (folder / f"{TPS_OK}.json").write_text(json.dumps(sirekap()))
    (folder / f"{TPS_MISREAD}.json").write_text(json.dumps(misread()))
    (folder / f"{TPS_EMPTY}.json").write_text(json.dumps(not_yet_read()))
    (folder / "3276011006999.json").write_text(json.dumps(sirekap()))  # no such TPS
    (folder / "3276011006004.json").write_text('{"chart": {"100025": 12,')  # cut off
    (folder / "catatan.txt").write_text("bukan data")
    return folder


def statuses(report) -> dict[str, tuple[str, str]]:
    return {f.tps_code: (f.status, ";".join(f.rules) or f.reason) for f in report.files}


def test_each_file_is_checked_and_kpus_numbers_are_stored_beside_the_count(counting, folder):
    report = kpu_json_import(directory=folder, contest="ppwp-2024", actor=Actor.named("test"))
    assert statuses(report) == {
        TPS_OK: ("ok", ""),
        TPS_MISREAD: ("breach", "R1;R7"),
        TPS_EMPTY: ("incomplete", ""),
        "3276011006999": ("invalid", "TPS tidak dikenal"),
        "3276011006004": ("invalid", "bukan JSON yang sah"),
        "catatan.txt": ("invalid", "nama berkas harus <kode TPS 13 digit>.json"),
    }
    stored = {e.tps_code: e for e in ExternalResult.objects.filter(source=SOURCE)}
    assert set(stored) == {TPS_OK, TPS_MISREAD, TPS_EMPTY}
    ok = stored[TPS_OK]
    assert ok.status == "ok" and ok.contest.slug == "ppwp-2024"
    assert ok.tally["votes.2"] == 95 and ok.tally["valid"] == 185 and ok.tally["total"] == 190
    assert ok.tally["dpt.j"] == 250 and ok.tally["voted_dpk.j"] == 0 and ok.tally["voted_total.l"] == 95
    assert ok.meta["ts"] == "2024-02-15 09:12:44" and ok.meta["mode"] == "hlm" and len(ok.meta["images"]) == 3
    assert (stored[TPS_MISREAD].status, stored[TPS_MISREAD].rules) == ("breach", "R1;R7")
    assert stored[TPS_MISREAD].tally["votes.2"] == 641
    assert stored[TPS_EMPTY].tally == {} and stored[TPS_EMPTY].meta["status_suara"] is False
    assert not TpsResult.objects.exists()  # never the official count
    event = AuditEvent.objects.get(action="results.import_kpu_json")
    assert event.object_code == "ppwp-2024" and "3 baru" in event.summary


def test_importing_again_updates_in_place_and_the_same_files_change_nothing(counting, folder):
    kpu_json_import(directory=folder, contest="ppwp-2024", actor=Actor.named("test"))
    pk = ExternalResult.objects.get(tps_code=TPS_MISREAD).pk
    (folder / f"{TPS_MISREAD}.json").write_text(json.dumps(sirekap()))  # KPU corrected its reading
    again = kpu_json_import(directory=folder, contest="ppwp-2024", actor=Actor.named("test"))
    assert (again.created, again.updated, again.unchanged) == (0, 1, 2)
    corrected = ExternalResult.objects.get(tps_code=TPS_MISREAD)
    assert (
        corrected.pk == pk and corrected.status == "ok" and corrected.rules == "" and corrected.tally["votes.2"] == 95
    )
    events = AuditEvent.objects.count()
    third = kpu_json_import(directory=folder, contest="ppwp-2024", actor=Actor.named("test"))
    assert not third.changed and third.unchanged == 3
    assert AuditEvent.objects.count() == events and ExternalResult.objects.count() == 3


def test_the_command_writes_one_report_row_per_file(counting, folder, tmp_path):
    out = io.StringIO()
    call_command("import_kpu_json", str(folder), contest="ppwp-2024", report=str(tmp_path / "r.csv"), stdout=out)
    assert "Files: 6 (1 ok, 1 breach, 1 incomplete, 3 invalid)" in out.getvalue()
    with open(tmp_path / "r.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["tps_code", "status", "rules"]
    assert [TPS_MISREAD, "breach", "R1;R7"] in rows and [TPS_OK, "ok", ""] in rows
    assert ["3276011006999", "invalid", "TPS tidak dikenal"] in rows
    assert len(rows) == 7
    again = io.StringIO()
    call_command("import_kpu_json", str(folder), contest="ppwp-2024", stdout=again)
    assert "nothing changed" in again.getvalue()


def test_a_missing_directory_an_unknown_contest_or_no_counting_geography_is_refused(counting, tmp_path):
    with pytest.raises(DomainError) as err:
        kpu_json_import(directory=tmp_path / "nowhere", contest="ppwp-2024", actor=Actor.named("test"))
    assert err.value.code == "not_a_directory"
    with pytest.raises(DomainError) as err:
        kpu_json_import(directory=tmp_path, contest="ppwp-2099", actor=Actor.named("test"))
    assert err.value.code == "contest_not_found"
    with pytest.raises(CommandError):
        call_command("import_kpu_json", str(tmp_path / "nowhere"), contest="ppwp-2024")


def test_without_counting_geography_the_import_prepares_it_itself(geography, pemilu_2024, folder):
    report = kpu_json_import(directory=folder, contest="ppwp-2024", actor=Actor.named("test"))
    assert report.files and CountTps.objects.filter(election=pemilu_2024).count() == Tps.objects.count()


def test_without_any_geography_the_import_says_which_command_to_run(pemilu_2024, tmp_path):
    with pytest.raises(DomainError) as err:
        kpu_json_import(directory=tmp_path, contest="ppwp-2024", actor=Actor.named("test"))
    assert err.value.code == "no_geography" and "suara import-geography" in err.value.message


# The file reader alone (no database) --------------------------------------------------------------------


def read(data, name=f"{TPS_OK}.json"):
    return read_tps(name, json.dumps(data).encode(), candidate_ids=IDS)


def test_the_null_chart_entry_is_ignored_and_every_administrative_group_mapped():
    tps = read(sirekap())
    assert tps.status == "ok" and "votes.null" not in str(tps.tally)
    assert {k for k in tps.tally if k.startswith("voted_dpk.")} == {"voted_dpk.l", "voted_dpk.p", "voted_dpk.j"}
    assert tps.tally["voted_dptb.j"] == 0 and tps.tally["invalid"] == 5


def test_null_numbers_leave_the_file_incomplete_and_unchecked():
    data = sirekap()
    data["chart"]["100026"] = None
    tps = read(data)
    assert tps.status == "incomplete" and "votes.2" not in tps.tally and tps.rules == ()
    data = sirekap()
    data["administrasi"]["pengguna_dptb_l"] = None  # a voter group partly missing: the rest is checked
    assert read(data).status == "ok"


def test_without_candidate_votes_broken_administrative_numbers_are_still_a_breach():
    data = sirekap()
    data["chart"] = {"null": None, "100025": None, "100026": None, "100027": None}
    data["administrasi"]["suara_total"] = data["administrasi"]["suara_sah"] + 999  # R2, and R3 and R8 with it
    tps = read(data)
    assert tps.status == "breach"
    assert {"R2", "R3", "R8"} <= set(tps.rules) and "R1" not in tps.rules  # R1 needs the votes
    assert not any(k.startswith("votes.") for k in tps.tally)


def test_a_number_that_is_not_a_whole_number_breaks_r0():
    data = sirekap()
    data["administrasi"]["suara_tidak_sah"] = "5"
    tps = read(data)
    assert tps.status == "breach" and tps.rules[0] == "R0"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"[1, 2]", "isi berkas harus objek JSON"),
        (b'{"chart": [1, 2]}', "chart dan administrasi harus objek JSON"),
        (b"\xff\xfe", "bukan JSON yang sah"),
        (json.dumps({"chart": {"100099": 5}}).encode(), "id calon 100099 tidak dikenal dalam kontestasi ini"),
    ],
)
def test_unreadable_content_is_invalid(content, reason):
    tps = read_tps(f"{TPS_OK}.json", content, candidate_ids=IDS)
    assert (tps.status, tps.reason) == ("invalid", reason)
