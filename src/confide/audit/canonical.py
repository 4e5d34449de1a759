"""Canonical bytes of an access event (format v1): what the log hashes, stores and proves.

A JSON object with exactly these keys, sorted by code point, no whitespace, ASCII only:
`v` (1), `seq` (1-based position in the log), `organization_id`, `at` (UTC,
`YYYY-MM-DDTHH:MM:SS.ffffffZ`), `actor_id`, `action`, `resource_kind`, `resource_id`,
`peer_id`, `purpose`, `outcome`, `rule_id`, `request_id`. Values are strings, integers or null;
events hold ids, codes and times only. The bytes are produced once, at append, and stored;
verification hashes the stored bytes, never a re-encoding of the row.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from confide.audit.events import AccessEvent
from confide.errors import IntegrityError

VERSION = 1
_FIELDS = (
    "organization_id",
    "actor_id",
    "action",
    "resource_kind",
    "resource_id",
    "peer_id",
    "purpose",
    "outcome",
    "rule_id",
    "request_id",
)


def format_at(at: datetime) -> str:
    if at.tzinfo is UTC and at.microsecond:
        return at.isoformat()[:-6] + "Z"  # the usual case; isoformat() shows the microseconds
    if at.tzinfo is None:
        raise ValueError("event times must be timezone-aware")
    if at.tzinfo is not UTC:
        at = at.astimezone(UTC)
    return at.isoformat(timespec="microseconds")[:-6] + "Z"  # drop "+00:00"


def _needs_no_escape(value: str) -> bool:
    """True when json.dumps(value, ensure_ascii=True) is value in quotes: printable ASCII
    without a quote or a backslash (checks in C, no pattern)."""
    return value.isascii() and value.isprintable() and '"' not in value and "\\" not in value


def _value(value: str | None) -> str:
    """A JSON value; ids and codes are plain ASCII and need no escaping, anything else does."""
    if value is None:
        return "null"
    return f'"{value}"' if _needs_no_escape(value) else json.dumps(value, ensure_ascii=True)


def encode(event: AccessEvent, seq: int, *, at: str | None = None) -> bytes:
    """The canonical v1 bytes of `event` at position `seq` (json.dumps with sorted keys and no
    whitespace, written out for speed; a unit test holds the two equal). The usual event, all
    ids present and needing no escape, is checked once over all its values and written in one
    go. `at` is format_at(event.at) when the caller has it already."""
    e = event
    at = format_at(e.at) if at is None else at
    if e.actor_id is None or e.peer_id is None or e.resource_id is None:
        return _encode_any(e, seq, at)
    values = "".join((e.action, e.actor_id, e.organization_id, e.outcome, e.peer_id, e.purpose,
                      e.request_id, e.resource_id, e.resource_kind, e.rule_id))  # fmt: skip
    if not _needs_no_escape(values):
        return _encode_any(e, seq, at)
    return (
        f'{{"action":"{e.action}","actor_id":"{e.actor_id}","at":"{at}",'
        f'"organization_id":"{e.organization_id}","outcome":"{e.outcome}",'
        f'"peer_id":"{e.peer_id}","purpose":"{e.purpose}","request_id":"{e.request_id}",'
        f'"resource_id":"{e.resource_id}","resource_kind":"{e.resource_kind}",'
        f'"rule_id":"{e.rule_id}","seq":{int(seq)},"v":{VERSION}}}'
    ).encode("ascii")


def _encode_any(e: AccessEvent, seq: int, at: str) -> bytes:
    return (
        f'{{"action":{_value(e.action)},"actor_id":{_value(e.actor_id)},'
        f'"at":"{at}","organization_id":{_value(e.organization_id)},'
        f'"outcome":{_value(e.outcome)},"peer_id":{_value(e.peer_id)},'
        f'"purpose":{_value(e.purpose)},"request_id":{_value(e.request_id)},'
        f'"resource_id":{_value(e.resource_id)},"resource_kind":{_value(e.resource_kind)},'
        f'"rule_id":{_value(e.rule_id)},"seq":{int(seq)},"v":{VERSION}}}'
    ).encode("ascii")


def encode_reference(event: AccessEvent, seq: int) -> bytes:
    """The definition: json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=True)."""
    document: dict[str, Any] = {f: getattr(event, f) for f in _FIELDS}
    document |= {"v": VERSION, "seq": seq, "at": format_at(event.at)}
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return text.encode("ascii")


def decode(data: bytes) -> AccessEvent:
    """The event the canonical bytes describe. Raises IntegrityError on anything else."""
    try:
        document = json.loads(data)
        if document.get("v") != VERSION or set(document) != {*_FIELDS, "v", "seq", "at"}:
            raise ValueError("unexpected shape")
        at = datetime.strptime(document["at"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
        values = {f: document[f] for f in _FIELDS}
        return AccessEvent(at=at, seq=int(document["seq"]), **values)
    except (ValueError, TypeError, KeyError, AttributeError):
        raise IntegrityError("stored event bytes are not a canonical v1 event") from None
