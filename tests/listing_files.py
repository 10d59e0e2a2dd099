"""Writers of real listing files for the listing tests: xlsx, xls, ods and delimited text.

Each writer produces the file format itself (openpyxl, xlwt and odfpy write the same
bytes Excel and LibreOffice read), never a mock of a reader's output.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest
import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

from consistency.config import Config, Limits
from consistency.extract.listing import extract_listing
from consistency.model import Document, Evidence, Kind

Cell = str | int | float | None

#: Examples per property; CI runs the default, `CONSISTENCY_FUZZ_EXAMPLES=20000` fuzzes longer.
FUZZ_EXAMPLES = int(os.environ.get("CONSISTENCY_FUZZ_EXAMPLES", "200"))


def config(**limits: int) -> Config:
    """The default configuration with some limits changed."""
    return Config(limits=Limits(**limits))


def extract(path: Path, sku: str | None = None, cfg: Config | None = None) -> list[Evidence]:
    """The listing extractor's evidence for `sku` (or the only product) of `path`."""
    return extract_listing(Document(path, Kind.LISTING, sku), cfg or Config())


def values(evidence: Sequence[Evidence]) -> list[tuple[str, str, str, str | None]]:
    """(field, role, raw, label) of each piece of evidence, in order."""
    return [(e.field.value, e.role.value, e.raw, e.label) for e in evidence]


def write_workbook(
    path: Path,
    rows: Sequence[Sequence[object]],
    sheet: str = "Template",
    extra_sheets: Sequence[str] = ("Instructions",),
) -> Path:
    """An .xlsx/.xlsm with `rows` on `sheet`, after a help sheet (as Amazon's templates)."""
    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    first.title = extra_sheets[0] if extra_sheets else sheet
    first["A1"] = "Read me first"
    for name in extra_sheets[1:]:
        workbook.create_sheet(name)
    target = workbook.create_sheet(sheet) if extra_sheets else first
    for row in rows:
        target.append(list(row))
    workbook.save(path)
    return path


def write_xls(
    path: Path, rows: Sequence[Sequence[Cell]], sheet: str = "Template", skip: int = 0
) -> Path:
    """An Excel 97-2003 .xls (BIFF8) with `rows` on `sheet`, starting `skip` rows down."""
    workbook = xlwt.Workbook(encoding="utf-8")
    workbook.add_sheet("Instructions").write(0, 0, "Read me first")
    target = workbook.add_sheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None and value != "":
                target.write(r + skip, c, value)
    workbook.save(str(path))
    return path


def write_ods(path: Path, rows: Sequence[Sequence[Cell]], sheet: str = "Template") -> Path:
    """An OpenDocument spreadsheet (.ods) with `rows` on `sheet`, after a help sheet."""
    document = OpenDocumentSpreadsheet()
    for name, content in (("Instructions", [["Read me first"]]), (sheet, rows)):
        table = Table(name=name)
        for row in content:
            table_row = TableRow()
            for value in row:
                if isinstance(value, int | float):
                    cell = TableCell(valuetype="float", value=value)
                else:
                    cell = TableCell(valuetype="string")
                if value is not None and value != "":
                    cell.addElement(P(text=str(value)))
                table_row.addElement(cell)
            table.addElement(table_row)
        document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def write_delimited(
    path: Path,
    rows: Sequence[Sequence[str]],
    encoding: str,
    delimiter: str = ",",
    newline: str = "\r\n",
) -> Path:
    """A CSV (or other delimiter) as Excel's csv writer quotes it."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_tsv_raw(path: Path, rows: Sequence[Sequence[str]], encoding: str) -> Path:
    """Tab-separated without any quoting, the way Amazon writes its reports."""
    path.write_bytes("".join("\t".join(row) + "\r\n" for row in rows).encode(encoding))
    return path


def _real_reports() -> Path:
    """The shared folder of real public documents: next to the repository or a worktree."""
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "real-reports"
        if candidate.is_dir():
            return candidate
    return Path(__file__).resolve().parents[2] / "shared" / "real-reports"


REAL = _real_reports()


def real_file(relative: str) -> Path:
    """A file of ../shared/real-reports; the test is skipped (saying so) where it is absent."""
    path = REAL / relative
    if not path.is_file():
        pytest.skip(f"{REAL} is not present")
    return path
