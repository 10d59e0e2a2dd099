"""Entry-point groups and their discovery: the bottom layer of the plugin system.

Only names are discovered here (nothing is imported), so that configuration can check a
rule code against the installed rules without loading them; `consistency.registry` loads
the plugins themselves.
"""

from __future__ import annotations

import functools
from importlib.metadata import EntryPoint, entry_points

EXTRACTORS = "consistency.extractors"
RULES = "consistency.rules"
FORMATS = "consistency.formats"


@functools.cache
def group(name: str) -> dict[str, EntryPoint]:
    """The entry points of one group by name, sorted; the first registration of a name wins
    (duplicates from stale installs are ignored)."""
    found: dict[str, EntryPoint] = {}
    for entry in sorted(entry_points(group=name), key=lambda e: (e.name, e.value)):
        found.setdefault(entry.name, entry)
    return found


def rule_codes() -> list[str]:
    """Every installed rule code, sorted, without importing the rules."""
    return sorted(group(RULES))
