"""Report self-checks (CR601-CR605): is each report whole, in date, on the right standards?

They read what every page's header and footer say (report number, "Page x of y", dates,
standards), from the text lines the PDF extractor passes in its `Reading` (the header
and footer bands of every page, `extract/bands.py`).  A document without text lines
cannot be judged: its checklist item says so and no finding is made.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from typing import ClassVar

from consistency.fields.dates import FoundDate, add_years
from consistency.fields.report_meta import NumberOnPage, PageMeta, same_number
from consistency.fields.standards import StandardRef, load_table
from consistency.model import Evidence, Field, Finding, HowRead, Kind, Reading, Severity, TextLine
from consistency.rules._common import Translate, gettext_for
from consistency.rules._readiness import (
    PASS,
    UNKNOWN,
    Assessment,
    as_of,
    doc_type,
    failed,
    line_evidence,
    make_finding,
    name_of,
    page_metas,
    product_categories,
    report_readings,
)
from consistency.rules.cases import bad, good
from consistency.rules.context import CheckContext


def _own_and_cited(kind: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """Which number labels are the document's own and which cite another document."""
    if kind == "test_report":
        return frozenset({"report", "cited"}), frozenset()
    return frozenset({"certificate"}), frozenset({"report", "cited"})


def _numbers(reading: Reading, labels: frozenset[str]) -> list[tuple[int, NumberOnPage, TextLine]]:
    """(page, number, line) of every number with one of `labels` in a reading."""
    out: list[tuple[int, NumberOnPage, TextLine]] = []
    for meta, lines in page_metas(reading):
        for number in meta.numbers:
            if number.kind in labels:
                line = next((ln for ln in lines if number.value in ln.text), lines[0])
                out.append((meta.page, number, line))
    return out


def _majority(values: list[str]) -> str:
    """The number most pages print (numbers that name the same report count together)."""
    counts: Counter[str] = Counter()
    for value in values:
        key = next((k for k in counts if same_number(k, value)), value)
        counts[key] += 1
    return counts.most_common(1)[0][0]


def _pages(pages: list[int]) -> str:
    """`p.3`, `pp.3, 7 and 9` for messages."""
    names = [str(p) for p in sorted(set(pages))]
    if len(names) == 1:
        return f"p.{names[0]}"
    return "pp." + ", ".join(names[:-1]) + " and " + names[-1]


