"""Case folders and `consistency.toml` manifests: from what a seller gives to a `Case`.

A seller keeps one folder per SKU.  Either a `consistency.toml` manifest names the SKU,
the listing export (often shared by every SKU, so it may live in a parent folder) and the
documents with their kinds, or the folder's files are sorted by `kinds` (suffix and
name) and listing exports are recognised by their content.  `resolve` is the one entry
point every front end uses (docs/manifests.md says what it decides and why).
"""

from __future__ import annotations

from pathlib import Path

from consistency.case.folder import classify, find_case_folders, is_case_folder
from consistency.case.kinds import MANIFEST_NAME
from consistency.case.manifest import find_manifest, manifest_config
from consistency.case.resolve import resolve
from consistency.model import Case

__all__ = [
    "MANIFEST_NAME",
    "classify",
    "find_case_folders",
    "find_manifest",
    "is_case_folder",
    "load_case",
    "manifest_config",
    "resolve",
]


def load_case(path: Path, *, sku: str | None = None, listing: Path | None = None) -> Case:
    """The case of a folder or manifest, as `resolve` builds it; `listing` is a listing
    export shared by many cases, used when the case has none of its own."""
    case, _ = resolve(path, sku=sku, shared_listing=listing)
    return case
