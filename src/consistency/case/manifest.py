"""`consistency.toml` case manifests: what a manifest names, checked and expanded.

Manifest form (paths relative to the manifest; globs allowed)::

    sku = "HX-2041"
    listing = "../listing_export.xlsx"

    [documents]
    test_report = ["Test_Report*.pdf"]
    packaging = ["IMG_1001.jpg"]
    product = ["IMG_1002.jpg"]
    component = ["Radio_Module_Cert.pdf"]     # shown, never compared

    ignore_files = ["notes.docx"]             # in the folder on purpose, not read

    [thresholds]            # any configuration table, as in [tool.consistency]
    product_name = 80

A pattern that matches nothing, a missing file and an unknown key are `UsageError`s that
name the manifest and the pattern or key.  A `consistency.toml` with none of `sku`,
`listing`, `documents` and `name` is a configuration file, not a case.
"""

from __future__ import annotations

import glob
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from consistency.case.kinds import MANIFEST_NAME, document_kind
from consistency.config import CONFIG_KEYS, MANIFEST_KEYS, Config, apply_table
from consistency.errors import ConfigError, UsageError
from consistency.model import Kind

#: The key of `[documents]` that declares component documents (not a document kind).
COMPONENT_KEY = "component"
#: Keys that make a `consistency.toml` a case manifest rather than a configuration file.
CASE_KEYS = frozenset({"sku", "listing", "documents", "name"})


@attrs.frozen
class Manifest:
    """What a case manifest says, its patterns expanded to files."""

    path: Path
    sku: str | None
    name: str | None
    listings: tuple[Path, ...]
    #: (file, kind, component) in the manifest's order.
    documents: tuple[tuple[Path, Kind, bool], ...]
    #: Files in the folder on purpose that are not read (never reported as unused).
    ignored: frozenset[Path]
    #: The configuration tables, shaped like `[tool.consistency]`.
    config: Mapping[str, Any]

    @property
    def folder(self) -> Path:
        """The folder the manifest's paths are relative to."""
        return self.path.parent


def find_manifest(path: Path) -> Path | None:
    """The manifest a path stands for: the path itself if it is a .toml file, else the
    folder's `consistency.toml`, else None."""
    if path.is_file() and path.suffix.lower() == ".toml":
        return path
    candidate = path / MANIFEST_NAME
    return candidate if candidate.is_file() else None


def read_toml(manifest: Path) -> dict[str, Any]:
    """The manifest's TOML; unreadable or invalid files are usage errors naming it."""
    try:
        return tomllib.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{manifest}: case manifest not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{manifest}: cannot read the case manifest: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{manifest}: not valid TOML: {exc}") from None


