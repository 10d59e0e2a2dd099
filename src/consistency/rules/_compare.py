"""The generic "one source disagrees" rule that the field families specialise."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from consistency.model import Field, Finding, Kind, Severity
from consistency.rules._common import FIELD_NAMES, SOURCE_NAMES, agreeing, fix_for, quote
from consistency.rules.context import CheckContext, FieldAnalysis, State


class FieldMismatchRule:
    """Base of the CRx01 rules: a source whose value differs from the reference."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.ERROR
    field: ClassVar[Field | None]

    def skip(self, analysis: FieldAnalysis, source: Kind) -> bool:
        """Hook for rules that leave some differences to a more specific rule."""
        return False

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """One finding per disagreeing source (or one naming the odd source out)."""
        assert self.field is not None
        analysis = context.analysis[self.field]
        differing = analysis.sources_in(State.DIFFERS)
        differing = [k for k in differing if not self.skip(analysis, k)]
        if not differing or analysis.reference is None:
            return
        what = FIELD_NAMES[self.field]
        if analysis.odd_one_out is not None and analysis.odd_one_out == analysis.reference.source:
            # The reference itself is the odd one out: every other source agrees elsewhere.
            odd = analysis.odd_one_out
            others = differing
            first = analysis.verdicts[others[0]]
            assert first.pair is not None and first.comparison is not None
            message = (
                f"{SOURCE_NAMES[odd]} says {quote(first.pair[0])} but "
                f"{', '.join(SOURCE_NAMES[k] for k in others)} say {quote(first.pair[1])}: "
                f"the {what} differs ({first.comparison.why})"
            )
            yield Finding(
                code=self.code,
                name=self.name,
                severity=self.severity,
                field=self.field,
                message=message,
                evidence=first.pair,
                fix=fix_for(odd, self.field, others),
                source=odd,
                comparison=first.comparison,
            )
            return
        for source in differing:
            verdict = analysis.verdicts[source]
            assert verdict.pair is not None and verdict.comparison is not None
            ref, value = verdict.pair
            others = agreeing(analysis, source)
            message = (
                f"{SOURCE_NAMES[source]} says {quote(value)} but "
                f"{SOURCE_NAMES[ref.source]} says {quote(ref)}: the {what} differs "
                f"({verdict.comparison.why})"
            )
            yield Finding(
                code=self.code,
                name=self.name,
                severity=self.severity,
                field=self.field,
                message=message,
                evidence=verdict.pair,
                fix=fix_for(source, self.field, others),
                source=source,
                comparison=verdict.comparison,
            )
