"""Plugin discovery through entry points, the same way for built-ins and third parties.

Groups:
- `consistency.extractors`: name = document kind (`test_report`, `listing`, ...), value = an
  `Extractor` callable;
- `consistency.rules`: name = rule code (`CR101`), value = a `Rule` class;
- `consistency.formats`: name = format name (`text`, `json`, ...), value = a `Formatter`.

Our own `pyproject.toml` registers the built-ins in these groups.  Discovery is sorted by
name so that runs are deterministic; a plugin that fails to load is reported by name.
"""

from __future__ import annotations

from importlib.metadata import EntryPoint
from typing import Any

from consistency import plugins
from consistency.errors import EnvironmentProblem
from consistency.typing import Extractor, Formatter, Rule

EXTRACTORS, RULES, FORMATS = plugins.EXTRACTORS, plugins.RULES, plugins.FORMATS


class PluginLoadError(EnvironmentProblem):
    """A registered plugin could not be imported; the message names it."""


def _load(entry: EntryPoint) -> Any:
    try:
        return entry.load()
    except Exception as exc:  # a broken third-party plugin must not crash with a traceback
        raise PluginLoadError(
            f"plugin '{entry.name}' ({entry.value}) in group {entry.group} failed to load: "
            f"{type(exc).__name__}: {exc}"
        ) from exc


def _group(group: str) -> dict[str, EntryPoint]:
    return plugins.group(group)


def _get(group: str, name: str, what: str) -> Any:
    entries = _group(group)
    if name not in entries:
        known = ", ".join(sorted(entries)) or "none"
        raise PluginLoadError(f"no {what} named '{name}' is installed (known: {known})")
    return _load(entries[name])


def extractor(kind: str) -> Extractor:
    """The extractor registered for a document kind."""
    loaded: Extractor = _get(EXTRACTORS, kind, "extractor")
    return loaded


def formatter(name: str) -> Formatter:
    """The output format registered under `name`."""
    loaded: Formatter = _get(FORMATS, name, "output format")
    return loaded


def format_names() -> list[str]:
    """Names of every installed output format, sorted."""
    return sorted(_group(FORMATS))


def rule_codes() -> list[str]:
    """Every installed rule code, sorted, without importing the rules."""
    return plugins.rule_codes()


def rules() -> list[type[Rule]]:
    """Every installed rule class, sorted by code."""
    loaded: list[type[Rule]] = [_load(e) for e in _group(RULES).values()]
    return sorted(loaded, key=lambda r: r.code)


def clear() -> None:
    """Forget discovered plugins (tests that install plugins at run time call this)."""
    plugins.group.cache_clear()
