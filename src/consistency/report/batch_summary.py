"""Summaries of a catalogue run: text, JSON, CSV, an HTML index, JUnit.

Every summary is built from the same per-case `Report`s the single-case formats render,
and none computes a verdict of its own.  Results arrive in the order cases finish; each
writer puts the case's piece (a JSON record, a CSV row, a JUnit suite...) into a
`Spool` on disk under the case's catalogue position, and `finish()` writes the output
in catalogue order.  The parent process therefore holds no report and no rendered text
beyond the case in hand: its memory stays flat however large the catalogue.

Formats:

- `text`: one line per SKU (verdict, the three field statuses, finding codes), totals;
- `json`: `{"schema_version", "ok", "summary", "cases": [{"sku", "path", "error",
  "report": <the single-case JSON object>, "ok", "fields", "findings"}]}` -- `ok`,
  `fields` and `findings` mirror the report's so `cases[i]["fields"]` reads directly;
- `csv`: a table per SKU; cells that a spreadsheet would run as a formula are escaped;
  its columns and verdict words stay English (a machine reads them, like JSON's keys);
- `html`: `index.html` linking one self-contained page per SKU (the `html` format),
  written into the `--output` folder;
- `junit`: one `<testsuite>` per SKU (the `junit` format's suite), in one document.

Text, HTML and JUnit are written in the configured language (`lang`); each case's
findings were already written in it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Protocol

import attrs

from consistency import registry
from consistency.batch.results import CaseResult, Outcome
from consistency.config import Config
from consistency.errors import UsageError
from consistency.i18n import translator
from consistency.model import COMPARED_FIELDS, Field, Report, Severity
from consistency.report.escape import esc
from consistency.report.html import HTML_LANG
from consistency.report.json import SCHEMA_VERSION
from consistency.report.labels import ENGLISH, Translate, field_label, status_word
from consistency.report.output import check_target, write_atomically, write_stream
from consistency.report.text import pad

#: Formats `consistency-report batch --format` accepts.
FORMATS = ("text", "json", "csv", "html", "junit")

#: Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection;
#: tab and carriage return too, which some spreadsheets strip before the check).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: a leading `'` before = + - @ (and tab, CR)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


class Spool:
    """Text pieces keyed by catalogue position, kept in a temporary file, read back in order."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self._where: dict[int, tuple[int, int]] = {}

    def put(self, index: int, text: str) -> None:
        """Keep `text` as the piece for position `index`."""
        data = text.encode("utf-8")
        offset = self._file.seek(0, os.SEEK_END)
        self._file.write(data)
        self._where[index] = (offset, len(data))

    def ordered(self) -> Iterator[str]:
        """Every piece, in position order."""
        for index in sorted(self._where):
            offset, size = self._where[index]
            self._file.seek(offset)
            yield self._file.read(size).decode("utf-8")

    def __len__(self) -> int:
        return len(self._where)

    def close(self) -> None:
        """Delete the temporary file."""
        self._file.close()


@attrs.define
class Totals:
    """Counts over the whole run, for summary lines and the JSON `summary` object."""

    cases: int = 0
    consistent: int = 0
    with_findings: int = 0
    failed: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when every case was checked and passed (by its `fail_on`)."""
        return self.consistent == self.cases

    def add(self, result: CaseResult) -> None:
        """Count one case."""
        self.cases += 1
        if result.error is not None:
            self.failed += 1
        elif result.passed:
            self.consistent += 1
        else:
            self.with_findings += 1

    def record(self) -> dict[str, object]:
        """The JSON `summary` object."""
        return {
            "cases": self.cases,
            "consistent": self.consistent,
            "with_findings": self.with_findings,
            "failed": self.failed,
            "seconds": round(self.seconds, 2),
        }

    def line(self, _: Translate = ENGLISH) -> str:
        """`120 cases: 97 consistent, 21 with findings, 2 could not be checked (34.2 s)`."""
        sentence = (
            _(
                "{cases} case: {consistent} consistent, {with_findings} with findings, "
                "{failed} could not be checked ({seconds} s)"
            )
            if self.cases == 1
            else _(
                "{cases} cases: {consistent} consistent, {with_findings} with findings, "
                "{failed} could not be checked ({seconds} s)"
            )
        )
        return sentence.format(
            cases=self.cases,
            consistent=self.consistent,
            with_findings=self.with_findings,
            failed=self.failed,
            seconds=f"{self.seconds:.1f}",
        )


class SummaryWriter(Protocol):
    """Takes each case's outcome as it finishes; writes the summary at the end."""

    def add(self, outcome: Outcome) -> None: ...

    def finish(self, totals: Totals) -> None: ...

    def close(self) -> None: ...