def is_case_manifest(path: Path) -> bool:
    """True when a `consistency.toml` describes a case (it has sku, listing, documents or
    name); False for a configuration-only file.  An unreadable file counts as a case, so
    that its error is reported on the case rather than hidden."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return True
    return bool(CASE_KEYS & set(data))


def _config_table(manifest: Path, data: Mapping[str, Any]) -> dict[str, Any]:
    """The configuration part of a manifest: top-level config keys and `[tool.consistency]`."""
    table: dict[str, Any] = {}
    for key, value in data.items():
        if key in MANIFEST_KEYS:
            continue
        if key == "tool":
            nested = value.get("consistency") if isinstance(value, dict) else None
            if not isinstance(nested, dict) or set(value) != {"consistency"}:
                raise ConfigError(
                    f"{manifest}: key 'tool': only a [tool.consistency] table is allowed here"
                )
            for sub, subvalue in nested.items():
                if sub in table:
                    raise ConfigError(
                        f"{manifest}: key 'tool.consistency.{sub}': also set at the top level"
                    )
                table[sub] = subvalue
        elif key in CONFIG_KEYS:
            table[key] = value
        else:
            known = sorted(MANIFEST_KEYS | CONFIG_KEYS | {"tool"})
            raise ConfigError(f"{manifest}: key '{key}': unknown; expected one of {known}")
    # Let the configuration cascade check every key and value now, so a typo in a
    # manifest is reported when the case is loaded, naming this file and the key.
    apply_table(Config(), table, str(manifest))
    return table


def manifest_config(path: Path) -> dict[str, Any]:
    """The configuration tables a case manifest carries (empty when there is no manifest).

    `path` is a case folder or the manifest itself.  The result has the shape of
    `[tool.consistency]` and is ready for `consistency.config.apply_table`.
    """
    manifest = find_manifest(Path(path))
    if manifest is None:
        return {}
    return _config_table(manifest, read_toml(manifest))


def _patterns(manifest: Path, key: str, value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, str) and v.strip() for v in value)
    ):
        raise ConfigError(
            f"{manifest}: key '{key}': expected a file name or a list of file names (globs allowed)"
        )
    return list(value)


def _expand(manifest: Path, key: str, pattern: str) -> list[Path]:
    """The files one manifest pattern names, resolved relative to the manifest."""
    base = manifest.parent
    joined = os.path.normpath(os.path.join(base, os.path.expanduser(pattern)))
    if glob.has_magic(pattern):
        matches = sorted(Path(m) for m in glob.glob(joined, recursive=True) if Path(m).is_file())
        if not matches:
            raise UsageError(f"{manifest}: {key} pattern '{pattern}' matches no file")
        return matches
    path = Path(joined)
    if not path.exists():
        raise UsageError(f"{manifest}: {key} file '{pattern}' does not exist ({path})")
    if not path.is_file():
        raise UsageError(f"{manifest}: {key} '{pattern}' is not a file ({path})")
    return [path]


def _string(manifest: Path, data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{manifest}: key '{key}': expected a non-empty string")
    return value.strip()


def read_manifest(manifest: Path) -> Manifest:
    """Read and check a case manifest; every pattern must name at least one file."""
    data = read_toml(manifest)
    config = _config_table(manifest, data)
    sku, name = _string(manifest, data, "sku"), _string(manifest, data, "name")
    listings: list[Path] = []
    if "listing" in data:
        for pattern in _patterns(manifest, "listing", data["listing"]):
            listings += _expand(manifest, "listing", pattern)
    table = data.get("documents", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{manifest}: key 'documents': expected a table of kind = [files]")
    kinds_of: dict[Path, tuple[Kind, bool, str]] = {}
    for key, value in table.items():
        component = key == COMPONENT_KEY
        kind: Kind | None = None
        if not component:
            try:
                kind = Kind(key)
            except ValueError:
                kinds = [k.value for k in Kind] + [COMPONENT_KEY]
                raise ConfigError(
                    f"{manifest}: key 'documents.{key}': unknown document kind; "
                    f"expected one of {kinds}"
                ) from None
        for pattern in _patterns(manifest, f"documents.{key}", value):
            for path in _expand(manifest, f"documents.{key}", pattern):
                found = kind or document_kind(path) or Kind.TEST_REPORT
                if found is Kind.LISTING:
                    if path not in listings:
                        listings.append(path)
                    continue
                seen = kinds_of.get(path)
                if seen is not None and (seen[0], seen[1]) != (found, component):
                    raise UsageError(
                        f"{manifest}: '{path.name}' is named both in {seen[2]} and in "
                        f"documents.{key}; give each file one kind"
                    )
                if seen is None:
                    kinds_of[path] = (found, component, f"documents.{key}")
    ignored: set[Path] = set()
    if "ignore_files" in data:
        for pattern in _patterns(manifest, "ignore_files", data["ignore_files"]):
            base = os.path.normpath(os.path.join(manifest.parent, pattern))
            ignored |= {Path(p) for p in glob.glob(base, recursive=True)}
    if not listings and not kinds_of:
        raise UsageError(
            f"{manifest}: the manifest names no documents (set listing and [documents])"
        )
    return Manifest(
        path=manifest,
        sku=sku,
        name=name,
        listings=tuple(listings),
        documents=tuple((path, kind, comp) for path, (kind, comp, _) in kinds_of.items()),
        ignored=frozenset(ignored),
        config=config,
    )
