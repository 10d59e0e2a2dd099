"""The `junit` format: JUnit XML that CI systems show natively.

One test case per SKU and field (classname = the SKU or case name, name = the field),
plus one per document, so a CI page lists `HX-2041 › model_number` as a failed test
with the finding's message.  A test case fails when the report holds a finding of error
severity about it; warnings and notes are printed in its `system-out`.  The output is
valid XML 1.0 whatever the inputs hold: characters XML forbids are dropped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING

from consistency.i18n import translator
from consistency.model import Field, Finding, Report, Severity
from consistency.report.labels import Translate, case_name, source_label, status_text, where

if TYPE_CHECKING:
    from consistency.config import Config

#: Everything outside XML 1.0's Char production (controls, surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: object) -> str:
    """`text` with every character XML 1.0 forbids removed."""
    return _NOT_XML.sub("", str(text))


def render(report: Report, config: Config) -> str:
    """One report as a JUnit XML document."""
    return render_many([report], lang=config.lang)


def render_many(reports: Sequence[Report], *, lang: str = "en") -> str:
    """Several reports (a catalogue run) as one JUnit XML document, one suite per case.

    Messages and details are in `lang`; test names (SKU, field, document) never are.
    """
    _ = translator(lang)
    root = ET.Element("testsuites", {"name": "consistency"})
    totals = {"tests": 0, "failures": 0}
    for report in reports:
        suite = _suite(report, _)
        root.append(suite)
        totals["tests"] += int(suite.get("tests", "0"))
        totals["failures"] += int(suite.get("failures", "0"))
    root.set("tests", str(totals["tests"]))
    root.set("failures", str(totals["failures"]))
    root.set("errors", "0")
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _finding_text(finding: Finding, _: Translate) -> str:
    lines = [f"{finding.code} {finding.name} ({_(finding.severity.value)}): {finding.message}"]
    if finding.fix:
        lines.append("  " + _("fix: {fix}").format(fix=finding.fix))
    # The values themselves are listed once, in the case's details below.
    return "\n".join(lines)


def _case(
    suite: ET.Element,
    classname: str,
    name: str,
    findings: Iterable[Finding],
    details: str,
    _: Translate,
) -> bool:
    """Append one test case; True when it failed."""
    findings = list(findings)
    case = ET.SubElement(suite, "testcase", {"classname": clean(classname), "name": clean(name)})
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        failure = ET.SubElement(
            case,
            "failure",
            {
                "message": clean(errors[0].message),
                "type": clean(" ".join(sorted({f.code for f in errors}))),
            },
        )
        failure.text = clean("\n\n".join(_finding_text(f, _) for f in errors) + "\n\n" + details)
    others = [_finding_text(f, _) for f in findings if f.severity is not Severity.ERROR]
    # The failure already carries the details; a passing case shows them here instead.
    out = "\n\n".join(others if errors else [*others, details])
    if out.strip():
        ET.SubElement(case, "system-out").text = clean(out)
    return bool(errors)


def _suite(report: Report, _: Translate) -> ET.Element:
    classname = case_name(report)
    suite = ET.Element("testsuite", {"name": clean(f"consistency: {classname}")})
    tests = failures = 0
    by_field: dict[Field, list[Finding]] = {}
    by_file: dict[str, list[Finding]] = {}
    general: list[Finding] = []
    for finding in report.findings:
        if finding.field is not None:
            by_field.setdefault(finding.field, []).append(finding)
        elif finding.file is not None:
            by_file.setdefault(finding.file, []).append(finding)
        else:
            general.append(finding)

    for row in report.fields:
        details = [f"{_('status')}: {status_text(row, _)}"]
        details += [
            f"{source_label(e.source, _)}: {e.raw}  [{where(e, _)}]"
            + (f" ({_(e.role.value)})" if e.role.value != "main" else "")
            for e in row.values
        ]
        details += [f"{source_label(k, _)}: {_('(no value found)')}" for k in row.missing_sources]
        tests += 1
        failures += _case(
            suite, classname, row.field.value, by_field.pop(row.field, []), "\n".join(details), _
        )
    for field, findings in by_field.items():  # findings about fields outside the matrix
        tests += 1
        failures += _case(suite, classname, field.value, findings, "", _)

    names = {str(d.path): d for d in report.documents}
    for document in report.documents:
        key = str(document.path)
        tests += 1
        failures += _case(
            suite,
            classname,
            f"document {document.name}",
            by_file.pop(key, []),
            f"{_('kind')}: {_(document.kind.value)}",
            _,
        )
    for file, findings in by_file.items():  # a finding about a file not among the documents
        tests += 1
        label = names[file].name if file in names else PurePath(file).name or file
        failures += _case(suite, classname, f"document {label}", findings, "", _)
    for finding in general:
        tests += 1
        failures += _case(suite, classname, finding.code, [finding], "", _)

    if report.checklist:
        # The readiness checklist is what a reviewer looks at, not a test that fails: the
        # failing items' findings are already test cases above.
        marks = {"pass": "✓", "fail": "✗", "unknown": "?"}
        lines = [_("Readiness (what a reviewer checks)")]
        lines += [
            f"{marks.get(i.state, '?')} {i.looks_for}" + (f": {i.why}" if i.why else "")
            for i in report.checklist
        ]
        ET.SubElement(suite, "system-out").text = clean("\n".join(lines))
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", "0")
    return suite
