"""Crisis-language flags: suicide risk, homicide risk and child abuse, with ConText-style context.

Pure code over packaged, reviewed lexicons (`data/*.toml`). Nothing here logs, and no message
carries note text. It flags; people decide (DESIGN.md principle 7).
"""

from confide.safety.flags import Assessment, Evidence, Flag, assess, flag
from confide.safety.kinds import Context, Kind, Role

__all__ = ["Assessment", "Context", "Evidence", "Flag", "Kind", "Role", "assess", "flag"]