class ReportNumberDiffers:
    """The report number differs between pages, or a certificate cites a report not in the package.

    Every page of a report carries its number in the header; a page with another number
    comes from another report (a page swapped in from an earlier revision).  A
    certificate names the test report it rests on; reviewers check that this report is
    the one submitted.

    Bad:
        pages 1-17 say `Report No.: CHTEW22090076`, page 18 says `CHTEW22090067`; or the
        certificate says `Test Report no. JX-003-215-4321EN` and the report in the package
        is `JX-003-215-4312EN`.

    Good:
        every page says `Report No.: CHTEW22090076`, and the certificate cites it.
    """

    code = "CR601"
    name = "report-number-differs"
    severity = Severity.ERROR
    field: ClassVar[Field | None] = Field.REPORT_NUMBER
    item = "report-number"
    looks_for = "the same report number on every page, and on the certificate that cites the report"
    cases = (
        bad(
            "page 2 prints `Report No.: CHTEW22090067`, pages 1 and 3 `CHTEW22090076`",
            {
                "test_report": {
                    "lines": [
                        ["Report No.: CHTEW22090076 Page: 1 of 3"],
                        ["Report No.: CHTEW22090067 Page: 2 of 3"],
                        ["Report No.: CHTEW22090076 Page: 3 of 3"],
                    ]
                }
            },
        ),
        bad(
            "the certificate cites `Test Report no. JX-003-215-4321EN`, the report is `JX-003-215-4312EN`",
            {
                "test_report": {
                    "lines": ["Certificate of Compliance", "Test Report no. JX-003-215-4321EN"]
                },
                "test_report#2": {"lines": ["TEST REPORT", "Report No.: JX-003-215-4312EN"]},
            },
        ),
        good(
            "every page says `CHTEW22090076`; the certificate cites it",
            {
                "test_report": {
                    "lines": [
                        ["Report No.: CHTEW22090076 Page: 1 of 2"],
                        ["Report No.: CHTEW22090076 Page: 2 of 2"],
                    ]
                },
                "test_report#2": {
                    "lines": ["Test Verification of Conformity", "Test Report No.: CHTEW22090076"]
                },
            },
        ),
    )

    def assess(self, context: CheckContext) -> Assessment:
        """Compare each document's own numbers across its pages, and certificates' citations."""
        _ = gettext_for(context)
        findings: list[Finding] = []
        seen_any = False
        own_numbers: list[tuple[Reading, str]] = []
        citations: list[tuple[Reading, list[tuple[int, NumberOnPage, TextLine]]]] = []
        for reading in report_readings(context):
            own_labels, cited_labels = _own_and_cited(doc_type(context, reading))
            own = _numbers(reading, own_labels)
            if cited_labels:
                cited = _numbers(reading, cited_labels)
                if cited:
                    citations.append((reading, cited))
            if not own:
                continue
            seen_any = True
            majority = _majority([n.value for _, n, _ in own])
            own_numbers.append((reading, majority))
            by_page: dict[int, list[tuple[NumberOnPage, TextLine]]] = {}
            for page, number, line in own:
                by_page.setdefault(page, []).append((number, line))
            odd = {
                page: entries
                for page, entries in by_page.items()
                if not any(
                    same_number(n.value, majority, ocr=line.how_read == HowRead.OCR)
                    for n, line in entries
                )
            }
            if odd and len(by_page) >= 2:
                first = next(iter(odd.values()))[0]
                evidence = [
                    line_evidence(reading, entries[0][1], Field.REPORT_NUMBER, entries[0][0].value)
                    for entries in odd.values()
                ]
                findings.append(
                    make_finding(
                        self,
                        _(
                            "{file}: {pages} print report number '{number}' but the other "
                            "pages print '{majority}'"
                        ).format(
                            file=name_of(reading),
                            pages=_pages(list(odd)),
                            number=first[0].value,
                            majority=majority,
                        ),
                        _(
                            "a page from another report (or revision) is mixed in: ask the lab "
                            "for the complete report as one PDF"
                        ),
                        evidence,
                        file=str(reading.document.path),
                        source=Kind.TEST_REPORT,
                    )
                )
        reports = [(r, n) for r, n in own_numbers if doc_type(context, r) == "test_report"]
        for reading, cited in citations:
            seen_any = True
            if not reports:
                continue
            own_cert = [n for r, n in own_numbers if r is reading]
            matches = any(
                same_number(c.value, number, ocr=line.how_read == HowRead.OCR)
                for _, c, line in cited
                for _, number in reports
            ) or any(same_number(o, number) for o in own_cert for _, number in reports)
            if matches:
                continue
            cited_values = sorted({c.value for _, c, _ in cited})
            present = ", ".join(f"'{n}' ({name_of(r)})" for r, n in reports)
            findings.append(
                make_finding(
                    self,
                    _("{file} cites report {cited} but the package's reports are {present}").format(
                        file=name_of(reading),
                        cited=", ".join(repr(v) for v in cited_values),
                        present=present,
                    ),
                    _(
                        "submit the test report the certificate cites, or a certificate issued "
                        "on the report you submit"
                    ),
                    [
                        line_evidence(reading, line, Field.REPORT_NUMBER, c.value)
                        for _, c, line in cited[:1]
                    ],
                    file=str(reading.document.path),
                    source=Kind.TEST_REPORT,
                )
            )
        if findings:
            return failed("; ".join(f.message for f in findings), findings)
        if not seen_any:
            return Assessment(UNKNOWN, _("no report number was read from the reports' pages"))
        return Assessment(PASS, _("the report numbers agree"))

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """The findings of `assess`."""
        yield from self.assess(context).findings


def _complete_run(marks: list[tuple[int, int, int]]) -> bool:
    """True when marks number consecutive pages 1 to y of their own."""
    return [(p - marks[0][0], x) for p, x, _ in marks] == [(i, i + 1) for i in range(marks[0][2])]


