"""The documents an application must hold, confirmed one by one on the form. Pure: no Django.

PKPU 8/2022 art. 36 and KPU's KPPS decision: a copy of the KTP-el, the diploma (ijazah) of the highest
education, a health letter (surat keterangan sehat, covering blood pressure, blood sugar and
cholesterol), a signed statement of not being a party member (or of having left five years before),
and a signed statement of the other requirements (loyal to Pancasila, no sentence of five years or
more, not married to an officer of the same body). Where no graduate of SMA applies, the village
head's letter (surat keterangan) stands for the diploma.
"""

from __future__ import annotations

import enum

from suara.core.translatable import gettext_noop


class Document(enum.IntFlag):
    KTP = 1
    IJAZAH = 2
    SURAT_SEHAT = 4
    BUKAN_ANGGOTA_PARTAI = 8
    SURAT_PERNYATAAN = 16
    SURAT_KETERANGAN_PENDIDIKAN = 32  # the village head's letter where no SMA graduate applies


DOCUMENT_LABELS = {
    Document.KTP: gettext_noop("Fotokopi KTP-el"),
    Document.IJAZAH: gettext_noop("Fotokopi ijazah pendidikan terakhir"),
    Document.SURAT_SEHAT: gettext_noop("Surat keterangan sehat (tekanan darah, gula darah, kolesterol)"),
    Document.BUKAN_ANGGOTA_PARTAI: gettext_noop(
        "Surat pernyataan bukan anggota partai politik (atau telah keluar 5 tahun)"
    ),
    Document.SURAT_PERNYATAAN: gettext_noop(
        "Surat pernyataan memenuhi syarat (setia Pancasila, tidak pernah dipidana 5 tahun "
        "atau lebih, tidak terikat perkawinan dengan anggota badan yang sama)"
    ),
    Document.SURAT_KETERANGAN_PENDIDIKAN: gettext_noop(
        "Surat keterangan kepala desa/lurah: tidak ada pendaftar lulusan SMA (pengganti ijazah SMA)"
    ),
}

ALWAYS = Document.KTP | Document.SURAT_SEHAT | Document.BUKAN_ANGGOTA_PARTAI | Document.SURAT_PERNYATAAN
ALL = Document(sum(Document))


def missing(held: int, *, education_letter: bool) -> list[Document]:
    """The documents an application lacks: the diploma, or instead the letter when it relies on one."""
    required = ALWAYS | (Document.SURAT_KETERANGAN_PENDIDIKAN if education_letter else Document.IJAZAH)
    return [document for document in Document if required & document and not held & document]


def from_names(names) -> int:
    """The bits of the documents named (``ktp``, ``ijazah``, ...: the members' names in lower case);
    names that are no document are ignored."""
    bits = 0
    for name in names if isinstance(names, list | tuple) else ():
        member = Document.__members__.get(str(name).upper())
        if member is not None:
            bits |= member
    return bits
