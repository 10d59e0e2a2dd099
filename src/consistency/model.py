"""Immutable values that flow through `consistency`, from documents to reports.

Every value is a frozen attrs class, picklable, so a process pool or a Dask worker can
carry it unchanged.  Each `Evidence` carries its provenance (file, page, bounding box,
label, extractor, confidence) so that every `Finding` can show where its values came from.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs


class Kind(enum.StrEnum):
    """The kind of a document in an appeal package, which is also the *source* of its evidence."""

    LISTING = "listing"
    TEST_REPORT = "test_report"
    PACKAGING = "packaging"
    PRODUCT = "product"


#: Order in which sources are shown everywhere (matrix columns, value lists).
SOURCE_ORDER: tuple[Kind, ...] = (Kind.LISTING, Kind.TEST_REPORT, Kind.PACKAGING, Kind.PRODUCT)


def _evidences(values: Iterable[Evidence]) -> tuple[Evidence, ...]:
    """Converter that lets attrs accept any iterable (and mypy check the items)."""
    return tuple(values)


def _kinds(values: Iterable[Kind]) -> tuple[Kind, ...]:
    """Converter that lets attrs accept any iterable (and mypy check the items)."""
    return tuple(values)


def _fieldresults(values: Iterable[FieldResult]) -> tuple[FieldResult, ...]:
    """Converter that lets attrs accept any iterable (and mypy check the items)."""
    return tuple(values)


def _findings(values: Iterable[Finding]) -> tuple[Finding, ...]:
    """Converter that lets attrs accept any iterable (and mypy check the items)."""
    return tuple(values)


def _documents(values: Iterable[Document]) -> tuple[Document, ...]:
    """Converter that lets attrs accept any iterable (and mypy check the items)."""
    return tuple(values)


class Field(enum.StrEnum):
    """A field `consistency` reads.

    The first three are the compared identity fields; the others are parties and
    identifiers that labels often print next to them and that must never be confused
    with them (a report's applicant is not its manufacturer, a brand is not a maker).
    """

    PRODUCT_NAME = "product_name"
    MODEL_NUMBER = "model_number"
    MANUFACTURER = "manufacturer"
    BRAND = "brand"
    APPLICANT = "applicant"
    FACTORY = "factory"
    DISTRIBUTOR = "distributor"
    PRODUCT_ID = "product_id"
    SKU = "sku"
    #: The maker's postal address (label, packaging, DoC).
    POSTAL_ADDRESS = "postal_address"
    #: An e-mail or web address (label; the listing's `gpsr_manufacturer_reference`).
    ELECTRONIC_ADDRESS = "electronic_address"
    #: The EU responsible person / the listing's `dsa_responsible_party_address`.
    RESPONSIBLE_PERSON = "responsible_person"
    #: The marketplace a listing is for (`A1PA6795UKMFR9`, `DE`, `amazon.de`).
    MARKETPLACE = "marketplace"
    #: The listing's `gpsr_safety_attestation`.
    SAFETY_ATTESTATION = "safety_attestation"
    #: The listing's `compliance_media` (documents uploaded to the listing).
    COMPLIANCE_MEDIA = "compliance_media"
    #: A test report's or certificate's number.
    REPORT_NUMBER = "report_number"
    #: A document's date of issue and its expiry ("valid until"), ISO dates where parsed.
    ISSUED = "issued"
    VALID_UNTIL = "valid_until"
    #: A standard a report tested against or a DoC cites ("EN 62368-1:2020").
    STANDARD = "standard"


#: The identity fields compared across sources, in report order.
COMPARED_FIELDS: tuple[Field, ...] = (Field.PRODUCT_NAME, Field.MODEL_NUMBER, Field.MANUFACTURER)


class Role(enum.StrEnum):
    """What a value is within its source: the main value, or one of several alternatives."""

    MAIN = "main"  #: the value the source states for the field (a report's main model)
    SERIES = "series"  #: a further model the same report covers (series/listed models)
    ALTERNATE = "alternate"  #: a weaker reading (a model mined from a listing title, a part number)


class HowRead(enum.StrEnum):
    """How a value's characters were obtained, which decides what differences can be forgiven.

    Only `OCR` text may hold OCR confusions (O/0, I/1, S/5); a typed listing cell or a
    born-digital text layer says exactly what its author typed.
    """

    TYPED = "typed"  #: a listing cell or field, typed by the seller
    TEXT = "text"  #: a born-digital text layer (PDF, label artwork)
    OCR = "ocr"  #: recognised from pixels (scans, photos, a scan's own OCR layer)
    BARCODE = "barcode"  #: decoded from a barcode (check digit verified)


class Severity(enum.StrEnum):
    """How much a finding matters; only `ERROR` findings make the exit code 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_RANK: Mapping[Severity, int] = {Severity.ERROR: 3, Severity.WARNING: 2, Severity.INFO: 1}


class Status(enum.StrEnum):
    """A compared field's verdict across all sources."""

    CONSISTENT = "consistent"
    MISMATCH = "mismatch"
    MISSING = "missing"
    #: Values exist but were not, or could not be, confirmed by a second source.
    UNVERIFIED = "unverified"


class Level(enum.StrEnum):
    """How two values compare, from strongest agreement to disagreement.

    Levels explain themselves the way record-linkage tools do: a reader sees *why*
    two values were taken as equal.
    """

    EXACT = "exact"  #: same characters
    NORMALISED = "normalised"  #: equal after the field's normaliser (case, punctuation, legal form)
    OCR_CONFUSABLE = "ocr-confusable"  #: differ only by characters OCR confuses (O/0, I/1, S/5...)
    FUZZY = "fuzzy"  #: similar enough under the field's fuzzy threshold
    UNVERIFIABLE = "unverifiable"  #: cannot be compared automatically (Chinese vs English name)
    DIFFERENT = "different"  #: a real difference


#: Levels that count as agreement.
AGREEING_LEVELS: frozenset[Level] = frozenset(
    {Level.EXACT, Level.NORMALISED, Level.OCR_CONFUSABLE, Level.FUZZY}
)


@attrs.frozen
class BBox:
    """A rectangle on a page or image, in points (PDF) or pixels (images), origin top-left."""

    x0: float
    top: float
    x1: float
    bottom: float

    def union(self, other: BBox) -> BBox:
        """The smallest box holding both boxes."""
        return BBox(
            min(self.x0, other.x0),
            min(self.top, other.top),
            max(self.x1, other.x1),
            max(self.bottom, other.bottom),
        )

    def as_list(self) -> list[float]:
        """The box as `[x0, top, x1, bottom]`, rounded for stable output."""
        return [round(self.x0, 1), round(self.top, 1), round(self.x1, 1), round(self.bottom, 1)]


@attrs.frozen
class Document:
    """One file of an appeal package together with the kind the user (or classifier) gave it."""

    path: Path = attrs.field(converter=Path)
    kind: Kind = attrs.field(converter=Kind)
    #: For a listing export holding many products: the SKU whose row is the product.
    sku: str | None = None
    #: A document of a component (a radio module's certificate, a power adapter's report)
    #: declared as such: shown, never compared with the product's identity.
    component: bool = False

    @property
    def name(self) -> str:
        """The file name, as shown to users."""
        return self.path.name


@attrs.frozen
class Evidence:
    """One value read from one place in one document.

    `raw` is the value as printed; `normalised` is what comparisons use.  `page` is
    1-based (None for formats without pages); `bbox` is set where the format has
    geometry; `label` is the label the value was found under ("Model No.", "item_name").
    `confidence` is in [0, 1]: 1.0 for a text layer or a spreadsheet cell, the OCR
    engine's word confidence for photos and scans.
    """

    field: Field = attrs.field(converter=Field)
    raw: str
    normalised: str
    source: Kind = attrs.field(converter=Kind)
    file: str
    extractor: str
    page: int | None = None
    bbox: BBox | None = None
    label: str | None = None
    confidence: float = 1.0
    role: Role = attrs.field(default=Role.MAIN, converter=Role)
    #: The page or image size the bbox refers to, for cropping in visual reports.
    page_size: tuple[float, float] | None = None
    #: Where in a page-less format the value sits ("sheet Template, row 7, column item_name").
    locator: str | None = None
    #: Free-form notes from the extractor ("resolved 'Same as applicant'").
    note: str | None = None
    #: How the characters were obtained (typed, text layer, OCR): only OCR may confuse them.
    how_read: HowRead = attrs.field(default=HowRead.TEXT, converter=HowRead)
    #: Why this value was taken: the spatial relation to its label ("right", "below",
    #: "cell", "caption", "search"...) and the score that made this pair win.
    relation: str | None = None
    score: float | None = None

    @property
    def ocr(self) -> bool:
        """True when the value was recognised from pixels (its characters may be confused)."""
        return self.how_read == HowRead.OCR

    def to_record(self) -> dict[str, Any]:
        """A JSON-ready dict: the machine contract for a value (see docs/json-schema.md)."""
        return {
            "source": self.source.value,
            "value": self.raw,
            "normalised": self.normalised,
            "role": self.role.value,
            "file": self.file,
            "page": self.page,
            "bbox": self.bbox.as_list() if self.bbox else None,
            "label": self.label,
            "extractor": self.extractor,
            "confidence": round(self.confidence, 3),
            "locator": self.locator,
            "how_read": self.how_read.value,
            "relation": self.relation,
            "score": None if self.score is None else round(self.score, 3),
            **({"note": self.note} if self.note else {}),
        }


@attrs.frozen
class TextLine:
    """One line of a document's text with where and how it was read (for verification)."""

    text: str
    page: int | None = None
    bbox: BBox | None = None
    how_read: HowRead = attrs.field(default=HowRead.TEXT, converter=HowRead)
    confidence: float = 1.0


def _text_lines(values: Iterable[TextLine]) -> tuple[TextLine, ...]:
    """Converter that lets attrs accept any iterable (and mypy check the items)."""
    return tuple(values)


@attrs.frozen
class Reading:
    """What an extractor read from one document: its evidence and, where it has text, the lines.

    The lines let the listing's values be searched in every document (verification, not
    only extraction); `doc_type` says what the document is ("test_report", "certificate",
    "declaration", "label"...) so that a fix can name who issues it.
    """

    document: Document
    evidence: tuple[Evidence, ...] = attrs.field(default=(), converter=_evidences)
    lines: tuple[TextLine, ...] = attrs.field(default=(), converter=_text_lines)
    doc_type: str | None = None
    #: Number of pages (PDFs), for the report self-checks.
    pages: int | None = None
    #: How well the document's text was read (0-1: the OCR engines' confidence over its text
    #: regions; 1.0 for a text layer); None where the extractor does not say.  A photo read
    #: badly is "unread", never "does not show the model".
    confidence: float | None = None


@attrs.frozen
class Comparison:
    """The outcome of comparing two values of one field, with its reason."""

    level: Level = attrs.field(converter=Level)
    score: float
    #: The reason in English (JSON's `why`, logs).
    why: str
    #: The reason's msgid (English, named placeholders) and its arguments, so that a report
    #: in another language can say it; None for a reason written without one.
    why_msgid: str | None = None
    why_args: tuple[tuple[str, str], ...] = ()

    @classmethod
    def because(cls, level: Level, score: float, msgid: str, **args: str) -> Comparison:
        """A comparison whose reason is `msgid` filled with `args` (English in `why`)."""
        return cls(level, score, msgid.format(**args), msgid, tuple(sorted(args.items())))

    @property
    def agrees(self) -> bool:
        """True when the level counts as the same value."""
        return self.level in AGREEING_LEVELS

    def explain(self, _: Callable[[str], str]) -> str:
        """The reason in the language of the gettext function `_` (values never translated)."""
        if self.why_msgid is None:
            return self.why
        return _(self.why_msgid).format(**dict(self.why_args))


@attrs.frozen
class Finding:
    """A problem found in a package: a stable rule code, its evidence and how to fix it."""

    code: str
    name: str
    severity: Severity = attrs.field(converter=Severity)
    message: str
    field: Field | None = attrs.field(default=None, converter=attrs.converters.optional(Field))
    evidence: tuple[Evidence, ...] = attrs.field(default=(), converter=_evidences)
    fix: str | None = None
    #: The document the finding is about, when it is about one (an unreadable file).
    file: str | None = None
    #: The source that disagrees with the others, when one can be named.
    source: Kind | None = attrs.field(default=None, converter=attrs.converters.optional(Kind))
    comparison: Comparison | None = None

    def to_record(self) -> dict[str, Any]:
        """A JSON-ready dict: the machine contract for a finding."""
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "field": self.field.value if self.field else None,
            "message": self.message,
            "fix": self.fix,
            "file": self.file,
            "source": self.source.value if self.source else None,
            "comparison": _comparison_record(self.comparison),
            "evidence": [e.to_record() for e in self.evidence],
        }


