"""Product rows of a listing: one `ListingRow` per product, built from its cells.

Cells sellers fill with placeholders (`n/a`, `-`) are empty; Amazon's example row in a
template is not a product; a run of blank rows ends a sheet styled far below its data.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from consistency.config import Limits
from consistency.errors import DocumentError
from consistency.extract.listing.formats import (
    ALL_LISTINGS_REPORT,
    CATEGORY_LISTINGS,
    TEMPLATE_2025,
)
from consistency.extract.listing.headers import (
    HEADER_SEARCH_ROWS,
    Header,
    HeaderColumn,
    is_example_row,
)
from consistency.fields import normalise
from consistency.fields.listing_headers import (
    ALL_LISTINGS_ID_TYPES,
    COLUMN_FIELD,
    ID_COLUMNS,
    PLACEHOLDERS,
    TYPED_IDS,
    Column,
)
from consistency.model import Field

#: Blank rows in a row after which a sheet is taken to be over (styled but empty rows).
MAX_BLANK_RUN = 10_000

#: Columns of which a row has one value: templates repeat a field per language, and the
#: first filled one is the listing's.
_SINGLE_VALUED = (
    Column.TITLE,
    Column.BRAND,
    Column.MANUFACTURER,
    Column.MODEL,
    Column.MODEL_NAME,
    Column.PART,
    Column.MANUFACTURER_EMAIL,
    Column.RESPONSIBLE_PERSON,
    Column.SAFETY_ATTESTATION,
    Column.MARKETPLACE,
)
#: Columns whose value makes a row a product; a row holding only a marketplace or an
#: attestation (defaults a seller filled down) is not one.
_IDENTITY = frozenset(
    {
        Column.SKU,
        Column.TITLE,
        Column.BRAND,
        Column.MANUFACTURER,
        Column.MODEL,
        Column.MODEL_NAME,
        Column.PART,
        *ID_COLUMNS,
    }
)
#: Fields of which a value repeated in a row (a part number equal to the model, the
#: same document for two marketplaces) adds nothing.
_DEDUPLICATED = frozenset(
    {Field.MODEL_NUMBER, Field.PRODUCT_ID, Field.COMPLIANCE_MEDIA, Field.MARKETPLACE}
)


@attrs.frozen
class ListingValue:
    """One non-empty cell of a product row, with the column header as the file spells it."""

    field: Field = attrs.field(converter=Field)
    raw: str
    #: The column header (or JSON attribute) as in the file: `model`, `Model No.`, `商品名`.
    header: str
    #: Where the cell sits: "row 7", "sheet Template, row 9", "items[0].attributes.brand[0]".
    locator: str
    #: What the column holds: `model_number`, `part_number`, `model_name`, `title`, `asin`...
    column: str
    #: For product identifiers: UPC, EAN, GTIN, ASIN... when the file says which.
    id_type: str | None = None
    #: What else the file says about the value: a compliance document's content type and
    #: language, the column key a marketplace was read from.
    detail: str | None = None


@attrs.frozen
class ListingRow:
    """One product of a listing export: its SKU, its row and its values by field."""

    sku: str | None
    #: 1-based row of the sheet or text file (the item's position for JSON).
    row: int
    values: Mapping[Field, tuple[ListingValue, ...]]

    def first(self, field: Field) -> ListingValue | None:
        """The first value of `field` in this row, if any."""
        found = self.values.get(field, ())
        return found[0] if found else None


def cell_text(value: Any) -> str:
    """A cell as text: whole numbers without `.0` (barcodes), dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def clean_value(value: str) -> str | None:
    """The value as printed, stripped; None for empty cells and placeholders."""
    text = value.strip()
    if text.casefold() in PLACEHOLDERS:
        return None
    return text


