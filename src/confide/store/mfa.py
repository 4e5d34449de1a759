"""Staff second factors: TOTP secrets wrapped by the organization's KEK, recovery code hashes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, insert, select, update

from confide.crypto.keyring import Keyring, WrappedKey
from confide.domain.ids import OrgId, StaffId
from confide.store.tables import staff_mfa, staff_recovery_codes


@dataclass(frozen=True, slots=True)
class MfaRow:
    organization_id: OrgId
    staff_id: StaffId
    secret: str  # plaintext base32, unwrapped in memory only
    confirmed_at: datetime | None
    last_step: int | None
    ticket_expires_at: datetime | None


def _aad_subject(staff_id: str) -> str:
    return f"staff-totp:{staff_id}"  # binds the wrapped secret to one staff member


class MfaRepository:
    def __init__(self, connection: Connection, keyring: Keyring) -> None:
        self._c = connection
        self._keyring = keyring

    def _row(self, r: object) -> MfaRow:
        org, staff_id = OrgId(r.organization_id), StaffId(r.staff_id)  # type: ignore[attr-defined]
        wrapped = WrappedKey(r.kek_id, r.secret)  # type: ignore[attr-defined]
        secret = self._keyring.unwrap_data_key(org, _aad_subject(staff_id), wrapped)
        return MfaRow(
            org,
            staff_id,
            secret.decode(),
            r.confirmed_at,  # type: ignore[attr-defined]
            r.last_step,  # type: ignore[attr-defined]
            r.ticket_expires_at,  # type: ignore[attr-defined]
        )

    def get(self, org_id: OrgId, staff_id: StaffId) -> MfaRow | None:
        r = self._c.execute(
            select(staff_mfa).where(
                staff_mfa.c.organization_id == org_id, staff_mfa.c.staff_id == staff_id
            )
        ).first()
        return self._row(r) if r is not None else None

    def by_ticket(self, ticket_hash: bytes) -> MfaRow | None:
        r = self._c.execute(
            select(staff_mfa).where(staff_mfa.c.ticket_hash == ticket_hash)
        ).first()
        return self._row(r) if r is not None else None

    def put(
        self,
        org_id: OrgId,
        staff_id: StaffId,
        secret: str,
        *,
        now: datetime,
        confirmed: bool,
        ticket_hash: bytes | None = None,
        ticket_expires_at: datetime | None = None,
    ) -> None:
        """Replace the staff member's second factor (and forget their recovery codes)."""
        self.remove(org_id, staff_id)
        wrapped = self._keyring.wrap_data_key(org_id, _aad_subject(staff_id), secret.encode())
        self._c.execute(
            insert(staff_mfa).values(
                organization_id=org_id,
                staff_id=staff_id,
                kek_id=wrapped.kek_id,
                secret=wrapped.blob,
                confirmed_at=now if confirmed else None,
                last_step=None,
                ticket_hash=ticket_hash,
                ticket_expires_at=ticket_expires_at,
                created_at=now,
            )
        )

    def confirm(self, org_id: OrgId, staff_id: StaffId, step: int, now: datetime) -> None:
        self._c.execute(
            update(staff_mfa)
            .where(staff_mfa.c.organization_id == org_id, staff_mfa.c.staff_id == staff_id)
            .values(confirmed_at=now, last_step=step, ticket_hash=None, ticket_expires_at=None)
        )

    def set_last_step(self, org_id: OrgId, staff_id: StaffId, step: int) -> None:
        self._c.execute(
            update(staff_mfa)
            .where(staff_mfa.c.organization_id == org_id, staff_mfa.c.staff_id == staff_id)
            .values(last_step=step)
        )

    def remove(self, org_id: OrgId, staff_id: StaffId) -> None:
        for table in (staff_recovery_codes, staff_mfa):
            self._c.execute(
                delete(table).where(
                    table.c.organization_id == org_id, table.c.staff_id == staff_id
                )
            )

    def set_recovery_codes(self, org_id: OrgId, staff_id: StaffId, hashes: list[bytes]) -> None:
        self._c.execute(
            delete(staff_recovery_codes).where(
                staff_recovery_codes.c.organization_id == org_id,
                staff_recovery_codes.c.staff_id == staff_id,
            )
        )
        self._c.execute(
            insert(staff_recovery_codes),
            [
                {"organization_id": org_id, "staff_id": staff_id, "code_hash": h, "used_at": None}
                for h in hashes
            ],
        )

    def use_recovery_code(
        self, org_id: OrgId, staff_id: StaffId, code_hash: bytes, now: datetime
    ) -> bool:
        """Spend one unused code; False when there is no such unused code."""
        t = staff_recovery_codes
        result = self._c.execute(
            update(t)
            .where(
                t.c.organization_id == org_id,
                t.c.staff_id == staff_id,
                t.c.code_hash == code_hash,
                t.c.used_at.is_(None),
            )
            .values(used_at=now)
        )
        return result.rowcount == 1

    def unused_recovery_codes(self, org_id: OrgId, staff_id: StaffId) -> int:
        t = staff_recovery_codes
        rows = self._c.execute(
            select(t.c.code_hash).where(
                t.c.organization_id == org_id, t.c.staff_id == staff_id, t.c.used_at.is_(None)
            )
        )
        return len(rows.all())