@attrs.frozen
class WitnessResult:
    """One document's standing on one field: its values and how they compared.

    `state` is one of reference, agrees, ocr-forgiven, suffix, differs, unverifiable,
    unreliable, weak, absent, unread (docs/verdicts.md says what each means).
    """

    file: str
    source: Kind = attrs.field(converter=Kind)
    state: str
    values: tuple[Evidence, ...] = attrs.field(default=(), converter=_evidences)
    comparison: Comparison | None = None

    def to_record(self) -> dict[str, Any]:
        """A JSON-ready dict (see docs/json-schema.md)."""
        return {
            "file": self.file,
            "source": self.source.value,
            "state": self.state,
            "comparison": _comparison_record(self.comparison),
            "values": [e.raw for e in self.values],
        }


def _witnesses(values: Iterable[WitnessResult]) -> tuple[WitnessResult, ...]:
    """Converter that lets attrs accept any iterable (and mypy check the items)."""
    return tuple(values)


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    """Converter that lets attrs accept any iterable of strings."""
    return tuple(values)


def _comparison_record(comparison: Comparison | None) -> dict[str, Any] | None:
    if comparison is None:
        return None
    return {
        "level": comparison.level.value,
        "score": round(comparison.score, 1),
        "why": comparison.why,
    }


@attrs.frozen
class FieldResult:
    """One row of the field matrix: every document's values and the field's status."""

    field: Field = attrs.field(converter=Field)
    status: Status = attrs.field(converter=Status)
    #: Values from every document, in `SOURCE_ORDER`, main values first within a document.
    values: tuple[Evidence, ...] = attrs.field(converter=_evidences)
    #: The value the others were compared against (the listing's, else the report's).
    reference: Evidence | None = None
    #: Sources that should show the field and none of whose documents does.
    missing_sources: tuple[Kind, ...] = attrs.field(default=(), converter=_kinds)
    #: Every other document's standing, in display order (the reference's document first).
    witnesses: tuple[WitnessResult, ...] = attrs.field(default=(), converter=_witnesses)
    #: Why the field is `unverified` ("single source", "OCR confusion forgiven"...).
    reasons: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    #: Why a mismatch or missing field does not count against the verdict, when the user's
    #: configuration says so ("CR101 ignored by configuration").
    discounted: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    #: The document (file) the fix blames: the odd one out of the matrix, when there is one.
    odd_one_out: str | None = None

    def values_from(self, source: Kind) -> tuple[Evidence, ...]:
        """The values one source gave, main first."""
        return tuple(e for e in self.values if e.source == source)

    @property
    def counts(self) -> bool:
        """False when a mismatch or missing status is discounted by configuration."""
        return not self.discounted