def build_row(
    cells: Sequence[str],
    columns: Sequence[HeaderColumn],
    row_number: int,
    locator: str,
    all_listings: bool,
) -> ListingRow | None:
    """One product row from its cells, or None when none of its identity cells has a value."""
    by_kind: dict[Column, list[tuple[HeaderColumn, str]]] = {}
    for column in columns:
        if column.index < len(cells):
            value = clean_value(cells[column.index])
            if value is not None:
                by_kind.setdefault(column.kind, []).append((column, value))
    if not _IDENTITY & by_kind.keys():
        return None
    id_type = None
    if by_kind.get(Column.PRODUCT_ID_TYPE):
        id_type = by_kind[Column.PRODUCT_ID_TYPE][0][1].upper()
        if all_listings:
            id_type = ALL_LISTINGS_ID_TYPES.get(id_type, id_type)
    values: list[ListingValue] = []
    for kind in _SINGLE_VALUED:
        if by_kind.get(kind):
            column, value = by_kind[kind][0]
            values.append(ListingValue(COLUMN_FIELD[kind], value, column.header, locator, kind))
    for kind in (Column.PRODUCT_ID, *TYPED_IDS):
        for column, value in by_kind.get(kind, ()):
            typed = TYPED_IDS.get(kind, id_type)
            values.append(
                ListingValue(Field.PRODUCT_ID, value, column.header, locator, kind, typed)
            )
    for column, value in by_kind.get(Column.COMPLIANCE_MEDIA, ()):
        values.append(
            ListingValue(
                Field.COMPLIANCE_MEDIA,
                value,
                column.header,
                locator,
                Column.COMPLIANCE_MEDIA,
                detail=column.detail,
            )
        )
    values.extend(_key_marketplaces(by_kind, locator))
    sku = by_kind[Column.SKU][0] if by_kind.get(Column.SKU) else None
    if sku is not None:
        values.append(ListingValue(Field.SKU, sku[1], sku[0].header, locator, Column.SKU))
    return ListingRow(sku[1] if sku else None, row_number, group(values))


def _key_marketplaces(
    by_kind: Mapping[Column, list[tuple[HeaderColumn, str]]], locator: str
) -> list[ListingValue]:
    """The marketplaces named by the keys of a row's filled 2025-template columns.

    A template's keys say which marketplace each column is for
    (`item_name[marketplace_id=A1PA6795UKMFR9]...`); a filled cell puts its product there.
    """
    found: list[ListingValue] = []
    for filled in by_kind.values():
        for column, _ in filled:
            if column.marketplace:
                found.append(
                    ListingValue(
                        Field.MARKETPLACE,
                        column.marketplace,
                        "marketplace_id",
                        locator,
                        Column.MARKETPLACE,
                        detail=f"from the column key {column.header}",
                    )
                )
    return found


def group(values: Iterable[ListingValue]) -> dict[Field, tuple[ListingValue, ...]]:
    """Values by field, with model alternates that repeat the main model and repeated ids dropped.

    A part number or model name equal to the model number adds nothing; one that
    differs is kept as an alternate (its role is set from the column kind).
    """
    grouped: dict[Field, list[ListingValue]] = {}
    seen: dict[Field, set[str]] = {}
    for value in values:
        if value.field in _DEDUPLICATED:
            key = normalise(value.field, value.raw)
            if key in seen.setdefault(value.field, set()):
                continue
            seen[value.field].add(key)
        grouped.setdefault(value.field, []).append(value)
    return {field: tuple(found) for field, found in grouped.items()}


def table_rows(
    path: Path,
    records: Iterator[tuple[int, Sequence[str]]],
    header: Header,
    header_row: int,
    fmt: str,
    template: bool,
    limits: Limits,
    where: Callable[[int], str],
) -> list[ListingRow]:
    """Product rows below the header; Amazon's example row and blank rows are skipped."""
    rows: list[ListingRow] = []
    blank_run = 0
    for row_number, cells in records:
        if row_number <= header_row:
            continue
        if is_example_row(cells, template and row_number == header_row + 1):
            continue
        built = build_row(
            cells, header.columns, row_number, where(row_number), fmt == ALL_LISTINGS_REPORT
        )
        if built is None:
            blank_run += 1
            if blank_run >= MAX_BLANK_RUN:
                break
            continue
        blank_run = 0
        if len(rows) >= limits.max_listing_rows:
            raise DocumentError(
                str(path),
                f"the listing has more than {limits.max_listing_rows:,} product rows "
                "(limits.max_listing_rows); export only the SKUs you need, or raise the limit "
                "in [tool.consistency.limits]",
                limit="max_listing_rows",
            )
        rows.append(built)
    return rows


def no_header(path: Path, where: str) -> DocumentError:
    """The error for a file without a listing header among its first rows."""
    return DocumentError(
        str(path),
        f"not a listing export: no header row with a title or SKU column was found in the "
        f"first {HEADER_SEARCH_ROWS} rows{where} (expected an Amazon flat file or template, "
        "an All Listings Report, SP-API JSON, or a CSV with columns such as SKU, Title, "
        "Brand, Manufacturer, Model)",
    )


def no_products(path: Path, fmt: str, header_at: str) -> DocumentError:
    """The error for a listing with headers but no product under them (a blank template)."""
    extra = " below Amazon's example row" if fmt in (TEMPLATE_2025, CATEGORY_LISTINGS) else ""
    return DocumentError(
        str(path),
        f"no product rows: the column headers are in {header_at} but no product follows"
        f"{extra}; this looks like a blank template. Fill in your product, or download the "
        "listing from Seller Central (Inventory > Inventory Reports > All Listings Report, or "
        "Catalog > Category Listings Report)",
    )
