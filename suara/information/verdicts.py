"""Which verdict a clarification carries, and the questions that decide it. Pure: no Django.

The five verdicts follow the vocabulary of Kominfo and Mafindo (First Draft's "information disorder"):

- HOAKS: the content is fabricated (a made-up event, a forged document, an edited image or video).
- DISINFORMASI: false, not fabricated outright, and spread to deceive (a real photo with a false caption
  pushed by an account that knows better).
- MISINFORMASI: false, spread without intent to deceive (a mistaken forward, an honest misunderstanding).
- MENYESATKAN: the facts are true but framed to mislead (an old event shown as new, a number without its
  context).
- BENAR: the claim is true as it circulated.

The officer answers four yes/no questions; ``verdict_for`` turns the answers into the one verdict they
determine, and the verdict the officer chose must agree with it (``verdict_problem``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Verdict(StrEnum):
    HOAKS = "HOAKS"
    DISINFORMASI = "DISINFORMASI"
    MISINFORMASI = "MISINFORMASI"
    MENYESATKAN = "MENYESATKAN"
    BENAR = "BENAR"


VERDICT_MEANINGS = {
    Verdict.HOAKS: "Konten dibuat-buat (peristiwa rekaan, dokumen palsu, gambar atau video suntingan).",
    Verdict.DISINFORMASI: "Informasi salah yang sengaja disebarkan untuk menipu.",
    Verdict.MISINFORMASI: "Informasi salah yang disebarkan tanpa niat menipu.",
    Verdict.MENYESATKAN: "Fakta benar yang dibingkai sehingga menyesatkan.",
    Verdict.BENAR: "Klaim benar sebagaimana beredar.",
}

# The questions, in the order they are asked; their field names are Answers' fields.
QUESTIONS = (
    ("facts_true", "Apakah fakta dalam klaim itu benar?"),
    (
        "misleading_frame",
        "Jika benar: apakah fakta itu dibingkai sehingga menyesatkan (konteks hilang, peristiwa lama disebut baru)?",
    ),
    ("fabricated", "Jika salah: apakah kontennya dibuat-buat (rekaan, dokumen palsu, suntingan)?"),
    ("intent_to_deceive", "Jika salah dan tidak dibuat-buat: apakah disebarkan dengan sengaja untuk menipu?"),
)


@dataclass(frozen=True)
class Answers:
    facts_true: bool
    misleading_frame: bool
    fabricated: bool
    intent_to_deceive: bool


def verdict_for(answers: Answers) -> Verdict:
    """The verdict the answers determine. A question that does not apply to the branch is ignored."""
    if answers.facts_true:
        return Verdict.MENYESATKAN if answers.misleading_frame else Verdict.BENAR
    if answers.fabricated:
        return Verdict.HOAKS
    return Verdict.DISINFORMASI if answers.intent_to_deceive else Verdict.MISINFORMASI


def verdict_problem(chosen: str, answers: Answers) -> str | None:
    """Why the chosen verdict cannot stand with these answers, or None when it agrees."""
    if chosen not in Verdict.__members__.values():
        return "vonis harus salah satu dari HOAKS, DISINFORMASI, MISINFORMASI, MENYESATKAN, BENAR"
    expected = verdict_for(answers)
    if chosen != expected:
        return f"jawaban pertanyaan menunjukkan {expected}, bukan {chosen}"
    return None
