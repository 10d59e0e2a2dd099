"""SP-API JSON listings: Listings Items (one item or `items`), Catalog Items, listings feeds.

Attributes are arrays of `{"value": ..., "language_tag": ..., "marketplace_id": ...}`; the
en_US entry is read first.  The camelCase `summaries` are a fallback only: Amazon's own
example pairs TV attributes with a suitcase summary, and the attributes are the listing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from consistency.config import Limits
from consistency.errors import DocumentError
from consistency.extract.listing.export import EVIDENCE_ORDER, Listing
from consistency.extract.listing.formats import SP_API_JSON
from consistency.extract.listing.rows import (
    ListingRow,
    ListingValue,
    cell_text,
    clean_value,
    group,
)
from consistency.fields.listing_headers import (
    COLUMN_FIELD,
    JSON_ATTRIBUTES,
    JSON_SUMMARIES,
    TYPED_IDS,
    Column,
)
from consistency.model import Field

#: Attributes of which every entry is a value (several barcodes, one document per
#: content type); of the others the preferred entry is read.
_EVERY_ENTRY = frozenset({Column.PRODUCT_ID, Column.COMPLIANCE_MEDIA})
_MODEL_ORDER = {Column.MODEL: 0, Column.MODEL_NAME: 1, Column.PART: 2}
_FIELD_ORDER = {field: position for position, field in enumerate(EVIDENCE_ORDER)}
#: Fields that make a JSON item a product (a feed message holding only a deletion is not).
_PRODUCT_FIELDS = frozenset(
    {Field.PRODUCT_NAME, Field.BRAND, Field.MANUFACTURER, Field.MODEL_NUMBER, Field.PRODUCT_ID}
)


def json_items(document: Any) -> list[tuple[str, Any]] | None:
    """The items of a JSON listing with their locator prefixes; None for another shape."""
    if isinstance(document, dict) and isinstance(document.get("items"), list):
        return [(f"items[{i}].", item) for i, item in enumerate(document["items"])]
    if isinstance(document, dict) and isinstance(document.get("messages"), list):
        return [(f"messages[{i}].", item) for i, item in enumerate(document["messages"])]
    if isinstance(document, dict) and ("attributes" in document or "summaries" in document):
        return [("", document)]
    if isinstance(document, list):
        return [(f"[{i}].", item) for i, item in enumerate(document)]
    return None


def read_json(path: Path, text: str, encoding: str, limits: Limits) -> Listing:
    """An SP-API Listings Items or Catalog Items response, or a JSON listings feed."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise DocumentError(str(path), f"the JSON is not valid: {exc}") from None
    items = json_items(document)
    if items is None:
        raise DocumentError(
            str(path),
            "not a listing export: the JSON has no `items`, `messages` or "
            "`attributes` (expected an SP-API Listings Items or Catalog Items response, or a "
            "JSON listings feed)",
        )
    if len(items) > limits.max_listing_rows:
        raise DocumentError(
            str(path),
            f"the listing has more than {limits.max_listing_rows:,} items "
            "(limits.max_listing_rows)",
            limit="max_listing_rows",
        )
    rows: list[ListingRow] = []
    for position, (prefix, item) in enumerate(items, start=1):
        if isinstance(item, dict):
            row = json_row(item, prefix, position)
            if row is not None:
                rows.append(row)
    if not rows:
        raise DocumentError(
            str(path),
            "no product rows: no item in the JSON has a title, "
            "brand, manufacturer, model number or identifier",
        )
    return Listing(path, SP_API_JSON, encoding, tuple(rows), None)


def _scalar(value: Any, kind: Column | None = None) -> str | None:
    """A JSON value as text; booleans only for the safety attestation (`true`/`false`)."""
    if isinstance(value, bool):
        return ("true" if value else "false") if kind == Column.SAFETY_ATTESTATION else None
    if isinstance(value, str | int | float):
        return clean_value(cell_text(value))
    return None


def _preferred(entries: list[Any], key: str, kind: Column) -> int | None:
    """The entry to read: en_US first, then any English, then the first marketplace's."""
    usable = [i for i, e in enumerate(entries) if isinstance(e, dict) and _scalar(e.get(key), kind)]
    if not usable:
        return None
    tags = [str(entries[i].get("language_tag") or "").casefold() for i in usable]
    for index, tag in zip(usable, tags, strict=True):
        if tag == "en_us":
            return index
    for index, tag in zip(usable, tags, strict=True):
        if tag.startswith("en"):
            return index
    return usable[0]


def _entry_value(
    name: str, kind: Column, key: str, entry: dict[str, Any], locator: str
) -> ListingValue | None:
    raw = _scalar(entry.get(key), kind)
    if not raw:
        return None
    id_type = TYPED_IDS.get(kind)
    detail = None
    if kind == Column.PRODUCT_ID:
        declared = _scalar(entry.get("type"))
        id_type = declared.upper() if declared else None
    elif kind == Column.COMPLIANCE_MEDIA:
        content = [_scalar(entry.get(k)) for k in ("content_type", "content_language")]
        detail = ", ".join(part for part in content if part) or None
    return ListingValue(COLUMN_FIELD[kind], raw, name, locator, kind, id_type, detail)


