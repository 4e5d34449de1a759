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
    shares: tuple[Share, ...]

    @property
    def raised(self) -> bool:
        return self.probability >= self.threshold

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
        if not len(vectors):
            return None
        mean = vectors.mean(axis=0)
        norm = float(np.linalg.norm(mean))
        return None if norm == 0.0 else (mean / norm).astype(np.float32)


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
        if not len(vectors):
            return ()
        mean = vectors.mean(axis=0)
        norm = float(np.linalg.norm(mean))
        if norm == 0.0:
            return ()
        found = []
        for kind, model in self.kinds.items():
            per_token = (vectors @ model.weights) / (len(vectors) * norm)
            logit = float(per_token.sum()) + model.bias
            shares = _words(piece, offsets, per_token, start)
            found.append(Score(kind, _sigmoid(logit), model.threshold, shares))
        return tuple(found)


def _words(
    piece: str, offsets: list[tuple[int, int]], per_token: Vector, shift: int
) -> tuple[Share, ...]:
    """Token shares summed into the words that hold them."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(piece)]
    totals = [0.0] * len(words)
    index = 0
    for (t_start, t_end), weight in zip(offsets, per_token, strict=True):
        while index < len(words) and words[index][1] <= t_start:
            index += 1
        if index < len(words) and words[index][0] < t_end:
            totals[index] += float(weight)
    return tuple(
        Share(s + shift, e + shift, w) for (s, e), w in zip(words, totals, strict=True) if w
    )


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
