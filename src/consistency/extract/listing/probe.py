"""`probe`: is a file a listing export we can read?  Judged from its content, cheaply.

The case resolver asks this of every file in a case folder, so it reads at most the
first 64 KiB of a text file, the first rows of each sheet of a workbook, and parses
JSON whole only when it is small.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import attrs

from consistency.config import Limits
from consistency.errors import DocumentError
from consistency.extract.listing.delimited import delimited_header
from consistency.extract.listing.encoding import decode
from consistency.extract.listing.formats import (
    FORMAT_NAMES,
    WORKBOOK_KINDS,
    not_a_listing_reason,
)
from consistency.extract.listing.headers import (
    HEADER_SEARCH_ROWS,
    Header,
    find_header,
    format_of,
)
from consistency.extract.listing.sp_api import json_items, json_row
from consistency.extract.listing.workbook import open_workbook, sheet_head
from consistency.extract.sniff import container

#: Bytes of a text file looked at by `probe`: the header sits in the first rows.
PROBE_TEXT_BYTES = 65_536
#: A JSON file up to this size is parsed whole by `probe`; a larger one is judged by the
#: keys in its head (a 100 MB catalogue dump is not parsed to answer a yes/no question).
PROBE_JSON_BYTES = 4_000_000
#: How many JSON items `probe` tries before deciding none is a product.
PROBE_JSON_ITEMS = 20
_JSON_HEAD_KEYS = re.compile(r'"(attributes|summaries|identifiers)"\s*:')
_TEXT_KINDS = {"\t": "tsv", ",": "csv", ";": "csv"}


@attrs.frozen
class ListingProbe:
    """Whether a file is a listing export `consistency` can read, judged from its content.

    `format` is what the file is (xlsx, xls, ods, xlsb, csv, tsv, txt, json, pdf, image,
    numbers...); `reason` says why it is or is not a listing, in words a seller can act on.
    """

    is_listing: bool
    format: str
    reason: str


def probe(path: Path) -> ListingProbe:
    """Whether `path` is a listing export we can read, from its first rows only.

    A CSV/TSV/TXT counts when a row among its first rows names listing columns (a SKU or
    title column and another known one), a workbook when one of its sheets does, a JSON
    file when it has the shape of an SP-API Listings/Catalog Items response or a JSON
    listings feed with at least one product.  Never raises for a file's content: a file
    that cannot be read gets `is_listing=False` and the reason.
    """
    path = Path(path)
    try:
        kind = container(path)
    except DocumentError as exc:
        return ListingProbe(False, "unreadable", exc.reason)
    try:
        if kind in WORKBOOK_KINDS:
            return _probe_workbook(path, kind)
        if kind == "json":
            return _probe_json(path)
        if kind == "text":
            return _probe_text(path)
    except DocumentError as exc:
        return ListingProbe(False, kind, exc.reason)
    except OSError as exc:
        return ListingProbe(False, kind, f"cannot be read: {exc.strerror or exc}")
    return ListingProbe(False, kind, not_a_listing_reason(kind))


def _found(kind: str, fmt: str, header: Header, where: str) -> ListingProbe:
    names = ", ".join(column.header for column in header.columns[:4])
    return ListingProbe(True, kind, f"{FORMAT_NAMES[fmt]} with columns {names} ({where})")


def _no_listing_columns(kind: str, what: str) -> ListingProbe:
    return ListingProbe(
        False,
        kind,
        f"{what} whose headers name no SKU, title or model column in its first "
        f"{HEADER_SEARCH_ROWS} rows",
    )


def _probe_text(path: Path) -> ListingProbe:
    with path.open("rb") as handle:
        data = handle.read(PROBE_TEXT_BYTES)
    if len(data) == PROBE_TEXT_BYTES and b"\n" in data:
        # Never cut a character in two: end after a line feed, and in UTF-16 (NULs in
        # the text) after the whole two-byte character.
        cut = data.rindex(b"\n") + 1
        if cut % 2 and b"\x00" in data[:64]:
            cut += 1
        data = data[:cut]
    text, _ = decode(data, path)
    found = delimited_header(text)
    if found is None:
        first_line = text.split("\n", 1)[0]
        if "\t" in first_line:
            return _no_listing_columns("tsv", "a tab-separated text")
        if "," in first_line or ";" in first_line:
            return _no_listing_columns("csv", "a CSV")
        return _no_listing_columns("txt", "a text file")
    header, delimiter, head = found
    fmt = format_of(header, head[: header.position], path, workbook=False)
    return _found(_TEXT_KINDS.get(delimiter, "txt"), fmt, header, f"row {header.position + 1}")


def _probe_json(path: Path) -> ListingProbe:
    if path.stat().st_size > PROBE_JSON_BYTES:
        with path.open("rb") as handle:
            head = handle.read(PROBE_TEXT_BYTES).decode("utf-8", "replace")
        if _JSON_HEAD_KEYS.search(head):
            return ListingProbe(True, "json", "SP-API JSON (listing attributes in its first items)")
        return ListingProbe(
            False, "json", "a JSON file without SP-API listing attributes in its first items"
        )
    text, _ = decode(path.read_bytes(), path)
    try:
        document = json.loads(text.lstrip("\ufeff \t\r\n"))
    except (ValueError, RecursionError):
        return ListingProbe(False, "json", "a file that starts like JSON but is not valid JSON")
    items = json_items(document)
    if items is None:
        return ListingProbe(
            False,
            "json",
            "a JSON file without `items`, `messages` or `attributes` (not an SP-API "
            "Listings/Catalog Items response or a JSON listings feed)",
        )
    for position, (prefix, item) in enumerate(items[:PROBE_JSON_ITEMS], start=1):
        if isinstance(item, dict) and json_row(item, prefix, position) is not None:
            return ListingProbe(True, "json", "SP-API JSON with listing attributes")
    return ListingProbe(
        False, "json", "an SP-API-shaped JSON file whose items hold no title, brand or model"
    )


def _probe_workbook(path: Path, kind: str) -> ListingProbe:
    with open_workbook(path, kind, Limits(), streaming=False) as sheets:
        for sheet in sheets:
            head = sheet_head(sheet)
            header = find_header(head)
            if header is not None:
                fmt = format_of(header, head[: header.position], path, workbook=True)
                where = f"sheet {sheet.name}, row {header.position + 1}"
                return _found(kind, fmt, header, where)
    return _no_listing_columns(kind, f"a workbook (.{kind})")
