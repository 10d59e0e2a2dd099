"""Model-number rules (CR1xx): the identifier reviewers check first."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from consistency.fields.model_number import regional_variant
from consistency.model import Field, Finding, Kind, Role, Severity
from consistency.rules._common import document_phrase, gettext_for, quote, source_name
from consistency.rules._compare import FieldMismatchRule
from consistency.rules.cases import bad, good
from consistency.rules.context import CheckContext, State


class ModelNumberMismatch(FieldMismatchRule):
    """A source shows a different model number from the listing (or, without one, the report).

    Case, spaces, hyphens, dots and slashes do not matter; every letter and digit does.
    A report that covers several models agrees with a listing whose model is any of them.
    """

    code = "CR101"
    name = "model-number-mismatch"
    severity = Severity.ERROR
    field: ClassVar[Field | None] = Field.MODEL_NUMBER
    cases = (
        bad(
            "listing `XK-2041B`, test report `Model No.: XK-2014B` (digits swapped)",
            {"listing": {"model_number": "XK-2041B"}, "test_report": {"model_number": "XK-2014B"}},
        ),
        bad(
            "the first report agrees, a second report is of another product (`ZP-7730`)",
            {
                "listing": {"model_number": "XK-2041B"},
                "test_report": {"model_number": "XK-2041B"},
                "test_report#2": {"model_number": "ZP-7730"},
            },
        ),
        good(
            "listing `XK-2041B`, test report `Model No.: XK 2041B`, series `XK-2041C`",
            {
                "listing": {"model_number": "XK-2041B"},
                "test_report": {"model_number": ["XK 2041B", "XK-2041C"]},
            },
        ),
        good(
            "listing `XK-2041C`, one of the report's series models",
            {
                "listing": {"model_number": "XK-2041C"},
                "test_report": {"model_number": ["XK-2041B", "XK-2041C"]},
            },
        ),
    )


class RegionalSuffixDifference:
    """A model number differs only by a regional suffix (`HS105(US)` vs `HS105`).

    The same model for another market is usually a separate certification; make the
    listing, the label and the report name the same variant.
    """

    code = "CR102"
    name = "model-regional-suffix"
    severity = Severity.WARNING
    field: ClassVar[Field | None] = Field.MODEL_NUMBER
    cases = (
        bad(
            "listing `HS105(US)`, test report `HS105`",
            {"listing": {"model_number": "HS105(US)"}, "test_report": {"model_number": "HS105"}},
        ),
        good(
            "listing `HS105(US)`, test report `HS105(US)`",
            {
                "listing": {"model_number": "HS105(US)"},
                "test_report": {"model_number": "HS105(US)"},
            },
        ),
    )

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """One finding per document whose model differs only by its regional suffix."""
        _ = gettext_for(context)
        analysis = context.analysis[Field.MODEL_NUMBER]
        for witness in analysis.in_state(State.SUFFIX):
            assert witness.pair is not None
            ref, value = witness.pair
            suffix = regional_variant(ref.raw, value.raw) or ""
            yield Finding(
                code=self.code,
                name=self.name,
                severity=self.severity,
                field=Field.MODEL_NUMBER,
                message=_(
                    "{doc} says {value} and {reference} says {ref}: they differ only by the "
                    "regional suffix '{suffix}'"
                ).format(
                    doc=document_phrase(context, witness.file, witness.source, _),
                    value=quote(value),
                    reference=source_name(ref.source, _),
                    ref=quote(ref),
                    suffix=suffix,
                ),
                evidence=witness.pair,
                file=witness.file,
                source=witness.source,
                comparison=witness.comparison,
                fix=_(
                    "make sure the report covers the '{suffix}' variant, and print the same "
                    "variant on the listing and the label"
                ).format(suffix=suffix),
            )


class ModelNotInListingTitle:
    """The listing export has no model column and its title does not contain the report's model.

    The All Listings Report has no brand, model or manufacturer column; the model can
    only be looked for inside the title.  Download an export that has them.
    """

    code = "CR103"
    name = "model-not-in-listing-title"
    severity = Severity.WARNING
    field: ClassVar[Field | None] = Field.MODEL_NUMBER
    cases = (
        bad(
            'All Listings Report `item-name` "Cordless Drill 18V", report model `DHR242`',
            {
                "listing": {"product_name": "Cordless Drill 18V"},
                "test_report": {"model_number": "DHR242"},
            },
        ),
        good(
            '`item-name` "Makita DHR242 18v Brushless SDS+ Rotary Hammer Drill"',
            {
                "listing": {"product_name": "Makita DHR242 18v Brushless SDS+ Rotary Hammer Drill"},
                "test_report": {"model_number": "DHR242"},
            },
        ),
    )

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """Warn when the listing lacks a model and its title does not name the model."""
        _ = gettext_for(context)
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
            message=_(
                "the listing export has no model column, and its title {title} does not "
                "contain {model}"
            ).format(title=quote(title), model=quote(models[0])),
            evidence=(title, models[0]),
            source=Kind.LISTING,
            fix=_(
                "put the model number in the title, or check against an export that has a "
                "model column (Category Listings Report or an inventory file template)"
            ),
        )
