"""A citizen's view of where their record went: "ke mana data saya dibagikan?", behind the cek DPT privacy
pattern. It is cek DPT itself (``voters.cekdpt.lookup.CekDpt``: the register's one query, the people
kernel's constant miss, name comparison and limits) with another answer: on a hit, the agreements that
received the voter's record, when and how (an extract file, the partner API), rather than the TPS. It
counts against cek DPT's own limits (the same rate keys): one NIK is not asked more often by asking here
too. A record marked TMS is answered as well, since it may have been shared while it was active.

Nothing here logs; the NIK travels only in a request's body."""

from __future__ import annotations

from dataclasses import dataclass

from suara.people.names import mask_name
from suara.sharing.selectors import Receipt, receipts_of
from suara.voters.cekdpt.lookup import CekDpt

NOT_FOUND_MESSAGE = (
    "Data tidak ditemukan: NIK dan nama tersebut tidak terdaftar bersama dalam daftar pemilih. Periksa kembali "
    "penulisan NIK dan nama sesuai KTP-el."
)
SHARED_MESSAGE = "Data Anda sebagai pemilih pernah dibagikan kepada penerima berikut, berdasarkan perjanjian."
NOT_SHARED_MESSAGE = "Data Anda sebagai pemilih belum pernah dibagikan kepada pihak lain melalui perjanjian."


@dataclass(frozen=True)
class SharingAnswer:
    ditemukan: bool
    pesan: str
    nama: str | None = None
    penerima: tuple[Receipt, ...] = ()

    def as_dict(self) -> dict:
        return {
            "ditemukan": self.ditemukan,
            "pesan": self.pesan,
            "nama": self.nama,
            "penerima": [receipt.as_dict() for receipt in self.penerima],
        }


NOT_FOUND = SharingAnswer(ditemukan=False, pesan=NOT_FOUND_MESSAGE)


class SharingLookup(CekDpt):
    miss = NOT_FOUND

    def answer(self, row: tuple) -> SharingAnswer:
        name, voter_id = row[1], row[-1]
        receipts = tuple(receipts_of(voter_id))
        return SharingAnswer(
            ditemukan=True,
            pesan=SHARED_MESSAGE if receipts else NOT_SHARED_MESSAGE,
            nama=mask_name(name),
            penerima=receipts,
        )


SHARING_LOOKUP = SharingLookup()
