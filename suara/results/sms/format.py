"""The SMS a KPPS sends its TPS's tally in, read and written. Pure: no Django.

    HASIL <kontestasi> <kode TPS> <suara calon 1> ... <suara calon n> <sah> <tidak sah>
          <DPT L> <DPT P> <pengguna DPT L> <P> <pengguna DPTb L> <P> <pengguna DPK L> <P>
          <surat suara diterima> <digunakan> <rusak/keliru> <kode cek>

e.g. ``HASIL PPWP 3276011006001 60 80 50 190 4 120 110 98 92 2 1 1 0 235 194 1 482910``: words are separated
by spaces (or ``*``, ``#``, ``,``, ``;``, which a feature phone types as easily); letters in any case;
the contest is its ballot's short code (``CONTESTS``), resolved at the TPS to the latest election's contest
of that ballot; the candidates' votes come in ballot order, one number per candidate of the contest.

It is the smallest message that carries every field of the tally (``results.rules``): the form's sums
that are sums of other numbers in the message are not typed but computed, each group's total (L + P), all
voters who voted (DPT + DPTb + DPK users, L and P), the total of votes (valid + invalid) and the unused
ballots (received − used − damaged). Every typed number still takes part in a rule that can fail, so a
slip of a finger is caught: the votes against the valid votes (R1), the voters against the total (R3),
the ballots used against the total (B1), and the bounds of the TPS (R6–R10). The rules those sums make
true by construction (R2, R4, R5) are checked all the same. With 3 candidates it is 16 numbers and about
90 characters; with 10 candidates it still fits one SMS of 160.

``sms_parse`` never raises: it returns the message or a ``Refused`` with the code and an Indonesian
message short enough for the reply SMS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from suara.results.errors import ResultErrorCode

KEYWORD = "HASIL"
# Short code -> Contest.BallotType value.
CONTESTS = {
    "PPWP": "ppwp",
    "DPR": "dpr",
    "DPD": "dpd",
    "DPRDP": "dprd_prov",
    "DPRDK": "dprd_kabkota",
    "GUB": "gubernur",
    "BUP": "bupati",
    "WALI": "walikota",
}
SHORT_CODES = {ballot: code for code, ballot in CONTESTS.items()}
# The typed numbers after the candidates' votes, in order.
TYPED = (
    "valid",
    "invalid",
    "dpt.l",
    "dpt.p",
    "voted_dpt.l",
    "voted_dpt.p",
    "voted_dptb.l",
    "voted_dptb.p",
    "voted_dpk.l",
    "voted_dpk.p",
    "ballots.received",
    "ballots.used",
    "ballots.damaged",
)
# What the printed page calls them.
TYPED_LABELS = (
    "suara sah",
    "suara tidak sah",
    "DPT laki-laki",
    "DPT perempuan",
    "pengguna hak pilih DPT laki-laki",
    "pengguna hak pilih DPT perempuan",
    "pengguna DPTb laki-laki",
    "pengguna DPTb perempuan",
    "pengguna DPK laki-laki",
    "pengguna DPK perempuan",
    "surat suara diterima",
    "surat suara digunakan",
    "surat suara rusak/keliru dicoblos",
)
PARTS = ("dpt", "voted_dpt", "voted_dptb", "voted_dpk")
MAX_DIGITS = 5
CHECK_DIGITS = 6
_SPLIT = re.compile(r"[\s*#,;]+")


@dataclass(frozen=True)
class Refused:
    code: ResultErrorCode
    message: str
    rule: str = ""  # the tally rule, when the refusal is one


@dataclass(frozen=True)
class SmsTally:
    contest_code: str
    tps: str
    numbers: tuple[int, ...]
    check: str

    @property
    def canonical(self) -> str:
        """The text the check code is computed over (``messaging.checkcode``)."""
        return " ".join((KEYWORD, self.contest_code, self.tps, *map(str, self.numbers)))


def _digits(word: str, most: int) -> bool:
    return 0 < len(word) <= most and word.isascii() and word.isdigit()


def sms_parse(text: str) -> SmsTally | Refused:
    """The message's parts, or why it cannot be read. Knows no contest: ``tally_from`` checks the count of
    numbers against the contest's candidates."""
    words = [w for w in _SPLIT.split(text.strip().upper()) if w] if isinstance(text, str) else []
    if not words or words[0] != KEYWORD:
        return Refused(
            ResultErrorCode.SMS_UNKNOWN_COMMAND, "Format salah: awali dengan HASIL, lihat lembar format SMS."
        )
    if len(words) < 2 or words[1] not in CONTESTS:
        return Refused(
            ResultErrorCode.SMS_UNKNOWN_CONTEST,
            "Kode kontestasi salah: tulis PPWP, DPR, DPD, DPRDP, DPRDK, GUB, BUP atau WALI sesudah HASIL.",
        )
    if len(words) < 3 or not (len(words[2]) == 13 and _digits(words[2], 13)):
        return Refused(ResultErrorCode.SMS_BAD_TPS, "Kode TPS harus 13 angka, sesudah kode kontestasi.")
    if len(words) < 5 or not _digits(words[-1], CHECK_DIGITS) or len(words[-1]) != CHECK_DIGITS:
        return Refused(ResultErrorCode.SMS_BAD_CHECK_FORMAT, "Akhiri SMS dengan kode cek 6 angka.")
    numbers = []
    for position, word in enumerate(words[3:-1], start=1):
        if not _digits(word, MAX_DIGITS):
            return Refused(ResultErrorCode.SMS_BAD_NUMBER, f"Angka ke-{position} ({word[:8]}) bukan bilangan bulat.")
        numbers.append(int(word))
    return SmsTally(contest_code=words[1], tps=words[2], numbers=tuple(numbers), check=words[-1])


