"""Fit the learned crisis signal: one logistic model per kind over sentence embeddings.

Reads every `corpus_*.jsonl` beside this file (sentences written for training by people who
never saw the lexicon, the rules or any evaluation set), fits scikit-learn's
LogisticRegression per kind, picks each kind's threshold from out-of-fold probabilities so
that at most FALSE_ALARM_RATE of the sentences without that kind would be raised, and writes
src/confide/safety/data/learned.json. Run it with `make train` (installs the `train` extra).

No evaluation set is read here: the blind sets in benchmarks/data only measure the result.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from confide.safety.kinds import Kind
from confide.safety.learned import EMBEDDING, WEIGHTS_FILE, Embedder

HERE = Path(__file__).resolve().parent
OUT = HERE.parents[1] / "src" / "confide" / "safety" / "data" / WEIGHTS_FILE
VERSION = "2026.2"
FALSE_ALARM_RATE = 0.01
C = 4.0
SEED = 7


def rows() -> list[dict[str, object]]:
    found = []
    for path in sorted(HERE.glob("corpus_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                found.append(json.loads(line))
    return found


def main() -> int:
    data = rows()
    embedder = Embedder()
    features, kept = [], []
    for row in data:
        vector = embedder.features(str(row["text"]))
        if vector is not None:
            features.append(vector)
            kept.append(row)
    x = np.vstack(features)
    out: dict[str, object] = {"version": VERSION, "embedding": EMBEDDING, "kinds": {}}
    report = {}
    for kind in Kind:
        y = np.array(
            [any(lab["kind"] == kind.value for lab in r["labels"]) for r in kept], dtype=int
        )
        model = LogisticRegression(C=C, class_weight="balanced", max_iter=2000)
        folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
        oof = cross_val_predict(model, x, y, cv=folds, method="predict_proba")[:, 1]
        negatives = np.sort(oof[y == 0])
        threshold = float(negatives[int(len(negatives) * (1 - FALSE_ALARM_RATE))])
        threshold = max(threshold, 0.5)
        model.fit(x, y)
        out["kinds"][kind.value] = {  # type: ignore[index]
            "weights": [round(float(w), 6) for w in model.coef_[0]],
            "bias": round(float(model.intercept_[0]), 6),
            "threshold": round(threshold, 4),
        }
        report[kind.value] = {
            "positives": int(y.sum()),
            "negatives": int((y == 0).sum()),
            "threshold": round(threshold, 4),
            "cv_recall": round(float((oof[y == 1] >= threshold).mean()), 3),
            "cv_false_alarms": round(float((oof[y == 0] >= threshold).mean()), 3),
        }
    OUT.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    json.dump({"rows": len(kept), "kinds": report}, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
