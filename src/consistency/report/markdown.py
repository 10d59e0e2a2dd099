"""The `markdown` format: a pull-request comment or an appeal note.

A status line, the source-by-field table, then the findings with their fixes.  Text
from the inputs is escaped so that a listing title cannot break the table (`|`), open
a code span (backticks), inject HTML or an autolink (`<`), or smuggle a link
(`[text](url)`); differing characters of a value are shown in bold.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from consistency.i18n import translator
from consistency.model import (
    SEVERITY_RANK,
    SOURCE_ORDER,
    Evidence,
    FieldResult,
    Kind,
    Report,
    Role,
    Status,
)
from consistency.report.diff import highlight
from consistency.report.escape import CONTROL
from consistency.report.labels import (
    TONE_MARKS,
    Translate,
    case_name,
    field_label,
    headline,
    source_label,
    status_text,
    status_tone,
    where,
)

if TYPE_CHECKING:
    from consistency.config import Config

# Characters with a meaning inside a line of GitHub-flavoured Markdown, escaped with a
# backslash: emphasis, code spans, link and image brackets, table pipes, strikethrough.
# Line-start syntax (#, -, 1.) needs no escape: input text never starts a line here.
_SPECIAL = re.compile(r"([\\`*_\[\]|~<>&])")
_SPACE = re.compile(r"\s+")

CHECK_MARKS = {"pass": "✅", "fail": "❌", "unknown": "❔"}
SEVERITY_MARKS = {"error": "❌", "warning": "⚠️", "info": "ℹ️"}


def md(text: object) -> str:
    """Escape input text for one line of Markdown (table cells included)."""
    cleaned = CONTROL.sub("", str(text))
    cleaned = _SPACE.sub(" ", cleaned)  # a newline would end a table row
    # Backslash escapes, not HTML entities: an appeal note pasted as plain text must read
    # "A & B", never "A &amp; B".
    return _SPECIAL.sub(r"\\\1", cleaned)


def render(report: Report, config: Config) -> str:
    """The report as GitHub-flavoured Markdown."""
    _ = translator(config.lang)
    head = headline(report, _)
    name = case_name(report, default=_("package"))
    lines = [
        f"### {TONE_MARKS[head.tone]} consistency: {md(name)}: {md(head.text)}",
        "",
    ]
    lines += _table(report, _)
    if report.checklist:
        lines += ["", f"#### {_('Readiness (what a reviewer checks)')}", ""]
        lines += [
            f"- {CHECK_MARKS.get(item.state, '❔')} {md(item.looks_for)}"
            + (f": {md(item.why)}" if item.why else "")
            for item in report.checklist
        ]
    lines += ["", f"#### {_('Findings')}", ""]
    if not report.findings:
        lines.append(_("No findings: every document agrees."))
    for finding in sorted(report.findings, key=lambda f: -SEVERITY_RANK[f.severity]):
        about = f" ({md(field_label(finding.field, _))})" if finding.field else ""
        if finding.file and not finding.field:
            about = f" ({md(finding.file)})"
        lines.append(
            f"- {SEVERITY_MARKS[finding.severity.value]} **{md(finding.code)} "
            f"{md(finding.name)}**{about}: {md(finding.message)}"
        )
        if finding.fix:
            lines.append(f"  **{_('Fix')}:** {md(finding.fix)}")
    if report.unused:
        lines += ["", f"#### {_('Not used')}", ""]
        lines += [f"- {md(path)}: {md(reason)}" for path, reason in report.unused]
    return "\n".join(lines) + "\n"


def _sources(report: Report) -> list[Kind]:
    present = set(report.sources()) | {e.source for row in report.fields for e in row.values}
    return [k for k in SOURCE_ORDER if k in present]


def _cell(row: FieldResult, evidence: Evidence, _: Translate) -> str:
    reference = row.reference
    if reference is None or evidence == reference or row.status is Status.CONSISTENT:
        text = md(evidence.raw)
    else:
        text = "".join(
            f"**{md(s.text)}**" if s.differs else md(s.text)
            for s in highlight(evidence.raw, evidence.normalised, reference.normalised)
        )
    if evidence.role is not Role.MAIN:
        text += f" ({md(_(evidence.role.value))})"
    return text


def _table(report: Report, _: Translate) -> list[str]:
    sources = _sources(report)
    header = [_("Field"), _("Status"), *(source_label(k, _) for k in sources)]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in report.fields:
        cells = [
            md(field_label(row.field, _)),
            f"{TONE_MARKS[status_tone(row)]} {md(status_text(row, _))}",
        ]
        for source in sources:
            values = row.values_from(source)
            if values:
                cells.append("<br>".join(_cell(row, e, _) for e in values))
            elif source in row.missing_sources:
                cells.append(f"*{_('not found')}*")
            else:
                cells.append("—")
        lines.append("| " + " | ".join(cells) + " |")
    located = [e for row in report.fields for e in row.values if e.role is Role.MAIN]
    if located:
        lines += ["", f"<details><summary>{_('Where each value was read')}</summary>", ""]
        lines += [
            f"- {md(field_label(e.field, _))}, {md(source_label(e.source, _))}: "
            f"{md(e.raw)}: {md(where(e, _))}"
            for e in located
        ]
        lines += ["", "</details>"]
    return lines
