"""Report self-checks (CR601-CR603): is each report whole and in date?

CR604-CR605 (the standards) are in `rules/report_standards.py`.  These read what every
page's header and footer say (report number, "Page x of y", dates), from the text lines the PDF extractor passes in its `Reading` (the header
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
from consistency.i18n import N_
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
    looks_for = N_(
        "the same report number on every page, and on the certificate that cites the report"
    )
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
    looks_for = N_('every page of each report, in order ("Page x of y")')
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
    looks_for = N_("certificates in their validity and reports recent enough")
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


__all__ = [
    "PagesIncomplete",
    "ReportExpired",
    "ReportNumberDiffers",
]
