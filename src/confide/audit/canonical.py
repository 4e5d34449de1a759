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
    if at.tzinfo is None:
        raise ValueError("event times must be timezone-aware")
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def encode(event: AccessEvent, seq: int) -> bytes:
    """The canonical v1 bytes of `event` at position `seq`."""
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