def _page_problems(
    marks: list[tuple[int, int, int]], total: int | None, _: Translate
) -> tuple[list[str], int]:
    """What is wrong with a document's "Page x of y" marks: [(physical page, x, y)]."""
    ys = Counter(y for _, _, y in marks)
    y = ys.most_common(1)[0][0]
    problems: list[str] = []
    # An annex numbered on its own ("Appendix: Page 1 of 5" over five pages in a row) is
    # complete in itself; only marks that fit no complete run are a problem.
    annexes = {yy for yy in ys if yy != y and _complete_run([m for m in marks if m[2] == yy])}
    other = sorted({p for p, _, yy in marks if yy != y and yy not in annexes})
    if other:
        problems.append(
            _("{pages} say 'of {theirs}' where the others say 'of {total}'").format(
                pages=_pages(other),
                theirs=", ".join(str(yy) for yy in sorted(set(ys) - {y} - annexes)),
                total=y,
            )
        )
    annex_pages = sorted(p for p, _, yy in marks if yy in annexes)
    marks = [m for m in marks if m[2] == y]
    first_p, first_x, _y = marks[0]
    if first_x > first_p:
        problems.append(
            _("pages 1-{last} of {total} are missing before p.{page}").format(
                last=first_x - first_p, total=y, page=first_p
            )
            if first_x - first_p > 1
            else _("page 1 of {total} is missing").format(total=y)
        )
    for (p1, x1, _y1), (p2, x2, _y2) in itertools.pairwise(marks):
        # Pages of a self-numbered annex between two marks are not the report's pages.
        step = p2 - p1 - sum(p1 < p < p2 for p in annex_pages)
        if x2 - x1 > step:
            missing = x2 - x1 - step
            problems.append(
                _(
                    "{count} page(s) missing between p.{p1} (page {x1} of {total}) and "
                    "p.{p2} (page {x2} of {total})"
                ).format(count=missing, p1=p1, x1=x1, p2=p2, x2=x2, total=y)
            )
        elif x2 <= x1:
            problems.append(
                _("p.{p2} is page {x2} of {total} after p.{p1}, page {x1}: out of order").format(
                    p1=p1, x1=x1, p2=p2, x2=x2, total=y
                )
            )
        elif x2 - x1 < step:
            problems.append(
                _("an extra page between p.{p1} (page {x1}) and p.{p2} (page {x2})").format(
                    p1=p1, x1=x1, p2=p2, x2=x2
                )
            )
    last_p, last_x, _y = marks[-1]
    if total is not None and last_p == total and last_x < y:
        problems.append(_("the PDF ends at page {page} of {total}").format(page=last_x, total=y))
    return problems, y


class PagesIncomplete:
    """Pages are missing or out of order: "Page x of y" against the page count and sequence.

    Reviewers reject a report that is not complete ("cannot be reproduced, except in
    full", as every report says).

    Bad:
        an 18-page report whose PDF ends at `Page: 16 of 18`, or jumps from page 4 to 6.

    Good:
        pages `1 of 18` to `18 of 18`, in order.
    """

    code = "CR602"
    name = "pages-incomplete"
    severity = Severity.ERROR
    field: ClassVar[Field | None] = None
    item = "pages-complete"
    looks_for = 'every page of each report, in order ("Page x of y")'
    cases = (
        bad(
            "a PDF of 3 pages numbered `Page 1 of 4` to `Page 3 of 4`",
            {
                "test_report": {
                    "pages": 3,
                    "lines": [[f"Report No.: R1234567 Page {p} of 4"] for p in (1, 2, 3)],
                }
            },
        ),
        bad(
            "pages numbered 1, 2, 4, 3",
            {"test_report": {"pages": 4, "lines": [[f"Page {p} of 4"] for p in (1, 2, 4, 3)]}},
        ),
        good(
            "an unnumbered cover, then `Page 1 of 2` and `Page 2 of 2`",
            {
                "test_report": {
                    "pages": 3,
                    "lines": [["TEST REPORT"], ["Page 1 of 2"], ["Page 2 of 2"]],
                }
            },
        ),
    )

    def assess(self, context: CheckContext) -> Assessment:
        """Check each document's page marks against its page count and their sequence."""
        _ = gettext_for(context)
        findings: list[Finding] = []
        seen = False
        for reading in report_readings(context):
            marks: list[tuple[int, int, int]] = []
            first_line: dict[int, TextLine] = {}
            for meta, lines in page_metas(reading):
                if meta.page_of is not None:
                    marks.append((meta.page, *meta.page_of))
                    first_line[meta.page] = next(
                        (ln for ln in lines if "of" in ln.text.lower() or "页" in ln.text), lines[0]
                    )
            if not marks:
                continue
            seen = True
            problems, _total = _page_problems(marks, reading.pages, _)
            if problems:
                evidence: list[Evidence] = [
                    line_evidence(reading, first_line[p], Field.REPORT_NUMBER)
                    for p, _, _ in marks[-1:]
                ]
                findings.append(
                    make_finding(
                        self,
                        f"{name_of(reading)}: " + "; ".join(problems),
                        _("ask the lab for the complete report as one PDF (every page, in order)"),
                        evidence,
                        file=str(reading.document.path),
                        source=Kind.TEST_REPORT,
                    )
                )
        if findings:
            return failed("; ".join(f.message for f in findings), findings)
        if not seen:
            return Assessment(UNKNOWN, _('no "Page x of y" was read from the reports\' pages'))
        return Assessment(PASS, _("every numbered page is there, in order"))

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """The findings of `assess`."""
        yield from self.assess(context).findings


