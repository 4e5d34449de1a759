"""The learned signal: it adds flags the rules miss, shows the words behind them, goes through
the same contexts, and loads from the package with downloads refused."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from confide.errors import ConfigurationError
from confide.safety import Context, Kind, assess, learned
from confide.safety.flags import LEARNED_RULE

_WORD = re.compile(r"\w+")


class _OneWordEmbedder:
    """Every word is one token: [1, 0] for the word the fake model fears, [0, 1] otherwise."""

    dim = 2

    def tokens(self, text: str) -> tuple[np.ndarray, list[tuple[int, int]]]:
        spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        rows = [[1.0, 0.0] if text[s:e] == "zorbleck" else [0.0, 1.0] for s, e in spans]
        return np.asarray(rows, dtype=np.float32).reshape(-1, 2), spans


def _fake_model() -> learned.Model:
    suicide = learned.KindModel(np.asarray([12.0, -1.0], dtype=np.float32), -1.0, 0.5)
    return learned.Model(_OneWordEmbedder(), {Kind.SUICIDE_RISK: suicide}, "test")  # type: ignore[arg-type]


@pytest.fixture
def fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(learned, "load", _fake_model)


@pytest.mark.usefixtures("fake_model")
def test_a_learned_flag_quotes_the_word_that_raised_it() -> None:
    text = "Peer said zorbleck again."
    (found,) = assess(text).flags
    assert found.kind is Kind.SUICIDE_RISK
    assert [(e.rule, text[e.start : e.end]) for e in found.evidence] == [
        (LEARNED_RULE, "zorbleck")
    ]


@pytest.mark.usefixtures("fake_model")
def test_a_negated_learned_word_is_set_aside_as_a_rule_anchor_would_be() -> None:
    result = assess("Peer denies zorbleck.")
    assert result.flags == ()
    assert {c for e in result.set_aside for c in e.contexts} == {Context.NEGATED}


@pytest.mark.usefixtures("fake_model")
def test_where_the_rules_raise_a_kind_the_learned_signal_adds_nothing() -> None:
    (found,) = assess("Peer says she wants to kill herself, zorbleck.").flags
    assert LEARNED_RULE not in {e.rule for e in found.evidence}


def test_the_packaged_model_raises_what_no_rule_lists_and_shows_whole_words() -> None:
    text = "He said the world would keep turning fine without him in it."
    assert assess(text, use_learned=False).flags == ()
    (found,) = assess(text).flags
    assert found.kind is Kind.SUICIDE_RISK
    words = [text[e.start : e.end] for e in found.evidence]
    assert words
    assert all(w in text.split(" ") for w in words)  # whole words, never pieces of one
    assert {e.rule for e in found.evidence} == {LEARNED_RULE}


def test_word_shares_add_up_to_the_score() -> None:
    model = learned.load()
    assert model is not None
    text = "nobody would miss me if i just went to sleep and stayed there"
    for score in model.scores(text):
        logit = math.log(score.probability / (1 - score.probability))
        bias = model.kinds[score.kind].bias
        assert sum(s.weight for s in score.shares) + bias == pytest.approx(logit, abs=1e-3)


def test_the_model_loads_with_every_download_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import requests

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the learned signal tried the network")

    monkeypatch.setattr(requests.Session, "request", refuse)
    monkeypatch.setattr(requests, "get", refuse)
    learned.load.cache_clear()
    try:
        assert learned.load() is not None
    finally:
        learned.load.cache_clear()


def test_a_malformed_weights_file_is_a_configuration_error_naming_no_text() -> None:
    embedder = learned.Embedder()
    with pytest.raises(ConfigurationError, match="another embedding"):
        learned.parse({"embedding": "other", "kinds": {}, "version": "x"}, embedder)
    with pytest.raises(ConfigurationError, match="wrong number of weights"):
        learned.parse(
            {"embedding": learned.EMBEDDING, "version": "x",
             "kinds": {"suicide_risk": {"weights": [1.0], "bias": 0, "threshold": 0.5}}},
            embedder,
        )  # fmt: skip
    with pytest.raises(ConfigurationError, match="malformed"):
        learned.parse({"embedding": learned.EMBEDDING}, embedder)
