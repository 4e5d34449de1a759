"""Canonical event bytes: the fast encoder equals the JSON definition, and decodes back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from confide.audit import canonical
from confide.audit.events import AccessEvent

text = st.text(max_size=12)
maybe = st.none() | text


@given(maybe, maybe, maybe, text, text, st.integers(0, 10**12), st.integers(1, 10**9))
def test_fast_encoding_equals_the_json_definition(
    actor: str | None,
    resource: str | None,
    peer: str | None,
    rule: str,
    org: str,
    us: int,
    seq: int,
) -> None:
    event = AccessEvent(org, datetime(2026, 1, 1, tzinfo=UTC) + timedelta(microseconds=us), actor,
                        "note:read", "encounter", resource, peer, "treatment", "allow", rule,
                        "r-1")  # fmt: skip
    data = canonical.encode(event, seq)
    assert data == canonical.encode_reference(event, seq)
    assert canonical.encode(canonical.decode(data), seq) == data
