"""Presence rules (CR4xx): a field is absent, unreadable, or stated by one source only."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from consistency.model import Evidence, Field, Finding, Kind, Severity
from consistency.rules._common import (
    Translate,
    document_phrase,
    field_name,
    file_name,
    gettext_for,
    join,
    quote,
    source_name,
)
from consistency.rules.cases import bad, good
from consistency.rules.context import (
    CheckContext,
    FieldAnalysis,
    Reason,
    State,
)


def _add(source: Kind, what: str, _: Translate) -> str:
    texts = {
        Kind.LISTING: _("fill in the listing's {what} in Seller Central"),
        Kind.TEST_REPORT: _("ask the lab to state the {what} in the report"),
        Kind.PACKAGING: _(
            "add the {what} to the packaging (and photograph the side that shows it)"
        ),
        Kind.PRODUCT: _("photograph the product's rating label showing its {what}"),
    }
    return texts[source].format(what=what)


class FieldMissing:
    """A source that should show a field does not (no manufacturer on the packaging).

    Which fields each source must show is configurable (`[tool.consistency.expect]`).
    A photo read too badly to tell is CR403, never this.
    """

    code = "CR401"
    name = "field-missing"
    severity = Severity.ERROR
    field: ClassVar[Field | None] = None
    cases = (
        bad(
            "the packaging photo shows a model number but no manufacturer",
            {
                "listing": {"model_number": "XK-2041B", "manufacturer": "Huaxin Co., Ltd."},
                "test_report": {"model_number": "XK-2041B", "manufacturer": "Huaxin Co., Ltd."},
                "packaging": {"model_number": "XK-2041B"},
            },
        ),
        good(
            "the packaging shows `Manufacturer: Huaxin Co., Ltd.`",
            {
                "listing": {
                    "model_number": "XK-2041B",
                    "manufacturer": "Huaxin Co., Ltd.",
                    "product_name": "Electric Kettle",
                },
                "test_report": {
                    "model_number": "XK-2041B",
                    "manufacturer": "Huaxin Co., Ltd.",
                    "product_name": "Electric Kettle",
                },
                "packaging": {"model_number": "XK-2041B", "manufacturer": "Huaxin Co., Ltd."},
            },
        ),
    )

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """One finding per expected source none of whose documents states the field."""
        _ = gettext_for(context)
        listing_format = context.listing_extractor() or ""
        for field, analysis in context.analysis.items():
            what = field_name(field, _)
            if analysis.reference is None:
                if not any(not d.component for d in context.documents):
                    continue
                yield Finding(
                    code=self.code,
                    name=self.name,
                    severity=self.severity,
                    field=field,
                    message=_("no document in the package shows the {what}").format(what=what),
                    fix=_(
                        "provide a listing export or a test report that states the {what}"
                    ).format(what=what),
                )
                continue
            for source in analysis.missing:
                yield self._finding(context, analysis, source, listing_format, _)

    def _finding(
        self,
        context: CheckContext,
        analysis: FieldAnalysis,
        source: Kind,
        listing_format: str,
        _: Translate,
    ) -> Finding:
        what = field_name(analysis.field, _)
        fix = _add(source, what, _)
        if source == Kind.LISTING and listing_format.endswith("all-listings-report"):
            fix = _(
                "the All Listings Report has no brand, model or manufacturer column: "
                "download the Category Listings Report (Inventory > Inventory Reports) or an "
                "inventory file template with your listings instead"
            )
        weak = [w for w in analysis.witnesses if w.source == source and w.state == State.WEAK]
        evidence: tuple[Evidence, ...] = ()
        if weak and weak[0].pair is not None:
            pair = weak[0].pair
            relation = (
                _("matches")
                if weak[0].comparison and weak[0].comparison.agrees
                else _("differs from")
            )
            message = _(
                "{source} does not state a {what}; the closest it shows is {value} ({label}), "
                "which {relation} {ref}"
            ).format(
                source=source_name(source, _),
                what=what,
                value=quote(pair[1]),
                label=pair[1].label or _("unlabelled"),
                relation=relation,
                ref=quote(pair[0]),
            )
            evidence = pair
        else:
            files = [file_name(w.file) for w in analysis.witnesses if w.source == source]
            message = _("{source} does not show the {what} ({files})").format(
                source=source_name(source, _), what=what, files=", ".join(files)
            )
        return Finding(
            code=self.code,
            name=self.name,
            severity=self.severity,
            field=analysis.field,
            message=message,
            fix=fix,
            source=source,
            evidence=evidence,
        )


class ValueUnreadable:
    """A photo's value differs but was read with low OCR confidence: it could not be read reliably.

    A blurred or tiny label must never pass silently nor raise a false mismatch: the
    field is unverified and the seller is asked for a better photo.
    """

    code = "CR402"
    name = "value-unreadable"
    severity = Severity.WARNING
    field: ClassVar[Field | None] = None
    cases = (
        bad(
            "a blurred rating label read as `XK-2047B` at 35 % confidence",
            {
                "listing": {"model_number": "XK-2041B"},
                "product": {"model_number": "XK-2047B", "confidence": 0.35},
            },
        ),
        good(
            "a sharp photo of the label, read as `XK-2041B` at 96 % confidence",
            {
                "listing": {"model_number": "XK-2041B"},
                "product": {"model_number": "XK-2041B", "confidence": 0.96},
            },
        ),
    )

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """One finding per (document, field) read with low confidence that did not match."""
        _ = gettext_for(context)
        for field, analysis in context.analysis.items():
            for witness in analysis.in_state(State.UNRELIABLE):
                assert witness.pair is not None
                value = witness.pair[1]
                yield Finding(
                    code=self.code,
                    name=self.name,
                    severity=self.severity,
                    field=field,
                    message=_(
                        "{doc}: the {what} could not be read reliably (read {value} at "
                        "{confidence} confidence)"
                    ).format(
                        doc=document_phrase(context, witness.file, witness.source, _),
                        what=field_name(field, _),
                        value=quote(value),
                        confidence=f"{value.confidence:.0%}",
                    ),
                    evidence=witness.pair,
                    file=witness.file,
                    source=witness.source,
                    fix=_(
                        "take a sharper, straight-on photo of the label in good light, "
                        "filling the frame"
                    ),
                )


class PhotoUnread:
    """A photo was read too badly to say what it shows (no field read, or low confidence).

    Either the label does not show the fields or the photo is too hard to read (small,
    blurred, dark); its fields are reported as unread, not as missing, so a readable box is
    never sent back for relabelling because of a bad photo.  Likewise for one field whose
    label the photo prints (`Manufacturer:`) but whose value could not be read.
    """

    code = "CR403"
    name = "photo-unread"
    severity = Severity.WARNING
    field: ClassVar[Field | None] = None
    cases = (
        bad(
            "a packaging photo on which nothing could be read",
            {
                "listing": {"model_number": "XK-2041B"},
                "test_report": {"model_number": "XK-2041B"},
                "packaging": {},
            },
        ),
        good(
            "a sharp photo of the side that carries the label",
            {
                "listing": {"model_number": "XK-2041B"},
                "test_report": {"model_number": "XK-2041B"},
                "packaging": {"model_number": "XK-2041B"},
            },
        ),
    )

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """One finding per photo that gave no compared field or was read with low confidence,
        and one per field whose label a photo prints but whose value could not be read."""
        yield from self._photos(context)
        yield from self._fields(context)

    def _fields(self, context: CheckContext) -> Iterator[Finding]:
        _ = gettext_for(context)
        for field, analysis in context.analysis.items():
            for witness in analysis.in_state(State.UNREAD):
                if witness.file in context.unread:
                    continue  # the whole photo is reported as unread
                yield Finding(
                    code=self.code,
                    name=self.name,
                    severity=self.severity,
                    field=field,
                    message=_(
                        "{file}: this photo prints a {what} label, but its value could not be read"
                    ).format(file=witness.file, what=field_name(field, _)),
                    file=witness.file,
                    source=witness.source,
                    fix=_(
                        "take a sharper, straight-on photo of the label in good light, "
                        "filling the frame"
                    ),
                )

    def _photos(self, context: CheckContext) -> Iterator[Finding]:
        _ = gettext_for(context)
        read_fields = {e.file for e in context.evidence}
        for path in sorted(context.unread):
            if any(error.file == path for error in context.errors):
                continue
            kind = next(d.kind for d in context.documents if str(d.path) == path)
            if path in read_fields and any(
                e.file == path and e.field in context.fields for e in context.evidence
            ):
                message = _(
                    "{file}: this photo was read with low confidence; what it shows could not "
                    "be confirmed"
                ).format(file=path)
            else:
                message = _(
                    "{file}: no model number, manufacturer or product name could be read on "
                    "this {source} photo"
                ).format(file=path, source=source_name(kind, _).split(" ", 1)[-1])
            yield Finding(
                code=self.code,
                name=self.name,
                severity=self.severity,
                field=None,
                message=message,
                file=path,
                source=kind,
                fix=_(
                    "if the label shows them, take a sharper, straight-on photo of it filling "
                    "the frame; if it does not, add them to the label"
                ),
            )


#: Reasons another enabled rule already reports (so CR404 does not say it twice).
_COVERED_BY: dict[Reason, tuple[str, Field | None]] = {
    Reason.SUFFIX: ("CR102", Field.MODEL_NUMBER),
    Reason.LOW_CONFIDENCE: ("CR402", None),
}


class FieldUnverified:
    """A field's values were not, or could not be, confirmed by a second source.

    The field is not a pass: only one kind of source states it, the values cannot be
    compared automatically, a difference was forgiven as an OCR confusion, or the other
    witness could not be read.  A person should check by eye.
    """

    code = "CR404"
    name = "field-unverified"
    severity = Severity.WARNING
    field: ClassVar[Field | None] = None
    cases = (
        bad(
            "listing `8I8`, a scanned report read as `818` (forgiven as an OCR confusion)",
            {
                "listing": {"model_number": "8I8"},
                "test_report": {"model_number": "818", "how_read": "ocr"},
            },
        ),
        bad(
            "only the listing states the model; the report could not be read",
            {
                "listing": {"model_number": "818"},
                "test_report": {"unreadable": "not a PDF (an HTML page)"},
            },
        ),
        good(
            "listing `818`, the report's text layer `Model(s): 818`",
            {"listing": {"model_number": "818"}, "test_report": {"model_number": "818"}},
        ),
    )

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """One finding per unverified field, each reason explained with both readings."""
        _ = gettext_for(context)
        for field, analysis in context.analysis.items():
            reasons = [r for r in analysis.reasons if not self._covered(context, r, field)]
            if not reasons:
                continue
            sentences: list[str] = []
            evidence: list[Evidence] = []
            for reason in reasons:
                sentence, pairs = self._explain(context, analysis, reason, _)
                sentences.append(sentence)
                evidence.extend(e for e in pairs if e not in evidence)
            yield Finding(
                code=self.code,
                name=self.name,
                severity=self.severity,
                field=field,
                message=_("the {what} is unverified: {reasons}").format(
                    what=field_name(field, _), reasons="; ".join(sentences)
                ),
                evidence=tuple(evidence),
                fix=_("check by eye that every document shows the same {what}").format(
                    what=field_name(field, _)
                ),
            )

    @staticmethod
    def _covered(context: CheckContext, reason: Reason, field: Field) -> bool:
        if reason == Reason.CANNOT_COMPARE and field == Field.MANUFACTURER:
            return context.config.rule_enabled("CR202")
        code, on = _COVERED_BY.get(reason, ("", None))
        return bool(code) and (on is None or on == field) and context.config.rule_enabled(code)

    @staticmethod
    def _explain(
        context: CheckContext, analysis: FieldAnalysis, reason: Reason, _: Translate
    ) -> tuple[str, list[Evidence]]:
        ref = analysis.reference
        assert ref is not None
        if reason in (Reason.SINGLE_SOURCE, Reason.UNREADABLE_WITNESS):
            unreadable = [file_name(e.file) for e in context.errors]
            if reason == Reason.UNREADABLE_WITNESS and unreadable:
                return _("only {source} states it ({value}); {files} could not be read").format(
                    source=source_name(ref.source, _), value=quote(ref), files=", ".join(unreadable)
                ), [ref]
            return _(
                "only {source} states it ({value}); no other kind of document confirms it"
            ).format(source=source_name(ref.source, _), value=quote(ref)), [ref]
        state = {
            Reason.OCR_FORGIVEN: State.FORGIVEN,
            Reason.SUFFIX: State.SUFFIX,
            Reason.CANNOT_COMPARE: State.UNVERIFIABLE,
            Reason.LOW_CONFIDENCE: State.UNRELIABLE,
            Reason.CONFLICT: State.CONFLICT,
        }[reason]
        parts: list[str] = []
        pairs: list[Evidence] = []
        for witness in analysis.in_state(state):
            assert witness.pair is not None
            mine, theirs = witness.pair
            doc = document_phrase(context, witness.file, witness.source, _)
            templates = {
                Reason.OCR_FORGIVEN: _(
                    "{doc} reads {value}, {reference} says {ref}: they differ only in "
                    "characters OCR confuses - check by eye"
                ),
                Reason.SUFFIX: _(
                    "{doc} says {value}, {reference} says {ref}: they differ only by a "
                    "regional suffix"
                ),
                Reason.CANNOT_COMPARE: _(
                    "{doc} says {value}, {reference} says {ref}: these cannot be compared "
                    "automatically"
                ),
                Reason.LOW_CONFIDENCE: _(
                    "{doc} reads {value} with low confidence, {reference} says {ref}"
                ),
                Reason.CONFLICT: _(
                    "{doc} states {value} under its label but also prints {ref} of "
                    "{reference} under a model or product label - check which it certifies"
                ),
            }
            parts.append(
                templates[reason].format(
                    doc=doc,
                    value=quote(theirs),
                    reference=source_name(mine.source, _),
                    ref=quote(mine),
                )
            )
            pairs.extend(witness.pair)
        return join(parts, _), pairs


class NoListing:
    """The package has no listing: nothing to compare the documents against.

    Reviewers compare every document with the detail page; without the listing export the
    documents can only be compared with each other, and nothing says they describe the
    product on sale.
    """

    code = "CR405"
    name = "no-listing"
    severity = Severity.ERROR
    field: ClassVar[Field | None] = None
    cases = (
        bad("a case holding only a test report", {"test_report": {"model_number": "XK-2041B"}}),
        good(
            "the same case with the listing export",
            {"listing": {"model_number": "XK-2041B"}, "test_report": {"model_number": "XK-2041B"}},
        ),
    )

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """One finding when no listing document was given."""
        _ = gettext_for(context)
        if context.has_listing():
            return
        present = sorted({source_name(d.kind, _) for d in context.documents})
        yield Finding(
            code=self.code,
            name=self.name,
            severity=self.severity,
            field=None,
            message=_(
                "nothing to compare the documents against: the package has no listing "
                "(only {sources})"
            ).format(sources=join(present, _) or "-"),
            fix=_(
                "add the listing export from Seller Central (Inventory > Inventory Reports, "
                "or an inventory file template), or give it with --listing"
            ),
        )
