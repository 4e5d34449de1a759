"""The one error tree. Messages name kinds, ids and codes, never content."""

from __future__ import annotations

from typing import Any


class ConfideError(Exception):
    """Base of every error confide raises on purpose."""

    code = "error"
    status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(ConfideError):
    """Input failed validation. Carries field names and codes, never the bad value."""

    code = "invalid_input"
    status = 422

    def __init__(self, message: str, *, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.fields = fields or {}


class NotFound(ConfideError):
    """Absent, or present but not the actor's to know of."""

    code = "not_found"
    status = 404

    def __init__(self, kind: str, ident: object) -> None:
        super().__init__(f"{kind} {ident} not found")
        self.kind = kind
        self.ident = str(ident)


class Destroyed(ConfideError):
    """The record existed but its key was shredded: nothing of it can be read."""

    code = "destroyed"
    status = 410

    def __init__(self, kind: str, ident: object) -> None:
        super().__init__(f"{kind} {ident} was destroyed")


class Unauthenticated(ConfideError):
    """No valid session or credentials."""

    code = "unauthenticated"
    status = 401


class Denied(ConfideError):
    """Policy said no. Carries the decision so the edge can explain it."""

    code = "denied"
    status = 403

    def __init__(self, decision: Any) -> None:
        super().__init__(getattr(decision, "reason", "denied"))
        self.decision = decision


class NeedsReview(ConfideError):
    """Routed to the privacy officer."""

    code = "needs_review"
    status = 202


class Conflict(ConfideError):
    """Stale version, duplicate, or an edit of something immutable."""

    code = "conflict"
    status = 409


class IntegrityError(ConfideError):
    """Bad authentication tag, broken chain, tampered log."""

    code = "integrity_error"
    status = 500


class LogTampered(IntegrityError):
    """The audit log fails verification; `seq` is the first bad sequence number."""

    def __init__(self, seq: int, what: str) -> None:
        super().__init__(f"audit log fails at seq {seq}: {what}")
        self.seq = seq


class Unavailable(ConfideError):
    """The database is down, locked too long, or the disk is full."""

    code = "unavailable"
    status = 503


class ConfigurationError(ConfideError):
    """Refuse to start, naming the setting or file at fault."""

    code = "configuration_error"
    status = 500
