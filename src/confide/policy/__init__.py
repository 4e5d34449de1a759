"""Authorization: pure decisions with reasons, rule ids, citations and obligations."""

from confide.policy.access import Relationships, Resource, decide

__all__ = ["Relationships", "Resource", "decide"]
