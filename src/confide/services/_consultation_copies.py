"""The de-identified copy a consultation share carries: what the record knows about the peer
and the staff (decrypted in memory only) finds their mentions, the general detector finds the
rest, and every find becomes its typed placeholder. The encounter keeps its year only."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from confide.crypto.cipher import PeerCipher
from confide.domain.encounters import Label, Modality, NoteFormat, Setting
from confide.domain.ids import OrgId, PeerId
from confide.privacy.detect import detect
from confide.privacy.known import KnownIdentifiers, KnownPerson
from confide.privacy.redact import redact
from confide.services.consents import load_consents
from confide.services.groups import known_person
from confide.services.notes import AmendmentView
from confide.services.peers import open_identity
from confide.store.encounters import EncounterRow
from confide.store.peers import PeerRow
from confide.store.uow import UnitOfWork

COPY_VERSION = 1
TABLE = "consultations"


@dataclass(frozen=True, slots=True)
class ConsultationCopy:
    """A note as its consultation recipient reads it: no date but the year, no ids, every
    identifier found replaced by `[NAME]`, `[PHONE]` ..."""

    year: int
    minutes: int
    modality: Modality
    setting: Setting
    format: NoteFormat
    labels: frozenset[Label]
    sections: dict[str, str]
    goals: tuple[str, ...]
    amendments: tuple[tuple[str, str], ...]  # (reason, text), oldest first


def known_for(uow: UnitOfWork, org: OrgId, peer: PeerRow, cipher: PeerCipher) -> KnownIdentifiers:
    """Everything the record knows that points at the peer, and every staff member's name.
    For use inside a caller's unit of work, after the caller was authorized."""
    person = known_person(PeerId(peer.id), open_identity(cipher, peer))
    names: list[str] = []
    entities: list[str] = []
    for consent in load_consents(uow, org, PeerId(peer.id)):
        names += [consent.patient_name or ""]
        entities += [consent.discloser or ""]
        for recipient in consent.recipients or ():
            entities += [recipient.name, *recipient.participants]
    person = KnownPerson(person.key, (*person.names, *_kept(names)), person.details)
    staff = tuple(KnownPerson(key=s.id, names=(s.display_name,)) for s in uow.staff.list(org))
    return KnownIdentifiers(people=(person,), staff=staff, organizations=tuple(_kept(entities)))


def _kept(values: Iterable[str]) -> list[str]:
    return sorted({v.strip() for v in values if v and v.strip()})


def redacted_copy(
    row: EncounterRow,
    sections: dict[str, str],
    goals: tuple[str, ...],
    amendments: tuple[AmendmentView, ...],
    known: KnownIdentifiers,
) -> ConsultationCopy:
    """The copy of one note: every text through `detect` with what the record knows."""

    def clean(text: str) -> str:
        return redact(text, detect(text, known)) if text else text

    return ConsultationCopy(
        row.occurred_on.year, row.minutes, row.modality, row.setting, row.note_format,
        row.labels, {name: clean(text) for name, text in sections.items()},
        tuple(clean(g) for g in goals),
        tuple((clean(a.reason), clean(a.text)) for a in amendments),
    )  # fmt: skip


def seal_copy(cipher: PeerCipher, consultation_id: str, copy: ConsultationCopy) -> bytes:
    document = {
        "version": COPY_VERSION, "year": copy.year, "minutes": copy.minutes,
        "modality": copy.modality.value, "setting": copy.setting.value,
        "format": copy.format.value, "labels": sorted(lb.value for lb in copy.labels),
        "sections": copy.sections, "goals": list(copy.goals),
        "amendments": [list(a) for a in copy.amendments],
    }  # fmt: skip
    return cipher.seal(cipher.context(TABLE, "copy", consultation_id), json.dumps(document))


def open_copy(cipher: PeerCipher, consultation_id: str, sealed: bytes) -> ConsultationCopy:
    d = json.loads(cipher.open(sealed, cipher.context(TABLE, "copy", consultation_id)))
    return ConsultationCopy(
        int(d["year"]), int(d["minutes"]), Modality(d["modality"]), Setting(d["setting"]),
        NoteFormat(d["format"]), frozenset(Label(lb) for lb in d["labels"]),
        dict(d["sections"]), tuple(d["goals"]),
        tuple((str(r), str(t)) for r, t in d["amendments"]),
    )  # fmt: skip
