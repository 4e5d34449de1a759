"""Peers: the people confide keeps confidential. Identity is plaintext only in memory."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from confide.domain.ids import OrgId, PeerId

MAX_NAME = 100
MAX_EMAIL = 254
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class SafeContact(StrEnum):
    """How staff may reach a peer without exposing them."""

    NO_VOICEMAIL = "no_voicemail"
    NO_TEXT = "no_text"
    NO_EMAIL = "no_email"
    NO_MAIL = "no_mail"
    DISCREET_CALLER_ID = "discreet_caller_id"


class PeerStatus(StrEnum):
    ACTIVE = "active"
    DESTROYED = "destroyed"


@dataclass(frozen=True, slots=True)
class PeerIdentity:
    """What identifies a peer. Alias-only peers have a chosen name and nothing legal."""

    preferred_name: str
    first_name: str = ""
    last_name: str = ""
    date_of_birth: date | None = None
    phone: str = ""
    email: str = ""
    alias_only: bool = False
    safe_contact: frozenset[SafeContact] = field(default_factory=frozenset)

    @property
    def display_name(self) -> str:
        return self.preferred_name or f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True, slots=True)
class PeerRef:
    """Enough about a peer for policy to decide, and nothing that identifies them."""

    peer_id: PeerId
    organization_id: OrgId


def identity_problems(identity: PeerIdentity) -> dict[str, str]:
    """Field -> problem code for an identity that cannot be saved. Empty when valid."""
    problems: dict[str, str] = {}
    if identity.alias_only:
        if not identity.preferred_name.strip():
            problems["preferred_name"] = "required"
        for name in ("first_name", "last_name", "phone", "email"):
            if getattr(identity, name):
                problems[name] = "not_allowed_for_alias_only"
        if identity.date_of_birth is not None:
            problems["date_of_birth"] = "not_allowed_for_alias_only"
    elif not (identity.first_name.strip() and identity.last_name.strip()):
        if not identity.first_name.strip():
            problems["first_name"] = "required"
        if not identity.last_name.strip():
            problems["last_name"] = "required"
    for name in ("preferred_name", "first_name", "last_name"):
        if len(getattr(identity, name)) > MAX_NAME:
            problems[name] = "too_long"
    if identity.phone and normalize_phone(identity.phone) is None:
        problems["phone"] = "invalid_phone"
    if identity.email and (len(identity.email) > MAX_EMAIL or not _EMAIL.match(identity.email)):
        problems["email"] = "invalid_email"
    return problems


def normalize_name(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form used for exact-match search."""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    kept = "".join(c if c.isalnum() else " " for c in letters.casefold())
    return " ".join(kept.split())


def normalize_phone(text: str) -> str | None:
    """Digits only, a leading North American '1' dropped; None when not a phone number."""
    if re.search(r"[^\d\s().+\-]", text):
        return None
    digits = re.sub(r"\D", "", text)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits if 7 <= len(digits) <= 15 else None
