"""What the appeal-readiness rules (CR6xx-CR8xx) share: one assessment feeds both the
findings and the readiness checklist, so the two can never disagree.

Each readiness rule has `assess(context) -> Assessment`: a state a reviewer would tick
("pass", "fail" or "unknown" with why), its findings and the evidence behind it.  Its
`check` yields the findings; `rules.checklist` shows the state.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol

import attrs

from consistency.fields import clean, normalise, product_types
from consistency.fields.address import find_postal_addresses, find_responsible_persons
from consistency.fields.marketplace import Marketplace, countries_in, resolve
from consistency.fields.report_meta import PageMeta, document_type, read_page
from consistency.fields.standards import categories_of
from consistency.model import (
    SOURCE_ORDER,
    Evidence,
    Field,
    Finding,
    Kind,
    Reading,
    Severity,
    TextLine,
)
from consistency.rules._common import doc_type as common_doc_type
from consistency.rules.context import CheckContext

PASS = "pass"
FAIL = "fail"
UNKNOWN = "unknown"

#: Document types a report-like document can have.
REPORT_TYPES = frozenset({"test_report", "certificate", "declaration"})
#: Lines after a "Manufacturer" label searched for the maker's address.
_MAKER_ADDRESS_LINES = 4
_MAKER_LABEL = ("manufacturer", "manufactured by", "made by", "producer", "hersteller",
                "fabricant", "制造商", "生产商", "生产者", "製造商")  # fmt: skip


def _findings(values: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(values)


def _evidence(values: Iterable[Evidence]) -> tuple[Evidence, ...]:
    return tuple(values)


@attrs.frozen
class Assessment:
    """How one readiness item stands in one package, and the findings that say so."""

    state: str  #: PASS, FAIL or UNKNOWN
    why: str
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=_findings)
    evidence: tuple[Evidence, ...] = attrs.field(default=(), converter=_evidence)


class ReadinessRule(Protocol):
    """A readiness rule: a `Rule` that also assesses its checklist item."""

    @property
    def code(self) -> str:
        """The stable rule code."""
        ...

    @property
    def name(self) -> str:
        """The kebab-case slug."""
        ...

    @property
    def severity(self) -> Severity:
        """The default severity."""
        ...

    @property
    def field(self) -> Field | None:
        """The field the rule is about."""
        ...


def make_finding(
    rule: ReadinessRule,
    message: str,
    fix: str,
    evidence: Sequence[Evidence] = (),
    file: str | None = None,
    source: Kind | None = None,
) -> Finding:
    """A finding of `rule` with its default severity (configuration may override it)."""
    return Finding(
        code=rule.code,
        name=rule.name,
        severity=rule.severity,
        message=message,
        field=rule.field,
        evidence=tuple(evidence),
        fix=fix,
        file=file,
        source=source,
    )


def failed(why: str, findings: Sequence[Finding]) -> Assessment:
    """A FAIL assessment carrying its findings and their evidence."""
    evidence = [e for f in findings for e in f.evidence]
    return Assessment(FAIL, why, tuple(findings), tuple(evidence))


def as_of(context: CheckContext) -> datetime.date:
    """The date expiry and age are judged at: `config.as_of`, else today."""
    return context.config.as_of or datetime.date.today()


def name_of(reading: Reading) -> str:
    """The document's file name, for messages."""
    return reading.document.path.name


def lines_by_page(reading: Reading) -> dict[int, list[TextLine]]:
    """A reading's text lines grouped by page (page-less lines count as page 1)."""
    pages: dict[int, list[TextLine]] = {}
    for line in reading.lines:
        pages.setdefault(line.page or 1, []).append(line)
    return dict(sorted(pages.items()))


def page_metas(reading: Reading) -> list[tuple[PageMeta, list[TextLine]]]:
    """What every page with text says about the document (numbers, page x of y, dates)."""
    return [
        (read_page([line.text for line in lines], page), lines)
        for page, lines in lines_by_page(reading).items()
    ]


def doc_type(context: CheckContext, reading: Reading) -> str:
    """The reading's document type: as the extractor said, else from its title lines,
    else as `rules._common.doc_type` tells it from the file name."""
    if reading.doc_type in REPORT_TYPES:
        return reading.doc_type
    pages = lines_by_page(reading)
    if pages:
        titled = document_type([line.text for line in next(iter(pages.values()))])
        if titled is not None:
            return titled
    return common_doc_type(context, str(reading.document.path), reading.document.kind)


