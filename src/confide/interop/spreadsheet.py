"""Spreadsheet rows (CSV) <-> import records. Pure translation; no I/O.

Columns are documented in docs/import.md. One row per note; rows with the same name and date
of birth are the same peer. Problems name the line and the column, never the value.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from confide.domain.peers import PeerIdentity, identity_problems, normalize_name

REQUIRED = ("first_name", "last_name", "preferred_name", "date_of_birth", "phone", "email")
NOTE_COLUMNS = ("note_date", "note_minutes", "note_text")
MAX_FIELD = 20_000


@dataclass(frozen=True, slots=True)
class ImportNote:
    occurred_on: date
    minutes: int
    text: str


@dataclass(slots=True)
class ImportPeer:
    identity: PeerIdentity
    lines: list[int] = field(default_factory=list)
    notes: list[ImportNote] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int
    reason: str


@dataclass(slots=True)
class ParsedImport:
    peers: list[ImportPeer]
    problems: list[RowProblem]
    rows: int


def decode(data: bytes) -> str | RowProblem:
    """UTF-8 text (a BOM is allowed), or the line where decoding failed."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return RowProblem(data[: exc.start].count(b"\n") + 1, "file is not UTF-8 text")


def parse(text: str) -> ParsedImport:
    """Group rows into peers; every bad row becomes a problem with its line number."""
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = reader.fieldnames or []
    except csv.Error:
        return ParsedImport([], [RowProblem(1, "header is not valid CSV")], 0)
    missing = [c for c in (*REQUIRED, *NOTE_COLUMNS) if c not in header]
    if missing:
        return ParsedImport([], [RowProblem(1, "missing columns: " + ", ".join(missing))], 0)
    peers: dict[tuple[str, ...], ImportPeer] = {}
    problems: list[RowProblem] = []
    rows = 0
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:
            problems.append(RowProblem(line, "row is not valid CSV"))
            break
        rows += 1
        _take(row, reader.line_num, peers, problems)
    return ParsedImport(list(peers.values()), problems, rows)


def _take(
    row: dict[str | None, str | list[str] | None],
    line: int,
    peers: dict[tuple[str, ...], ImportPeer],
    problems: list[RowProblem],
) -> None:
    if None in row or any(v is None for v in row.values()):
        problems.append(RowProblem(line, "wrong number of fields"))
        return
    cells = {str(k): str(v).strip() for k, v in row.items()}
    if any(len(v) > MAX_FIELD for v in cells.values()):
        problems.append(RowProblem(line, "a field is too long"))
        return
    identity_or_reason = _identity(cells)
    if isinstance(identity_or_reason, str):
        problems.append(RowProblem(line, identity_or_reason))
        return
    note_or_reason = _note(cells)
    if isinstance(note_or_reason, str):
        problems.append(RowProblem(line, note_or_reason))
        return
    key = _peer_key(identity_or_reason)
    peer = peers.setdefault(key, ImportPeer(identity_or_reason))
    if peer.identity != identity_or_reason and not _same_contacts(
        peer.identity, identity_or_reason
    ):
        problems.append(RowProblem(line, "same peer as an earlier row but different contacts"))
        return
    peer.lines.append(line)
    if note_or_reason is not None:
        peer.notes.append(note_or_reason)


def _identity(cells: dict[str, str]) -> PeerIdentity | str:
    dob: date | None = None
    if cells["date_of_birth"]:
        try:
            dob = date.fromisoformat(cells["date_of_birth"])
        except ValueError:
            return "date_of_birth: use YYYY-MM-DD"
    alias_only = not (cells["first_name"] or cells["last_name"])
    identity = PeerIdentity(
        preferred_name=cells["preferred_name"],
        first_name=cells["first_name"],
        last_name=cells["last_name"],
        date_of_birth=dob,
        phone=cells["phone"],
        email=cells["email"],
        alias_only=alias_only,
    )
    problems = identity_problems(identity)
    if problems:
        return "; ".join(f"{k}: {v}" for k, v in sorted(problems.items()))
    return identity


def _note(cells: dict[str, str]) -> ImportNote | str | None:
    if not any(cells[c] for c in NOTE_COLUMNS):
        return None
    try:
        occurred_on = date.fromisoformat(cells["note_date"])
    except ValueError:
        return "note_date: use YYYY-MM-DD"
    try:
        minutes = int(cells["note_minutes"])
    except ValueError:
        return "note_minutes: not a whole number"
    if not 0 < minutes <= 24 * 60:
        return "note_minutes: out of range"
    if not cells["note_text"]:
        return "note_text: required with a note date"
    return ImportNote(occurred_on, minutes, cells["note_text"])


def _peer_key(identity: PeerIdentity) -> tuple[str, ...]:
    if identity.alias_only:
        return ("alias", normalize_name(identity.preferred_name))
    dob = identity.date_of_birth.isoformat() if identity.date_of_birth else ""
    return ("named", normalize_name(identity.first_name), normalize_name(identity.last_name), dob)


def _same_contacts(a: PeerIdentity, b: PeerIdentity) -> bool:
    """Later rows of the same peer may leave contact columns blank."""
    return all(getattr(b, f) in ("", getattr(a, f)) for f in ("preferred_name", "phone", "email"))
