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
    PLAN_CREATE = "plan:create"
    PLAN_READ = "plan:read"
    PLAN_UPDATE = "plan:update"
    STAFF_CREATE = "staff:create"
    STAFF_LIST = "staff:list"
    SUPERVISION_ASSIGN = "supervision:assign"
    IMPORT_RUN = "import:run"
    BREAK_GLASS_START = "break_glass:start"
    BREAK_GLASS_LIST = "break_glass:list"
    BREAK_GLASS_REVIEW = "break_glass:review"
    RESTRICTION_ADD = "restriction:add"
    RESTRICTION_LIST = "restriction:list"
    NOTIFICATION_LIST = "notification:list"
    AUDIT_REPORT = "audit:report"
