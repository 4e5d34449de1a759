"""Authorization: pure decisions with reasons, rule ids and obligations."""

from confide.policy.decide import Relationships, Resource, decide

__all__ = ["Relationships", "Resource", "decide"]
