"""The learned signal: a linear classifier per kind over static word embeddings.

The rules explain what they know; people who are in danger often say it in words no rule
lists ("gonna go to sleep for good", "gave my dog to my sister"). This module scores a sentence
for each kind with a logistic model over the mean of the sentence's token vectors (WordLlama's
static embeddings, which ship inside their wheel: nothing is downloaded, nothing is logged).

Because the score is linear in the token vectors, every token's share of it is known, so a
learned flag still shows its evidence: the words that pushed the score over the threshold.
The weights are a small JSON file (`data/learned.json`) written by `training/crisis/train.py`
from the project's training corpus; they are data, reviewed like the lexicons.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from confide.errors import ConfigurationError
from confide.safety.kinds import Kind

WEIGHTS_FILE = "learned.json"
EMBEDDING = "wordllama/l2_supercat/256"
# Words are what a person reads as evidence; tokens inside one word are merged.
_WORD = re.compile(r"[\w'’-]+")
Vector = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Share:
    """One word of a sentence and how much it moved the score of a kind (log-odds)."""

    start: int
    end: int
    weight: float


@dataclass(frozen=True)
class Score:
    """A kind's probability for a sentence, its threshold, and the words behind it."""

    kind: Kind
    probability: float
    threshold: float
    words: tuple[tuple[int, int], ...]
    weights: tuple[float, ...]

    @property
    def raised(self) -> bool:
        return self.probability >= self.threshold

    @property
    def shares(self) -> tuple[Share, ...]:
        """Each word's share of the score, in text order (words with no token left out)."""
        return tuple(
            Share(s, e, w) for (s, e), w in zip(self.words, self.weights, strict=True) if w
        )

    def evidence(self, most: int = 3) -> tuple[Share, ...]:
        """The words that pushed the score up the most, strongest first."""
        ranked = sorted((s for s in self.shares if s.weight > 0), key=lambda s: -s.weight)
        return tuple(ranked[:most])


@dataclass(frozen=True)
class KindModel:
    weights: Vector
    bias: float
    threshold: float


class Embedder:
    """Token vectors for a text, with each token's character offsets."""

    def __init__(self) -> None:
        # Imported here: the package is needed only when the learned signal runs.
        import wordllama  # type: ignore[import-untyped]  # ships no type information

        package = Path(wordllama.__file__).parent
        model = wordllama.WordLlama.load(cache_dir=package, disable_download=True)
        self._table: Vector = model.embedding
        self._tokenizer = model.tokenizer

    @property
    def dim(self) -> int:
        return int(self._table.shape[1])

    def tokens(self, text: str) -> tuple[Vector, list[tuple[int, int]]]:
        """The token vectors of `text` (one row per token) and their (start, end) offsets."""
        encoded = self._tokenizer.encode(text, add_special_tokens=False)
        ids = np.asarray(encoded.ids, dtype=np.int64)
        return self._table[ids], [tuple(o) for o in encoded.offsets]

    def features(self, text: str) -> Vector | None:
        """The normalised mean token vector: the classifier's input (None for no tokens)."""
        vectors, _ = self.tokens(text)
        norm = _mean_norm(vectors)
        return None if norm is None else (vectors.mean(axis=0) / norm).astype(np.float32)


def _mean_norm(vectors: Vector) -> float | None:
    """The length of the mean token vector, which scores divide by (None: nothing to score)."""
    if not len(vectors):
        return None
    norm = float(np.linalg.norm(vectors.mean(axis=0)))
    return None if norm == 0.0 else norm


class Model:
    """The per-kind logistic models and the embedder they read."""

    def __init__(self, embedder: Embedder, kinds: dict[Kind, KindModel], version: str) -> None:
        self.embedder = embedder
        self.kinds = kinds
        self.version = version

    def scores(self, text: str, start: int = 0, end: int | None = None) -> tuple[Score, ...]:
        """Each kind's score for text[start:end], with word shares in `text`'s offsets."""
        piece = text[start:end]
        vectors, offsets = self.embedder.tokens(piece)
        norm = _mean_norm(vectors)
        if norm is None:
            return ()
        kinds = list(self.kinds.items())
        table = np.stack([m.weights for _, m in kinds], axis=1)
        per_token = (vectors @ table) / (len(vectors) * norm)  # tokens x kinds
        words, owner = _words(piece, offsets)
        totals = np.zeros((len(words), len(kinds)), dtype=np.float64)
        kept = owner >= 0
        np.add.at(totals, owner[kept], per_token[kept])
        spans = tuple((s + start, e + start) for s, e in words)
        logits = per_token.sum(axis=0)
        return tuple(
            Score(
                kind,
                _sigmoid(float(logits[i]) + model.bias),
                model.threshold,
                spans,
                tuple(float(w) for w in totals[:, i]),
            )
            for i, (kind, model) in enumerate(kinds)
        )


def _words(
    piece: str, offsets: list[tuple[int, int]]
) -> tuple[list[tuple[int, int]], npt.NDArray[np.int64]]:
    """The words of `piece` and, per token, the index of the word holding it (-1: none)."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(piece)]
    owner = np.full(len(offsets), -1, dtype=np.int64)
    index = 0
    for position, (t_start, t_end) in enumerate(offsets):
        while index < len(words) and words[index][1] <= t_start:
            index += 1
        if index < len(words) and words[index][0] < t_end:
            owner[position] = index
    return words, owner


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


def parse(data: dict[str, Any], embedder: Embedder) -> Model:
    """A model from the weights file's contents; a malformed file is a ConfigurationError."""
    try:
        if data["embedding"] != EMBEDDING:
            raise ConfigurationError("learned.json was trained on another embedding")
        kinds = {}
        for name, entry in data["kinds"].items():
            weights = np.asarray(entry["weights"], dtype=np.float32)
            if weights.shape != (embedder.dim,):
                raise ConfigurationError(f"learned.json: {name} has the wrong number of weights")
            kinds[Kind(name)] = KindModel(weights, float(entry["bias"]), float(entry["threshold"]))
        return Model(embedder, kinds, str(data["version"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigurationError(f"learned.json is malformed ({type(exc).__name__})") from None


@lru_cache(maxsize=1)
def load() -> Model | None:
    """The packaged model, or None when no weights file ships (the rules then work alone)."""
    source = resources.files("confide.safety").joinpath("data", WEIGHTS_FILE)
    if not source.is_file():
        return None
    return parse(json.loads(source.read_text(encoding="utf-8")), Embedder())
