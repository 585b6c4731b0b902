"""The TMS codes (tidak memenuhi syarat) as KPU numbers them."""

from suara.voters.tms import TMS_CODES, tms_label


def test_tms_codes_are_the_eight_kpu_uses():
    assert sorted(TMS_CODES) == list(range(1, 9))
    assert tms_label(1) == "Meninggal dunia" and tms_label(8) == "Salah penempatan TPS"
