"""Manufacturer rules (CR2xx): the company that made the product, not the seller."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from consistency.model import Field, Finding, Severity
from consistency.rules._common import document_phrase, gettext_for, quote, source_name
from consistency.rules._compare import FieldMismatchRule
from consistency.rules.cases import bad, good
from consistency.rules.context import CheckContext, State


class ManufacturerMismatch(FieldMismatchRule):
    """A source names a different manufacturer from the listing (or, without one, the report).

    Case, punctuation and legal forms (`Co., Ltd.`, `Company Limited`, `Inc.`, `GmbH`)
    do not matter; the distinctive name does.  Applicant, factory, brand and
    distributor are other parties and are never compared with the manufacturer.
    """

    code = "CR201"
    name = "manufacturer-mismatch"
    severity = Severity.ERROR
    field: ClassVar[Field | None] = Field.MANUFACTURER
    cases = (
        bad(
            "listing `Shenzhen Huaxin Technology Co., Ltd.`, report "
            "`Shenzhen Huaxing Technology Co., Ltd.`",
            {
                "listing": {"manufacturer": "Shenzhen Huaxin Technology Co., Ltd."},
                "test_report": {"manufacturer": "Shenzhen Huaxing Technology Co., Ltd."},
            },
        ),
        good(
            "listing `Shenzhen Huaxin Technology Co., Ltd.`, report "
            "`SHENZHEN HUAXIN TECHNOLOGY COMPANY LIMITED`",
            {
                "listing": {"manufacturer": "Shenzhen Huaxin Technology Co., Ltd."},
                "test_report": {"manufacturer": "SHENZHEN HUAXIN TECHNOLOGY COMPANY LIMITED"},
            },
        ),
    )


class ManufacturerUnverifiable:
    """Two manufacturer names cannot be compared automatically (Chinese vs Latin script).

    `consistency` does not guess translations or transliterations; a person must
    confirm that both names are the same company (its business licence shows both).
    """

    code = "CR202"
    name = "manufacturer-unverifiable"
    severity = Severity.WARNING
    field: ClassVar[Field | None] = Field.MANUFACTURER
    cases = (
        bad(
            "listing `Shenzhen Huaxin Technology Co., Ltd.`, packaging `深圳华信科技有限公司`",
            {
                "listing": {"manufacturer": "Shenzhen Huaxin Technology Co., Ltd."},
                "packaging": {"manufacturer": "深圳华信科技有限公司"},
            },
        ),
        good(
            "both in the same script",
            {
                "listing": {"manufacturer": "Shenzhen Huaxin Technology Co., Ltd."},
                "packaging": {"manufacturer": "Shenzhen Huaxin Technology Co., Ltd."},
            },
        ),
    )

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """One finding per document whose name cannot be compared with the reference's."""
        _ = gettext_for(context)
        analysis = context.analysis[Field.MANUFACTURER]
        for witness in analysis.in_state(State.UNVERIFIABLE):
            assert witness.pair is not None
            ref, value = witness.pair
            yield Finding(
                code=self.code,
                name=self.name,
                severity=self.severity,
                field=Field.MANUFACTURER,
                message=_(
                    "{doc} says {value} and {reference} says {ref}: names in different scripts "
                    "cannot be matched automatically"
                ).format(
                    doc=document_phrase(context, witness.file, witness.source, _),
                    value=quote(value),
                    reference=source_name(ref.source, _),
                    ref=quote(ref),
                ),
                evidence=witness.pair,
                file=witness.file,
                source=witness.source,
                comparison=witness.comparison,
                fix=_(
                    "confirm both are the same company (the business licence lists both "
                    "names), or print the English name next to the Chinese one"
                ),
            )
