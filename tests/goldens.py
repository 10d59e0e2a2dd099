"""Golden files (syrupy-style): our own rendered text compared byte for byte, refreshed only
by `pytest --update-goldens`.  Only text `consistency` writes itself goes here, never bytes a
third-party library rendered (images, PDFs)."""

from __future__ import annotations

from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"


def golden(name: str, text: str, update: bool) -> None:
    """Compare `text` byte for byte with tests/golden/`name` (rewrite it with --update-goldens)."""
    path = GOLDEN / name
    if update:
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return
    assert path.is_file(), f"{path} is missing: run pytest --update-goldens once and review it"
    assert text.encode("utf-8") == path.read_bytes(), f"{name} differs from its golden file"
