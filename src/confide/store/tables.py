"""Tables. Every table holding an organization's data carries a NOT NULL organization_id that
leads its primary key and foreign keys, so PostgreSQL row-level security and distribution by
organization need no change of shape. Columns named for peer content hold ciphertext only."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKeyConstraint,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    false,
    literal_column,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

ID = 36  # canonical UUID text


def _org() -> Column[str]:
    return Column("organization_id", String(ID), nullable=False, primary_key=True)


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, on SQLite (which keeps no zone) as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment: datetime = value
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _when(name: str, *, nullable: bool = False) -> Column[datetime]:
    return Column(name, UtcDateTime(), nullable=nullable)


organizations = Table(
    "organizations",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    _when("created_at"),
)

programs = Table(
    "programs",
    metadata,
    _org(),
    Column("id", String(ID), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("jurisdiction", String(8), nullable=False),
    Column("hipaa_covered_entity", Boolean, nullable=False),
    Column("part2_program", Boolean, nullable=False),
    _when("created_at"),
    # contract v2 (migration 0009): the Part 2 consent's fundraising opt-out, 2.31(a)(5)(iii);
    # known as a place that provides only SUD services, 2.13(c)(1)
    Column("fundraises", Boolean, nullable=False, server_default=false()),
    Column("publicly_identified_sud", Boolean, nullable=False, server_default=false()),
    UniqueConstraint("organization_id", "name"),
    ForeignKeyConstraint(["organization_id"], ["organizations.id"]),
)

staff = Table(
    "staff",
    metadata,
    _org(),
    Column("id", String(ID), primary_key=True),
    Column("username", String(64), nullable=False),
    Column("display_name", String(200), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("failed_logins", Integer, nullable=False, default=0),
    _when("locked_until", nullable=True),
    _when("created_at"),
    # migration 0009: a mandated reporter of child abuse, of adult abuse (the duty is a
    # person's, and the state's two lists differ: Va. Code 63.2-1509, 63.2-1606)
    Column("mandated_reporter_child", Boolean, nullable=False, server_default=false()),
    Column("mandated_reporter_adult", Boolean, nullable=False, server_default=false()),
    UniqueConstraint("organization_id", "username"),
    ForeignKeyConstraint(["organization_id"], ["organizations.id"]),
)
Index("ix_staff_username", staff.c.username)

staff_roles = Table(
    "staff_roles",
    metadata,
    _org(),
    Column("staff_id", String(ID), primary_key=True),
    Column("role", String(32), primary_key=True),
    ForeignKeyConstraint(["organization_id", "staff_id"], ["staff.organization_id", "staff.id"]),
)

staff_sessions = Table(
    "staff_sessions",
    metadata,
    Column("token_hash", LargeBinary(32), primary_key=True),
    Column("organization_id", String(ID), nullable=False),
    Column("staff_id", String(ID), nullable=False),
    _when("created_at"),
    _when("last_seen_at"),
    _when("expires_at"),
    ForeignKeyConstraint(["organization_id", "staff_id"], ["staff.organization_id", "staff.id"]),
)

peers = Table(
    "peers",
    metadata,
    _org(),
    Column("id", String(ID), primary_key=True),
    Column("program_id", String(ID), nullable=True),
    Column("alias_only", Boolean, nullable=False),
    Column("status", String(16), nullable=False),
    Column("identity", LargeBinary, nullable=True),  # sealed JSON; NULL once destroyed
    Column("version", Integer, nullable=False, default=1),
    _when("created_at"),
    _when("updated_at"),
    ForeignKeyConstraint(["organization_id"], ["organizations.id"]),
)

peer_keys = Table(
    "peer_keys",
    metadata,
    _org(),
    Column("peer_id", String(ID), primary_key=True),
    Column("kek_id", String(32), nullable=False),
    Column("wrapped", LargeBinary, nullable=False),
    ForeignKeyConstraint(["organization_id", "peer_id"], ["peers.organization_id", "peers.id"]),
)

peer_search = Table(
    "peer_search",
    metadata,
    _org(),
    Column("kind", String(16), primary_key=True),
    Column("digest", LargeBinary(16), primary_key=True),
    Column("peer_id", String(ID), primary_key=True),
    ForeignKeyConstraint(["organization_id", "peer_id"], ["peers.organization_id", "peers.id"]),
)
Index("ix_peer_search_peer", peer_search.c.organization_id, peer_search.c.peer_id)

care_team = Table(
    "care_team",
    metadata,
    _org(),
    Column("peer_id", String(ID), primary_key=True),
    Column("staff_id", String(ID), primary_key=True),
    _when("assigned_at"),
    ForeignKeyConstraint(["organization_id", "peer_id"], ["peers.organization_id", "peers.id"]),
    ForeignKeyConstraint(["organization_id", "staff_id"], ["staff.organization_id", "staff.id"]),
)
Index("ix_care_team_staff", care_team.c.organization_id, care_team.c.staff_id)

supervision = Table(
    "supervision",
    metadata,
    _org(),
    Column("supervisor_id", String(ID), primary_key=True),
    Column("supervisee_id", String(ID), primary_key=True),
    ForeignKeyConstraint(
        ["organization_id", "supervisor_id"], ["staff.organization_id", "staff.id"]
    ),
    ForeignKeyConstraint(
        ["organization_id", "supervisee_id"], ["staff.organization_id", "staff.id"]
    ),
)

group_sessions = Table(
    "group_sessions",
    metadata,
    _org(),
    Column("id", String(ID), primary_key=True),
    Column("facilitator_id", String(ID), nullable=False),
    Column("occurred_on", Date, nullable=False),
    _when("created_at"),
    ForeignKeyConstraint(
        ["organization_id", "facilitator_id"], ["staff.organization_id", "staff.id"]
    ),
)

encounters = Table(
    "encounters",
    metadata,
    _org(),
    Column("id", String(ID), primary_key=True),
    Column("peer_id", String(ID), nullable=False),
    Column("author_id", String(ID), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("group_session_id", String(ID), nullable=True),
    Column("occurred_on", Date, nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("modality", String(16), nullable=False),
    Column("setting", String(16), nullable=False),
    Column("note_format", String(8), nullable=False),
    Column("labels", String(200), nullable=False, default=""),
    Column("body", LargeBinary, nullable=False),  # sealed JSON: sections and goals addressed
    Column("status", String(16), nullable=False),
    Column("version", Integer, nullable=False, default=1),
    _when("created_at"),
    _when("updated_at"),
    _when("signed_at", nullable=True),
    ForeignKeyConstraint(["organization_id", "peer_id"], ["peers.organization_id", "peers.id"]),
    ForeignKeyConstraint(["organization_id", "author_id"], ["staff.organization_id", "staff.id"]),
    ForeignKeyConstraint(
        ["organization_id", "group_session_id"],
        ["group_sessions.organization_id", "group_sessions.id"],
    ),
)
Index("ix_encounters_peer", encounters.c.organization_id, encounters.c.peer_id)

encounter_amendments = Table(
    "encounter_amendments",
    metadata,
    _org(),
    Column("id", String(ID), primary_key=True),
    Column("encounter_id", String(ID), nullable=False),
    Column("peer_id", String(ID), nullable=False),
    Column("author_id", String(ID), nullable=False),
    Column("body", LargeBinary, nullable=False),  # sealed JSON: reason and text
    _when("created_at"),
    ForeignKeyConstraint(
        ["organization_id", "encounter_id"], ["encounters.organization_id", "encounters.id"]
    ),
    ForeignKeyConstraint(["organization_id", "author_id"], ["staff.organization_id", "staff.id"]),
)
Index(
    "ix_encounter_amendments_encounter",
    encounter_amendments.c.organization_id,
    encounter_amendments.c.encounter_id,
)

recovery_plans = Table(
    "recovery_plans",
    metadata,
    _org(),
    Column("id", String(ID), primary_key=True),
    Column("peer_id", String(ID), nullable=False),
    _when("created_at"),
    _when("updated_at"),
    UniqueConstraint("organization_id", "peer_id"),
    ForeignKeyConstraint(["organization_id", "peer_id"], ["peers.organization_id", "peers.id"]),
)

plan_goals = Table(
    "plan_goals",
    metadata,
    _org(),
    Column("id", String(ID), primary_key=True),
    Column("plan_id", String(ID), nullable=False),
    Column("peer_id", String(ID), nullable=False),
    Column("status", String(16), nullable=False),
    Column("position", Integer, nullable=False),
    Column("body", LargeBinary, nullable=False),  # sealed JSON: description and steps
    _when("created_at"),
    _when("updated_at"),
    ForeignKeyConstraint(
        ["organization_id", "plan_id"], ["recovery_plans.organization_id", "recovery_plans.id"]
    ),
)
Index("ix_plan_goals_plan", plan_goals.c.organization_id, plan_goals.c.plan_id)

# The audit log. The canonical bytes are the event: what is hashed, proved and decoded. Only
# the two columns the log is searched by are kept beside them, and verification checks that they
# agree with the bytes. The peer index leads with the event's epoch (seq >> PEER_EPOCH_BITS), so a
# batch of appends lands in the few index pages of the newest epoch instead of one page per peer
# all over the index; a peer's events are found with one index seek per epoch.
PEER_EPOCH_BITS = 13
access_events = Table(
    "access_events",
    metadata,
    Column("seq", BigInteger().with_variant(Integer, "sqlite"), Identity(), primary_key=True),
    Column("organization_id", String(ID), nullable=False),
    Column("peer_id", String(ID), nullable=True),
    Column("canonical", LargeBinary, nullable=False),  # the hashed bytes (audit/canonical.py)
    Column("chain", LargeBinary(32), nullable=False),  # link to every event before it
)
Index(
    "ix_access_events_peer_epoch",
    access_events.c.seq.op(">>")(literal_column(str(PEER_EPOCH_BITS))),
    access_events.c.peer_id,
)

# The Merkle tree over access_events: every perfect subtree (level, idx); level 0 are the leaves.
audit_tree = Table(
    "audit_tree",
    metadata,
    Column("level", Integer, primary_key=True, autoincrement=False),
    Column("idx", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("hash", LargeBinary(32), nullable=False),
)

# Signed tree heads: (size, root, signed_at) under the log's Ed25519 key.
audit_heads = Table(
    "audit_heads",
    metadata,
    Column(
        "size", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False
    ),
    Column("root", LargeBinary(32), nullable=False),
    _when("signed_at"),
    Column("key_id", String(16), nullable=False),
    Column("signature", LargeBinary(64), nullable=False),
)

# Break-glass: time-limited emergency access outside the care team, reviewed afterwards.
break_glass_grants = Table(
    "break_glass_grants",
    metadata,
    _org(),
    Column("id", String(ID), primary_key=True),
    Column("peer_id", String(ID), nullable=False),
    Column("staff_id", String(ID), nullable=False),
    Column("reason", LargeBinary, nullable=False),  # sealed under the peer's key
    _when("started_at"),
    _when("expires_at"),
    Column("review_state", String(16), nullable=False),
    Column("reviewed_by", String(ID), nullable=True),
    _when("reviewed_at", nullable=True),
    Column("review_note", LargeBinary, nullable=True),  # sealed under the peer's key
    ForeignKeyConstraint(["organization_id", "peer_id"], ["peers.organization_id", "peers.id"]),
    ForeignKeyConstraint(["organization_id", "staff_id"], ["staff.organization_id", "staff.id"]),
)
Index(
    "ix_break_glass_peer_staff",
    break_glass_grants.c.organization_id,
    break_glass_grants.c.peer_id,
    break_glass_grants.c.staff_id,
)

# A peer's agreed restriction: a staff member does not see their record (label "*") or the
# notes carrying one label.
peer_restrictions = Table(
    "peer_restrictions",
    metadata,
    _org(),
    Column("peer_id", String(ID), primary_key=True),
    Column("staff_id", String(ID), primary_key=True),
    Column("label", String(16), primary_key=True),
    Column("created_by", String(ID), nullable=False),
    _when("created_at"),
    ForeignKeyConstraint(["organization_id", "peer_id"], ["peers.organization_id", "peers.id"]),
    ForeignKeyConstraint(["organization_id", "staff_id"], ["staff.organization_id", "staff.id"]),
)

# Notifications for a role (e.g. the privacy officer): kinds and ids, never content.
notifications = Table(
    "notifications",
    metadata,
    _org(),
    Column("id", String(ID), primary_key=True),
    Column("recipient_role", String(32), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("subject_id", String(ID), nullable=False),
    _when("created_at"),
    _when("read_at", nullable=True),
    # Set: for this staff member only (e.g. a supervisor told of a flag); NULL: the whole role.
    Column("recipient_staff_id", String(ID), nullable=True),
)
Index("ix_notifications_role", notifications.c.organization_id, notifications.c.recipient_role)

# A staff member's second factor: the TOTP secret wrapped by the organization's KEK (the wrap's
# associated data binds it to the staff member). Unconfirmed until the first code checks out;
# `ticket_hash` is the SHA-256 of the one-time enrollment ticket; `last_step` stops replays.
staff_mfa = Table(
    "staff_mfa",
    metadata,
    _org(),
    Column("staff_id", String(ID), primary_key=True),
    Column("kek_id", String(32), nullable=False),
    Column("secret", LargeBinary, nullable=False),
    _when("confirmed_at", nullable=True),
    Column("last_step", Integer, nullable=True),
    Column("ticket_hash", LargeBinary(32), nullable=True),
    _when("ticket_expires_at", nullable=True),
    _when("created_at"),
    ForeignKeyConstraint(["organization_id", "staff_id"], ["staff.organization_id", "staff.id"]),
)

# Single-use recovery codes, stored as SHA-256 (they are random, 50 bits each).
staff_recovery_codes = Table(
    "staff_recovery_codes",
    metadata,
    _org(),
    Column("staff_id", String(ID), primary_key=True),
    Column("code_hash", LargeBinary(32), primary_key=True),
    _when("used_at", nullable=True),
    ForeignKeyConstraint(["organization_id", "staff_id"], ["staff.organization_id", "staff.id"]),
)

# The peer heard the confidentiality talk (what stays private, and its limits) and said so.
confidentiality_acknowledgements = Table(
    "confidentiality_acknowledgements",
    metadata,
    _org(),
    Column("id", String(ID), primary_key=True),
    Column("peer_id", String(ID), nullable=False),
    Column("staff_id", String(ID), nullable=False),
    Column("talk_version", String(16), nullable=False),
    _when("acknowledged_at"),
    ForeignKeyConstraint(["organization_id", "peer_id"], ["peers.organization_id", "peers.id"]),
    ForeignKeyConstraint(["organization_id", "staff_id"], ["staff.organization_id", "staff.id"]),
)
Index(
    "ix_confidentiality_acknowledgements_peer",
    confidentiality_acknowledgements.c.organization_id,
    confidentiality_acknowledgements.c.peer_id,
)

# A supervisor's co-signature on a signed note of someone they supervise.
encounter_cosignatures = Table(
    "encounter_cosignatures",
    metadata,
    _org(),
    Column("encounter_id", String(ID), primary_key=True),
    Column("supervisor_id", String(ID), nullable=False),
    _when("cosigned_at"),
    ForeignKeyConstraint(
        ["organization_id", "encounter_id"], ["encounters.organization_id", "encounters.id"]
    ),
    ForeignKeyConstraint(
        ["organization_id", "supervisor_id"], ["staff.organization_id", "staff.id"]
    ),
)

# A crisis flag noticed while a note was written, and what people did about it (docs/flag.md).
# `editor_id` names one opening of the note editor, so a flag is recorded once per kind while
# the note is typed, before and after its first autosave. Offsets point into `section` of the
# note. The words that raised the flag (`evidence`), the dismissal reason and the supervisor's
# decision (`outcome`) are sealed under the peer's key; no other note text is kept here.
# `disclosure_id` is the disclosure request made from the flag, which closed it.
safety_flags = Table(
    "safety_flags",
    metadata,
    _org(),
    Column("id", String(ID), primary_key=True),
    Column("peer_id", String(ID), nullable=False),
    Column("author_id", String(ID), nullable=False),
    Column("encounter_id", String(ID), nullable=True),
    Column("editor_id", String(ID), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("severity", Integer, nullable=False),
    Column("section", String(16), nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("state", String(16), nullable=False),
    _when("created_at"),
    _when("updated_at"),
    _when("notified_at", nullable=True),
    _when("handled_at", nullable=True),
    Column("handled_by", String(ID), nullable=True),
    Column("dismissal_reason", LargeBinary, nullable=True),  # sealed under the peer's key
    Column("escalated_to", String(32), nullable=True),  # the disclosure basis the flag calls for
    Column("evidence", LargeBinary, nullable=True),  # sealed JSON: the quoted words
    Column("outcome", LargeBinary, nullable=True),  # sealed: what the supervisor decided
    Column("disclosure_id", String(ID), nullable=True),
    ForeignKeyConstraint(["organization_id", "peer_id"], ["peers.organization_id", "peers.id"]),
    ForeignKeyConstraint(["organization_id", "author_id"], ["staff.organization_id", "staff.id"]),
    ForeignKeyConstraint(
        ["organization_id", "encounter_id"], ["encounters.organization_id", "encounters.id"]
    ),
    ForeignKeyConstraint(
        ["organization_id", "disclosure_id"], ["disclosures.organization_id", "disclosures.id"]
    ),
)
Index("ix_safety_flags_editor", safety_flags.c.organization_id, safety_flags.c.editor_id)
Index("ix_safety_flags_author_state", safety_flags.c.organization_id, safety_flags.c.author_id,
      safety_flags.c.state)  # fmt: skip

# An organization's crisis protocol, shown beside a flag: the local crisis line, the steps and
# who to call (one per line). Organization data, not peer data. No row: the built-in default.
crisis_protocols = Table(
    "crisis_protocols",
    metadata,
    _org(),
    Column("local_line_name", String(200), nullable=False),
    Column("local_line_phone", String(40), nullable=False),
    Column("steps", String(4000), nullable=False),
    Column("contacts", String(4000), nullable=False),
    Column("updated_by", String(ID), nullable=False),
    _when("updated_at"),
    ForeignKeyConstraint(["organization_id"], ["organizations.id"]),
)

# A consent or authorization; its scope lives in versions, each sealed under the peer's key.
# `version` is the current one. Revocation is recorded here and is effective from revoked_at on.
consents = Table(
    "consents",
    metadata,
    _org(),
    Column("id", String(ID), primary_key=True),
    Column("peer_id", String(ID), nullable=False),
    Column("form", String(32), nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_by", String(ID), nullable=False),
    _when("created_at"),
    _when("updated_at"),
    _when("revoked_at", nullable=True),
    Column("revoked_by", String(ID), nullable=True),
    Column("revocation_source", String(16), nullable=True),
    ForeignKeyConstraint(["organization_id", "peer_id"], ["peers.organization_id", "peers.id"]),
    ForeignKeyConstraint(["organization_id", "created_by"], ["staff.organization_id", "staff.id"]),
)
Index("ix_consents_peer", consents.c.organization_id, consents.c.peer_id)

# Every version of a consent is kept; a change makes a new one, which needs its own signature.
consent_versions = Table(
    "consent_versions",
    metadata,
    _org(),
    Column("consent_id", String(ID), primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("peer_id", String(ID), nullable=False),
    Column("body", LargeBinary, nullable=False),  # sealed JSON: the scope, every element
    Column("signature", LargeBinary, nullable=True),  # sealed JSON: signer name and type
    _when("signed_at", nullable=True),
    Column("signed_by", String(ID), nullable=True),  # the staff member who took the signature
    Column("created_by", String(ID), nullable=False),
    _when("created_at"),
    ForeignKeyConstraint(
        ["organization_id", "consent_id"], ["consents.organization_id", "consents.id"]
    ),
)

# A disclosure request, the engine's decision, the privacy officer's review and the package
# that left. Everything that says what, to whom or why is sealed under the peer's key.
disclosures = Table(
    "disclosures",
    metadata,
    _org(),
    Column("id", String(ID), primary_key=True),
    Column("peer_id", String(ID), nullable=False),
    Column("requested_by", String(ID), nullable=False),
    _when("requested_at"),
    Column("status", String(16), nullable=False),
    Column("consent_id", String(ID), nullable=True),
    Column("request", LargeBinary, nullable=False),  # sealed JSON
    Column("decision", LargeBinary, nullable=False),  # sealed JSON
    Column("reviewed_by", String(ID), nullable=True),
    _when("reviewed_at", nullable=True),
    Column("review_note", LargeBinary, nullable=True),  # sealed: the recorded justification
    _when("released_at", nullable=True),
    Column("package", LargeBinary, nullable=True),  # sealed JSON: what left
    ForeignKeyConstraint(["organization_id", "peer_id"], ["peers.organization_id", "peers.id"]),
    ForeignKeyConstraint(
        ["organization_id", "requested_by"], ["staff.organization_id", "staff.id"]
    ),
    ForeignKeyConstraint(
        ["organization_id", "consent_id"], ["consents.organization_id", "consents.id"]
    ),
)
Index("ix_disclosures_peer", disclosures.c.organization_id, disclosures.c.peer_id)
Index("ix_disclosures_status", disclosures.c.organization_id, disclosures.c.status)

# The peer's accounting of disclosures (42 CFR 2.25, 45 CFR 164.528): one entry per release.
# `required` marks entries the law requires (the decision carried `accounting_entry`).
disclosure_accounting = Table(
    "disclosure_accounting",
    metadata,
    _org(),
    Column("id", String(ID), primary_key=True),
    Column("peer_id", String(ID), nullable=False),
    Column("disclosure_id", String(ID), nullable=False),
    _when("disclosed_at"),
    Column("required", Boolean, nullable=False),
    Column("entry", LargeBinary, nullable=False),  # sealed JSON: what, to whom, why, basis
    ForeignKeyConstraint(["organization_id", "peer_id"], ["peers.organization_id", "peers.id"]),
    ForeignKeyConstraint(
        ["organization_id", "disclosure_id"], ["disclosures.organization_id", "disclosures.id"]
    ),
)
Index(
    "ix_disclosure_accounting_peer",
    disclosure_accounting.c.organization_id,
    disclosure_accounting.c.peer_id,
)

# Share for supervision (docs/deid.md): a de-identified copy of one signed note, made at share
# time for one recipient. The copy is sealed under the peer's key, so shredding the peer
# destroys it with the rest of their record; revoking a share empties `copy` and keeps the row.
consultations = Table(
    "consultations",
    metadata,
    _org(),
    Column("id", String(ID), primary_key=True),
    Column("peer_id", String(ID), nullable=False),
    Column("encounter_id", String(ID), nullable=False),
    Column("shared_by", String(ID), nullable=False),
    Column("recipient_id", String(ID), nullable=False),
    _when("shared_at"),
    _when("expires_at", nullable=True),
    _when("revoked_at", nullable=True),
    Column("copy", LargeBinary, nullable=True),  # sealed JSON: the redacted note
    ForeignKeyConstraint(["organization_id", "peer_id"], ["peers.organization_id", "peers.id"]),
    ForeignKeyConstraint(
        ["organization_id", "encounter_id"], ["encounters.organization_id", "encounters.id"]
    ),
    ForeignKeyConstraint(["organization_id", "shared_by"], ["staff.organization_id", "staff.id"]),
    ForeignKeyConstraint(
        ["organization_id", "recipient_id"], ["staff.organization_id", "staff.id"]
    ),
)
Index("ix_consultations_recipient", consultations.c.organization_id, consultations.c.recipient_id)
Index("ix_consultations_shared_by", consultations.c.organization_id, consultations.c.shared_by)
