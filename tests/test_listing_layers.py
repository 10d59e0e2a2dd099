"""The listing reader's shape: fields/ below extract/, one small module per concern."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "consistency"
#: The house style's size for one concern.
MAX_MODULE_LINES = 400


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", sorted((SRC / "fields").glob("*.py")), ids=lambda p: p.name)
def test_no_fields_module_imports_extract(path: Path) -> None:
    assert not {m for m in imported_modules(path) if m.startswith("consistency.extract")}


@pytest.mark.parametrize(
    "path", sorted((SRC / "extract" / "listing").glob("*.py")), ids=lambda p: p.name
)
def test_each_listing_module_is_one_small_concern(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_MODULE_LINES
