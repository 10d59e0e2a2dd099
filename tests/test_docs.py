"""The examples in docs/api.md run as doctests against the bundled example package."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_api_doc_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every `>>>` example in docs/api.md gives the output it shows."""
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(
        str(ROOT / "docs" / "api.md"), module_relative=False, optionflags=doctest.ELLIPSIS
    )
    assert result.attempted > 0
    assert result.failed == 0
