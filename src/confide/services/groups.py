"""Group sessions: a peer support group's note is written once, and each attendee's record
gets its own copy, sealed under that attendee's key, in which no other attendee is named or
identifiable (names, nicknames, contacts the records hold, and other identifiers found)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from confide.domain.actors import RequestContext
from confide.domain.encounters import Label, Modality, NoteBody, Setting
from confide.domain.ids import GroupSessionId, OrgId, PeerId, new_id
from confide.domain.peers import PeerIdentity
from confide.errors import InvalidInput
from confide.privacy.groups import attendee_copies
from confide.privacy.known import KnownIdentifiers, KnownPerson
from confide.privacy.spans import PhiLabel
from confide.services.notes import NoteDraft, NoteView, check_draft, write_note_in
from confide.services.peers import read_peer_in
from confide.store.uow import UnitOfWork

MAX_ATTENDEES = 50


@dataclass(frozen=True, slots=True)
class GroupSessionDraft:
    """What the facilitator writes once for the whole group."""

    attendees: tuple[PeerId, ...]
    occurred_on: date
    minutes: int
    body: NoteBody
    modality: Modality = Modality.IN_PERSON
    setting: Setting = Setting.COMMUNITY
    labels: frozenset[Label] = field(default_factory=frozenset)


def _check(session: GroupSessionDraft) -> None:
    if not 2 <= len(set(session.attendees)) <= MAX_ATTENDEES:
        raise InvalidInput("a group needs 2 to 50 attendees", fields={"attendees": "count"})
    if len(set(session.attendees)) != len(session.attendees):
        raise InvalidInput("an attendee is listed twice", fields={"attendees": "duplicate"})
    check_draft(_draft(session, session.body))


def _draft(session: GroupSessionDraft, body: NoteBody) -> NoteDraft:
    return NoteDraft(
        session.occurred_on, session.minutes, body, session.modality, session.setting,
        session.labels,
    )  # fmt: skip


def known_person(peer_id: PeerId, identity: PeerIdentity) -> KnownPerson:
    """What a record knows about one attendee, for finding them in another's copy."""
    names = (identity.preferred_name, identity.first_name, identity.last_name)
    full = f"{identity.first_name} {identity.last_name}".strip()
    details: list[tuple[PhiLabel, str]] = []
    if identity.phone:
        details.append((PhiLabel.PHONE, identity.phone))
    if identity.email:
        details.append((PhiLabel.EMAIL, identity.email))
    return KnownPerson(
        key=peer_id, names=tuple(n for n in (*names, full) if n), details=tuple(details)
    )


def write_group_session(
    ctx: RequestContext, session: GroupSessionDraft, *, uow: UnitOfWork
) -> list[NoteView]:
    """Write a group note once; every attendee's record gets a copy naming no one else."""
    _check(session)
    with uow:
        people = [
            known_person(pid, read_peer_in(ctx, pid, uow=uow).identity)
            for pid in session.attendees
        ]
        copies = _copies(session.body, people)
        org, group_id = OrgId(ctx.actor.organization_id), GroupSessionId(new_id())
        uow.encounters.add_group_session(
            org, group_id, ctx.actor.staff_id, session.occurred_on, ctx.now
        )
        views = [
            write_note_in(ctx, pid, _draft(session, copies[pid]), uow=uow, group=group_id)
            for pid in session.attendees
        ]
        uow.commit()
    return views


def _copies(body: NoteBody, people: list[KnownPerson]) -> dict[str, NoteBody]:
    """Each attendee's note body: every section redacted for that reader."""
    per_reader: dict[str, dict[str, str]] = {p.key: {} for p in people}
    for name, text in body.sections.items():
        for copy in attendee_copies(text, people, KnownIdentifiers()):
            per_reader[copy.key][name] = copy.text
    return {
        key: NoteBody(body.format, sections, body.goals_addressed)
        for key, sections in per_reader.items()
    }
