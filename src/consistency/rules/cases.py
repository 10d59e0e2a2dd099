"""Rule cases: each rule's Bad and Good examples as small packages that run.

A rule class carries `cases`, a tuple of `RuleCase`: what the example says (shown in
docs/rules.md) and the package it describes, as plain data.  The rules reference is
generated from them and a parametrised test runs every one, so an example in the docs can
never drift from what the rule does.

A package spec maps a document key to the values it states::

    {"listing": {"model_number": "XK-2041B"},
     "test_report": {"model_number": ["XK-2014B", "XK-2041C"]}}   # main, then series

A key is a document kind, optionally with `#n` for a second document of that kind
(`"packaging#2"`).  Besides field names a document may say `how_read` (`typed`, `text`,
`ocr`), `confidence` (0-1), `labels` (`{field: label}`), `component: True`,
`unreadable: "reason"` (the document could not be read: CR501), `doc_type`, and `roles`
(`{field: role}`) to give its first value another role than main.  A document's `lines`
are its text lines (a list of strings: one page; a list of lists: one per page) and
`pages` its page count, for the rules that read text (CR6xx-CR7xx).  The special key
`unused` lists `[path, reason]` pairs of files not used (CR502); `config` is a
`[tool.consistency]`-shaped table for the case (`{"marketplace": "DE"}`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs

from consistency.config import Config, apply_table
from consistency.errors import DocumentError
from consistency.fields import normalise
from consistency.model import (
    Document,
    Evidence,
    Field,
    Finding,
    HowRead,
    Kind,
    Reading,
    Role,
    TextLine,
)
from consistency.rules.context import CheckContext, build_context
from consistency.typing import Rule

#: How each kind of document is read when a case does not say.
_DEFAULT_HOW: Mapping[Kind, HowRead] = {
    Kind.LISTING: HowRead.TYPED,
    Kind.TEST_REPORT: HowRead.TEXT,
    Kind.PACKAGING: HowRead.OCR,
    Kind.PRODUCT: HowRead.OCR,
}
_SUFFIX = {
    Kind.LISTING: ".csv",
    Kind.TEST_REPORT: ".pdf",
    Kind.PACKAGING: ".jpg",
    Kind.PRODUCT: ".jpg",
}
_OPTIONS = frozenset(
    {
        "how_read",
        "confidence",
        "labels",
        "component",
        "unreadable",
        "doc_type",
        "roles",
        "lines",
        "pages",
    }
)
_PACKAGE_KEYS = frozenset({"unused", "config"})


@attrs.frozen
class RuleCase:
    """One Bad or Good example of a rule: what it says, and the package it describes."""

    verdict: Literal["bad", "good"]
    says: str
    package: Mapping[str, Any]


def bad(says: str, package: Mapping[str, Any]) -> RuleCase:
    """A package on which the rule must raise at least one finding."""
    return RuleCase("bad", says, package)


def good(says: str, package: Mapping[str, Any]) -> RuleCase:
    """A package on which the rule must raise none."""
    return RuleCase("good", says, package)


def _documents(package: Mapping[str, Any]) -> Iterable[tuple[str, Kind, Mapping[str, Any]]]:
    for key, spec in package.items():
        if key in _PACKAGE_KEYS:
            continue
        kind = Kind(key.split("#", 1)[0])
        yield key, kind, spec


def build(package: Mapping[str, Any], config: Config | None = None) -> CheckContext:
    """The context a rule sees for the package a case describes (no file is read)."""
    config = config or Config()
    if "config" in package:
        config = apply_table(config, package["config"], "rule case")
    documents: list[Document] = []
    evidence: list[Evidence] = []
    readings: list[Reading] = []
    errors: list[DocumentError] = []
    for key, kind, spec in _documents(package):
        path = Path(key.replace("#", "_") + _SUFFIX[kind])
        document = Document(path, kind, component=bool(spec.get("component", False)))
        documents.append(document)
        if "unreadable" in spec:
            errors.append(DocumentError(str(path), str(spec["unreadable"])))
            continue
        found = list(_evidence(document, spec))
        evidence.extend(found)
        readings.append(
            Reading(
                document,
                tuple(found),
                _lines(document, spec),
                doc_type=spec.get("doc_type"),
                pages=spec.get("pages"),
            )
        )
    unused = [(str(p), str(r)) for p, r in package.get("unused", ())]
    return build_context(documents, evidence, errors, config, readings, unused)


def _lines(document: Document, spec: Mapping[str, Any]) -> list[TextLine]:
    """A document's text lines: a list of strings is one page, a list of lists one per page."""
    how = HowRead(spec.get("how_read", _DEFAULT_HOW[document.kind]))
    given: Sequence[Any] = spec.get("lines", ())
    pages = [given] if given and isinstance(given[0], str) else list(given)
    return [
        TextLine(text, number, how_read=how)
        for number, page in enumerate(pages, 1)
        for text in page
    ]


def _evidence(document: Document, spec: Mapping[str, Any]) -> Iterable[Evidence]:
    how = HowRead(spec.get("how_read", _DEFAULT_HOW[document.kind]))
    confidence = float(spec.get("confidence", 1.0 if how != HowRead.OCR else 0.95))
    labels: Mapping[str, str] = spec.get("labels", {})
    roles: Mapping[str, str] = spec.get("roles", {})
    for name, values in spec.items():
        if name in _OPTIONS:
            continue
        field = Field(name)
        items: Sequence[str] = [values] if isinstance(values, str) else list(values)
        for i, raw in enumerate(items):
            role = (
                Role(roles.get(name, "main"))
                if i == 0
                else (Role.SERIES if field == Field.MODEL_NUMBER else Role.ALTERNATE)
            )
            yield Evidence(
                field=field,
                raw=raw,
                normalised=normalise(field, raw),
                source=document.kind,
                file=str(document.path),
                extractor="case",
                label=labels.get(name),
                confidence=confidence,
                role=role,
                how_read=how,
                page=1 if document.kind == Kind.TEST_REPORT else None,
            )


def run(rule: type[Rule], case: RuleCase, config: Config | None = None) -> list[Finding]:
    """The findings `rule` raises on the case's package (its own code only)."""
    context = build(case.package, config)
    return [f for f in rule().check(context) if f.code == rule.code]