def _codes(report: Report) -> str:
    return " ".join(sorted({f.code for f in report.findings}))


def _counts(report: Report) -> tuple[int, int]:
    errors = sum(1 for f in report.findings if f.severity is Severity.ERROR)
    warnings = sum(1 for f in report.findings if f.severity is Severity.WARNING)
    return errors, warnings


def _verdict(result: CaseResult) -> str:
    if result.error is not None:
        return "failed"
    return "consistent" if result.passed else "findings"


def _field_head(english: str, field: Field, lang: str, _: Translate) -> str:
    """A field's column head: English keeps the key it always showed, others their word."""
    return english if lang == "en" else field_label(field, _)


def _verdict_word(verdict: str, _: Translate) -> str:
    """A case's verdict (`failed`, `consistent`, `findings`) in the output language."""
    words = {"failed": _("failed"), "consistent": _("consistent"), "findings": _("findings")}
    return words[verdict]


def _name(result: CaseResult) -> str:
    return result.sku or result.path.name or str(result.path)


class _Output:
    """Where a summary goes: a file written atomically, or a stream."""

    def __init__(self, output: Path | None, stream: IO[str]) -> None:
        self.output = output
        self.stream = stream
        if output is not None:
            check_target(output)

    def write(self, pieces: Iterator[str]) -> None:
        if self.output is None:
            write_stream(self.stream, pieces)
        else:
            write_atomically(self.output, pieces)


class _SpooledWriter:
    """Shared plumbing: one spool, one output."""

    def __init__(self, output: Path | None, stream: IO[str], config: Config) -> None:
        self.out = _Output(output, stream)
        self.config = config
        self.spool = Spool()
        self._ = translator(config.lang)

    def close(self) -> None:
        self.spool.close()


class TextWriter(_SpooledWriter):
    """One line per SKU: verdict, the three field statuses, finding codes; then totals."""

    def add(self, outcome: Outcome) -> None:
        result = outcome.result
        _ = self._
        statuses = "  ".join(pad(status_word(row.status, _), 12) for row in result.report.fields)
        verdict = pad(_verdict_word(_verdict(result), _), 10)
        line = f"{_name(result):<24} {verdict}  {statuses}  {_codes(result.report)}"
        self.spool.put(result.index, line.rstrip() + "\n")

    def finish(self, totals: Totals) -> None:
        _ = self._
        # English keeps the field keys as column heads; another language shows its words.
        heads = [_field_head(f.value, f, self.config.lang, _) for f in COMPARED_FIELDS]
        header = (
            f"{'SKU':<24} {pad(_('verdict'), 10)}  "
            + "  ".join(pad(head, 12) for head in heads)
            + f"  {_('findings')}\n"
        )
        self.out.write(iter([header, *self.spool.ordered(), totals.line(_) + "\n"]))


class JsonWriter(_SpooledWriter):
    """The catalogue as one JSON object; each case holds the single-case report object."""

    def add(self, outcome: Outcome) -> None:
        result = outcome.result
        record = {"schema_version": SCHEMA_VERSION, **result.report.to_record()}
        case = {
            "sku": result.sku,
            "path": str(result.path),
            "error": result.error,
            "ok": record["ok"],
            "fields": record["fields"],
            "findings": record["findings"],
            "report": record,
        }
        self.spool.put(result.index, json.dumps(case, ensure_ascii=False))

    def finish(self, totals: Totals) -> None:
        head = {"schema_version": SCHEMA_VERSION, "ok": totals.ok, "summary": totals.record()}
        opening = json.dumps(head, ensure_ascii=False)[:-1] + ', "cases": [\n'

        def pieces() -> Iterator[str]:
            yield opening
            for number, piece in enumerate(self.spool.ordered()):
                yield ("" if number == 0 else ",\n") + piece
            yield "\n]}\n"

        self.out.write(pieces())


