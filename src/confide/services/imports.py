"""Bulk import from the spreadsheets organizations keep today. All rows or none."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from confide.domain.actions import Action
from confide.domain.actors import RequestContext
from confide.domain.encounters import EncounterStatus, NoteBody, NoteFormat
from confide.errors import InvalidInput
from confide.interop import spreadsheet
from confide.interop.spreadsheet import ParsedImport, RowProblem
from confide.policy import Resource
from confide.services._guard import authorize
from confide.services.notes import NoteDraft, write_note_in
from confide.services.peers import add_peer_in
from confide.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class ImportReport:
    rows: int
    peers: int
    notes: int
    skipped: tuple[RowProblem, ...]


class ImportRejected(InvalidInput):
    """The file had bad rows and nothing was imported; `problems` lists them by line."""

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(f"{len(problems)} bad row(s); nothing was imported")
        self.problems = problems


def parse_file(data: bytes) -> ParsedImport:
    """Decode and parse a CSV file's bytes."""
    text = spreadsheet.decode(data)
    if isinstance(text, RowProblem):
        return ParsedImport([], [text], 0)
    return spreadsheet.parse(text)


def import_records(
    ctx: RequestContext,
    parsed: ParsedImport,
    *,
    skip_bad_rows: bool,
    uow: UnitOfWork,
    progress: Callable[[int], None] = lambda _n: None,
) -> ImportReport:
    """Write every parsed peer and note in one transaction; bad rows stop it unless skipped."""
    if parsed.problems and not skip_bad_rows:
        raise ImportRejected(parsed.problems)
    notes = 0
    with uow:
        org = ctx.actor.organization_id
        authorize(ctx, uow, Action.IMPORT_RUN, Resource("import", org))
        for peer in parsed.peers:
            view = add_peer_in(ctx, peer.identity, uow=uow, care_team=False)
            for note in peer.notes:
                body = NoteBody(NoteFormat.DAP, {"data": note.text, "assessment": "", "plan": ""})
                draft = NoteDraft(note.occurred_on, note.minutes, body)
                write_note_in(
                    ctx, view.id, draft, uow=uow, group=None, status=EncounterStatus.SIGNED
                )
                notes += 1
            progress(len(peer.lines))
        uow.commit()
    return ImportReport(parsed.rows, len(parsed.peers), notes, tuple(parsed.problems))


__all__ = ["ImportRejected", "ImportReport", "import_records", "parse_file"]