def _first_date(
    metas: list[tuple[PageMeta, list[TextLine]]], which: str
) -> tuple[FoundDate, TextLine] | None:
    for meta, lines in metas:
        found: FoundDate | None = getattr(meta, which)
        if found is not None:
            line = next((ln for ln in lines if found.raw in ln.text), lines[0])
            return found, line
    return None


class ReportExpired:
    """A certificate has expired ("valid until"), or a report is older than the configured age.

    Dates are judged at `--as-of` (default: today), so results reproduce.  The report age
    limit is `[tool.consistency.readiness] max_report_age_years` (default: none, so only
    an explicit expiry date fires).  An ambiguous date (`12/05/2022`) fires only when every
    reading of it is past.

    Bad:
        `Expiry date 10 March 2025` on a certificate submitted in December 2026.

    Good:
        a certificate valid at the date of the appeal, or a report within the age limit.
    """

    code = "CR603"
    name = "report-expired"
    severity = Severity.ERROR
    field: ClassVar[Field | None] = Field.VALID_UNTIL
    item = "in-date"
    looks_for = "certificates in their validity and reports recent enough"
    cases = (
        bad(
            "the real ECM certificate: `Expiry date 10 March 2025`, judged at 2026-12-01",
            {
                "config": {"as_of": "2026-12-01"},
                "test_report": {
                    "lines": ["Certificate of Compliance", "Expiry date 10 March 2025"]
                },
            },
        ),
        bad(
            "a report issued 2022-09-21 with `max_report_age_years = 3`, judged at 2026-12-01",
            {
                "config": {"as_of": "2026-12-01", "readiness": {"max_report_age_years": 3}},
                "test_report": {"lines": ["Report No.: CHTEW22090076 Date of issue: 2022-09-21"]},
            },
        ),
        good(
            "the same certificate judged at 2025-03-01",
            {
                "config": {"as_of": "2025-03-01"},
                "test_report": {
                    "lines": ["Certificate of Compliance", "Expiry date 10 March 2025"]
                },
            },
        ),
    )

    def assess(self, context: CheckContext) -> Assessment:
        """Compare each document's expiry and issue date with the date of reference."""
        _ = gettext_for(context)
        today = as_of(context)
        max_age = context.config.readiness.max_report_age_years
        findings: list[Finding] = []
        dated = False
        for reading in report_readings(context):
            metas = page_metas(reading)
            expiry = _first_date(metas, "valid_until")
            issued = _first_date(metas, "issued")
            dated = dated or expiry is not None or issued is not None
            if expiry is not None and expiry[0].latest < today:
                found, line = expiry
                findings.append(
                    make_finding(
                        self,
                        _("{file} expired on {date} (judged at {as_of})").format(
                            file=name_of(reading), date=found.describe(), as_of=today.isoformat()
                        ),
                        _(
                            "ask the certification body for a renewed certificate, or submit a "
                            "current one"
                        ),
                        [line_evidence(reading, line, Field.VALID_UNTIL, found.raw)],
                        file=str(reading.document.path),
                        source=Kind.TEST_REPORT,
                    )
                )
                continue
            if max_age > 0 and issued is not None:
                found, line = issued
                limit = add_years(found.latest, max_age)
                if limit < today:
                    findings.append(
                        make_finding(
                            self,
                            _(
                                "{file} was issued on {date}, more than {years} years before "
                                "{as_of} (readiness.max_report_age_years)"
                            ).format(
                                file=name_of(reading),
                                date=found.describe(),
                                years=f"{max_age:g}",
                                as_of=today.isoformat(),
                            ),
                            _(
                                "ask the lab for a new test of the current product, or raise "
                                "readiness.max_report_age_years if the marketplace accepts older "
                                "reports"
                            ),
                            [line_evidence(reading, line, Field.ISSUED, found.raw)],
                            file=str(reading.document.path),
                            source=Kind.TEST_REPORT,
                        )
                    )
        if findings:
            return failed("; ".join(f.message for f in findings), findings)
        if not dated:
            return Assessment(UNKNOWN, _("no date of issue or expiry was read from the reports"))
        return Assessment(PASS, _("in date at {as_of}").format(as_of=today.isoformat()))

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """The findings of `assess`."""
        yield from self.assess(context).findings