CSV_COLUMNS = (
    "sku",
    "path",
    "verdict",
    "product_name",
    "model_number",
    "manufacturer",
    "errors",
    "warnings",
    "findings",
    "listing_model_number",
    "test_report_model_number",
    "message",
)


class CsvWriter(_SpooledWriter):
    """A table per SKU; every cell is escaped against formula injection."""

    def add(self, outcome: Outcome) -> None:
        result = outcome.result
        report = result.report
        errors, warnings = _counts(report)
        models = {row.field.value: row for row in report.fields}.get("model_number")

        def first(source: str) -> str:
            if models is None:
                return ""
            values = [e.raw for e in models.values if e.source.value == source]
            return values[0] if values else ""

        first_error = next((f for f in report.findings if f.severity is Severity.ERROR), None)
        row = [
            result.sku or "",
            str(result.path),
            _verdict(result),
            *(r.status.value for r in report.fields),
            errors,
            warnings,
            _codes(report),
            first("listing"),
            first("test_report"),
            f"{first_error.code}: {first_error.message}" if first_error else "",
        ]
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow([escape_cell(c) for c in row])
        self.spool.put(result.index, buffer.getvalue())

    def finish(self, totals: Totals) -> None:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow(CSV_COLUMNS)
        self.out.write(iter([buffer.getvalue(), *self.spool.ordered()]))


class JunitWriter(_SpooledWriter):
    """One JUnit document, one `<testsuite>` per SKU (the `junit` format's suite)."""

    def __init__(self, output: Path | None, stream: IO[str], config: Config) -> None:
        super().__init__(output, stream, config)
        self.tests = 0
        self.failures = 0

    def add(self, outcome: Outcome) -> None:
        result = outcome.result
        document = registry.formatter("junit")(result.report, self.config)
        root = ET.fromstring(
            document.split("\n", 1)[1] if document.startswith("<?xml") else document
        )
        suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
        pieces = []
        for suite in suites:
            self.tests += int(suite.get("tests", "0"))
            self.failures += int(suite.get("failures", "0"))
            ET.indent(suite, space="  ", level=1)
            pieces.append("  " + ET.tostring(suite, encoding="unicode").rstrip() + "\n")
        self.spool.put(result.index, "".join(pieces))

    def finish(self, totals: Totals) -> None:
        opening = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="consistency" '
            f'tests="{self.tests}" failures="{self.failures}" errors="0" '
            f'time="{totals.seconds:.3f}">\n'
        )
        self.out.write(iter([opening, *self.spool.ordered(), "</testsuites>\n"]))


