"""Actions are stored in the audit log: once shipped, a value never changes."""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    PEER_CREATE = "peer:create"
    PEER_READ = "peer:read"
    PEER_UPDATE = "peer:update"
    PEER_LIST = "peer:list"
    PEER_SEARCH = "peer:search"
    PEER_SHRED = "peer:shred"
    CARE_TEAM_READ = "care_team:read"
    CARE_TEAM_ASSIGN = "care_team:assign"
    CARE_TEAM_REMOVE = "care_team:remove"
    NOTE_CREATE = "note:create"
    NOTE_READ = "note:read"
    NOTE_LIST = "note:list"
    NOTE_UPDATE = "note:update"
    NOTE_SIGN = "note:sign"
    NOTE_AMEND = "note:amend"
    NOTE_COSIGN = "note:cosign"
    NOTE_REVIEW_LIST = "note:review_list"
    NOTE_EXPORT_DEID = "note:export_deid"
    NOTE_DELETE_DRAFT = "note:delete_draft"
    PLAN_CREATE = "plan:create"
    PLAN_READ = "plan:read"
    PLAN_UPDATE = "plan:update"
    STAFF_CREATE = "staff:create"
    STAFF_LIST = "staff:list"
    STAFF_UPDATE = "staff:update"  # e.g. a staff member's mandated-reporter status
    SUPERVISION_ASSIGN = "supervision:assign"
    IMPORT_RUN = "import:run"
    BREAK_GLASS_START = "break_glass:start"
    BREAK_GLASS_LIST = "break_glass:list"
    BREAK_GLASS_REVIEW = "break_glass:review"
    RESTRICTION_ADD = "restriction:add"
    RESTRICTION_LIST = "restriction:list"
    NOTIFICATION_LIST = "notification:list"
    AUDIT_REPORT = "audit:report"
    CONSENT_CREATE = "consent:create"
    CONSENT_READ = "consent:read"
    CONSENT_UPDATE = "consent:update"
    CONSENT_SIGN = "consent:sign"
    CONSENT_REVOKE = "consent:revoke"
    DISCLOSURE_REQUEST = "disclosure:request"
    DISCLOSURE_READ = "disclosure:read"
    DISCLOSURE_LIST = "disclosure:list"
    DISCLOSURE_REVIEW_LIST = "disclosure:review_list"
    DISCLOSURE_REVIEW = "disclosure:review"
    # Recorded with the disclosure engine's answer when information leaves (or would have):
    # an event, not a capability; no role holds it.
    DISCLOSURE_RELEASE = "disclosure:release"
    # Safety flags (docs/flag.md): noticing, handling and reviewing crisis flags on notes.
    FLAG_RECORD = "flag:record"
    FLAG_NOTIFY = "flag:notify"
    FLAG_DISMISS = "flag:dismiss"
    # Written before migration 0010 only, when "Start a ... request" opened a page; kept so
    # those events still read. Nothing asks for it now.
    FLAG_ESCALATE = "flag:escalate"
    FLAG_DECIDE = "flag:decide"  # the supervisor's decision recorded: closes the flag
    FLAG_REQUEST = "flag:request"  # a disclosure request made from the flag: closes it
    FLAG_READ = "flag:read"
    FLAG_LIST = "flag:list"
    PROTOCOL_UPDATE = "protocol:update"
    # Share for supervision (docs/deid.md): a de-identified copy of a signed note for case
    # consultation; the recipient reads only the copy.
    CONSULTATION_SHARE = "consultation:share"
    CONSULTATION_LIST = "consultation:list"
    CONSULTATION_READ = "consultation:read"
    CONSULTATION_REVOKE = "consultation:revoke"
