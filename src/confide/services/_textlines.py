"""Reading `{"id", "text"}` JSON lines, the input shape of `confide deid` and `confide flag`.

Error codes name what is wrong with a line, never its content.
"""

from __future__ import annotations

import json

MAX_ID = 200


def parse_text_line(line: str, *, max_text: int) -> tuple[object, str | None, str | None]:
    """(id, text, error code) of one input line; text is None whenever error is set."""
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
    text = row.get("text")
    if not isinstance(text, str):
        return ident, None, "missing_text" if text is None else "text_not_string"
    if len(text) > max_text:
        return ident, None, "text_too_long"
    return ident, text, None
