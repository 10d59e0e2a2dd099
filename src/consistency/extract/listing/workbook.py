"""Workbook listings: .xlsx/.xlsm through openpyxl, .xls, .xlsb and .ods through calamine.

openpyxl streams an .xlsx row by row (a 100k-row export in flat memory) and is what the
rest of the project writes with; python-calamine reads the formats openpyxl cannot
(Excel 97-2003 .xls, binary .xlsb, LibreOffice's .ods).  Macros are neither executed
nor kept, and a zipped workbook's declared sizes are checked before anything is inflated.
"""

from __future__ import annotations

import contextlib
import functools
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import python_calamine

from consistency.config import Limits
from consistency.errors import DocumentError, UsageError
from consistency.extract.listing.export import Listing
from consistency.extract.listing.formats import NOT_LISTINGS, TEMPLATE_2025
from consistency.extract.listing.headers import (
    HEADER_SEARCH_ROWS,
    find_header,
    format_of,
    has_template_row,
)
from consistency.extract.listing.rows import cell_text, no_header, no_products, table_rows

#: Sheets looked at for a listing header (Amazon's templates have about ten).
MAX_SHEETS = 30


def check_zip(path: Path, limits: Limits) -> None:
    """Refuse zip bombs before parsing: the parts' declared sizes bound what is inflated.

    Python's zipfile never inflates more than a member's declared size (and fails its
    CRC check if the data was longer), so summing the declared sizes is a sound bound.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise DocumentError(str(path), f"the workbook is damaged or truncated ({exc})") from None
    total = sum(member.file_size for member in members)
    if total > limits.max_listing_bytes:
        raise DocumentError(
            str(path),
            f"the workbook unpacks to {total:,} bytes, over the limit of "
            f"{limits.max_listing_bytes:,} (limits.max_listing_bytes); this may be a zip bomb. "
            "Raise the limit in [tool.consistency.limits] only if the file is genuine",
            limit="max_listing_bytes",
        )


@attrs.frozen
class Sheet:
    """One worksheet: its name and a way to walk its rows as (1-based number, cells),
    all of them or only the first n."""

    name: str
    rows: Callable[[int | None], Iterator[tuple[int, Sequence[Any]]]]


def _openpyxl_rows(sheet: Any, limit: int | None) -> Iterator[tuple[int, Sequence[Any]]]:
    yield from enumerate(sheet.iter_rows(max_row=limit, values_only=True), start=1)


def _calamine_rows(
    workbook: python_calamine.CalamineWorkbook, name: str, limit: int | None
) -> Iterator[tuple[int, Sequence[Any]]]:
    # The whole grid from A1 (calamine otherwise skips the empty rows and columns before
    # the data), so that locators name the cell the seller sees.  calamine holds the
    # sheet in memory anyway; .xls sheets stop at 65,536 rows.
    sheet = workbook.get_sheet_by_name(name)
    yield from enumerate(sheet.to_python(skip_empty_area=False, nrows=limit), start=1)


def _template_first(names: Iterable[str]) -> list[str]:
    """Sheet names, at most `MAX_SHEETS`, Amazon's `Template` first (the others are help)."""
    chosen = list(names)[:MAX_SHEETS]
    chosen.sort(key=lambda name: name.strip().casefold() != "template")
    return chosen


@contextlib.contextmanager
def _openpyxl_sheets(path: Path) -> Iterator[list[Sheet]]:
    with warnings.catch_warnings(), path.open("rb") as handle:
        # openpyxl warns about every Excel extension it drops (data validation...).
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(
            handle, read_only=True, keep_vba=False, data_only=True, keep_links=False
        )
        try:
            yield [
                Sheet(name, functools.partial(_openpyxl_rows, book[name]))
                for name in _template_first(book.sheetnames)
                if hasattr(book[name], "iter_rows")  # not a chartsheet
            ]
        finally:
            book.close()


@contextlib.contextmanager
def _calamine_sheets(path: Path) -> Iterator[list[Sheet]]:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        worksheets = [
            sheet.name
            for sheet in book.sheets_metadata
            if sheet.typ == python_calamine.SheetTypeEnum.WorkSheet
        ]
        yield [
            Sheet(name, functools.partial(_calamine_rows, book, name))
            for name in _template_first(worksheets)
        ]
    finally:
        book.close()


@contextlib.contextmanager
def open_workbook(
    path: Path, kind: str, limits: Limits, *, streaming: bool = True
) -> Iterator[list[Sheet]]:
    """The worksheets of a workbook of container `kind` (xlsx, xls, xlsb or ods).

    `streaming=False` reads an .xlsx with calamine too: 20 times faster to open than
    openpyxl (0.09 s against 1.6 s for Amazon's 1.3 MB LAB_CHEMICAL template), for
    looking at a few rows; openpyxl's row-by-row streaming is for reading a whole export.
    Every failure of either engine becomes a `DocumentError` naming the file.
    """
    if kind != "xls":
        check_zip(path, limits)
    opener = _openpyxl_sheets if kind == "xlsx" and streaming else _calamine_sheets
    try:
        with opener(path) as sheets:
            yield sheets
    except (DocumentError, UsageError):
        raise
    except python_calamine.PasswordError:
        what, instead, _ = NOT_LISTINGS["encrypted"]
        raise DocumentError(str(path), f"this is {what}; {instead}") from None
    except Exception as exc:  # both engines raise anything (KeyError, XML errors) on bad parts
        raise DocumentError(
            str(path), f"the workbook cannot be read ({type(exc).__name__}: {exc})"
        ) from None


def sheet_head(sheet: Sheet) -> list[list[str]]:
    """The first rows of a sheet as text, where its header row must be."""
    return [[cell_text(v) for v in cells] for _, cells in sheet.rows(HEADER_SEARCH_ROWS)]


def _sheet_locator(sheet: str, row: int) -> str:
    return f"sheet {sheet}, row {row}"


def read_workbook(path: Path, kind: str, limits: Limits) -> Listing:
    """A workbook listing: the first sheet (`Template` first) that holds a listing header."""
    with open_workbook(path, kind, limits) as sheets:
        return _read_sheets(path, sheets, limits)


def _read_sheets(path: Path, sheets: Sequence[Sheet], limits: Limits) -> Listing:
    for sheet in sheets:
        head = sheet_head(sheet)
        header = find_header(head)
        if header is None:
            continue
        fmt = format_of(header, head[: header.position], path, workbook=True)
        template = has_template_row(head[: header.position]) or fmt == TEMPLATE_2025
        header_row = header.position + 1
        # Only the recognised columns are turned into text: templates are 285 columns wide.
        wanted = {column.index for column in header.columns}
        width = max(wanted) + 1
        records = (
            (
                number,
                [cell_text(row[i]) if i in wanted and i < len(row) else "" for i in range(width)],
            )
            for number, row in sheet.rows(None)
        )
        rows = table_rows(
            path,
            records,
            header,
            header_row,
            fmt,
            template,
            limits,
            functools.partial(_sheet_locator, sheet.name),
        )
        header_at = f"sheet {sheet.name}, row {header_row}"
        if not rows:
            raise no_products(path, fmt, header_at)
        return Listing(path, fmt, None, tuple(rows), header_at)
    names = ", ".join(sheet.name for sheet in sheets)
    raise no_header(path, f" of any sheet ({names or 'no sheets'})")