@attrs.frozen
class ChecklistItem:
    """One line of the readiness checklist: what a reviewer looks for, and how it stands."""

    item: str  #: stable id ("report-number", "postal-address"...)
    looks_for: str  #: what a reviewer looks for, in a sentence
    state: str  #: "pass", "fail" or "unknown"
    why: str  #: why this state ("set --marketplace", "expired on 2025-03-10"...)
    codes: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    evidence: tuple[Evidence, ...] = attrs.field(default=(), converter=_evidences)

    def to_record(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "item": self.item,
            "looks_for": self.looks_for,
            "state": self.state,
            "why": self.why,
            "codes": list(self.codes),
            "evidence": [e.to_record() for e in self.evidence],
        }


def _checklist(values: Iterable[ChecklistItem]) -> tuple[ChecklistItem, ...]:
    return tuple(values)


@attrs.frozen
class Report:
    """The verdict on one appeal package: the field matrix, the findings, the documents read.

    Every output format renders this one value; none computes its own verdict.
    """

    fields: tuple[FieldResult, ...] = attrs.field(converter=_fieldresults)
    findings: tuple[Finding, ...] = attrs.field(converter=_findings)
    documents: tuple[Document, ...] = attrs.field(converter=_documents)
    sku: str | None = None
    #: Every piece of evidence read, compared fields or not (brand, applicant...).
    evidence: tuple[Evidence, ...] = attrs.field(default=(), converter=_evidences)
    #: Files of the case folder that were not used, with the reason.
    unused: tuple[tuple[str, str], ...] = ()
    #: What a reviewer checks beyond the three names (CR6xx-CR8xx), item by item.
    checklist: tuple[ChecklistItem, ...] = attrs.field(default=(), converter=_checklist)

    @property
    def ok(self) -> bool:
        """True when no finding has error severity."""
        return not any(f.severity == Severity.ERROR for f in self.findings)

    def fails(self, fail_on: Severity | str = Severity.ERROR) -> bool:
        """True when a finding at or above `fail_on` remains (exit 1, a failed pytest item)."""
        floor = SEVERITY_RANK[Severity(fail_on)]
        return any(SEVERITY_RANK[f.severity] >= floor for f in self.findings)

    @property
    def unverified(self) -> tuple[FieldResult, ...]:
        """The compared fields that are neither confirmed nor wrong: a person should look."""
        return tuple(r for r in self.fields if r.status == Status.UNVERIFIED)

    @property
    def clean(self) -> bool:
        """A pass that needs no second look: every field consistent, no error or warning."""
        return not self.fails(Severity.WARNING) and all(
            r.status == Status.CONSISTENT for r in self.fields
        )

    def field(self, field: Field | str) -> FieldResult:
        """The matrix row for one compared field."""
        wanted = Field(field)
        for row in self.fields:
            if row.field == wanted:
                return row
        raise KeyError(wanted.value)

    def sources(self) -> tuple[Kind, ...]:
        """The source kinds present in this package, in display order."""
        present = {d.kind for d in self.documents}
        return tuple(k for k in SOURCE_ORDER if k in present)

    def to_record(self) -> dict[str, Any]:
        """The JSON machine contract (documented in docs/json-schema.md)."""
        return {
            "ok": self.ok,
            "sku": self.sku,
            "clean": self.clean,
            "fields": {
                row.field.value: {
                    "status": row.status.value,
                    "counts": row.counts,
                    "reasons": list(row.reasons),
                    "discounted": list(row.discounted),
                    "odd_one_out": row.odd_one_out,
                    "reference": row.reference.to_record() if row.reference else None,
                    "missing_sources": [k.value for k in row.missing_sources],
                    "witnesses": [w.to_record() for w in row.witnesses],
                    "values": [e.to_record() for e in row.values],
                }
                for row in self.fields
            },
            "findings": [f.to_record() for f in self.findings],
            "documents": [
                {"path": str(d.path), "kind": d.kind.value, "component": d.component}
                for d in self.documents
            ],
            "unused": [{"path": p, "reason": r} for p, r in self.unused],
            "checklist": [item.to_record() for item in self.checklist],
        }


@attrs.frozen
class Case:
    """One appeal package: its documents, the SKU, and where it came from (a folder or flags)."""

    documents: tuple[Document, ...] = attrs.field(converter=_documents)
    sku: str | None = None
    #: A human name for the case (the SKU, else the folder name).
    name: str | None = None
    #: The folder or manifest the case was read from.
    root: Path | None = None
    #: Files in the case folder that are not used, each with the reason (a `.docx`, a CSV
    #: that is not a listing export): every file given is accounted for (CR502).
    unused: tuple[tuple[Path, str], ...] = ()
