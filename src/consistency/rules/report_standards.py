"""Report self-checks on standards (CR604-CR605): do the reports test to the right ones?

They read the standards each document cites from its text lines (`Reading.lines`): a
report's tested standards against the product's type (the table in
`consistency/data/standards.toml`), and a declaration's standards against the reports'.
A document without text lines cannot be judged: its checklist item says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from consistency.fields.standards import CATEGORY_NAMES, StandardRef, load_table
from consistency.i18n import N_
from consistency.model import Field, Finding, Kind, Reading, Severity, TextLine
from consistency.rules._common import gettext_for
from consistency.rules._readiness import (
    PASS,
    UNKNOWN,
    Assessment,
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
    looks_for = N_("test reports to the standards of the product's type")
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
                _("{standard} fits {category}").format(
                    standard=fitting[0][1].raw, category=_(CATEGORY_NAMES[category])
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
                "the product is {category} ('{name}') but the reports test to {standards}, "
                "none of which applies to it"
            ).format(
                category=_(CATEGORY_NAMES[category]),
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
    looks_for = N_("a test report for every standard the declaration of conformity lists")
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
