"""The duplicate model: Splink's settings (comparisons and blocking rules over ``features``), its training
on a synthetic register with known duplicates, and the versioned file it is kept in. No Django.

A model file (``models/ganda-v2.json``) holds Splink's own settings with the trained m and u values, and
beside them what Suara needs to use it: its version, the threshold a pair's probability must reach to be
proposed, the share of records that were duplicates in training (the prior is set from it for each run:
the chance that two records picked at random are one person falls as the register grows), and the
figures it reached on its training data.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

import duckdb
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

MODELS_DIR = Path(__file__).resolve().parent / "models"
CURRENT_VERSION = "ganda-v2"
DEFAULT_THRESHOLD = 0.9

# Each rule finds the kinds of duplicate the others may miss: a copy may differ in its name, its home, or
# its birth date (day and month swapped, the year one off), two of them at once. All share a birth date
# related to the other's (the same, swapped, a year later: ``features.related_birth_dates``) or the
# family card, which keeps the comparisons near a few per record even on millions of rows, and lets an
# incremental run fetch from the database only the records born on those dates.
BLOCKING_RULES = (
    block_on("birth_date", "desa"),  # name changed in any way, same desa
    block_on("birth_date", "sounds"),  # another address, name spelt another way, titled or reordered
    block_on("birth_date", "sound_first"),  # another address and a slip in another word of the name
    block_on("birth_date", "sound_last"),
    "l.birth_date_swapped = r.birth_date and l.desa = r.desa",  # day and month swapped (an involution)
    "l.birth_date_swapped = r.birth_date and l.sounds = r.sounds",
    "l.birth_date_swapped = r.birth_date and l.sound_first = r.sound_first",
    "l.birth_date_swapped = r.birth_date and l.sound_last = r.sound_last",
    # The year one off, either way round (Splink keeps only l.unique_id < r.unique_id).
    "l.birth_date_next = r.birth_date and l.desa = r.desa",
    "r.birth_date_next = l.birth_date and l.desa = r.desa",
    "l.birth_date_next = r.birth_date and l.sounds = r.sounds",
    "r.birth_date_next = l.birth_date and l.sounds = r.sounds",
    "l.birth_date_next = r.birth_date and l.sound_first = r.sound_first",
    "r.birth_date_next = l.birth_date and l.sound_first = r.sound_first",
    "l.birth_date_next = r.birth_date and l.sound_last = r.sound_last",
    "r.birth_date_next = l.birth_date and l.sound_last = r.sound_last",
    # Day and month swapped and the year one off: both slips at once.
    "l.birth_date_swapped_next = r.birth_date and l.sounds = r.sounds",
    "r.birth_date_swapped_next = l.birth_date and l.sounds = r.sounds",
    "l.birth_date_swapped_next = r.birth_date and l.desa = r.desa",
    "r.birth_date_swapped_next = l.birth_date and l.desa = r.desa",
    block_on("kk", "sound_first"),  # same family card, same name, a birth date mistyped
    block_on("birth_date", "sex", "initial"),  # moved, and a slip in every word (one-word names)
)


def _name_comparison():
    return cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            cll.NullLevel("words"),
            cll.ExactMatchLevel("words", term_frequency_adjustments=True).configure(label_for_charts="same words"),
            cll.JaroWinklerLevel("words", 0.94),
            cll.DamerauLevenshteinLevel("words", 1),  # one slip: what Jaro-Winkler misses in short names
            cll.ExactMatchLevel("sounds").configure(label_for_charts="same sound keys"),
            cll.JaroWinklerLevel("words", 0.88),
            cll.ArrayIntersectLevel("sound_list", 2),
            cll.ArrayIntersectLevel("sound_list", 1),
            cll.ElseLevel(),
        ],
    )


def _birth_date_comparison():
    return cl.CustomComparison(
        output_column_name="birth_date",
        comparison_levels=[
            cll.NullLevel("birth_date"),
            cll.ExactMatchLevel("birth_date"),
            cll.CustomLevel("birth_date_swapped_l = birth_date_r", "day and month swapped"),
            cll.CustomLevel(
                "birth_date_next_l = birth_date_r or birth_date_next_r = birth_date_l"
                " or birth_date_swapped_next_l = birth_date_r or birth_date_swapped_next_r = birth_date_l",
                "the year one off (day and month as written or swapped)",
            ),
            cll.CustomLevel(
                "year(birth_date_l) = year(birth_date_r) and month(birth_date_l) = month(birth_date_r)",
                "same year and month",
            ),
            cll.ElseLevel(),
        ],
    )


def _home_comparison():
    # One comparison for family card, address and desa: they go together (a household shares all three),
    # and counting each as separate evidence would let relatives at one address look like one person.
    return cl.CustomComparison(
        output_column_name="home",
        comparison_levels=[
            cll.NullLevel("desa"),
            cll.CustomLevel("kk_l = kk_r", "same family card"),
            cll.CustomLevel("address_l = address_r and desa_l = desa_r", "same address"),
            cll.ExactMatchLevel("desa"),
            cll.CustomLevel("substr(desa_l, 1, 6) = substr(desa_r, 1, 6)", "same kecamatan"),
            cll.ElseLevel(),
        ],
    )


def settings_creator(prior: float = 1e-6) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=prior,
        comparisons=[
            _name_comparison(),
            _birth_date_comparison(),
            cl.ExactMatch("sex"),
            cl.ExactMatch("marital"),
            _home_comparison(),
            cl.ExactMatch("place").configure(term_frequency_adjustments=True),  # abbreviations written out
        ],
        blocking_rules_to_generate_predictions=list(BLOCKING_RULES),
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )


@dataclass(frozen=True)
class Model:
    version: str
    threshold: float
    duplicate_rate: float  # duplicates per record in the training register
    splink_settings: dict
    trained: dict  # what it was trained on and the figures it reached there

    def settings_for(self, *, records: int, link_against: int | None = None) -> dict:
        """Splink's settings for one run: a dedupe of ``records`` records, or (``link_against``) a link of
        ``records`` new records against a register of that size, with the prior set to match."""
        settings = json.loads(json.dumps(self.splink_settings))
        if link_against is None:
            pairs = max(records * (records - 1) / 2, 1)
            settings["probability_two_random_records_match"] = min(self.duplicate_rate * records / pairs, 0.5)
        else:
            settings["link_type"] = "link_only"
            settings["probability_two_random_records_match"] = min(self.duplicate_rate / max(link_against, 1), 0.5)
        return settings

    def as_dict(self) -> dict:
        return {
            "version": self.version,
            "threshold": self.threshold,
            "duplicate_rate": self.duplicate_rate,
            "trained": self.trained,
            "splink_settings": self.splink_settings,
        }


def model_path(version: str = CURRENT_VERSION) -> Path:
    return MODELS_DIR / f"{version}.json"


def load_model(path: Path | str | None = None) -> Model:
    """The model kept in ``path`` (the current version's file by default)."""
    data = json.loads(Path(path or model_path()).read_text(encoding="utf-8"))
    return Model(
        version=data["version"],
        threshold=float(data["threshold"]),
        duplicate_rate=float(data["duplicate_rate"]),
        splink_settings=data["splink_settings"],
        trained=data.get("trained", {}),
    )


def quiet_splink() -> None:
    """Splink logs its progress at INFO; none of it holds personal data, but it is noise in a command."""
    logging.getLogger("splink").setLevel(logging.WARNING)


def train(
    con: duckdb.DuckDBPyConnection, *, features_table: str, labels_table: str, version: str, seed: int = 1
) -> Model:
    """Trains on a feature table (``pairs.prepare``) whose true duplicate pairs are in ``labels_table``
    (columns unique_id_l, unique_id_r): u from random pairs (almost all non-duplicates), m from the
    known duplicates, so the model learns how real copies differ rather than guessing it by EM."""
    quiet_splink()
    records = con.execute(f"select count(*) from {features_table}").fetchone()[0]  # noqa: S608
    duplicates = con.execute(f"select count(*) from {labels_table}").fetchone()[0]  # noqa: S608
    rate = duplicates / max(records, 1)
    pairs = max(records * (records - 1) / 2, 1)
    linker = Linker(
        features_table,
        settings_creator(prior=duplicates / pairs),
        db_api=DuckDBAPI(connection=con),
        set_up_basic_logging=False,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=seed)
    linker.training.estimate_m_from_pairwise_labels(labels_table)
    settings = _fill_unseen_levels(linker.misc.save_model_to_json(), duplicates)
    return Model(
        version=version,
        threshold=DEFAULT_THRESHOLD,
        duplicate_rate=rate,
        splink_settings=settings,
        trained={"records": records, "duplicates": duplicates, "seed": seed},
    )


def _fill_unseen_levels(settings: dict, duplicates: int) -> dict:
    """A level no known duplicate fell in (another sex, say) gets a twentieth of a duplicate's worth of m instead
    of Splink's untrained default: rare in duplicates, so strong evidence against a match."""
    unseen = 0.05 / max(duplicates, 1)
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            if not level.get("is_null_level") and level.get("m_probability") is None:
                level["m_probability"] = unseen
    return settings


def save_model(model: Model, path: Path | str) -> None:
    Path(path).write_text(json.dumps(model.as_dict(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
