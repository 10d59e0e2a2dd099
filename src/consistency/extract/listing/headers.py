"""Finding a listing's header row and naming its format, by the column names it holds.

The header row sits among the first rows of a sheet or text file (templates put it on
row 3 or 5, under help text and human labels).  Columns are recognised by the header
vocabulary of `consistency.fields.listing_headers`, in their compact form, with
bilingual headers (`商品标题 Title`, `Model No.(型号)`) cut into known labels.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs

from consistency.extract.listing.formats import (
    ALL_LISTINGS_REPORT,
    CATEGORY_LISTINGS,
    CSV,
    FLAT_FILE,
    SPREADSHEET,
    TEMPLATE_2025,
)
from consistency.fields.listing_headers import (
    EXAMPLE_VALUES,
    FILLERS,
    HEADERS,
    ID_COLUMNS,
    MACHINE_KEYS,
    SUB_ATTRIBUTES,
    TEMPLATE_2025_KEY,
    Column,
)

#: How many rows from the top a header row may sit (templates put it on row 3 or 5).
HEADER_SEARCH_ROWS = 10
#: Longer cells are never headers: the longest 2025 key (a compliance_media column) has
#: about 140 characters, while templates' first rows hold instructions and base64
#: settings blobs of tens of kilobytes that would otherwise be cut into labels.
MAX_HEADER_CHARS = 300
#: A header cut into more words than this is a sentence, not bilingual labels
#: (`型号 Model No. *必填` is four); the cutting tries every span, so this bounds it.
MAX_HEADER_WORDS = 8

_KEY_PARTS = re.compile(
    r"^(?P<base>[^\[#]+)(?P<selectors>(?:\[[^\]]*\])*)(?:#(?P<index>\d+)\.(?P<sub>.+))?$"
)
_SELECTOR = re.compile(r"\[(?P<name>[^=\]]+)=(?P<value>[^\]]*)\]")
_CATEGORY_LISTINGS_NAME = re.compile(r"category[\s+_\-.]*listings?", re.IGNORECASE)
_CJK = "\u3000-\u30ff\u4e00-\u9fff"


@attrs.frozen
class HeaderColumn:
    """A recognised column: its position, its header as in the file and what it holds."""

    index: int
    header: str
    kind: Column
    #: The marketplace a 2025 template key names (`[marketplace_id=A1PA6795UKMFR9]`).
    marketplace: str | None = None
    #: What else the key says about its values (a compliance document's content type).
    detail: str | None = None


def compact(header: str) -> str:
    """A header's comparison form: NFKC, lower case, punctuation and underscores as spaces.

    NFKC turns full-width forms (`（`, `／`, `：`) into ASCII; the CJK brackets and marks
    it leaves alone (`【】「」《》、`) are listed with the ASCII ones.
    """
    text = unicodedata.normalize("NFKC", header).casefold()
    text = re.sub(r"[\s_\-./\\|#:;()\[\]{},*'\"‘’“”【】「」『』《》〈〉、。・+&]+", " ", text)
    return " ".join(text.split())


def tight(compact_header: str) -> str:
    """`compact` without the spaces next to CJK characters: `卖家 sku` is `卖家sku`."""
    return re.sub(rf" (?=[{_CJK}])|(?<=[{_CJK}]) ", "", compact_header)


def _tokens(compact_header: str) -> list[str]:
    """The words of a compact header, CJK runs split from Latin ones (`sku编号` is two)."""
    spaced = re.sub(
        rf"(?<=[{_CJK}])(?=[^{_CJK} ])|(?<=[^{_CJK} ])(?=[{_CJK}])", " ", compact_header
    )
    return spaced.split()


_TIGHT_HEADERS: Mapping[str, Column] = {tight(key): kind for key, kind in HEADERS.items()}


def _parts_kind(compact_header: str) -> Column | None:
    """What a header made of several labels holds: `商品标题 Title`, `Model No.(型号)`.

    Sellers of Chinese and Japanese goods write bilingual headers, in either order and
    with any separator.  The header is cut into known headers and filler words, longest
    label first; a header with an unknown word in it (`Parent SKU`, `Manufacturer contact`,
    `价格 Price`) is not a column we read, so a qualifier never turns into the value it
    qualifies.  The labels must agree: `Brand/Manufacturer` is ambiguous and not read.
    """
    tokens = _tokens(compact_header)
    if not 2 <= len(tokens) <= MAX_HEADER_WORDS:
        return None
    kinds: set[Column] = set()
    start = 0
    while start < len(tokens):
        for end in range(len(tokens), start, -1):
            span = tight(" ".join(tokens[start:end]))
            kind = _TIGHT_HEADERS.get(span)
            if kind is not None:
                kinds.add(kind)
                break
            if span in FILLERS:
                break
        else:
            return None
        start = end
    if len(kinds) == 1:
        return kinds.pop()
    if kinds and kinds <= ID_COLUMNS:
        # `条码 UPC` is a UPC; `条码/EAN/UPC` is some identifier.
        typed = kinds - {Column.PRODUCT_ID}
        return typed.pop() if len(typed) == 1 else Column.PRODUCT_ID
    return None


def column_kind(header: str) -> Column | None:
    """What a column holds, from its header (a key, an All Listings name or a seller's title).

    An exact name wins; otherwise a header made of several known labels, such as the
    bilingual `商品标题 Title` or `Model No.(型号)`, holds what its labels agree on.
    """
    key = header.strip()
    if len(key) > MAX_HEADER_CHARS:
        return None
    match = _KEY_PARTS.match(key)
    if match and ("[" in key or "#" in key):
        # 2025 keys: `model_number[marketplace_id=...]#1.value` is the model number; a
        # second value (`#2.value`) or an unknown sub-attribute (`#1.sku`) is something
        # else; a known one (`gpsr_manufacturer_reference...#1.gpsr_manufacturer_email_address`)
        # holds its own field.
        base, index, sub = match["base"].strip(), match["index"], match["sub"]
        if index not in (None, "1"):
            return None
        if sub not in (None, "value"):
            return SUB_ATTRIBUTES.get((base.casefold(), sub.casefold()))
        kind = _TIGHT_HEADERS.get(tight(compact(base)))
        if kind is not None or TEMPLATE_2025_KEY.search(key):
            return kind
    compact_key = tight(compact(key))
    return _TIGHT_HEADERS.get(compact_key) or _parts_kind(compact(key))


def key_selectors(header: str) -> dict[str, str]:
    """The `[name=value]` selectors of a 2025 template key, e.g. `marketplace_id`."""
    match = _KEY_PARTS.match(header.strip())
    if not match or not match["selectors"]:
        return {}
    return {m["name"].strip(): m["value"].strip() for m in _SELECTOR.finditer(match["selectors"])}


def _column(index: int, header: str, kind: Column) -> HeaderColumn:
    selectors = key_selectors(header)
    detail = None
    if kind == Column.COMPLIANCE_MEDIA and "content_type" in selectors:
        language = selectors.get("content_language")
        detail = selectors["content_type"] + (f", {language}" if language else "")
    return HeaderColumn(index, header, kind, selectors.get("marketplace_id") or None, detail)


def is_machine_key(header: str) -> bool:
    """True for an Amazon attribute key (`item_sku`, `seller-sku`, a 2025 template key)."""
    key = header.strip().casefold()
    return key in MACHINE_KEYS or bool(TEMPLATE_2025_KEY.search(key))


@attrs.frozen
class Header:
    """The header row found in the first rows of a sheet or text file."""

    position: int  #: 0-based index of the header row among the rows read
    headers: tuple[str, ...]
    columns: tuple[HeaderColumn, ...]
    machine: int  #: how many cells are Amazon attribute keys

    @property
    def score(self) -> tuple[int, int]:
        """Rows of attribute keys first, then the row with the most recognised columns."""
        return (self.machine, len(self.columns))


def find_header(rows: Sequence[Sequence[str]]) -> Header | None:
    """The row among `rows` that reads as the column header of a listing.

    A row of Amazon attribute keys wins over a row of human labels (templates carry
    both, the labels in the seller's language); a header needs a title or a SKU column
    and columns of at least two different kinds (a row with "SKU" and "contribution_sku"
    in it is a description of the columns, not a header).
    """
    best: Header | None = None
    for position, cells in enumerate(rows):
        columns = []
        for index, cell in enumerate(cells):
            kind = column_kind(cell) if cell else None
            if kind is not None:
                columns.append(_column(index, cell.strip(), kind))
        kinds = {c.kind for c in columns}
        if len(kinds) < 2 or not kinds & {Column.TITLE, Column.SKU}:
            continue
        machine = sum(1 for cell in cells if cell and is_machine_key(cell))
        found = Header(position, tuple(c.strip() for c in cells), tuple(columns), machine)
        if best is None or found.score > best.score:
            best = found
    return best


def format_of(header: Header, above: Sequence[Sequence[str]], path: Path, workbook: bool) -> str:
    """The listing format, from the header's keys, the rows above it and the file name."""
    keys = {h.casefold() for h in header.headers if h}
    compacts = {compact(h) for h in header.headers if h}
    if ({"seller-sku", "item-name"} <= keys or {"出品者sku", "商品名"} <= compacts) and not keys & {
        "item_sku",
        "contribution_sku",
    }:
        return ALL_LISTINGS_REPORT
    is_2025 = any(TEMPLATE_2025_KEY.search(k) for k in keys) or "contribution_sku" in keys
    is_flat = bool(
        keys & {"item_sku", "feed_product_type", "external_product_id"}
    ) or has_template_row(above)
    if is_2025 or is_flat:
        if _CATEGORY_LISTINGS_NAME.search(path.name):
            return CATEGORY_LISTINGS
        return TEMPLATE_2025 if is_2025 else FLAT_FILE
    return SPREADSHEET if workbook else CSV


def has_template_row(above: Sequence[Sequence[str]]) -> bool:
    """Amazon templates open with `TemplateType=...` (legacy) or `settings=...` (2025)."""
    return any(
        cell.strip().startswith(("TemplateType=", "settings="))
        for row in above
        for cell in row
        if cell
    )


def is_example_row(cells: Sequence[str], right_under_keys: bool) -> bool:
    """Amazon's example row: its known values, and its place right under the key row."""
    hits = sum(1 for cell in cells if cell and cell.strip().casefold() in EXAMPLE_VALUES)
    return hits >= (1 if right_under_keys else 2)