_INDEX_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#1d1d1f}
h1{font-size:1.4em}table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #ddd;padding:.35em .6em;text-align:left;vertical-align:top}
th{background:#f4f4f6}.consistent{color:#17692e}.findings,.mismatch{color:#b3261e;font-weight:600}
.failed{color:#8a4b00;font-weight:600}.missing{color:#8a4b00}code{font-size:.92em}
.ok{background:#e7f5ea;padding:.6em 1em}.bad{background:#fdecea;padding:.6em 1em}
"""
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


class HtmlWriter(_SpooledWriter):
    """`index.html` linking one self-contained HTML report per SKU, in the `--output` folder.

    Each case's page is rendered by the worker (it needs the documents' pixels) and
    written here as soon as the case finishes, so an interrupted run keeps its pages.
    """

    def __init__(self, output: Path | None, stream: IO[str], config: Config) -> None:
        if output is None:
            raise UsageError("--format html writes a folder of pages: give --output DIR")
        if output.exists() and not output.is_dir():
            raise UsageError(f"{output}: --format html needs a folder, and this is a file")
        output.mkdir(parents=True, exist_ok=True)
        super().__init__(output / "index.html", stream, config)
        self.folder = output
        self.names: set[str] = {"index.html"}

    def _page_name(self, result: CaseResult) -> str:
        stem = _UNSAFE_NAME.sub("_", _name(result)).strip("._")[:80] or "case"
        name = f"{stem}.html"
        if name.lower() in self.names:
            name = f"{stem}-{result.index}.html"
        self.names.add(name.lower())
        return name

    def add(self, outcome: Outcome) -> None:
        result = outcome.result
        page = outcome.rendered.get("html")
        if page is None:  # a Python caller, a failed case, or a page the worker could not draw
            try:
                page = registry.formatter("html")(result.report, self.config)
            except Exception as exc:
                sentence = self._(
                    "The HTML page of this case could not be drawn ({error}); the verdict is "
                    "in the index and in the other formats."
                ).format(error=f"{type(exc).__name__}: {exc}")
                page = (
                    f'<!DOCTYPE html><html lang="{self._lang()}"><meta charset="utf-8"><title>'
                    f"{esc(_name(result))}</title><p>{esc(sentence)}</p></html>\n"
                )
        name = self._page_name(result)
        _Output(self.folder / name, io.StringIO()).write(iter([page]))
        statuses = "".join(
            f'<td class="{esc(row.status.value)}">{esc(status_word(row.status, self._))}</td>'
            for row in result.report.fields
        )
        verdict = _verdict(result)
        verdict_word = _verdict_word(verdict, self._)
        first = next((f for f in result.report.findings if f.severity is Severity.ERROR), None)
        message = f"{first.code}: {first.message}" if first else ""
        self.spool.put(
            result.index,
            (
                f'<tr><td><a href="{esc(name)}">{esc(_name(result))}</a></td>'
                f'<td class="{verdict}">{esc(verdict_word)}</td>{statuses}'
                f"<td><code>{esc(_codes(result.report))}</code></td><td>{esc(message)}</td>"
                f"<td><code>{esc(result.path)}</code></td></tr>\n"
            ),
        )

    def _lang(self) -> str:
        return HTML_LANG.get(self.config.lang, self.config.lang)

    def finish(self, totals: Totals) -> None:
        _ = self._
        state = "ok" if totals.ok else "bad"
        heads = "".join(
            f"<th>{esc(_field_head(f.value.replace('_', ' '), f, self.config.lang, _))}</th>"
            for f in COMPARED_FIELDS
        )
        line = esc(totals.line(_))
        opening = (
            f'<!DOCTYPE html>\n<html lang="{self._lang()}"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
            '<meta name="referrer" content="no-referrer">'
            f"<title>consistency · {esc(_('catalogue'))}: {line}</title>"
            f"<style>{_INDEX_STYLE}</style></head><body>\n"
            f'<h1>{esc(_("Catalogue check"))}</h1><p class="{state}">{line}</p>\n'
            f"<table><thead><tr><th>SKU</th><th>{esc(_('verdict'))}</th>{heads}"
            f"<th>{esc(_('findings'))}</th><th>{esc(_('first error'))}</th>"
            f"<th>{esc(_('case folder'))}</th></tr></thead><tbody>\n"
        )
        self.out.write(iter([opening, *self.spool.ordered(), "</tbody></table></body></html>\n"]))


_WRITERS: dict[str, type[TextWriter | JsonWriter | CsvWriter | JunitWriter | HtmlWriter]] = {
    "text": TextWriter,
    "json": JsonWriter,
    "csv": CsvWriter,
    "junit": JunitWriter,
    "html": HtmlWriter,
}


def writer(format_name: str, output: Path | None, stream: IO[str], config: Config) -> SummaryWriter:
    """The summary writer for a batch `--format`."""
    if format_name not in _WRITERS:
        raise UsageError(f"unknown batch format '{format_name}' (one of: {', '.join(FORMATS)})")
    return _WRITERS[format_name](output, stream, config)
