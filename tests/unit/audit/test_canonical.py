"""Canonical event bytes: the fast encoder equals the JSON definition, and decodes back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

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


plain = st.from_regex(r"[A-Za-z0-9_.:\-]{0,12}", fullmatch=True)
mostly_plain = plain | st.sampled_from(['a"b', "a\\b", "é", "\n", " "])


@given(mostly_plain, mostly_plain, mostly_plain, mostly_plain, st.integers(-14, 14))
def test_plain_ids_and_any_zone_encode_as_the_json_definition(
    actor: str, resource: str, peer: str, rule: str, offset_h: int
) -> None:
    zone = timezone(timedelta(hours=offset_h))
    at = datetime(2026, 1, 1, 12, 30, 5, 120, tzinfo=zone)
    event = AccessEvent("org-1", at, actor, "note:read", "encounter", resource, peer,
                        "treatment", "allow", rule, "r-1")  # fmt: skip
    assert canonical.encode(event, 7) == canonical.encode_reference(event, 7)
    assert canonical.format_at(at) == at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@given(st.datetimes(min_value=datetime(1000, 1, 1), timezones=st.just(UTC)))  # %Y pads from 1000
def test_utc_times_format_with_six_digit_microseconds_even_when_zero(at: datetime) -> None:
    assert canonical.format_at(at) == at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