def tally_from(numbers: tuple[int, ...], ballots: list[int]) -> dict[str, int] | Refused:
    """The full tally of the message's numbers, for a contest whose candidates have ``ballots`` numbers."""
    expected = len(ballots) + len(TYPED)
    if len(numbers) != expected:
        return Refused(
            ResultErrorCode.SMS_NUMBER_COUNT,
            f"Jumlah angka salah: {len(numbers)}, seharusnya {expected} ({len(ballots)} calon + {len(TYPED)}).",
        )
    tally: dict[str, int] = {f"votes.{b}": n for b, n in zip(ballots, numbers, strict=False)}
    typed = dict(zip(TYPED, numbers[len(ballots) :], strict=True))
    tally["valid"], tally["invalid"] = typed["valid"], typed["invalid"]
    tally["total"] = typed["valid"] + typed["invalid"]
    for group in PARTS:
        tally[f"{group}.l"], tally[f"{group}.p"] = typed[f"{group}.l"], typed[f"{group}.p"]
        tally[f"{group}.j"] = typed[f"{group}.l"] + typed[f"{group}.p"]
    for part in ("l", "p", "j"):
        tally[f"voted_total.{part}"] = sum(tally[f"{g}.{part}"] for g in PARTS[1:])
    received, used, damaged = typed["ballots.received"], typed["ballots.used"], typed["ballots.damaged"]
    if used + damaged > received:
        return Refused(
            ResultErrorCode.RULES_BROKEN,
            f"Surat suara diterima ({received}) kurang dari digunakan + rusak ({used + damaged}).",
            rule="B2",
        )
    tally.update({"ballots.received": received, "ballots.used": used, "ballots.damaged": damaged})
    tally["ballots.unused"] = received - used - damaged
    return tally


def numbers_of(tally: dict[str, int], ballots: list[int]) -> tuple[int, ...]:
    """The numbers an SMS carries for ``tally`` (the inverse of ``tally_from`` on its tallies)."""
    return tuple(tally[f"votes.{b}"] for b in ballots) + tuple(tally[f] for f in TYPED)


def sms_format(*, contest_code: str, tps: str, tally: dict[str, int], ballots: list[int], check: str) -> str:
    """The SMS for ``tally`` (what the printed page's example and the app write)."""
    return SmsTally(contest_code, tps, numbers_of(tally, ballots), check).canonical + f" {check}"