def standards_of(reading: Reading) -> list[tuple[StandardRef, TextLine]]:
    """Every standard a document cites, with the line it is on (first mention each)."""
    seen: set[tuple[str, str]] = set()
    out: list[tuple[StandardRef, TextLine]] = []
    for meta, lines in page_metas(reading):
        for ref in meta.standards:
            if ref.key in seen:
                continue
            seen.add(ref.key)
            line = next((ln for ln in lines if ref.raw.split()[0] in ln.text), lines[0])
            out.append((ref, line))
    return out


class StandardsDoNotFit:
    """None of the standards the reports test to fits the product type.

    The product type comes from the product name (listing first); the table of types to
    standards, with the current editions and their sources, is
    `consistency/data/standards.toml`.  An unknown product type is not judged.

    Bad:
        a "Hair Dryer" whose only report is to EN 71-1 (toys).

    Good:
        a hair dryer tested to IEC 60335-1 and IEC 60335-2-23.
    """

    code = "CR604"
    name = "standards-do-not-fit"
    severity = Severity.WARNING
    field: ClassVar[Field | None] = Field.STANDARD
    item = "standards-fit"
    looks_for = "test reports to the standards of the product's type"
    cases = (
        bad(
            "a `Hair Dryer 2200W` whose only report is to EN 71-1 (toys)",
            {
                "listing": {"product_name": "Hair Dryer 2200W"},
                "test_report": {"lines": ["TEST REPORT", "Standard: EN 71-1:2014+A1:2018"]},
            },
        ),
        good(
            "the hair dryer tested to IEC 60335-2-23",
            {
                "listing": {"product_name": "Hair Dryer 2200W"},
                "test_report": {"lines": ["TEST REPORT", "Standard: IEC 60335-2-23:2016"]},
            },
        ),
    )

    def assess(self, context: CheckContext) -> Assessment:
        """Look for one tested standard that fits the product's category."""
        _ = gettext_for(context)
        categories, name_ev = product_categories(context)
        if not categories:
            return Assessment(UNKNOWN, _("the product type is not known from its name"))
        table = load_table()
        tested: list[tuple[Reading, StandardRef, TextLine]] = []
        for reading in report_readings(context, components=False):
            if doc_type(context, reading) == "declaration":
                continue
            tested.extend((reading, ref, line) for ref, line in standards_of(reading))
        if not tested:
            return Assessment(UNKNOWN, _("no tested standard was read from the reports"))
        category = categories[0]
        fitting = [
            (r, ref)
            for r, ref, _ in tested
            if any(table.fits(c, ref) is not None for c in categories)
        ]
        if fitting:
            return Assessment(
                PASS,
                _("{standard} fits a {category}").format(
                    standard=fitting[0][1].raw, category=category.replace("_", " ")
                ),
            )
        expected = [
            e.current or e.pattern for e in table.category(category).standards if e.current
        ][:4]
        names = sorted({ref.raw for _, ref, _ in tested})
        evidence = [line_evidence(r, line, Field.STANDARD, ref.raw) for r, ref, line in tested[:3]]
        if name_ev is not None:
            evidence.insert(0, name_ev)
        finding = make_finding(
            self,
            _(
                "the product is a {category} ('{name}') but the reports test to {standards}, "
                "none of which applies to it"
            ).format(
                category=category.replace("_", " "),
                name=name_ev.raw if name_ev else "",
                standards=", ".join(names),
            ),
            _("submit a report to the standards of the product type (e.g. {expected})").format(
                expected="; ".join(expected)
            ),
            evidence,
        )
        return failed(finding.message, [finding])

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """The findings of `assess`."""
        yield from self.assess(context).findings


