"""Reading and writing FHIR JSON by hand: each reader names the FHIR path, never the value."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, TypeVar

from confide.domain.consents import ConsentForm, Signer
from confide.domain.disclosures import Category, DisclosurePurpose, RecipientKind
from confide.errors import InvalidInput
from confide.interop.fhir_codes import ext

JSON = dict[str, Any]
E = TypeVar("E", Category, DisclosurePurpose, RecipientKind, ConsentForm, Signer)


def bad(path: str, code: str) -> InvalidInput:
    return InvalidInput(f"FHIR {path} cannot be read ({code})", fields={path: code})


def obj(raw: object, path: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise bad(path, "not_an_object")
    return raw


def array(raw: object, path: str) -> list[Any]:
    if not isinstance(raw, list):
        raise bad(path, "not_a_list")
    return raw


def text(raw: Mapping[str, Any], key: str, path: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value:
        raise bad(path, "missing")
    return value


def opt_str(raw: object, path: str) -> str | None:
    if raw is not None and not isinstance(raw, str):
        raise bad(path, "not_a_string")
    return raw


def opt_bool(raw: object, path: str) -> bool | None:
    if raw is not None and not isinstance(raw, bool):
        raise bad(path, "not_a_boolean")
    return raw


def day(raw: object, path: str) -> date:
    if not isinstance(raw, str):
        raise bad(path, "not_a_date")
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        raise bad(path, "not_a_date") from None


def enum(kind: type[E], raw: object, path: str) -> E:
    if not isinstance(raw, str):
        raise bad(path, "unknown_code")
    try:
        return kind(raw)
    except ValueError:
        raise bad(path, "unknown_code") from None


def maybe(raw: object, build: Callable[[Any], Any]) -> Any:
    return None if raw is None else build(raw)


def display(raw: object) -> object:
    return raw.get("display") if isinstance(raw, Mapping) else None


def codes(concept: object, system: str, path: str) -> list[object]:
    codings = array(obj(concept, path).get("coding", []), path)
    return [c.get("code") for c in codings if isinstance(c, Mapping) and c.get("system") == system]


def extensions(
    element: Mapping[str, Any], path: str, *, repeated: frozenset[str] | set[str] = frozenset()
) -> dict[str, Any]:
    """confide's extensions on `element`, by short name, to their value."""
    out: dict[str, Any] = {}
    prefix = ext("")
    for item in array(element.get("extension", []), path):
        entry = obj(item, path)
        url = entry.get("url")
        if not isinstance(url, str) or not url.startswith(prefix):
            continue
        name = url.removeprefix(prefix)
        value = _value(entry, path)
        if name in repeated:
            out.setdefault(name, []).append(value)
        else:
            out[name] = value
    return out


def _value(entry: Mapping[str, Any], path: str) -> Any:
    """An extension's one value; a complex extension (no value, parts of its own) reads as a
    dict of its parts' values by their relative url."""
    values = [v for k, v in entry.items() if k.startswith("value")]
    if not values and "extension" in entry:
        parts: dict[str, Any] = {}
        for item in array(entry["extension"], path):
            part = obj(item, path)
            url = part.get("url")
            if not isinstance(url, str):
                raise bad(path, "no_url")
            parts[url] = _value(part, path)
        return parts
    if len(values) != 1:
        raise bad(path, "no_value")
    return values[0]


def iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def drop_empty(resource: JSON) -> JSON:
    return {k: v for k, v in resource.items() if v not in ([], {}, None)}
