"""Staff second factor: TOTP (RFC 6238, pyotp) with single-use recovery codes.

A code is accepted for the current 30-second step or one step either side (clock drift), and
never twice: the last accepted step is kept, so a code seen over a shoulder cannot be replayed.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

import pyotp

from confide.domain.ids import OrgId, StaffId
from confide.store.mfa import MfaRow
from confide.store.uow import UnitOfWork

ISSUER = "confide"
STEP_S = 30
DRIFT_STEPS = 1
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_TOTP = re.compile(r"^\d{6}$")


@dataclass(frozen=True, slots=True)
class Enrollment:
    """What a staff member needs to add confide to an authenticator app."""

    secret: str
    uri: str  # otpauth://totp/... for the QR code


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def step_of(now: datetime) -> int:
    return int(now.timestamp()) // STEP_S


def code_at(secret: str, now: datetime) -> str:
    """The code an authenticator shows at `now` (tests and the demo compute codes with this)."""
    return pyotp.TOTP(secret).at(now)


def matching_step(secret: str, code: str, now: datetime, last_step: int | None) -> int | None:
    """The step `code` belongs to, if it is valid at `now` and newer than `last_step`."""
    if not _TOTP.match(code):
        return None
    totp, current = pyotp.TOTP(secret), step_of(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if last_step is not None and step <= last_step:
            continue
        if secrets.compare_digest(totp.at(step * STEP_S), code):
            return step
    return None


def recovery_hash(code: str) -> bytes:
    normalized = code.strip().lower().replace("-", "").replace(" ", "")
    return hashlib.sha256(b"confide/recovery/v1\x00" + normalized.encode()).digest()


def new_recovery_codes() -> list[str]:
    def one() -> str:
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        return f"{raw[:5]}-{raw[5:]}"

    return [one() for _ in range(RECOVERY_CODES)]


def is_recovery_code(code: str) -> bool:
    return len(code.strip().replace("-", "").replace(" ", "")) == 10


def check_second_factor(uow: UnitOfWork, mfa: MfaRow, code: str, now: datetime) -> bool:
    """Accept a TOTP code (recording its step) or spend a recovery code, inside `uow`."""
    code = code.strip()
    if is_recovery_code(code):
        return uow.mfa.use_recovery_code(
            mfa.organization_id, mfa.staff_id, recovery_hash(code), now
        )
    step = matching_step(mfa.secret, code, now, mfa.last_step)
    if step is None:
        return False
    uow.mfa.set_last_step(mfa.organization_id, mfa.staff_id, step)
    return True


def provision_totp(
    organization_id: OrgId, staff_id: StaffId, secret: str, *, now: datetime, uow: UnitOfWork
) -> None:
    """Enroll a secret the caller already holds (the demo and test factories, which print or
    compute codes). Staff enroll themselves through the login page instead."""
    with uow:
        uow.mfa.put(organization_id, staff_id, secret, now=now, confirmed=True)
        uow.commit()
