"""Which stated occupations bar a person from party membership. Pure: no Django.

A party member may not be a serving soldier (TNI), police officer (POLRI), civil servant (ASN: PNS and
PPPK), village head, or election officer (KPU, Bawaslu and their ad hoc bodies: PPK, PPS, KPPS, Panwas).
Member lists state the occupation as free text, so the matcher is tolerant: case, punctuation, spacing,
dotted abbreviations and words split in two ("P.N.S.", "Pol-Ri", "kepala  desa") do not matter, and the
usual abbreviations and regional names count ("kades", "keuchik", "wali nagari", "P3K", "panwascam"). A
person who has left ("pensiunan", "purnawirawan", "mantan", "eks") is not barred: such a word anywhere in
the field clears it.

The checks call ``barred_occupation`` once per distinct occupation text, not once per listing.
"""

from __future__ import annotations

import enum
import re


class BarredOccupation(enum.StrEnum):
    TNI = "tni"
    POLRI = "polri"
    ASN = "asn"
    VILLAGE_HEAD = "village_head"
    ELECTION_OFFICER = "election_officer"


# One word is enough.
_WORDS: dict[str, BarredOccupation] = {
    "tni": BarredOccupation.TNI,
    "tentara": BarredOccupation.TNI,
    "prajurit": BarredOccupation.TNI,
    "polri": BarredOccupation.POLRI,
    "polisi": BarredOccupation.POLRI,
    "kepolisian": BarredOccupation.POLRI,
    "bhayangkara": BarredOccupation.POLRI,
    "asn": BarredOccupation.ASN,
    "pns": BarredOccupation.ASN,
    "cpns": BarredOccupation.ASN,
    "pppk": BarredOccupation.ASN,
    "p3k": BarredOccupation.ASN,
    "kades": BarredOccupation.VILLAGE_HEAD,
    "lurah": BarredOccupation.VILLAGE_HEAD,
    "keuchik": BarredOccupation.VILLAGE_HEAD,
    "geuchik": BarredOccupation.VILLAGE_HEAD,
    "perbekel": BarredOccupation.VILLAGE_HEAD,
    "kpu": BarredOccupation.ELECTION_OFFICER,
    "kpud": BarredOccupation.ELECTION_OFFICER,
    "bawaslu": BarredOccupation.ELECTION_OFFICER,
    "ppk": BarredOccupation.ELECTION_OFFICER,
    "pps": BarredOccupation.ELECTION_OFFICER,
    "kpps": BarredOccupation.ELECTION_OFFICER,
    "dkpp": BarredOccupation.ELECTION_OFFICER,
    "ptps": BarredOccupation.ELECTION_OFFICER,
}
# Words that begin a barred one: Panwaslu, Panwascam, Panwaslih, Panwasdes.
_PREFIXES: dict[str, BarredOccupation] = {"panwas": BarredOccupation.ELECTION_OFFICER}
# Runs of words.
_PHRASES: dict[tuple[str, ...], BarredOccupation] = {
    ("tentara", "nasional", "indonesia"): BarredOccupation.TNI,
    ("pegawai", "negeri"): BarredOccupation.ASN,
    ("aparatur", "sipil", "negara"): BarredOccupation.ASN,
    ("pegawai", "pemerintah", "dengan", "perjanjian", "kerja"): BarredOccupation.ASN,
    ("kepala", "desa"): BarredOccupation.VILLAGE_HEAD,
    ("kepala", "kelurahan"): BarredOccupation.VILLAGE_HEAD,
    ("kepala", "kampung"): BarredOccupation.VILLAGE_HEAD,
    ("kepala", "gampong"): BarredOccupation.VILLAGE_HEAD,
    ("wali", "nagari"): BarredOccupation.VILLAGE_HEAD,
    ("komisi", "pemilihan", "umum"): BarredOccupation.ELECTION_OFFICER,
    ("komisi", "independen", "pemilihan"): BarredOccupation.ELECTION_OFFICER,
    ("badan", "pengawas", "pemilu"): BarredOccupation.ELECTION_OFFICER,
    ("badan", "pengawas", "pemilihan"): BarredOccupation.ELECTION_OFFICER,
    ("pengawas", "pemilu"): BarredOccupation.ELECTION_OFFICER,
    ("pengawas", "tps"): BarredOccupation.ELECTION_OFFICER,
    ("penyelenggara", "pemilu"): BarredOccupation.ELECTION_OFFICER,
    ("panitia", "pemilihan", "kecamatan"): BarredOccupation.ELECTION_OFFICER,
    ("panitia", "pemungutan", "suara"): BarredOccupation.ELECTION_OFFICER,
    ("panitia", "pengawas"): BarredOccupation.ELECTION_OFFICER,
    ("kelompok", "penyelenggara", "pemungutan", "suara"): BarredOccupation.ELECTION_OFFICER,
}
# "polisi" that is not POLRI: the civil service police and forest rangers (ASN where they are civil servants,
# which the field then says).
_NOT_POLRI_AFTER_POLISI = frozenset({"pamong", "hutan", "pp"})
# Someone who has left the service is not barred.
FORMER = frozenset({"pensiunan", "purnawirawan", "purn", "mantan", "eks", "ex", "bekas", "pensiun"})

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def words(text: str) -> list[str]:
    """The field's words: lower case, split at anything not a letter or digit, and runs of one-letter words
    joined ("P.N.S." and "p n s" are "pns")."""
    raw = [w for w in _NON_ALNUM.split(text.casefold()) if w]
    joined: list[str] = []
    run = ""
    for word in raw:
        if len(word) == 1 and word.isalpha():
            run += word
            continue
        if run:
            joined.append(run)
            run = ""
        joined.append(word)
    if run:
        joined.append(run)
    return joined


def barred_occupation(text: str) -> BarredOccupation | None:
    """The barred occupation the stated occupation names, or None (the first one named, reading left to
    right, when it names several)."""
    found = words(text or "")
    if not found or FORMER.intersection(found):
        return None
    for i, word in enumerate(found):
        for phrase, kind in _PHRASES.items():
            if tuple(found[i : i + len(phrase)]) == phrase:
                return kind
        if word == "polisi" and i + 1 < len(found) and found[i + 1] in _NOT_POLRI_AFTER_POLISI:
            continue
        kind = _WORDS.get(word)
        if kind is None and i + 1 < len(found):  # a word split in two: "Pol-RI", "Bawas lu"
            kind = _WORDS.get(word + found[i + 1])
        if kind is not None:
            return kind
        for prefix, kind in _PREFIXES.items():
            if word.startswith(prefix):
                return kind
    return None
