"""Wording shared by the rules: how documents are named, who issues them, what to fix.

Every sentence is an English msgid passed through the context's translator (`_`), with
named placeholders, so that the Chinese catalogue can reorder them.  Values read from
documents are quoted as printed and never translated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import PurePath

from consistency.fields import compare
from consistency.i18n import translator
from consistency.model import Evidence, Field, Kind
from consistency.rules.context import CheckContext, FieldAnalysis, Witness

Translate = Callable[[str], str]


def gettext_for(context: CheckContext) -> Translate:
    """The translator for the configured output language."""
    return translator(context.config.lang)


def source_name(kind: Kind, _: Translate) -> str:
    """`the listing`, `the test report`, ... in the output language."""
    names = {
        Kind.LISTING: _("the listing"),
        Kind.TEST_REPORT: _("the test report"),
        Kind.PACKAGING: _("the packaging"),
        Kind.PRODUCT: _("the product label"),
    }
    return names[kind]


def field_name(field: Field, _: Translate) -> str:
    """`model number`, ... in the output language."""
    names = {
        Field.PRODUCT_NAME: _("product name"),
        Field.MODEL_NUMBER: _("model number"),
        Field.MANUFACTURER: _("manufacturer"),
    }
    return names.get(field, field.value.replace("_", " "))


def join(names: Sequence[str], _: Translate) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(names) <= 1:
        return "".join(names)
    return _("{first} and {last}").format(first=", ".join(names[:-1]), last=names[-1])


def where(evidence: Evidence) -> str:
    """`report.pdf p.1` or `listing.xlsx, sheet Template, row 5`."""
    place = PurePath(evidence.file).name or evidence.file
    if evidence.page is not None:
        place += f" p.{evidence.page}"
    elif evidence.locator:
        place += f", {evidence.locator}"
    return place


def quote(evidence: Evidence) -> str:
    """A value with where it was read: `'XK-2014B' (report.pdf p.1)`."""
    return f"'{evidence.raw}' ({where(evidence)})"


def file_name(path: str) -> str:
    """A document's file name as shown in messages."""
    return PurePath(path).name or path


_DECLARATION = re.compile(r"(?:^|[^a-z])(s?doc|declaration|konformit|conformite)(?:[^a-z]|$)", re.I)


def doc_type(context: CheckContext, file: str, kind: Kind) -> str:
    """What a document is: `listing`, `test_report`, `certificate`, `declaration`,
    `packaging` or `label`.  The extractor says where it can; a file named like a
    declaration of conformity is one."""
    if kind == Kind.LISTING:
        return "listing"
    if kind == Kind.PACKAGING:
        return "packaging"
    if kind == Kind.PRODUCT:
        return "label"
    reading = context.reading(file)
    if reading is not None and reading.doc_type in ("test_report", "certificate", "declaration"):
        return reading.doc_type
    return "declaration" if _DECLARATION.search(file_name(file)) else "test_report"


def document_phrase(context: CheckContext, file: str, kind: Kind, _: Translate) -> str:
    """`the test report 'x.pdf'`, `the declaration of conformity 'doc.pdf'`..."""
    kinds = {
        "listing": _("the listing"),
        "test_report": _("the test report"),
        "certificate": _("the certificate"),
        "declaration": _("the declaration of conformity"),
        "packaging": _("the packaging photo"),
        "label": _("the product label photo"),
    }
    return f"{kinds[doc_type(context, file, kind)]} '{file_name(file)}'"


def issuer_action(
    context: CheckContext, witness: Witness, value: str, _: Translate, *, odd: bool = False
) -> str:
    """What to ask of whoever issues the witness's document so that it states `value`.

    For the odd one out (every other party agrees) the document may belong to another
    product or to a component, so the advice says how to tell and what to do then.
    """
    kind = doc_type(context, witness.file, witness.source)
    if kind in ("test_report", "certificate"):
        action = _("ask the lab that issued it for a revised version naming {value}")
    elif kind == "declaration":
        action = _("ask the manufacturer, who issues the declaration, for one naming {value}")
    elif kind == "packaging":
        action = _(
            "have its printer correct the packaging to {value}, or photograph the box "
            "of the unit you sell"
        )
    else:
        action = _(
            "photograph the unit you sell, or have the factory correct its rating label to {value}"
        )
    action = action.format(value=value)
    if odd and kind in ("test_report", "certificate", "declaration"):
        action = _(
            "if it is another product's, replace it with this product's (or declare "
            "it as a component's: component = [...] in the manifest); otherwise "
            "{action}"
        ).format(action=action)
    return action


def mismatch_fix(
    context: CheckContext, analysis: FieldAnalysis, witness: Witness, _: Translate
) -> str:
    """The fix for one differing witness, naming the likely culprit from the whole matrix."""
    assert witness.pair is not None
    ref, theirs = witness.pair
    what = field_name(analysis.field, _)
    party = _party_confusion(context, analysis, witness, _)
    if party:
        return party
    if analysis.reference_is_odd:
        return _("every document says {value}: correct the {what} in {reference} ({where})").format(
            value=f"'{theirs.raw}'",
            what=what,
            reference=source_name(ref.source, _),
            where=where(ref),
        )
    odd = analysis.odd_one_out is witness
    action = issuer_action(context, witness, f"'{ref.raw}'", _, odd=odd)
    doc = document_phrase(context, witness.file, witness.source, _)
    if odd:
        others = join([source_name(k, _) for k in analysis.agreeing_sources()], _)
        return _("{doc} is the odd one out ({others} agree on {value}): {action}").format(
            doc=doc, others=others, value=f"'{ref.raw}'", action=action
        )
    if ref.source == Kind.LISTING:
        return _(
            "the listing and {doc} disagree and no other document decides: correct whichever "
            "is wrong - the listing's {what} in Seller Central, or {doc}: {action}"
        ).format(doc=doc, what=what, action=action)
    return _(
        "{reference} and {doc} disagree: check which one describes the product you sell; "
        "for {doc}: {action}"
    ).format(reference=document_phrase(context, ref.file, ref.source, _), doc=doc, action=action)


def _party_confusion(
    context: CheckContext, analysis: FieldAnalysis, witness: Witness, _: Translate
) -> str | None:
    """When the listing's manufacturer is the document's brand or applicant, say exactly that."""
    if analysis.field != Field.MANUFACTURER or witness.pair is None:
        return None
    ref, maker = witness.pair
    if ref.source != Kind.LISTING:
        return None
    for ev in context.evidence:
        if ev.file != witness.file or ev.field not in (Field.BRAND, Field.APPLICANT):
            continue
        if compare(Field.MANUFACTURER, ref.raw, ev.raw).agrees:
            role = _("brand") if ev.field == Field.BRAND else _("applicant")
            return _(
                "the listing names the {role} {party} ({doc} shows it as its {label}); "
                "Amazon's manufacturer field wants the maker {maker} shown in {doc}: "
                "correct the listing's manufacturer"
            ).format(
                role=role,
                party=f"'{ref.raw}'",
                label=ev.label or role,
                maker=f"'{maker.raw}'",
                doc=document_phrase(context, witness.file, witness.source, _),
            )
    return None
