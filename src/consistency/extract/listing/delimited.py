"""Tab-, comma-, semicolon- and pipe-separated listings: Amazon's .txt reports and sellers' CSVs.

The delimiter is the one under which the first rows hold the best listing header (or
the one Excel's `sep=;` hint line names); Amazon's tab-separated exports are read
without quoting, because they never quote and a title may start with `"`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from consistency.config import Limits
from consistency.errors import DocumentError
from consistency.extract.listing.export import Listing
from consistency.extract.listing.formats import CSV
from consistency.extract.listing.headers import (
    HEADER_SEARCH_ROWS,
    Header,
    find_header,
    format_of,
    has_template_row,
)
from consistency.extract.listing.rows import no_header, no_products, table_rows

_DELIMITERS = ("\t", ",", ";", "|")


def _records(
    text: str, delimiter: str, quoting: Literal[0, 1, 2, 3]
) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter, quoting=quoting, strict=False
    )
    yield from enumerate(reader, start=1)


def _first_records(text: str, delimiter: str) -> list[list[str]]:
    found: list[list[str]] = []
    try:
        for _, record in _records(text, delimiter, csv.QUOTE_MINIMAL):
            found.append(record)
            if len(found) >= HEADER_SEARCH_ROWS:
                break
    except csv.Error:
        pass  # a stray quote swallowing the file under this delimiter: not this delimiter
    return found


def _sep_hint(text: str) -> str | None:
    """The delimiter Excel's "sep=;" hint line names, if the text starts with one."""
    first_line = text.split("\n", 1)[0].strip()
    if first_line.casefold().startswith("sep=") and len(first_line) == 5:
        return first_line[4]
    return None


def _without_sep_line(text: str) -> str:
    if _sep_hint(text) is None:
        return text
    return text.split("\n", 1)[1] if "\n" in text else ""


def delimited_header(text: str) -> tuple[Header, str, list[list[str]]] | None:
    """The best header row under any delimiter, the delimiter, and the first records."""
    hint = _sep_hint(text)
    delimiters = (hint,) if hint is not None else _DELIMITERS
    text = _without_sep_line(text)
    best: tuple[Header, str, list[list[str]]] | None = None
    for delimiter in delimiters:
        head = _first_records(text, delimiter)
        header = find_header(head)
        if header is not None and (best is None or header.score > best[0].score):
            best = (header, delimiter, head)
    return best


def read_delimited(path: Path, text: str, encoding: str, limits: Limits) -> Listing:
    """A tab-, comma-, semicolon- or pipe-separated listing."""
    best = delimited_header(text)
    if best is None:
        raise no_header(path, "")
    header, delimiter, head = best
    fmt = format_of(header, head[: header.position], path, workbook=False)
    # Amazon's tab-separated exports never quote: a title starting with `"` is literal.
    amazon = fmt != CSV and delimiter == "\t"
    quoting: Literal[0, 1, 2, 3] = csv.QUOTE_NONE if amazon else csv.QUOTE_MINIMAL
    template = has_template_row(head[: header.position])
    header_row = header.position + 1
    try:
        rows = table_rows(
            path,
            _records(_without_sep_line(text), delimiter, quoting),
            header,
            header_row,
            fmt,
            template,
            limits,
            lambda n: f"row {n}",
        )
    except csv.Error as exc:
        raise DocumentError(str(path), f"the text is not valid delimited data: {exc}") from None
    header_at = f"row {header_row}"
    if not rows:
        raise no_products(path, fmt, header_at)
    return Listing(path, fmt, encoding, tuple(rows), header_at)
