"""Every rule documents itself; its Bad/Good cases run; docs/rules.md is generated from both."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from consistency.registry import rules
from consistency.rules.cases import RuleCase, run
from consistency.typing import Rule

ROOT = Path(__file__).resolve().parents[1]
CASES = [
    pytest.param(rule, case, id=f"{rule.code}-{case.verdict}-{i}")
    for rule in rules()
    for i, case in enumerate(getattr(rule, "cases", ()))
]


def test_every_rule_has_a_code_a_description_and_bad_and_good_cases() -> None:
    """Stable codes, a one-line description, and at least one Bad and one Good case each."""
    codes = [r.code for r in rules()]
    assert len(codes) == len(set(codes)) and codes
    for rule in rules():
        doc = rule.__doc__ or ""
        assert rule.code.startswith("CR") and doc.strip().splitlines()[0]
        verdicts = {case.verdict for case in getattr(rule, "cases", ())}
        assert verdicts == {"bad", "good"}, rule.code


@pytest.mark.parametrize(("rule", "case"), CASES)
def test_rule_case(rule: type[Rule], case: RuleCase) -> None:
    """A Bad case raises the rule's code; a Good case does not."""
    findings = run(rule, case)
    if case.verdict == "bad":
        assert findings, f"{rule.code} did not fire on: {case.says}"
    else:
        assert not findings, [f.message for f in findings]


def test_rules_reference_is_up_to_date() -> None:
    """docs/rules.md equals what scripts/gen_rules_doc.py renders now."""
    spec = importlib.util.spec_from_file_location("gen", ROOT / "scripts" / "gen_rules_doc.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == module.render()
