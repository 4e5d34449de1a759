"""Reading JSON lines with an "id": `{"id", "text"}` for `confide deid` and `confide flag`,
requests for `confide disclosure check`.

Error codes name what is wrong with a line, never its content.
"""

from __future__ import annotations

import json
from typing import Any

MAX_ID = 200


def parse_object_line(line: str) -> tuple[dict[str, Any] | None, object, str | None]:
    """(object, id, error code) of one JSON line whose object carries a string or integer id."""
    try:
        row = json.loads(line)
    except ValueError:
        return None, None, "invalid_json"
    if not isinstance(row, dict):
        return None, None, "not_an_object"
    ident = row.get("id")
    if isinstance(ident, bool) or not isinstance(ident, str | int):
        return None, None, "invalid_id"
    if isinstance(ident, str) and len(ident) > MAX_ID:
        return None, None, "invalid_id"
    return row, ident, None


def parse_text_line(line: str, *, max_text: int) -> tuple[object, str | None, str | None]:
    """(id, text, error code) of one input line; text is None whenever error is set."""
    row, ident, error = parse_object_line(line)
    if row is None:
        return ident, None, error
    text = row.get("text")
    if not isinstance(text, str):
        return ident, None, "missing_text" if text is None else "text_not_string"
    if len(text) > max_text:
        return ident, None, "text_too_long"
    return ident, text, None
