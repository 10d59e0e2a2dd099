"""Manufacturer rules (CR2xx): the company that made the product, not the seller."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from consistency.model import Field, Finding, Severity
from consistency.rules._common import SOURCE_NAMES, quote
from consistency.rules._compare import FieldMismatchRule
from consistency.rules.context import CheckContext, State


class ManufacturerMismatch(FieldMismatchRule):
    """A source names a different manufacturer from the listing (or, without one, the report).

    Case, punctuation and legal forms (`Co., Ltd.`, `Company Limited`, `Inc.`, `GmbH`)
    do not matter; the distinctive name does.  Applicant, factory, brand and
    distributor are other parties and are never compared with the manufacturer.

    Bad:
        listing `Shenzhen Huaxin Technology Co., Ltd.`, report `Shenzhen Huaxing Technology Co., Ltd.`

    Good:
        listing `Shenzhen Huaxin Technology Co., Ltd.`, report `SHENZHEN HUAXIN TECHNOLOGY COMPANY LIMITED`
    """

    code = "CR201"
    name = "manufacturer-mismatch"
    severity = Severity.ERROR
    field: ClassVar[Field | None] = Field.MANUFACTURER


class ManufacturerUnverifiable:
    """Two manufacturer names cannot be compared automatically (Chinese vs Latin script).

    `consistency` does not guess translations or transliterations; a person must
    confirm that both names are the same company (its business licence shows both).

    Bad:
        listing `Shenzhen Huaxin Technology Co., Ltd.`, packaging `深圳华信科技有限公司` (unchecked).

    Good:
        both in the same script, or the English name printed next to the Chinese one.
    """

    code = "CR202"
    name = "manufacturer-unverifiable"
    severity = Severity.WARNING
    field: ClassVar[Field | None] = Field.MANUFACTURER

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """One finding per source whose name is in another script than the reference."""
        analysis = context.analysis[Field.MANUFACTURER]
        for source in analysis.sources_in(State.UNVERIFIABLE):
            verdict = analysis.verdicts[source]
            assert verdict.pair is not None
            ref, value = verdict.pair
            yield Finding(
                code=self.code,
                name=self.name,
                severity=self.severity,
                field=Field.MANUFACTURER,
                message=(
                    f"{SOURCE_NAMES[source]} says {quote(value)} and "
                    f"{SOURCE_NAMES[ref.source]} says {quote(ref)}: a Chinese and a "
                    f"Latin-script name cannot be matched automatically"
                ),
                evidence=verdict.pair,
                source=source,
                comparison=verdict.comparison,
                fix=(
                    "confirm both are the same company (the business licence lists both "
                    "names), or print the English name next to the Chinese one"
                ),
            )
