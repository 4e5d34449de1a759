"""The policy decision point. The rules live in policy/access.py and policy/packs/access.toml."""

from __future__ import annotations

from confide.policy.access import Relationships, Resource, decide

__all__ = ["Relationships", "Resource", "decide"]
