"""Presence rules (CR4xx): a field a source should show is absent or unreadable."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from consistency.model import Evidence, Field, Finding, Kind, Severity
from consistency.rules._common import FIELD_NAMES, SOURCE_NAMES, quote
from consistency.rules.context import CheckContext, State, unread_photos

_ADD: dict[Kind, str] = {
    Kind.LISTING: "fill in the listing's {what} in Seller Central",
    Kind.TEST_REPORT: "ask the lab to state the {what} in the report",
    Kind.PACKAGING: "add the {what} to the packaging (and photograph the side that shows it)",
    Kind.PRODUCT: "photograph the product's rating label showing its {what}",
}


class FieldMissing:
    """A source that should show a field does not (no manufacturer on the packaging).

    Which fields each source must show is configurable (`[tool.consistency.expect]`).

    Bad:
        the packaging photo shows a model number but no manufacturer.

    Good:
        the packaging shows `Manufacturer: Shenzhen Huaxin Technology Co., Ltd.`
    """

    code = "CR401"
    name = "field-missing"
    severity = Severity.ERROR
    field: ClassVar[Field | None] = None

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """One finding per expected (source, field) without a value."""
        listing_format = context.listing_extractor() or ""
        for field, analysis in context.analysis.items():
            what = FIELD_NAMES[field]
            if analysis.reference is None:
                present = [d.kind for d in context.documents]
                if not present:
                    continue
                yield Finding(
                    code=self.code,
                    name=self.name,
                    severity=self.severity,
                    field=field,
                    message=f"no document in the package shows the {what}",
                    fix=f"provide a listing export or a test report that states the {what}",
                )
                continue
            for source in analysis.sources_in(State.ABSENT, State.WEAK):
                if field not in context.config.expect.get(source, frozenset()):
                    continue
                verdict = analysis.verdicts[source]
                fix = _ADD[source].format(what=what)
                if source == Kind.LISTING and listing_format.endswith("all-listings-report"):
                    fix = (
                        "the All Listings Report has no brand, model or manufacturer column: "
                        "download the Category Listings Report (Inventory > Inventory "
                        "Reports) or an inventory file template with your listings instead"
                    )
                evidence: tuple[Evidence, ...] = ()
                if verdict.state == State.WEAK and verdict.pair is not None:
                    relation = (
                        "matches"
                        if verdict.comparison and verdict.comparison.agrees
                        else "differs from"
                    )
                    message = (
                        f"{SOURCE_NAMES[source]} does not state a {what}; the closest "
                        f"it shows is {quote(verdict.pair[1])} "
                        f"({verdict.pair[1].label or 'unlabelled'}), which {relation} "
                        f"{quote(verdict.pair[0])}"
                    )
                    evidence = verdict.pair
                else:
                    message = f"{SOURCE_NAMES[source]} does not show the {what}"
                yield Finding(
                    code=self.code,
                    name=self.name,
                    severity=self.severity,
                    field=field,
                    message=message,
                    fix=fix,
                    source=source,
                    evidence=evidence,
                )


class PhotoUnread:
    """No model number, manufacturer or product name could be read on a photo at all.

    Either the label does not show them or the photo is too hard to read (small, blurred,
    dark); its fields are reported as unread, not as missing, so a readable box is never
    sent back for relabelling because of a bad photo.

    Bad:
        a dim, blurred photo of the whole carton where the label is a few pixels tall.

    Good:
        a sharp photo of the side that carries the label, filling the frame.
    """

    code = "CR403"
    name = "photo-unread"
    severity = Severity.WARNING
    field: ClassVar[Field | None] = None

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """One finding per photo that gave no compared field."""
        for path in sorted(unread_photos(context.documents, context.evidence)):
            if any(error.file == path for error in context.errors):
                continue
            kind = next(d.kind for d in context.documents if str(d.path) == path)
            yield Finding(
                code=self.code,
                name=self.name,
                severity=self.severity,
                field=None,
                message=(
                    f"{path}: no model number, manufacturer or product name could be read "
                    f"on this {SOURCE_NAMES[kind].removeprefix('the ')} photo"
                ),
                file=path,
                source=kind,
                fix=(
                    "if the label shows them, take a sharper, straight-on photo of it filling "
                    "the frame; if it does not, add them to the label"
                ),
            )


class ValueUnreadable:
    """A photo's value differs but was read with low OCR confidence: it could not be read reliably.

    A blurred or tiny label must never pass silently nor raise a false mismatch: the
    finding asks for a sharper photo.

    Bad:
        a blurred photo where OCR reads `XK-2O4lB` at 35 % confidence.

    Good:
        a sharp, straight photo of the label filling the frame.
    """

    code = "CR402"
    name = "value-unreadable"
    severity = Severity.WARNING
    field: ClassVar[Field | None] = None

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """One finding per (source, field) read with low confidence that did not match."""
        for field, analysis in context.analysis.items():
            for source in analysis.sources_in(State.UNRELIABLE):
                verdict = analysis.verdicts[source]
                assert verdict.pair is not None
                value = verdict.pair[1]
                yield Finding(
                    code=self.code,
                    name=self.name,
                    severity=self.severity,
                    field=field,
                    message=(
                        f"{SOURCE_NAMES[source]}: the {FIELD_NAMES[field]} could not be "
                        f"read reliably (read {quote(value)} at "
                        f"{value.confidence:.0%} confidence)"
                    ),
                    evidence=verdict.pair,
                    source=source,
                    fix="take a sharper, straight-on photo of the label in good light, filling the frame",
                )
