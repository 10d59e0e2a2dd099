"""The text output: the verdict, every document's reading per field, findings, documents.

Columns are measured in terminal cells (wcwidth), so Chinese values line up; long values
wrap at word boundaries instead of being cut mid-name; a long series list folds into one
line with a count.  Values come from strangers' files: control and bidi characters are
replaced before anything reaches the terminal.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePath

from wcwidth import wcswidth

from consistency.config import Config
from consistency.i18n import N_, translator
from consistency.model import (
    SEVERITY_RANK,
    SOURCE_ORDER,
    Evidence,
    FieldResult,
    Finding,
    Report,
    Role,
    Status,
    WitnessResult,
)
from consistency.report.labels import (
    Translate,
    field_label,
    headline,
    source_label,
    status_text,
)

#: Width of the value column and of wrapped finding text, in terminal cells.
VALUE_WIDTH = 46
TEXT_WIDTH = 96
#: Series models shown one per line up to this many; more fold into one counted line.
MAX_SERIES_LINES = 3
#: The mark beside a document's reading (msgids: translated where shown).
_STATE_MARKS = {
    "reference": "",
    "agrees": "",
    "ocr-forgiven": N_("≈ OCR"),
    "suffix": N_("≠ suffix"),
    "differs": N_("≠ DIFFERS"),
    "unverifiable": N_("? cannot compare"),
    "unreliable": N_("? low confidence"),
    "weak": "",
    "absent": "",
    "unread": N_("? unread"),
    "conflict": N_("? states both"),
}


#: The readiness checklist's marks: passed, failed, could not tell.
CHECK_MARKS = {"pass": "✓", "fail": "✗", "unknown": "?"}


def cells(text: str) -> int:
    """The width of `text` in terminal cells (CJK characters take two)."""
    width = wcswidth(text)
    return width if width >= 0 else len(text)


def pad(text: str, width: int) -> str:
    """`text` padded with spaces to `width` terminal cells."""
    return text + " " * max(0, width - cells(text))


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` cells, broken at spaces (a word longer than that is split)."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if cells(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while cells(word) > width:
            cut = width
            while cells(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current or not lines:
        lines.append(current)
    return lines


def _where(ev: Evidence) -> str:
    name = PurePath(ev.file).name or ev.file
    place = f"{name} p.{ev.page}" if ev.page is not None else name
    if ev.locator and ev.page is None:
        place += f" ({ev.locator})"
    if ev.label:
        place += f" [{ev.label}]"
    if ev.confidence < 1.0:
        place += f" {ev.confidence:.0%}"
    return place


def _witnesses(row: FieldResult) -> tuple[WitnessResult, ...]:
    """The row's per-document readings; a row built without them (by a plugin, or from an
    older record) is shown document by document from its values."""
    if row.witnesses:
        return row.witnesses
    files = list(dict.fromkeys(e.file for e in row.values))
    return tuple(
        WitnessResult(
            file,
            next(e.source for e in row.values if e.file == file),
            "",
            tuple(e for e in row.values if e.file == file),
        )
        for file in files
    )


def _field_block(row: FieldResult, report: Report, _: Translate) -> Iterator[str]:
    status = status_text(row, _)
    if row.status != Status.CONSISTENT:
        status = status.upper() if not row.discounted else status
    yield f"{field_label(row.field, _)}: {status}"
    for witness in sorted(_witnesses(row), key=lambda w: SOURCE_ORDER.index(w.source)):
        label = source_label(witness.source, _)
        values = sorted(witness.values, key=lambda e: e.role != Role.MAIN)
        mark = _STATE_MARKS.get(witness.state, "")
        mark = _(mark) if mark else ""
        if not values:
            what = _("(unread)") if witness.state == "unread" else _("(not found)")
            yield f"  {pad(label, 14)} {pad('—  ' + what, VALUE_WIDTH)}  {PurePath(witness.file).name}"
            continue
        series = [e for e in values if e.role == Role.SERIES]
        listed = [e for e in values if e.role != Role.SERIES]
        if len(series) <= MAX_SERIES_LINES:
            listed, series = values, []
        for i, ev in enumerate(listed):
            role = "" if ev.role == Role.MAIN else f" ({_(ev.role.value)})"
            yield from _value_lines(
                label if i == 0 else "", ev.raw + role, _where(ev), mark if i == 0 else ""
            )
        if series:
            names = ", ".join(e.raw for e in series)
            text = _("+ {n} series models: {names}").format(n=len(series), names=names)
            yield from _value_lines("", text, _where(series[0]), "")


def _value_lines(head: str, value: str, where: str, mark: str) -> Iterator[str]:
    parts = wrap(value, VALUE_WIDTH)
    tail = f"{where}  {mark}".rstrip()
    for i, part in enumerate(parts):
        yield f"  {pad(head if i == 0 else '', 14)} {pad(part, VALUE_WIDTH)}  {tail if i == 0 else ''}".rstrip()


def _finding_lines(finding: Finding, _: Translate) -> Iterator[str]:
    field = f" [{_(finding.field.value)}]" if finding.field else ""
    yield f"  {_(finding.severity.value).upper():<7} {finding.code} {finding.name}{field}"
    for line in wrap(finding.message, TEXT_WIDTH - 10):
        yield f"          {line}"
    if finding.fix:
        fix = _("fix: {fix}").format(fix=finding.fix)
        for i, line in enumerate(wrap(fix, TEXT_WIDTH - 15)):
            yield f"          {line}" if i == 0 else f"               {line}"


def render(report: Report, config: Config) -> str:
    """The human-readable report (what `consistency-report` prints by default)."""
    _ = translator(config.lang)
    title = _("consistency report")
    if report.sku:
        title += f" — SKU {report.sku}"
    lines = [f"{title}: {headline(report, _).text}", ""]
    for row in report.fields:
        lines.extend(_field_block(row, report, _))
        lines.append("")
    if report.checklist:
        lines.append(_("Readiness (what a reviewer checks)"))
        for item in report.checklist:
            mark = CHECK_MARKS.get(item.state, "?")
            for i, part in enumerate(wrap(item.looks_for, TEXT_WIDTH - 4)):
                lines.append(f"  {mark if i == 0 else ' '} {part}")
            if item.why:
                lines.extend(f"      {part}" for part in wrap(item.why, TEXT_WIDTH - 6))
        lines.append("")
    if report.findings:
        lines.append(_("Findings"))
        ordered = sorted(report.findings, key=lambda f: -SEVERITY_RANK[f.severity])
        for finding in ordered:
            lines.extend(_finding_lines(finding, _))
        lines.append("")
    lines.append(_("Documents"))
    for doc in report.documents:
        note = f"  ({_('component, not compared')})" if doc.component else ""
        lines.append(f"  {pad(_(doc.kind.value), 12)} {doc.path}{note}")
    for path, reason in report.unused:
        lines.append(f"  {pad(_('not used'), 12)} {path}  ({reason})")
    # Values come from strangers' files: an ESC or bidi control would drive the terminal.
    return "".join(c if c == "\n" or c.isprintable() else "\ufffd" for c in "\n".join(lines)) + "\n"
