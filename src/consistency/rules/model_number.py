"""Model-number rules (CR1xx): the identifier reviewers check first."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from consistency.fields.model_number import regional_variant
from consistency.model import Field, Finding, Kind, Role, Severity
from consistency.rules._common import SOURCE_NAMES, quote
from consistency.rules._compare import FieldMismatchRule
from consistency.rules.context import CheckContext, FieldAnalysis, State


def _regional(analysis: FieldAnalysis, source: Kind) -> str | None:
    verdict = analysis.verdicts[source]
    if verdict.pair is None:
        return None
    return regional_variant(verdict.pair[0].raw, verdict.pair[1].raw)


class ModelNumberMismatch(FieldMismatchRule):
    """A source shows a different model number from the listing (or, without one, the report).

    Case, spaces, hyphens, dots and slashes do not matter; every letter and digit does.
    A report that covers several models agrees with a listing whose model is any of them.

    Bad:
        listing `XK-2041B`, test report `Model No.: XK-2014B` (digits swapped).

    Good:
        listing `XK-2041B`, test report `Model No.: XK 2041B`, series models `XK-2041C`.
    """

    code = "CR101"
    name = "model-number-mismatch"
    severity = Severity.ERROR
    field: ClassVar[Field | None] = Field.MODEL_NUMBER

    def skip(self, analysis: FieldAnalysis, source: Kind) -> bool:
        """Regional-suffix-only differences are CR102's."""
        return _regional(analysis, source) is not None


class RegionalSuffixDifference:
    """A model number differs only by a regional suffix (`HS105(US)` vs `HS105`).

    The same model for another market is usually a separate certification; make the
    listing, the label and the report name the same variant.

    Bad:
        listing `HS105(US)`, test report `HS105`.

    Good:
        listing `HS105(US)`, test report `HS105(US)`.
    """

    code = "CR102"
    name = "model-regional-suffix"
    severity = Severity.WARNING
    field: ClassVar[Field | None] = Field.MODEL_NUMBER

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """One finding per source whose model differs only by its regional suffix."""
        analysis = context.analysis[Field.MODEL_NUMBER]
        for source in analysis.sources_in(State.DIFFERS):
            suffix = _regional(analysis, source)
            verdict = analysis.verdicts[source]
            if suffix is None or verdict.pair is None:
                continue
            ref, value = verdict.pair
            yield Finding(
                code=self.code,
                name=self.name,
                severity=self.severity,
                field=Field.MODEL_NUMBER,
                message=(
                    f"{SOURCE_NAMES[source]} says {quote(value)} and "
                    f"{SOURCE_NAMES[ref.source]} says {quote(ref)}: they differ only by "
                    f"the regional suffix '{suffix}'"
                ),
                evidence=verdict.pair,
                source=source,
                comparison=verdict.comparison,
                fix=(
                    f"make sure the report covers the '{suffix}' variant, and print the same "
                    f"variant on the listing and the label"
                ),
            )


class ModelNotInListingTitle:
    """The listing export has no model column and its title does not contain the report's model.

    The All Listings Report has no brand, model or manufacturer column; the model can
    only be looked for inside the title.  Download an export that has them.

    Bad:
        All Listings Report, `item-name` "Cordless Drill 18V", report model `DHR242`.

    Good:
        `item-name` "Makita DHR242 18v Brushless SDS+ Rotary Hammer Drill".
    """

    code = "CR103"
    name = "model-not-in-listing-title"
    severity = Severity.WARNING
    field: ClassVar[Field | None] = Field.MODEL_NUMBER

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """Warn when the listing lacks a model and its title does not name the model."""
        listing = [e for e in context.evidence if e.source == Kind.LISTING]
        if not listing or any(e.field == Field.MODEL_NUMBER for e in listing):
            return
        title = next((e for e in listing if e.field == Field.PRODUCT_NAME), None)
        models = [
            e
            for e in context.evidence
            if e.field == Field.MODEL_NUMBER and e.source != Kind.LISTING and e.role == Role.MAIN
        ]
        if title is None or not models:
            return
        yield Finding(
            code=self.code,
            name=self.name,
            severity=self.severity,
            field=Field.MODEL_NUMBER,
            message=(
                f"the listing export has no model column, and its title {quote(title)} "
                f"does not contain {quote(models[0])}"
            ),
            evidence=(title, models[0]),
            source=Kind.LISTING,
            fix=(
                "put the model number in the title, or check against an export that has a "
                "model column (Category Listings Report or an inventory file template)"
            ),
        )
