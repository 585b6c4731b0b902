"""Training and measuring the duplicate model on files from ``suara generate-voters --duplicates RATE
--truth TRUTH.csv``. No Django: the benchmark and ``suara dedup train`` share it.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from suara.voters.dedup import pairs
from suara.voters.dedup.model import Model, train

THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98, 0.99)


@dataclass(frozen=True)
class Score:
    proposed: int
    true: int
    found: int  # proposed pairs that are true duplicates

    @property
    def precision(self) -> float:
        return self.found / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.true if self.true else 1.0


def load_truth(con: duckdb.DuckDBPyConnection, truth_csv: str) -> int:
    """The truth file (nik_a,nik_b) as the table ``truth`` of unique-id pairs (lower id left)."""
    con.execute(
        """
        create or replace table truth as
        select least(a.unique_id, b.unique_id) as unique_id_l, greatest(a.unique_id, b.unique_id) as unique_id_r
        from read_csv(?, header = true, all_varchar = true) t
        join register a on a.nik = t.nik_a
        join register b on b.nik = t.nik_b
        """,
        [str(truth_csv)],
    )
    return con.execute("select count(*) from truth").fetchone()[0]


def score(con: duckdb.DuckDBPyConnection, found: list[pairs.Pair]) -> Score:
    con.execute("create or replace temp table proposed (a bigint, b bigint)")
    if found:
        con.executemany("insert into proposed values (?, ?)", [(p.id_a, p.id_b) for p in found])
    true = con.execute("select count(*) from truth").fetchone()[0]
    hits = con.execute(
        "select count(*) from proposed p join truth t on t.unique_id_l = p.a and t.unique_id_r = p.b"
    ).fetchone()[0]
    return Score(proposed=len(found), true=true, found=hits)


def train_from_files(voters_csv: str, truth_csv: str, *, version: str, seed: int = 1) -> tuple[Model, dict]:
    """Trains a model on a generated register and its truth, then picks the threshold with the best
    F1 on it (the lowest of equals); returns the model and the scores per threshold."""
    con = pairs.connect()
    pairs.load_csv(con, voters_csv)
    pairs.prepare(con)
    load_truth(con, truth_csv)
    con.execute("create or replace table labels as select unique_id_l, unique_id_r from truth")
    model = train(con, features_table=pairs.FEATURES, labels_table="labels", version=version, seed=seed)
    candidates = pairs.find_pairs(con, model, threshold=min(THRESHOLDS))
    scores = {}
    for threshold in THRESHOLDS:
        s = score(con, [p for p in candidates if p.probability >= threshold])
        scores[threshold] = {"precision": round(s.precision, 4), "recall": round(s.recall, 4)}

    def f1(t: float) -> float:
        p, r = scores[t]["precision"], scores[t]["recall"]
        return 2 * p * r / (p + r) if p + r else 0.0

    # Among thresholds as good as each other, the lowest: operators review every pair proposed, while a
    # duplicate not proposed stays on the register.
    best = max(THRESHOLDS, key=lambda t: (round(f1(t), 3), -t))
    chosen = Model(
        version=model.version,
        threshold=best,
        duplicate_rate=model.duplicate_rate,
        splink_settings=model.splink_settings,
        trained={**model.trained, "scores_by_threshold": {str(t): v for t, v in scores.items()}},
    )
    con.close()
    return chosen, scores