class DeclarationStandardUncovered:
    """A declaration of conformity cites a standard that no test report in the package covers.

    The same standard number and part counts as covered whatever the prefix (EN, IEC,
    EN IEC, UL) and edition; an older edition in the report is noted in the message.

    Bad:
        the DoC lists `EN 62368-1` and `EN 71-3`, the only report is to IEC 62368-1.

    Good:
        every standard on the DoC has a report in the package.
    """

    code = "CR605"
    name = "declaration-standard-uncovered"
    severity = Severity.WARNING
    field: ClassVar[Field | None] = Field.STANDARD
    item = "declaration-covered"
    looks_for = "a test report for every standard the declaration of conformity lists"
    cases = (
        bad(
            "the DoC lists EN 62368-1 and EN 300 328; the only report is to IEC 62368-1",
            {
                "test_report": {
                    "lines": [
                        "EU DECLARATION OF CONFORMITY",
                        "EN IEC 62368-1:2020+A11:2020",
                        "EN 300 328 V2.2.2",
                    ]
                },
                "test_report#2": {"lines": ["TEST REPORT", "IEC 62368-1:2018"]},
            },
        ),
        good(
            "a report for each (ETSI EN 300 328 V2.2.2, UL 62368-1)",
            {
                "test_report": {
                    "lines": [
                        "EU DECLARATION OF CONFORMITY",
                        "EN IEC 62368-1:2020+A11:2020",
                        "EN 300 328 V2.2.2",
                    ]
                },
                "test_report#2": {"lines": ["TEST REPORT", "UL 62368-1", "ETSI EN 300 328 V2.2.2"]},
            },
        ),
    )

    def assess(self, context: CheckContext) -> Assessment:
        """Check each declaration's standards against the reports' standards."""
        _ = gettext_for(context)
        declarations: list[Reading] = []
        tested: list[StandardRef] = []
        for reading in report_readings(context):
            if doc_type(context, reading) == "declaration":
                declarations.append(reading)
            else:
                tested.extend(ref for ref, _ in standards_of(reading))
        if not declarations:
            return Assessment(UNKNOWN, _("no declaration of conformity in the package"))
        if not tested:
            return Assessment(UNKNOWN, _("no tested standard was read from the reports"))
        findings: list[Finding] = []
        notes: list[str] = []
        for reading in declarations:
            uncovered: list[tuple[StandardRef, TextLine]] = []
            for ref, line in standards_of(reading):
                covering = [t for t in tested if t.covers(ref)]
                if not covering:
                    uncovered.append((ref, line))
                    continue
                older = [
                    t for t in covering if t.edition and ref.edition and t.edition < ref.edition
                ]
                if older and not any(t.edition == ref.edition for t in covering):
                    notes.append(
                        _("{standard} is covered by a report to the older edition {older}").format(
                            standard=ref.raw, older=older[0].raw
                        )
                    )
            if uncovered:
                message = _(
                    "{file} cites {standards}, which no test report in the package covers"
                ).format(
                    file=name_of(reading), standards=", ".join(r.raw for r, _line in uncovered)
                )
                if notes:
                    message += " (" + _("note: {notes}").format(notes="; ".join(notes)) + ")"
                findings.append(
                    make_finding(
                        self,
                        message,
                        _(
                            "add the test reports for these standards, or correct the declaration "
                            "to the standards the product was tested to"
                        ),
                        [
                            line_evidence(reading, line, Field.STANDARD, ref.raw)
                            for ref, line in uncovered[:5]
                        ],
                        file=str(reading.document.path),
                        source=Kind.TEST_REPORT,
                    )
                )
        if findings:
            return failed("; ".join(f.message for f in findings), findings)
        why = _("every standard of the declaration has a report")
        if notes:
            why += " (" + "; ".join(notes) + ")"
        return Assessment(PASS, why)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """The findings of `assess`."""
        yield from self.assess(context).findings


__all__ = [
    "DeclarationStandardUncovered",
    "PagesIncomplete",
    "ReportExpired",
    "ReportNumberDiffers",
    "StandardsDoNotFit",
]
