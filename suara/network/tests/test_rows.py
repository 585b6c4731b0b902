"""The rows of an imported signal list, pure: every refusal by its code and column."""

from datetime import date, timedelta

import pytest

from suara.network.rows import RowChecker

KNOWN = {"3276011006001", "3276011006002", "3275011001001"}
OPERATORS = {"telkomsel": "telkomsel", "xl": "xl", "xl axiata": "xl"}
TODAY = date(2024, 2, 1)


def checker(scope="3276"):
    return RowChecker(known_tps=KNOWN, operators=OPERATORS, today=TODAY, max_age=timedelta(days=180), scope=scope)


def test_a_good_row():
    assert checker().check(2, ["3276011006001", "XL Axiata", "Blank_Spot", "2024-01-31"]) == (
        "3276011006001", "xl", "none", date(2024, 1, 31)
    )  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "code", "column"),
    [
        (["3276011006001", "xl", "4g"], "row_broken", ""),
        (["327601100600", "xl", "4g", "2024-01-31"], "tps_code_invalid", "kode_tps"),
        (["3275011001001", "xl", "4g", "2024-01-31"], "tps_outside_scope", "kode_tps"),
        (["3276011006099", "xl", "4g", "2024-01-31"], "tps_unknown", "kode_tps"),
        (["3276011006001", "axis", "4g", "2024-01-31"], "operator_unknown", "operator"),
        (["3276011006001", "xl", "5g", "2024-01-31"], "signal_kind_unknown", "sinyal"),
        (["3276011006001", "xl", "4g", "31/01/2024"], "date_invalid", "tanggal"),
        (["3276011006001", "xl", "4g", "2024-02-02"], "date_future", "tanggal"),
        (["3276011006001", "xl", "4g", "2023-01-01"], "date_too_old", "tanggal"),
    ],
)
def test_refusals(fields, code, column):
    rows = checker()
    assert rows.check(7, fields) is None
    assert [(p.line, p.code, p.column) for p in rows.problems] == [(7, code, column)] and rows.rejected == 1


def test_a_tps_and_operator_once_per_file():
    rows = checker()
    assert rows.check(2, ["3276011006001", "xl", "4g", "2024-01-31"])
    assert rows.check(3, ["3276011006001", "telkomsel", "4g", "2024-01-31"])
    assert rows.check(4, ["3276011006001", "xl", "none", "2024-01-30"]) is None
    assert [(p.line, p.code) for p in rows.problems] == [(4, "duplicate_in_file")]