def _attribute_values(
    attributes: Mapping[str, Any], prefix: str, marketplaces: dict[str, str]
) -> tuple[list[ListingValue], set[Column]]:
    """Values of the attributes we read, and the columns they filled."""
    values: list[ListingValue] = []
    found_kinds: set[Column] = set()
    for name, (kind, key) in JSON_ATTRIBUTES.items():
        entries = attributes.get(name)
        if not isinstance(entries, list):
            continue
        for index, entry in enumerate(entries):
            # The listing is on every marketplace its attributes have an entry for.
            if isinstance(entry, dict) and _scalar(entry.get(key), kind):
                where = f"{prefix}attributes.{name}[{index}].marketplace_id"
                _note_marketplace(entry.get("marketplace_id"), where, marketplaces)
        preferred = _preferred(entries, key, kind)
        chosen = range(len(entries)) if kind in _EVERY_ENTRY else [preferred]
        for position in chosen:
            entry = entries[position] if position is not None else None
            if isinstance(entry, dict):
                locator = f"{prefix}attributes.{name}[{position}]"
                value = _entry_value(name, kind, key, entry, locator)
                if value is not None:
                    values.append(value)
                    found_kinds.add(kind)
    return values, found_kinds


def _note_marketplace(raw: Any, locator: str, marketplaces: dict[str, str]) -> None:
    marketplace = _scalar(raw)
    if marketplace:
        marketplaces.setdefault(marketplace, locator)


def json_row(item: Mapping[str, Any], prefix: str, position: int) -> ListingRow | None:
    """One product of the JSON, or None when it holds none of the fields we read."""
    attributes = item.get("attributes")
    marketplaces: dict[str, str] = {}
    values, found_kinds = _attribute_values(
        attributes if isinstance(attributes, dict) else {}, prefix, marketplaces
    )
    values.extend(_json_summaries(item, prefix, found_kinds, marketplaces))
    values.extend(_json_identifiers(item, prefix, marketplaces))
    asin = _scalar(item.get("asin"))
    if asin:
        values.append(
            ListingValue(Field.PRODUCT_ID, asin, "asin", f"{prefix}asin", Column.ASIN, "ASIN")
        )
    if not any(v.field in _PRODUCT_FIELDS for v in values):
        return None
    sku = _scalar(item.get("sku"))
    if sku:
        values.append(ListingValue(Field.SKU, sku, "sku", f"{prefix}sku", Column.SKU))
    for marketplace, locator in marketplaces.items():
        values.append(
            ListingValue(
                Field.MARKETPLACE, marketplace, "marketplace_id", locator, Column.MARKETPLACE
            )
        )
    values.sort(
        key=lambda v: (_FIELD_ORDER.get(v.field, 99), _MODEL_ORDER.get(Column(v.column), 0))
    )
    return ListingRow(sku, position, group(values))


def _json_summaries(
    item: Mapping[str, Any], prefix: str, found_kinds: set[Column], marketplaces: dict[str, str]
) -> list[ListingValue]:
    summaries = item.get("summaries")
    if not isinstance(summaries, list):
        return []
    for index, summary in enumerate(summaries):
        if isinstance(summary, dict):
            _note_marketplace(
                summary.get("marketplaceId"),
                f"{prefix}summaries[{index}].marketplaceId",
                marketplaces,
            )
    values = []
    for name, kind in JSON_SUMMARIES.items():
        if kind in found_kinds:
            continue
        for index, summary in enumerate(summaries):
            raw = _scalar(summary.get(name)) if isinstance(summary, dict) else None
            if raw:
                values.append(
                    ListingValue(
                        COLUMN_FIELD[kind],
                        raw,
                        name,
                        f"{prefix}summaries[{index}].{name}",
                        kind,
                        TYPED_IDS.get(kind),
                    )
                )
                break
    return values


def _json_identifiers(
    item: Mapping[str, Any], prefix: str, marketplaces: dict[str, str]
) -> list[ListingValue]:
    """Catalog Items `identifiers`: per marketplace, a list of `{identifier, identifierType}`."""
    groups = item.get("identifiers")
    if not isinstance(groups, list):
        return []
    values = []
    for g, identifiers in enumerate(groups):
        if not isinstance(identifiers, dict):
            continue
        _note_marketplace(
            identifiers.get("marketplaceId"),
            f"{prefix}identifiers[{g}].marketplaceId",
            marketplaces,
        )
        entries = identifiers.get("identifiers")
        if not isinstance(entries, list):
            continue
        for i, entry in enumerate(entries):
            raw = _scalar(entry.get("identifier")) if isinstance(entry, dict) else None
            if raw:
                id_type = _scalar(entry.get("identifierType"))
                values.append(
                    ListingValue(
                        Field.PRODUCT_ID,
                        raw,
                        "identifier",
                        f"{prefix}identifiers[{g}].identifiers[{i}]",
                        Column.PRODUCT_ID,
                        id_type.upper() if id_type else None,
                    )
                )
    return values
