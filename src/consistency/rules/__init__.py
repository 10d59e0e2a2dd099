"""Rules: one module per rule family, each rule a small class with a stable code.

Codes: CR1xx model number, CR2xx manufacturer, CR3xx product name, CR4xx presence and
readability of fields, CR5xx documents.  Rules are discovered through the
`consistency.rules` entry-point group, built-ins exactly like third-party ones.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from consistency.config import Config
from consistency.model import Field, Finding
from consistency.registry import rules as installed_rules
from consistency.rules.context import CheckContext


def run_rules(context: CheckContext, config: Config) -> list[Finding]:
    """Run every enabled rule; apply configured severities; order findings stably."""
    findings: list[Finding] = []
    for rule_class in installed_rules():
        if not config.rule_enabled(rule_class.code):
            continue
        produced: Iterable[Finding] = rule_class().check(context)
        override = config.severity.get(rule_class.code)
        for finding in produced:
            if override is not None and finding.severity != override:
                finding = attrs.evolve(finding, severity=override)
            findings.append(finding)
    field_rank: dict[Field | None, int] = {None: -1}
    field_rank.update({f: i for i, f in enumerate(context.fields)})
    return sorted(
        findings,
        key=lambda f: (
            field_rank.get(f.field, 99),
            f.code,
            f.file or "",
            f.source.value if f.source else "",
        ),
    )
