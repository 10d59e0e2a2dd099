"""Wording shared by the rules: how sources are named and what each should do."""

from __future__ import annotations

from collections.abc import Sequence

from consistency.model import Evidence, Field, Kind
from consistency.rules.context import FieldAnalysis, State

SOURCE_NAMES: dict[Kind, str] = {
    Kind.LISTING: "the listing",
    Kind.TEST_REPORT: "the test report",
    Kind.PACKAGING: "the packaging",
    Kind.PRODUCT: "the product label",
}

FIELD_NAMES: dict[Field, str] = {
    Field.PRODUCT_NAME: "product name",
    Field.MODEL_NUMBER: "model number",
    Field.MANUFACTURER: "manufacturer",
}


def join(names: Sequence[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def quote(evidence: Evidence) -> str:
    """A value with where it was read: `'XK-2014B' (report.pdf p.1)`."""
    where = evidence.file.rsplit("/", 1)[-1]
    if evidence.page is not None:
        where += f" p.{evidence.page}"
    elif evidence.locator:
        where += f", {evidence.locator}"
    return f"'{evidence.raw}' ({where})"


def fix_for(source: Kind, field: Field, others: Sequence[Kind]) -> str:
    """The suggested fix when `source` disagrees with `others`."""
    what = FIELD_NAMES.get(field, field.value)
    against = join([SOURCE_NAMES[k] for k in others]) or "the other documents"
    if source == Kind.LISTING:
        return (
            f"the listing disagrees with {against}: correct the listing's {what} in Seller "
            f"Central, or submit a report for the product you list"
        )
    if source == Kind.TEST_REPORT:
        return (
            f"the test report disagrees with {against}: ask the lab for a report (or a "
            f"revision) that names this {what}, or correct the listing"
        )
    if source == Kind.PACKAGING:
        return (
            f"the packaging disagrees with {against}: relabel, or photograph the unit "
            f"that was tested"
        )
    return (
        f"the product label disagrees with {against}: photograph the unit that was "
        f"tested, or correct its rating label"
    )


def agreeing(analysis: FieldAnalysis, exclude: Kind) -> list[Kind]:
    """Sources other than `exclude` that hold the reference value."""
    return [k for k in analysis.sources_in(State.REFERENCE, State.AGREES) if k != exclude]
