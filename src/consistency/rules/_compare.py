"""The generic "a document disagrees" rule that the field families specialise."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from consistency.model import Field, Finding, Severity
from consistency.rules._common import (
    document_phrase,
    field_name,
    gettext_for,
    join,
    mismatch_fix,
    quote,
    source_name,
)
from consistency.rules.context import CheckContext, State


class FieldMismatchRule:
    """Base of the CRx01 rules: a document whose value differs from the reference."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.ERROR
    field: ClassVar[Field | None]

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """One finding per differing document, or one naming the reference when it is the
        odd one out (every document agrees with every other, only the reference differs)."""
        assert self.field is not None
        _ = gettext_for(context)
        analysis = context.analysis[self.field]
        differing = analysis.in_state(State.DIFFERS)
        if not differing or analysis.reference is None:
            return
        what = field_name(self.field, _)
        if analysis.reference_is_odd:
            first = differing[0]
            assert first.pair is not None and first.comparison is not None
            ref, theirs = first.pair
            docs = join([document_phrase(context, w.file, w.source, _) for w in differing], _)
            yield Finding(
                code=self.code,
                name=self.name,
                severity=self.severity,
                field=self.field,
                message=_(
                    "{reference} says {ref} but {docs} say {value}: the {what} differs ({why})"
                ).format(
                    reference=source_name(ref.source, _),
                    ref=quote(ref),
                    docs=docs,
                    value=quote(theirs),
                    what=what,
                    why=first.comparison.explain(_),
                ),
                evidence=first.pair,
                fix=mismatch_fix(context, analysis, first, _),
                file=ref.file,
                source=ref.source,
                comparison=first.comparison,
            )
            return
        for witness in differing:
            assert witness.pair is not None and witness.comparison is not None
            ref, value = witness.pair
            yield Finding(
                code=self.code,
                name=self.name,
                severity=self.severity,
                field=self.field,
                message=_(
                    "{doc} says {value} but {reference} says {ref}: the {what} differs ({why})"
                ).format(
                    doc=document_phrase(context, witness.file, witness.source, _),
                    value=quote(value),
                    reference=source_name(ref.source, _),
                    ref=quote(ref),
                    what=what,
                    why=witness.comparison.explain(_),
                ),
                evidence=witness.pair,
                fix=mismatch_fix(context, analysis, witness, _),
                file=witness.file,
                source=witness.source,
                comparison=witness.comparison,
            )
