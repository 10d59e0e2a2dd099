"""Every rule documents itself, and docs/rules.md is the generated reference."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from consistency.registry import rules

ROOT = Path(__file__).resolve().parents[1]


def test_every_rule_has_code_bad_and_good_examples() -> None:
    """Stable codes, a one-line description and Bad/Good examples for each rule."""
    codes = [r.code for r in rules()]
    assert len(codes) == len(set(codes)) and codes
    for rule in rules():
        doc = rule.__doc__ or ""
        assert rule.code.startswith("CR") and doc.strip().splitlines()[0]
        assert "Bad:" in doc and "Good:" in doc, rule.code


def test_rules_reference_is_up_to_date() -> None:
    """docs/rules.md equals what scripts/gen_rules_doc.py renders now."""
    spec = importlib.util.spec_from_file_location("gen", ROOT / "scripts" / "gen_rules_doc.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == module.render()
