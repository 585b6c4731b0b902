"""The quick count's API bodies."""

from __future__ import annotations

from pydantic import Field

from suara.results.schemas import BallotNumber, BallotsIn, Count, Plain, VotersIn


class ReportIn(Plain):
    submission_id: str = Field(
        min_length=8,
        max_length=64,
        pattern=r"^[-A-Za-z0-9_]+$",
        description="ID kiriman buatan klien; kiriman ulang dengan ID dan isi sama dijawab sama",
    )
    tps: str = Field(max_length=13, description="kode TPS sampel, 13 digit")
    votes: dict[BallotNumber, Count] = Field(description="suara sah per nomor urut calon")
    valid: Count = Field(description="jumlah suara sah")
    invalid: Count = Field(description="jumlah suara tidak sah")
    total: Count = Field(description="jumlah suara sah dan tidak sah")
    voters: VotersIn | None = Field(None, description="data pemilih (bila dicatat enumerator)")
    ballots: BallotsIn | None = Field(None, description="data surat suara (bila dicatat)")

    def tally(self) -> dict[str, object]:
        from suara.results import tally as tallies

        return tallies.flatten(
            self.model_dump(include={"votes", "valid", "invalid", "total", "voters", "ballots"}, exclude_none=True)
        )


class DesignIn(Plain):
    organisation: str = Field(max_length=32, description="kode organisasi penyelenggara hitung cepat")
    contest: str = Field(max_length=60, description="slug kontestasi, mis. ppwp-2024")
    name: str = Field(max_length=200)
    margin: float = Field(0.01, gt=0, lt=0.5, description="margin of error target, proporsi (0,01 = 1 poin)")
    confidence: float = Field(0.95, ge=0.5, le=0.999)
    allocation: str = Field("proporsional", description="proporsional atau neyman")
    sample_size: int | None = Field(None, ge=1, le=1_000_000, description="jumlah TPS sampel; kosong: dari margin")
    reserve_rate: float = Field(0.1, ge=0, le=1)
