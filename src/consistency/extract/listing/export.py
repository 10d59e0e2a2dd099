"""A parsed listing export: its product rows, the row of a SKU, and that row as evidence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs
from rapidfuzz import fuzz, process

from consistency.errors import UsageError
from consistency.extract.listing.rows import ListingRow, ListingValue
from consistency.fields import normalise
from consistency.fields.listing_headers import MARKETPLACES, Column, marketplace_code
from consistency.model import Evidence, Field, HowRead, Kind, Role

#: The order evidence of a row is given in: the compared identity first, then the
#: identifiers, then what the readiness checks read (GPSR contacts, documents, marketplace).
EVIDENCE_ORDER: tuple[Field, ...] = (
    Field.PRODUCT_NAME,
    Field.BRAND,
    Field.MANUFACTURER,
    Field.MODEL_NUMBER,
    Field.PRODUCT_ID,
    Field.SKU,
    Field.ELECTRONIC_ADDRESS,
    Field.RESPONSIBLE_PERSON,
    Field.SAFETY_ATTESTATION,
    Field.COMPLIANCE_MEDIA,
    Field.MARKETPLACE,
)
_ALTERNATE_COLUMNS = frozenset({Column.PART, Column.MODEL_NAME})


def sku_key(sku: str) -> str:
    """SKUs are matched stripped and case-insensitively (sellers retype them by hand)."""
    return sku.strip().casefold()


def _sku_index(rows: Sequence[ListingRow]) -> dict[str, int]:
    index: dict[str, int] = {}
    for position, row in enumerate(rows):
        if row.sku:
            # A SKU listed twice (one row per marketplace) keeps its first row.
            index.setdefault(sku_key(row.sku), position)
    return index


def _marketplace_note(value: ListingValue) -> str | None:
    """`DE, amazon.de` for a marketplace we know, followed by where it was read."""
    code = marketplace_code(value.raw)
    known = None
    if code is not None:
        domain = next(d for c, d in MARKETPLACES.values() if c == code)
        known = f"{code}, {domain}"
    parts = [part for part in (known, value.detail) if part]
    return "; ".join(parts) or None


@attrs.frozen
class Listing:
    """A parsed listing export: its format, its text encoding and its product rows."""

    path: Path
    format: str
    #: The text encoding that was detected (None for workbooks, whose XML says it).
    encoding: str | None
    rows: tuple[ListingRow, ...]
    #: Where the column headers were found ("sheet Template, row 5"), for messages.
    header_at: str | None = None
    by_sku: Mapping[str, int] = attrs.field(
        init=False, default=attrs.Factory(lambda self: _sku_index(self.rows), takes_self=True)
    )

    @property
    def extractor(self) -> str:
        """The extractor name evidence from this listing carries: `listing/<format>`."""
        return f"listing/{self.format}"

    def skus(self) -> list[str]:
        """Every SKU in file order."""
        return [row.sku for row in self.rows if row.sku]

    def select(self, sku: str | None) -> ListingRow:
        """The row of `sku`, or the only product when no SKU is given.

        Raises `UsageError` for an unknown SKU (naming up to five existing SKUs, closest
        first) and when the file holds several products but no SKU was given.
        """
        if sku is None or not sku.strip():
            if len(self.rows) == 1:
                return self.rows[0]
            examples = ", ".join(self.skus()[:5]) or "(the rows have no SKU column)"
            raise UsageError(
                f"{self.path.name} holds {len(self.rows)} products: pass --sku to choose one "
                f"(for example {examples})"
            )
        position = self.by_sku.get(sku_key(sku))
        if position is not None:
            return self.rows[position]
        # A catalogue item has no SKU; sellers then name it by its ASIN or barcode.
        wanted = normalise(Field.PRODUCT_ID, sku)
        for row in self.rows:
            if any(
                normalise(Field.PRODUCT_ID, v.raw) == wanted
                for v in row.values.get(Field.PRODUCT_ID, ())
            ):
                return row
        raise UsageError(f"SKU '{sku}' is not in {self.path.name}; {self._closest(sku)}")

    def _closest(self, sku: str) -> str:
        skus = self.skus()
        if not skus:
            return "its rows have no SKU column, so it cannot be searched by SKU"
        keys = [sku_key(s) for s in skus]
        matches = process.extract(sku_key(sku), keys, scorer=fuzz.WRatio, limit=5)
        names = ", ".join(skus[index] for _, _, index in matches)
        return f"SKUs in this file include: {names}"

    def evidence(self, row: ListingRow, file: str) -> list[Evidence]:
        """Evidence for one row, field by field in `EVIDENCE_ORDER`."""
        return [
            self._evidence(value, file)
            for field in EVIDENCE_ORDER
            for value in row.values.get(field, ())
        ]

    def _evidence(self, value: ListingValue, file: str) -> Evidence:
        role = Role.ALTERNATE if value.column in _ALTERNATE_COLUMNS else Role.MAIN
        label = value.header
        if value.id_type and value.id_type.casefold() not in value.header.casefold():
            label = f"{value.header} ({value.id_type})"
        note = _marketplace_note(value) if value.field == Field.MARKETPLACE else value.detail
        return Evidence(
            field=value.field,
            raw=value.raw,
            normalised=normalise(value.field, value.raw),
            source=Kind.LISTING,
            file=file,
            extractor=self.extractor,
            page=None,
            bbox=None,
            label=label,
            confidence=1.0,
            role=role,
            locator=value.locator,
            note=note,
            how_read=HowRead.TYPED,
            relation="cell",
        )
