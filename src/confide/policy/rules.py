"""Staff access rules as data (policy/packs/access.toml), loaded once and then read-only."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from confide.domain.actions import Action
from confide.domain.actors import Purpose, Role
from confide.domain.encounters import Label


@dataclass(frozen=True, slots=True)
class AccessRules:
    version: str
    capabilities: dict[Role, frozenset[Action]]
    label_purposes: dict[Label, frozenset[Purpose]]
    break_glass_minutes: int
    break_glass_reason_min_chars: int
    consultation_recipient_roles: frozenset[Role] = frozenset()
    consultation_share_purposes: frozenset[Purpose] = frozenset()

    def capable(self, roles: frozenset[Role], action: Action) -> bool:
        return any(action in self.capabilities.get(role, frozenset()) for role in roles)


def parse_rules(text: str) -> AccessRules:
    """Rules from TOML text; a typo in a role, action, label or purpose raises ValueError."""
    data = tomllib.loads(text)
    capabilities = {
        Role(role): frozenset(Action(a) for a in body["capabilities"])
        for role, body in data["roles"].items()
    }
    labels = {
        Label(label): frozenset(Purpose(p) for p in purposes)
        for label, purposes in data.get("labels", {}).items()
    }
    glass = data["break_glass"]
    consultation = data.get("consultation", {})
    return AccessRules(
        str(data["version"]), capabilities, labels, int(glass["minutes"]),
        int(glass["reason_min_chars"]),
        frozenset(Role(r) for r in consultation.get("recipient_roles", ())),
        frozenset(Purpose(p) for p in consultation.get("share_purposes", ())),
    )  # fmt: skip


@cache
def default_rules() -> AccessRules:
    """The shipped rules, read on first use (never at import time)."""
    text = resources.files("confide.policy").joinpath("packs/access.toml").read_text("utf-8")
    return parse_rules(text)
