"""The `markdown` format: a pull-request comment or an appeal note.

A status line, the source-by-field table, then the findings with their fixes.  Text
from the inputs is escaped so that a listing title cannot break the table (`|`), open
a code span (backticks), inject HTML or an autolink (`<`), or smuggle a link
(`[text](url)`); differing characters of a value are shown in bold.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from consistency.model import SOURCE_ORDER, Evidence, FieldResult, Kind, Report, Role, Status
from consistency.report.diff import highlight
from consistency.report.labels import SOURCE_LABELS, case_name, field_label, verdict, where

if TYPE_CHECKING:
    from consistency.config import Config

# Characters with a meaning inside a line of GitHub-flavoured Markdown, escaped with a
# backslash: emphasis, code spans, link and image brackets, table pipes, strikethrough.
# Line-start syntax (#, -, 1.) needs no escape: input text never starts a line here.
_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

STATUS_MARKS = {Status.CONSISTENT: "✅", Status.MISMATCH: "❌", Status.MISSING: "⚠️"}
SEVERITY_MARKS = {"error": "❌", "warning": "⚠️", "info": "ℹ️"}


def md(text: object) -> str:
    """Escape input text for one line of Markdown (table cells included)."""
    cleaned = _CONTROL.sub("", str(text))
    cleaned = _SPACE.sub(" ", cleaned)  # a newline would end a table row
    cleaned = cleaned.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", cleaned)


def render(report: Report, config: Config) -> str:
    """The report as GitHub-flavoured Markdown."""
    mark = "✅" if report.ok else "❌"
    lines = [f"### {mark} consistency: {md(case_name(report))}: {md(verdict(report))}", ""]
    lines += _table(report)
    lines += ["", "#### Findings", ""]
    if not report.findings:
        lines.append("No findings: every source agrees.")
    for finding in report.findings:
        about = f" ({md(field_label(finding.field))})" if finding.field else ""
        if finding.file and not finding.field:
            about = f" ({md(finding.file)})"
        lines.append(
            f"- {SEVERITY_MARKS[finding.severity.value]} **{md(finding.code)} "
            f"{md(finding.name)}**{about}: {md(finding.message)}"
        )
        if finding.fix:
            lines.append(f"  **Fix:** {md(finding.fix)}")
    return "\n".join(lines) + "\n"


def _sources(report: Report) -> list[Kind]:
    present = set(report.sources()) | {e.source for row in report.fields for e in row.values}
    return [k for k in SOURCE_ORDER if k in present]


def _cell(row: FieldResult, evidence: Evidence) -> str:
    reference = row.reference
    if reference is None or evidence == reference or row.status is Status.CONSISTENT:
        text = md(evidence.raw)
    else:
        text = "".join(
            f"**{md(s.text)}**" if s.differs else md(s.text)
            for s in highlight(evidence.raw, evidence.normalised, reference.normalised)
        )
    if evidence.role is not Role.MAIN:
        text += f" ({md(evidence.role.value)})"
    return text


def _table(report: Report) -> list[str]:
    sources = _sources(report)
    header = ["Field", "Status", *(SOURCE_LABELS[k] for k in sources)]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in report.fields:
        cells = [field_label(row.field), f"{STATUS_MARKS[row.status]} {row.status.value}"]
        for source in sources:
            values = row.values_from(source)
            if values:
                cells.append("<br>".join(_cell(row, e) for e in values))
            elif source in row.missing_sources:
                cells.append("*not found*")
            else:
                cells.append("—")
        lines.append("| " + " | ".join(cells) + " |")
    located = [e for row in report.fields for e in row.values if e.role is Role.MAIN]
    if located:
        lines += ["", "<details><summary>Where each value was read</summary>", ""]
        lines += [
            f"- {md(field_label(e.field))}, {md(SOURCE_LABELS[e.source])}: "
            f"{md(e.raw)}: {md(where(e))}"
            for e in located
        ]
        lines += ["", "</details>"]
    return lines
