"""Writers of real listing files for the listing tests: xlsx, xls, ods and delimited text.

Each writer produces the file format itself (openpyxl, xlwt and odfpy write the same
bytes Excel and LibreOffice read), never a mock of a reader's output.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest
import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

Cell = str | int | float | None


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
