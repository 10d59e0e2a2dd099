"""The readiness checklist: what a reviewer looks for, ticked, crossed or unknown, with why.

One item per readiness rule (CR6xx-CR8xx), in code order, from the same `assess` that
produces the rule's findings: the checklist and the findings cannot disagree.  Rules
come from the `consistency.rules` entry points like every rule, so a third-party rule
with `item`, `looks_for` and `assess` joins the checklist too.
"""

from __future__ import annotations

from consistency.model import ChecklistItem
from consistency.registry import rules as installed_rules
from consistency.rules._common import gettext_for
from consistency.rules._readiness import UNKNOWN
from consistency.rules.context import CheckContext


def readiness_checklist(context: CheckContext) -> tuple[ChecklistItem, ...]:
    """The checklist of one package: one item per installed readiness rule, by code."""
    _ = gettext_for(context)
    items: list[ChecklistItem] = []
    for rule_class in installed_rules():
        if not all(hasattr(rule_class, a) for a in ("assess", "item", "looks_for")):
            continue
        code = rule_class.code
        item = str(getattr(rule_class, "item"))  # noqa: B009 - optional protocol members
        # `looks_for` is an English msgid; catalogues may translate it.
        looks_for = _(str(getattr(rule_class, "looks_for")))  # noqa: B009
        if not context.config.rule_enabled(code):
            why = _("{code} is disabled").format(code=code)
            items.append(ChecklistItem(item, looks_for, UNKNOWN, why, (code,)))
            continue
        assessment = rule_class().assess(context)  # type: ignore[attr-defined]
        items.append(
            ChecklistItem(
                item,
                looks_for,
                assessment.state,
                assessment.why,
                (code,),
                assessment.evidence,
            )
        )
    return tuple(items)
