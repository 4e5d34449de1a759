"""The words of the safety vocabulary: what is flagged, and which contexts set a match aside."""

from __future__ import annotations

from enum import StrEnum

# Severity, C-SSRS-like, for suicide_risk and (toward another person) homicide_risk:
#   1 wish to be dead, 2 active thoughts, 3 method, 4 intent, 5 plan or preparatory behaviour.
# child_abuse: 3 neglect or unsafe supervision, 4 physical or sexual abuse disclosed or seen.
MIN_SEVERITY = 1
MAX_SEVERITY = 5


class Kind(StrEnum):
    """What a flag is about. Values are part of the `confide flag` contract."""

    SUICIDE_RISK = "suicide_risk"
    HOMICIDE_RISK = "homicide_risk"
    CHILD_ABUSE = "child_abuse"


class Context(StrEnum):
    """A ConText category that sets a match aside when it applies."""

    NEGATED = "negated"
    HISTORICAL = "historical"
    OTHER_SUBJECT = "other_subject"
    HYPOTHETICAL = "hypothetical"
    FIGURATIVE = "figurative"


class Role(StrEnum):
    """An anchor establishes a kind on its own; a modifier only raises an anchor's severity."""

    ANCHOR = "anchor"
    MODIFIER = "modifier"


class Direction(StrEnum):
    """Which way a context trigger reaches: toward later text, or toward earlier text."""

    FORWARD = "forward"
    BACKWARD = "backward"


class Side(StrEnum):
    """Where a modifier may stand relative to the anchor it raises."""

    BEFORE = "before"
    AFTER = "after"
    EITHER = "either"