def report_readings(context: CheckContext, *, components: bool = True) -> list[Reading]:
    """Readings of the package's test reports, certificates and declarations."""
    return [
        r
        for r in context.readings
        if r.document.kind == Kind.TEST_REPORT and (components or not r.document.component)
    ]


def label_readings(context: CheckContext) -> list[Reading]:
    """Readings of packaging and product-label photos (and label artwork)."""
    return [r for r in context.readings if r.document.kind in (Kind.PACKAGING, Kind.PRODUCT)]


def line_evidence(
    reading: Reading, line: TextLine, field: Field, raw: str | None = None
) -> Evidence:
    """Evidence pointing at one text line of a document (what a finding shows)."""
    value = raw if raw is not None else line.text
    return Evidence(
        field=field,
        raw=value,
        normalised=clean(value).casefold(),
        source=reading.document.kind,
        file=str(reading.document.path),
        extractor="readiness",
        page=line.page,
        bbox=line.bbox,
        confidence=line.confidence,
        how_read=line.how_read,
        relation="search",
    )


def marketplace(context: CheckContext) -> tuple[Marketplace | None, Evidence | None]:
    """The marketplace (the listing's first, then the configuration's) and its evidence."""
    for ev in context.evidence:
        if ev.field == Field.MARKETPLACE and ev.source == Kind.LISTING:
            place = resolve(ev.raw)
            if place is not None:
                return place, ev
    if context.config.marketplace:
        return resolve(context.config.marketplace), None
    return None, None


def values(context: CheckContext, field: Field, source: Kind | None = None) -> list[Evidence]:
    """Evidence of one field (from one source), in display order."""
    found = [
        e for e in context.evidence if e.field == field and (source is None or e.source == source)
    ]
    return sorted(found, key=lambda e: SOURCE_ORDER.index(e.source))


def product_categories(context: CheckContext) -> tuple[tuple[str, ...], Evidence | None]:
    """The product's categories from its name (listing first, then reports, then labels).

    The product-type lexicon's category (its head noun decides: a "hair dryer with LED
    light" is a hair dryer) comes first, then every category the standards table's
    keywords name: a "Bluetooth headset" is audio equipment and a radio device.
    """
    for ev in values(context, Field.PRODUCT_NAME):
        placed = product_types.category(ev.raw)
        found = ((placed,) if placed else ()) + categories_of(ev.raw)
        categories = tuple(dict.fromkeys(c for c in found if c != "other"))
        if categories:
            return categories, ev
    return (), None


def rp_lines(lines: list[str]) -> set[int]:
    """Line indexes inside EU responsible person blocks (their address is not the maker's)."""
    taken: set[int] = set()
    for person in find_responsible_persons(lines):
        last = person.address.last_line if person.address is not None else person.line
        taken.update(range(person.line, last + 1))
    return taken


def maker_country(context: CheckContext) -> tuple[str | None, Evidence | None]:
    """The manufacturer's country, from an address near a "Manufacturer" label.

    Labels first (what the customer sees), then the reports.  Returns (ISO code,
    evidence) or (None, None) when no address near a manufacturer label names a country.
    """
    for reading in label_readings(context) + report_readings(context, components=False):
        texts = [line.text for line in reading.lines]
        skip = rp_lines(texts)
        for index, text in enumerate(texts):
            lowered = text.casefold()
            if not any(label in lowered for label in _MAKER_LABEL):
                continue
            window = texts[index : index + _MAKER_ADDRESS_LINES]
            for address in find_postal_addresses(window):
                if index + address.first_line in skip:
                    continue
                country = address.country or next(iter(countries_in(address.text)), None)
                if country:
                    line = reading.lines[index + address.first_line]
                    return country, line_evidence(reading, line, Field.POSTAL_ADDRESS, address.text)
    return None, None


def brand_key(raw: str) -> str:
    """A brand's comparison form (legal forms, case and punctuation do not matter)."""
    return normalise(Field.BRAND, raw)


def iter_label_texts(context: CheckContext) -> Iterator[tuple[Reading, list[str]]]:
    """(reading, line texts) of every label reading whose text was read well enough.

    A photo read with a confidence under `thresholds.ocr_confidence` is left out: what it
    does not show may simply not have been read, and "no address" would be a guess.
    """
    floor = context.config.thresholds.ocr_confidence / 100
    for reading in label_readings(context):
        if not reading.lines:
            continue
        if reading.confidence is not None and reading.confidence < floor:
            continue
        yield reading, [line.text for line in reading.lines]
