"""Listing exports: Amazon flat files, 2025 templates, reports, SP-API JSON and sellers' CSVs.

A listing export is parsed once into a `Listing` (its format, its encoding, one
`ListingRow` per product) and cached per process, so a 100k-row export shared by many
SKUs of a batch run costs one parse.  `extract_listing` then picks the row of the
document's SKU and turns it into `Evidence`.

Formats are recognised by content, not by file name: a zip is a workbook, `{`/`[` is
JSON, anything else is delimited text whose header row is found among its first rows by
the column names it holds (`item_sku`, `item-name`, `Model No.`, `商品名`, or bilingual
ones such as `商品标题 Title` and `Model No.(型号)`).  The
header row of an Amazon template is the row of attribute keys, not the row of human
labels above it, because the keys do not change with the seller's language.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import functools
import io
import itertools
import json
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs
import charset_normalizer
import openpyxl
import python_calamine
from rapidfuzz import fuzz, process

from consistency.config import Config, Limits
from consistency.errors import DocumentError, UsageError
from consistency.extract.sniff import container
from consistency.model import Document, Evidence, Field, HowRead, Kind, Role

_fields_normalise: Callable[[Field, str], str] | None
try:
    from consistency.fields import normalise as _fields_normalise
except ImportError:  # pragma: no cover - only while the fields package is being written
    _fields_normalise = None


def _normalise(field: Field, raw: str) -> str:
    """The comparison form of a value: the shared normaliser, so every source agrees."""
    if _fields_normalise is not None:
        return str(_fields_normalise(field, raw))
    return raw.strip().casefold()


#: Extractor names, one per format, as `Evidence.extractor` reports them.
FLAT_FILE = "flat-file"
TEMPLATE_2025 = "template-2025"
CATEGORY_LISTINGS = "category-listings"
ALL_LISTINGS_REPORT = "all-listings-report"
SP_API_JSON = "sp-api-json"
CSV = "csv"
SPREADSHEET = "spreadsheet"  #: a seller's own .xlsx with common headers

#: How many rows from the top a header row may sit (templates put it on row 3 or 5).
HEADER_SEARCH_ROWS = 10
#: Blank rows in a row after which a sheet is taken to be over (styled but empty rows).
_MAX_BLANK_RUN = 10_000
_MAX_SHEETS = 30

# What a column holds.  Several column kinds feed one field (model, model name and part
# number are all model numbers, with different roles).
_SKU = "sku"
_TITLE = "title"
_BRAND = "brand"
_MANUFACTURER = "manufacturer"
_MODEL = "model_number"
_MODEL_NAME = "model_name"
_PART = "part_number"
_PRODUCT_ID = "product_id"
_PRODUCT_ID_TYPE = "product_id_type"
_TYPED_IDS = {
    "upc": "UPC",
    "ean": "EAN",
    "gtin": "GTIN",
    "asin": "ASIN",
    "isbn": "ISBN",
    "jan": "JAN",
}

_KIND_FIELD: Mapping[str, Field] = {
    _SKU: Field.SKU,
    _TITLE: Field.PRODUCT_NAME,
    _BRAND: Field.BRAND,
    _MANUFACTURER: Field.MANUFACTURER,
    _MODEL: Field.MODEL_NUMBER,
    _MODEL_NAME: Field.MODEL_NUMBER,
    _PART: Field.MODEL_NUMBER,
    _PRODUCT_ID: Field.PRODUCT_ID,
    **{kind: Field.PRODUCT_ID for kind in _TYPED_IDS},
}

# Column headers in their compact form (see `_compact`): lower case, punctuation as spaces.
# Amazon attribute keys, the All Listings Report's names, and the headers sellers write,
# in the languages Seller Central localises exports into.
_HEADERS: Mapping[str, str] = {
    **dict.fromkeys(
        (
            "sku",
            "item sku",
            "seller sku",
            "merchant sku",
            "contribution sku",
            "sku id",
            "出品者sku",
            "verkäufer sku",
            "händler sku",
            "sku vendeur",
            "sku du vendeur",
            "sku del venditore",
            "sku del vendedor",
            "sku venditore",
            "卖家sku",
            "商家sku",
            "商品sku",
            "seller sku id",
            "货号",
            "商品货号",
            "貨號",
        ),
        _SKU,
    ),
    **dict.fromkeys(
        (
            "item name",
            "title",
            "product name",
            "product title",
            "item title",
            "listing title",
            "name",
            "product",
            "商品名",
            "商品名称",
            "产品名称",
            "產品名稱",
            "品名",
            "标题",
            "商品标题",
            "产品标题",
            "標題",
            "商品標題",
            "商品名稱",
            "商品タイトル",
            "製品名",
            "produktname",
            "produkttitel",
            "titel",
            "artikelname",
            "artikelbezeichnung",
            "nom du produit",
            "nom de l article",
            "titre",
            "nome del prodotto",
            "nome prodotto",
            "titolo",
            "nombre del producto",
            "título",
            "titulo",
        ),
        _TITLE,
    ),
    **dict.fromkeys(
        (
            "brand",
            "brand name",
            "marke",
            "markenname",
            "ブランド",
            "ブランド名",
            "品牌",
            "品牌名称",
            "商标",
            "商標",
            "marque",
            "nom de marque",
            "marca",
            "nome del marchio",
        ),
        _BRAND,
    ),
    **dict.fromkeys(
        (
            "manufacturer",
            "maker",
            "manufactured by",
            "manufacturer name",
            "hersteller",
            "メーカー",
            "メーカー名",
            "製造元",
            "製造者",
            "制造商",
            "生产商",
            "生产厂家",
            "厂家",
            "厂商",
            "製造商",
            "生產商",
            "廠家",
            "廠商",
            "herstellername",
            "fabricant",
            "fabricante",
            "produttore",
            "casa produttrice",
        ),
        _MANUFACTURER,
    ),
    **dict.fromkeys(
        (
            "model",
            "model number",
            "model no",
            "model nr",
            "model num",
            "modelnumber",
            "model code",
            "modell",
            "modellnummer",
            "modelnummer",
            "typenbezeichnung",
            "型番",
            "品番",
            "製品型番",
            "型号",
            "规格型号",
            "产品型号",
            "型號",
            "規格型號",
            "numéro de modèle",
            "número de modelo",
            "numero modello",
            "numero di modello",
        ),
        _MODEL,
    ),
    **dict.fromkeys(
        (
            "model name",
            "modellname",
            "nom du modèle",
            "nombre del modelo",
            "nome modello",
            "型号名称",
        ),
        _MODEL_NAME,
    ),
    **dict.fromkeys(
        (
            "part number",
            "part no",
            "part nr",
            "mpn",
            "manufacturer part number",
            "herstellerteilenummer",
            "herstellernummer",
            "teilenummer",
            "メーカー型番",
            "numéro de pièce",
            "número de pieza",
            "codice produttore",
        ),
        _PART,
    ),
    **dict.fromkeys(
        (
            "external product id",
            "product id",
            "amzn1 volt ca product id value",
            "商品id",
            "produkt id",
            "barcode",
            "ean upc",
            "upc ean",
            "product code",
            "条码",
            "条形码",
            "商品条码",
            "條碼",
            "バーコード",
            "strichcode",
        ),
        _PRODUCT_ID,
    ),
    **dict.fromkeys(
        (
            "external product id type",
            "product id type",
            "amzn1 volt ca product id type",
            "商品idタイプ",
            "produkt id typ",
            "商品id类型",
            "条码类型",
        ),
        _PRODUCT_ID_TYPE,
    ),
    **dict.fromkeys(("upc", "upc code", "upc a"), "upc"),
    **dict.fromkeys(("ean", "ean13", "ean 13", "ean code"), "ean"),
    **dict.fromkeys(("gtin", "gtin 13", "gtin 14"), "gtin"),
    **dict.fromkeys(("asin", "asin1", "asin 1"), "asin"),
    "isbn": "isbn",
    **dict.fromkeys(("jan", "janコード", "jan code"), "jan"),
}

# Attribute keys as Amazon writes them (the key row of a template, the All Listings
# Report's header).  A row holding several of these is a key row, whatever labels sit above.
_MACHINE_KEYS = frozenset(
    {
        "item_sku",
        "item_name",
        "brand_name",
        "manufacturer",
        "model",
        "model_number",
        "model_name",
        "part_number",
        "external_product_id",
        "external_product_id_type",
        "feed_product_type",
        "product_type",
        "update_delete",
        "parent_child",
        "parent_sku",
        "standard_price",
        "quantity",
        "item-name",
        "item-description",
        "listing-id",
        "seller-sku",
        "product-id",
        "product-id-type",
        "asin1",
        "open-date",
        "fulfillment-channel",
        "contribution_sku",
        "brand",
        "::record_action",
        "amzn1.volt.ca.product_id_value",
        "amzn1.volt.ca.product_id_type",
    }
)
_TEMPLATE_2025_KEY = re.compile(r"\[marketplace_id=|#\d+\.\w+$")
_KEY_PARTS = re.compile(r"^(?P<base>[^\[#]+)(?:\[[^\]]*\])*(?:#(?P<index>\d+)\.(?P<sub>.+))?$")

# Amazon's own example row in the 2025 templates ("Adidas Blue Sneakers" by "Sony",
# made by "Nike, Procter & Gamble"): help text for sellers, never a product.
_EXAMPLE_VALUES = frozenset(
    {
        "adidas blue sneakers",
        "rxzer23",
        "riv001",
        "714532191586",
        "nike, procter & gamble",
        "original title,seo title",
        "(default) create or replace",
    }
)

# Values sellers type into cells they have nothing for.
_PLACEHOLDERS = frozenset(
    {
        "",
        "-",
        "--",
        "---",
        "—",
        "–",
        "n/a",
        "n.a.",
        "na",
        "n/a.",
        "#n/a",
        "none",
        "null",
        "nil",
        "not applicable",
        "not available",
        "tbd",
        "?",
    }
)

# The All Listings Report's numeric product-id-type.
_ALL_LISTINGS_ID_TYPES = {"1": "ASIN", "2": "ISBN", "3": "UPC", "4": "EAN"}

_CATEGORY_LISTINGS_NAME = re.compile(r"category[\s+_\-.]*listings?", re.IGNORECASE)


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


def _sku_key(sku: str) -> str:
    """SKUs are matched stripped and case-insensitively (sellers retype them by hand)."""
    return sku.strip().casefold()


def _sku_index(rows: Sequence[ListingRow]) -> dict[str, int]:
    index: dict[str, int] = {}
    for position, row in enumerate(rows):
        if row.sku:
            # A SKU listed twice (one row per marketplace) keeps its first row.
            index.setdefault(_sku_key(row.sku), position)
    return index


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
        position = self.by_sku.get(_sku_key(sku))
        if position is not None:
            return self.rows[position]
        # A catalogue item has no SKU; sellers then name it by its ASIN or barcode.
        wanted = _normalise(Field.PRODUCT_ID, sku)
        for row in self.rows:
            if any(
                _normalise(Field.PRODUCT_ID, v.raw) == wanted
                for v in row.values.get(Field.PRODUCT_ID, ())
            ):
                return row
        raise UsageError(f"SKU '{sku}' is not in {self.path.name}; {self._closest(sku)}")

    def _closest(self, sku: str) -> str:
        skus = self.skus()
        if not skus:
            return "its rows have no SKU column, so it cannot be searched by SKU"
        keys = [_sku_key(s) for s in skus]
        matches = process.extract(_sku_key(sku), keys, scorer=fuzz.WRatio, limit=5)
        names = ", ".join(skus[index] for _, _, index in matches)
        return f"SKUs in this file include: {names}"

    def evidence(self, row: ListingRow, file: str) -> list[Evidence]:
        """Evidence for one row: title, brand, manufacturer, model numbers, ids, SKU."""
        found: list[Evidence] = []
        for field in (
            Field.PRODUCT_NAME,
            Field.BRAND,
            Field.MANUFACTURER,
            Field.MODEL_NUMBER,
            Field.PRODUCT_ID,
            Field.SKU,
        ):
            for value in row.values.get(field, ()):
                found.append(self._evidence(value, file))
        return found

    def _evidence(self, value: ListingValue, file: str) -> Evidence:
        role = Role.ALTERNATE if value.column in (_PART, _MODEL_NAME) else Role.MAIN
        label = value.header
        if value.id_type and value.id_type.casefold() not in value.header.casefold():
            label = f"{value.header} ({value.id_type})"
        return Evidence(
            field=value.field,
            raw=value.raw,
            normalised=_normalise(value.field, value.raw),
            source=Kind.LISTING,
            file=file,
            extractor=self.extractor,
            page=None,
            bbox=None,
            label=label,
            confidence=1.0,
            role=role,
            locator=value.locator,
            how_read=HowRead.TYPED,
        )


def extract_listing(document: Document, config: Config) -> list[Evidence]:
    """The listing extractor: the evidence of the row for `document.sku` (or the only row)."""
    listing = read_listing(document.path, config)
    row = listing.select(document.sku)
    return listing.evidence(row, str(document.path))


def read_listing(path: Path, config: Config) -> Listing:
    """Parse a listing export, once per process for an unchanged file.

    Raises `DocumentError` for a file that is not a readable listing, and `UsageError`
    for a path that does not name a file.
    """
    path = Path(path)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except OSError as exc:
        raise DocumentError(str(path), f"cannot open the file: {exc.strerror or exc}") from None
    if path.is_dir():
        raise UsageError(f"{path}: is a folder; give the listing export file itself")
    try:
        return _read_cached(path.resolve(), stat.st_mtime_ns, stat.st_size, config.limits)
    except DocumentError as exc:
        # The cache works on resolved paths; users should see the path they gave.
        raise DocumentError(str(path), exc.reason, limit=exc.limit) from None


@functools.lru_cache(maxsize=16)
def _read_cached(path: Path, mtime_ns: int, size: int, limits: Limits) -> Listing:
    """Parse `path`; `mtime_ns` and `size` only key the cache so an edited file is re-read."""
    del mtime_ns
    if size == 0:
        raise DocumentError(str(path), "the file is empty")
    if size > limits.max_listing_bytes:
        raise DocumentError(
            str(path),
            f"the file is {size:,} bytes, over the limit of {limits.max_listing_bytes:,} "
            "(limits.max_listing_bytes); raise it in [tool.consistency.limits] if the file "
            "is genuine",
            limit="max_listing_bytes",
        )
    kind = container(path)
    if kind in WORKBOOK_KINDS:
        return _read_workbook(path, kind, limits)
    if kind == "zip":
        _check_zip(path, limits)  # a damaged workbook says so before "not a workbook"
    if kind not in ("json", "text"):
        raise _not_a_listing(path, kind)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(str(path), f"cannot read the file: {exc.strerror or exc}") from None
    text, encoding = _decode(data, path)
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped[:1] in ("{", "[") or path.suffix.casefold() == ".json":
        return _read_json(path, stripped, encoding, limits)
    return _read_delimited(path, text, encoding, limits)


# --- text encodings -----------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


#: Characters of decoded text looked at to judge which script it is.
_SAMPLE = 262_144

# Marks in the English titles of Chinese sellers' GB18030 exports (`Miravo™`, `BRIVANO®`).
# GB18030 spells most of them in four bytes (`81 30 85 33` is ®), a pattern Western bytes
# do not make, so they count for Chinese rather than against it.
_WESTERN_MARKS = frozenset("™®©–€½¼¾²³µ•")


def _is_kana(char: str) -> bool:
    return "\u3040" <= char <= "\u30ff"


def _is_cjk(char: str) -> bool:
    """Ideographs, kana, CJK punctuation and full-width forms: what CJK text is made of."""
    return (
        "\u3000" <= char <= "\u30ff"
        or "\u4e00" <= char <= "\u9fff"
        or "\uff01" <= char <= "\uff60"
        or "\uffe0" <= char <= "\uffe6"
    )


def _encodes(char: str, encoding: str) -> bool:
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _share_common(text: str, common: Callable[[str], bool]) -> tuple[int, float]:
    """How many non-ASCII characters `text` has, and the share of them `common` accepts."""
    foreign = [c for c in text if ord(c) > 0x7F]
    if not foreign:
        return 0, 0.0
    return len(foreign), sum(1 for c in foreign if common(c)) / len(foreign)


def _clustered(text: str) -> float:
    """Share of non-ASCII characters next to another one.

    Western text has isolated accented letters ("Café"); CJK bytes read as cp1252
    come in runs ("²úÆ·Ãû³Æ"), which is what tells them apart.
    """
    foreign = [i for i, c in enumerate(text) if ord(c) > 0x7F]
    if not foreign:
        return 0.0
    marks = set(foreign)
    return sum(1 for i in foreign if i - 1 in marks or i + 1 in marks) / len(foreign)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    """The text of a listing and the encoding it was in.

    Priors before statistics: a BOM decides; strict UTF-8 next (legacy bytes almost
    never form valid UTF-8); then cp1252, the encoding of Seller Central's Western
    exports, unless the bytes read as plausible Chinese (GB18030) or Japanese
    (Shift-JIS/cp932) text.  charset-normalizer settles what the priors cannot.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data, encoding)
            if text is None:
                raise DocumentError(
                    str(path),
                    f"the file starts with a {encoding} byte-order mark "
                    "but its text is not valid in that encoding",
                )
            return text.lstrip("\ufeff"), encoding
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if b"\x00" in data[:65536]:
        raise DocumentError(
            str(path),
            "this is a binary file, not a listing export "
            "(expected .xlsx/.xlsm, tab-separated .txt, .csv or .json)",
        )
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    western = _strict(data, "cp1252")
    japanese = _strict(data, "cp932")
    chinese = _strict(data, "gb18030")
    # Statistics on the head of the text: a 100 MB export needs no more to show its script.
    jp_count, jp_share = _share_common(
        (japanese or "")[:_SAMPLE], lambda c: _is_cjk(c) and _encodes(c, "shift_jis")
    )
    cn_count, cn_share = _share_common(
        (chinese or "")[:_SAMPLE],
        lambda c: (_is_cjk(c) and not _is_kana(c) and _encodes(c, "gb2312")) or c in _WESTERN_MARKS,
    )
    has_kana = japanese is not None and any(_is_kana(c) for c in japanese[:_SAMPLE])
    jp_plausible = japanese is not None and jp_count >= 2 and jp_share >= 0.95
    cn_plausible = chinese is not None and cn_count >= 2 and cn_share >= 0.95
    if jp_plausible and has_kana and not (cn_plausible and not _has_kana_bytes(chinese)):
        return japanese or "", "cp932"
    western_clustered = western is None or _clustered(western[:_SAMPLE]) >= 0.5
    if western_clustered and (jp_plausible or cn_plausible):
        if jp_plausible and cn_plausible:
            best = charset_normalizer.from_bytes(data, cp_isolation=["gb18030", "cp932"]).best()
            if best is not None and best.encoding == "cp932":
                return japanese or "", "cp932"
        if cn_plausible:
            return chinese or "", "gb18030"
        return japanese or "", "cp932"
    if western is not None:
        return western, "cp1252"
    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        return str(best), best.encoding
    raise DocumentError(
        str(path),
        "cannot tell the text encoding of this file; save it as "
        "UTF-8 (in Excel: Save As > CSV UTF-8)",
    )


def _has_kana_bytes(chinese: str | None) -> bool:
    """GB2312 also encodes kana; Chinese text read as GB18030 holding kana is Japanese."""
    return chinese is not None and any(_is_kana(c) for c in chinese[:_SAMPLE])


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM (some Excel "Unicode text" saves): NULs on every other byte."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    for share_zero, share_other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if share_zero > 0.4 and share_other < 0.05:
            text = _strict(data, encoding)
            if text is not None:
                return text, encoding
    return None


# --- header rows --------------------------------------------------------------------------


@attrs.frozen
class _Column:
    """A recognised column: its position, its header as in the file and what it holds."""

    index: int
    header: str
    kind: str


def _compact(header: str) -> str:
    """A header's comparison form: NFKC, lower case, punctuation and underscores as spaces.

    NFKC turns full-width forms (`（`, `／`, `：`) into ASCII; the CJK brackets and marks
    it leaves alone (`【】「」《》、`) are listed with the ASCII ones.
    """
    text = unicodedata.normalize("NFKC", header).casefold()
    text = re.sub(r"[\s_\-./\\|#:;()\[\]{},*'\"‘’“”【】「」『』《》〈〉、。・+&]+", " ", text)
    return " ".join(text.split())


def _tight(compact: str) -> str:
    """`compact` without the spaces next to CJK characters: `卖家 sku` is `卖家sku`."""
    return re.sub(
        r" (?=[\u3000-\u30ff\u4e00-\u9fff])|(?<=[\u3000-\u30ff\u4e00-\u9fff]) ", "", compact
    )


def _tokens(compact: str) -> list[str]:
    """The words of a compact header, CJK runs split from Latin ones (`sku编号` is two)."""
    spaced = re.sub(
        r"(?<=[\u3000-\u30ff\u4e00-\u9fff])(?=[^\u3000-\u30ff\u4e00-\u9fff ])"
        r"|(?<=[^\u3000-\u30ff\u4e00-\u9fff ])(?=[\u3000-\u30ff\u4e00-\u9fff])",
        " ",
        compact,
    )
    return spaced.split()


# Words a header adds to its name without changing what the column holds: a number
# marker, a language tag, a required/optional note (`SKU 编号`, `Title (EN)`, `型号 *必填`).
_FILLERS = frozenset(
    {
        "no",
        "nr",
        "num",
        "number",
        "code",
        "编号",
        "编码",
        "代码",
        "號碼",
        "番号",
        "required",
        "optional",
        "mandatory",
        "必填",
        "选填",
        "可选",
        "必須",
        "任意",
        "pflicht",
        "en",
        "cn",
        "zh",
        "de",
        "jp",
        "ja",
        "english",
        "chinese",
        "中文",
        "英文",
        "日本語",
        "deutsch",
    }
)
_TIGHT_HEADERS: Mapping[str, str] = {_tight(key): kind for key, kind in _HEADERS.items()}
_ID_KINDS = frozenset({_PRODUCT_ID, *_TYPED_IDS})


def _parts_kind(compact: str) -> str | None:
    """What a header made of several labels holds: `商品标题 Title`, `Model No.(型号)`.

    Sellers of Chinese and Japanese goods write bilingual headers, in either order and
    with any separator.  The header is cut into known headers and filler words, longest
    label first; a header with an unknown word in it (`Parent SKU`, `Manufacturer contact`,
    `价格 Price`) is not a column we read, so a qualifier never turns into the value it
    qualifies.  The labels must agree: `Brand/Manufacturer` is ambiguous and not read.
    """
    tokens = _tokens(compact)
    if len(tokens) < 2:
        return None
    kinds: set[str] = set()
    start = 0
    while start < len(tokens):
        for end in range(len(tokens), start, -1):
            span = _tight(" ".join(tokens[start:end]))
            kind = _TIGHT_HEADERS.get(span)
            if kind is not None:
                kinds.add(kind)
                break
            if span in _FILLERS:
                break
        else:
            return None
        start = end
    if len(kinds) == 1:
        return kinds.pop()
    if kinds and kinds <= _ID_KINDS:
        # `条码 UPC` is a UPC; `条码/EAN/UPC` is some identifier.
        typed = kinds - {_PRODUCT_ID}
        return typed.pop() if len(typed) == 1 else _PRODUCT_ID
    return None


def _column_kind(header: str) -> str | None:
    """What a column holds, from its header (a key, an All Listings name or a seller's title).

    An exact name wins; otherwise a header made of several known labels, such as the
    bilingual `商品标题 Title` or `Model No.(型号)`, holds what its labels agree on.
    """
    key = header.strip()
    match = _KEY_PARTS.match(key)
    if match and ("[" in key or "#" in key):
        # 2025 keys: `model_number[marketplace_id=...]#1.value` is the model number; a
        # second value (`#2.value`) or a sub-attribute (`#1.sku`) is something else.
        if match["index"] not in (None, "1") or match["sub"] not in (None, "value"):
            return None
        kind = _TIGHT_HEADERS.get(_tight(_compact(match["base"])))
        if kind is not None or _TEMPLATE_2025_KEY.search(key):
            return kind
    compact = _tight(_compact(key))
    return _TIGHT_HEADERS.get(compact) or _parts_kind(_compact(key))


def _is_machine_key(header: str) -> bool:
    key = header.strip().casefold()
    return key in _MACHINE_KEYS or bool(_TEMPLATE_2025_KEY.search(key))


@attrs.frozen
class _Header:
    """The header row found in the first rows of a sheet or text file."""

    position: int  #: 0-based index of the header row among the rows read
    headers: tuple[str, ...]
    columns: tuple[_Column, ...]
    machine: int  #: how many cells are Amazon attribute keys

    @property
    def score(self) -> tuple[int, int]:
        return (self.machine, len(self.columns))


def _find_header(rows: Sequence[Sequence[str]]) -> _Header | None:
    """The row among `rows` that reads as the column header of a listing.

    A row of Amazon attribute keys wins over a row of human labels (templates carry
    both, the labels in the seller's language); a header needs a title or a SKU column
    and columns of at least two different kinds (a row with "SKU" and "contribution_sku"
    in it is a description of the columns, not a header).
    """
    best: _Header | None = None
    for position, cells in enumerate(rows):
        columns = []
        seen: set[int] = set()
        for index, cell in enumerate(cells):
            kind = _column_kind(cell) if cell else None
            if kind is not None and index not in seen:
                columns.append(_Column(index, cell.strip(), kind))
                seen.add(index)
        kinds = {c.kind for c in columns}
        if len(kinds) < 2 or not kinds & {_TITLE, _SKU}:
            continue
        machine = sum(1 for cell in cells if cell and _is_machine_key(cell))
        found = _Header(position, tuple(c.strip() for c in cells), tuple(columns), machine)
        if best is None or found.score > best.score:
            best = found
    return best


def _format_of(header: _Header, above: Sequence[Sequence[str]], path: Path, workbook: bool) -> str:
    keys = {h.casefold() for h in header.headers if h}
    compact = {_compact(h) for h in header.headers if h}
    if ({"seller-sku", "item-name"} <= keys or {"出品者sku", "商品名"} <= compact) and not keys & {
        "item_sku",
        "contribution_sku",
    }:
        return ALL_LISTINGS_REPORT
    is_2025 = any(_TEMPLATE_2025_KEY.search(k) for k in keys) or "contribution_sku" in keys
    is_flat = bool(
        keys & {"item_sku", "feed_product_type", "external_product_id"}
    ) or _has_template_row(above)
    if is_2025 or is_flat:
        if _CATEGORY_LISTINGS_NAME.search(path.name):
            return CATEGORY_LISTINGS
        return TEMPLATE_2025 if is_2025 else FLAT_FILE
    return SPREADSHEET if workbook else CSV


def _has_template_row(above: Sequence[Sequence[str]]) -> bool:
    """Amazon templates open with `TemplateType=...` (legacy) or `settings=...` (2025)."""
    return any(
        cell.strip().startswith(("TemplateType=", "settings="))
        for row in above
        for cell in row
        if cell
    )


def _is_example_row(cells: Sequence[str], right_under_keys: bool) -> bool:
    """Amazon's example row: its known values, and its place right under the key row."""
    hits = sum(1 for cell in cells if cell and cell.strip().casefold() in _EXAMPLE_VALUES)
    return hits >= (1 if right_under_keys else 2)


# --- building rows ------------------------------------------------------------------------


def _clean_value(value: str) -> str | None:
    """The value as printed, stripped; None for empty cells and placeholders."""
    text = value.strip()
    if text.casefold() in _PLACEHOLDERS:
        return None
    return text


def _build_row(
    cells: Sequence[str],
    columns: Sequence[_Column],
    row_number: int,
    locator: str,
    all_listings: bool,
) -> ListingRow | None:
    """One product row from its cells, or None when none of its known cells has a value."""
    by_kind: dict[str, list[tuple[_Column, str]]] = {}
    for column in columns:
        if column.index < len(cells):
            value = _clean_value(cells[column.index])
            if value is not None:
                by_kind.setdefault(column.kind, []).append((column, value))
    if not any(kind != _PRODUCT_ID_TYPE for kind in by_kind):
        return None
    id_type = None
    if by_kind.get(_PRODUCT_ID_TYPE):
        id_type = by_kind[_PRODUCT_ID_TYPE][0][1].upper()
        if all_listings:
            id_type = _ALL_LISTINGS_ID_TYPES.get(id_type, id_type)
    values: list[ListingValue] = []
    for kind in (_TITLE, _BRAND, _MANUFACTURER, _MODEL, _MODEL_NAME, _PART):
        if by_kind.get(kind):
            # Templates repeat a field per language; the first filled one is the listing's.
            column, value = by_kind[kind][0]
            values.append(ListingValue(_KIND_FIELD[kind], value, column.header, locator, kind))
    for kind in (_PRODUCT_ID, *_TYPED_IDS):
        for column, value in by_kind.get(kind, ()):
            typed = _TYPED_IDS.get(kind, id_type)
            values.append(
                ListingValue(Field.PRODUCT_ID, value, column.header, locator, kind, typed)
            )
    sku = by_kind[_SKU][0] if by_kind.get(_SKU) else None
    if sku is not None:
        values.append(ListingValue(Field.SKU, sku[1], sku[0].header, locator, _SKU))
    return ListingRow(sku[1] if sku else None, row_number, _group(values))


def _group(values: Iterable[ListingValue]) -> dict[Field, tuple[ListingValue, ...]]:
    """Values by field, with model alternates that repeat the main model and repeated ids dropped.

    A part number or model name equal to the model number adds nothing; one that
    differs is kept as an alternate (its role is set from the column kind).
    """
    grouped: dict[Field, list[ListingValue]] = {}
    seen: dict[Field, set[str]] = {}
    for value in values:
        if value.field in (Field.MODEL_NUMBER, Field.PRODUCT_ID):
            key = _normalise(value.field, value.raw)
            if key in seen.setdefault(value.field, set()):
                continue
            seen[value.field].add(key)
        grouped.setdefault(value.field, []).append(value)
    return {field: tuple(found) for field, found in grouped.items()}


def _table_rows(
    path: Path,
    records: Iterator[tuple[int, Sequence[str]]],
    header: _Header,
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
        if _is_example_row(cells, template and row_number == header_row + 1):
            continue
        built = _build_row(
            cells, header.columns, row_number, where(row_number), fmt == ALL_LISTINGS_REPORT
        )
        if built is None:
            blank_run += 1
            if blank_run >= _MAX_BLANK_RUN:
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


def _no_header(path: Path, where: str) -> DocumentError:
    return DocumentError(
        str(path),
        f"not a listing export: no header row with a title or SKU column was found in the "
        f"first {HEADER_SEARCH_ROWS} rows{where} (expected an Amazon flat file or template, "
        "an All Listings Report, SP-API JSON, or a CSV with columns such as SKU, Title, "
        "Brand, Manufacturer, Model)",
    )


def _no_products(path: Path, fmt: str, header_at: str) -> DocumentError:
    extra = " below Amazon's example row" if fmt in (TEMPLATE_2025, CATEGORY_LISTINGS) else ""
    return DocumentError(
        str(path),
        f"no product rows: the column headers are in {header_at} but no product follows"
        f"{extra}; this looks like a blank template. Fill in your product, or download the "
        "listing from Seller Central (Inventory > Inventory Reports > All Listings Report, or "
        "Catalog > Category Listings Report)",
    )


# --- delimited text -----------------------------------------------------------------------

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


def _without_sep_line(text: str) -> str:
    """The text without Excel's "sep=;" hint line (its delimiter is found anyway)."""
    first_line = text.split("\n", 1)[0].strip()
    if first_line.casefold().startswith("sep=") and len(first_line) == 5:
        return text.split("\n", 1)[1] if "\n" in text else ""
    return text


def _delimited_header(text: str) -> tuple[_Header, str, list[list[str]]] | None:
    """The best header row under any delimiter, the delimiter, and the first records."""
    first_line = text.split("\n", 1)[0].strip()
    delimiters: tuple[str, ...] = _DELIMITERS
    if first_line.casefold().startswith("sep=") and len(first_line) == 5:
        # Excel's "sep=;" hint line names the delimiter.
        delimiters = (first_line[4],)
        text = _without_sep_line(text)
    best: tuple[_Header, str, list[list[str]]] | None = None
    for delimiter in delimiters:
        head = _first_records(text, delimiter)
        header = _find_header(head)
        if header is not None and (best is None or header.score > best[0].score):
            best = (header, delimiter, head)
    return best


def _read_delimited(path: Path, text: str, encoding: str, limits: Limits) -> Listing:
    """A tab-, comma-, semicolon- or pipe-separated listing."""
    best = _delimited_header(text)
    if best is None:
        raise _no_header(path, "")
    text = _without_sep_line(text)
    header, delimiter, head = best
    fmt = _format_of(header, head[: header.position], path, workbook=False)
    # Amazon's tab-separated exports never quote: a title starting with `"` is literal.
    amazon = fmt != CSV and delimiter == "\t"
    quoting: Literal[0, 1, 2, 3] = csv.QUOTE_NONE if amazon else csv.QUOTE_MINIMAL
    template = _has_template_row(head[: header.position])
    header_row = header.position + 1
    try:
        rows = _table_rows(
            path,
            _records(text, delimiter, quoting),
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
        raise _no_products(path, fmt, header_at)
    return Listing(path, fmt, encoding, tuple(rows), header_at)


# --- workbooks ----------------------------------------------------------------------------


def _check_zip(path: Path, limits: Limits) -> None:
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


def _cell_text(value: Any) -> str:
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


@attrs.frozen
class _Sheet:
    """One worksheet: its name and a way to walk its rows as (1-based number, cells)."""

    name: str
    rows: Callable[[], Iterator[tuple[int, Sequence[Any]]]]


def _openpyxl_rows(sheet: Any) -> Iterator[tuple[int, Sequence[Any]]]:
    yield from enumerate(sheet.iter_rows(values_only=True), start=1)


def _calamine_rows(
    workbook: python_calamine.CalamineWorkbook, name: str
) -> Iterator[tuple[int, Sequence[Any]]]:
    sheet = workbook.get_sheet_by_name(name)
    # calamine starts a sheet at its first non-empty cell; rows and columns are counted
    # from A1 so locators match what the seller sees.
    top, left = sheet.start or (0, 0)
    pad = [None] * left
    for number, cells in enumerate(sheet.iter_rows(), start=top + 1):
        yield number, [*pad, *cells] if left else cells


def _template_first(names: Iterable[str]) -> list[str]:
    """Sheet names, at most `_MAX_SHEETS`, Amazon's `Template` first (others are help)."""
    chosen = list(names)[:_MAX_SHEETS]
    chosen.sort(key=lambda name: name.strip().casefold() != "template")
    return chosen


@contextlib.contextmanager
def _open_workbook(path: Path, kind: str, limits: Limits) -> Iterator[list[_Sheet]]:
    """The worksheets of an .xlsx/.xlsm (openpyxl), .xls, .xlsb or .ods (calamine) file.

    openpyxl streams an .xlsx row by row (a 100k-row export in flat memory); calamine
    reads the formats openpyxl cannot.  Macros are neither executed nor kept.
    """
    if kind != "xls":
        _check_zip(path, limits)
    try:
        if kind == "xlsx":
            with warnings.catch_warnings(), path.open("rb") as handle:
                # openpyxl warns about every Excel extension it drops (data validation...).
                warnings.simplefilter("ignore")
                book = openpyxl.load_workbook(
                    handle, read_only=True, keep_vba=False, data_only=True, keep_links=False
                )
                try:
                    yield [
                        _Sheet(name, functools.partial(_openpyxl_rows, book[name]))
                        for name in _template_first(book.sheetnames)
                        if hasattr(book[name], "iter_rows")  # not a chartsheet
                    ]
                finally:
                    book.close()
            return
        calamine = python_calamine.CalamineWorkbook.from_path(str(path))
        try:
            worksheets = [
                sheet.name
                for sheet in calamine.sheets_metadata
                if sheet.typ == python_calamine.SheetTypeEnum.WorkSheet
            ]
            yield [
                _Sheet(name, functools.partial(_calamine_rows, calamine, name))
                for name in _template_first(worksheets)
            ]
        finally:
            calamine.close()
    except (DocumentError, UsageError):
        raise
    except python_calamine.PasswordError:
        raise DocumentError(str(path), _ENCRYPTED) from None
    except Exception as exc:  # both engines raise anything (KeyError, XML errors) on bad parts
        raise DocumentError(
            str(path), f"the workbook cannot be read ({type(exc).__name__}: {exc})"
        ) from None


_ENCRYPTED = (
    "this workbook is password-protected (encrypted); open it in Excel and save it "
    "as .xlsx without a password"
)


def _read_workbook(path: Path, kind: str, limits: Limits) -> Listing:
    """A workbook listing: the first sheet (Template first) holding a listing header."""
    with _open_workbook(path, kind, limits) as sheets:
        return _read_sheets(path, sheets, limits)


def _sheet_locator(sheet: str, row: int) -> str:
    return f"sheet {sheet}, row {row}"


def _head(sheet: _Sheet) -> list[list[str]]:
    return [
        [_cell_text(v) for v in cells]
        for _, cells in itertools.islice(sheet.rows(), HEADER_SEARCH_ROWS)
    ]


def _workbook_heads(path: Path, kind: str, limits: Limits) -> Iterator[tuple[str, list[list[str]]]]:
    """The first rows of each sheet, for `probe`."""
    with _open_workbook(path, kind, limits) as sheets:
        for sheet in sheets:
            yield sheet.name, _head(sheet)


def _read_sheets(path: Path, sheets: Sequence[_Sheet], limits: Limits) -> Listing:
    for sheet in sheets:
        head = _head(sheet)
        header = _find_header(head)
        if header is None:
            continue
        fmt = _format_of(header, head[: header.position], path, workbook=True)
        template = _has_template_row(head[: header.position]) or fmt == TEMPLATE_2025
        header_row = header.position + 1
        # Only the recognised columns are turned into text: templates are 285 columns wide.
        wanted = {column.index for column in header.columns}
        width = max(wanted) + 1
        records = (
            (
                number,
                [_cell_text(row[i]) if i in wanted and i < len(row) else "" for i in range(width)],
            )
            for number, row in sheet.rows()
        )
        rows = _table_rows(
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
            raise _no_products(path, fmt, header_at)
        return Listing(path, fmt, None, tuple(rows), header_at)
    names = ", ".join(sheet.name for sheet in sheets)
    raise _no_header(path, f" of any sheet ({names or 'no sheets'})")


# --- SP-API JSON --------------------------------------------------------------------------

# Listings Items / Catalog Items attributes, and the summaries used only as a fallback
# (Amazon's own example pairs TV attributes with a suitcase summary: attributes win).
_JSON_ATTRIBUTES: Mapping[str, str] = {
    "item_name": _TITLE,
    "brand": _BRAND,
    "manufacturer": _MANUFACTURER,
    "model_number": _MODEL,
    "model_name": _MODEL_NAME,
    "part_number": _PART,
    "externally_assigned_product_identifier": _PRODUCT_ID,
    "external_product_id": _PRODUCT_ID,
    "merchant_suggested_asin": "asin",
}
_JSON_SUMMARIES: Mapping[str, str] = {
    "itemName": _TITLE,
    "brand": _BRAND,
    "manufacturer": _MANUFACTURER,
    "modelNumber": _MODEL,
    "partNumber": _PART,
    "asin": "asin",
}


def _read_json(path: Path, text: str, encoding: str, limits: Limits) -> Listing:
    """SP-API Listings Items (one item or `items`), Catalog Items, or a JSON listings feed."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise DocumentError(str(path), f"the JSON is not valid: {exc}") from None
    items = _json_items(document)
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
            row = _json_row(item, prefix, position)
            if row is not None:
                rows.append(row)
    if not rows:
        raise DocumentError(
            str(path),
            "no product rows: no item in the JSON has a title, "
            "brand, manufacturer, model number or identifier",
        )
    return Listing(path, SP_API_JSON, encoding, tuple(rows), None)


def _json_items(document: Any) -> list[tuple[str, Any]] | None:
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


def _scalar(value: Any) -> str | None:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return _clean_value(_cell_text(value))
    return None


def _preferred(entries: list[Any]) -> int | None:
    """The entry to read: en_US first, then any English, then the first marketplace's."""
    usable = [i for i, e in enumerate(entries) if isinstance(e, dict) and _scalar(e.get("value"))]
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


def _json_row(item: Mapping[str, Any], prefix: str, position: int) -> ListingRow | None:
    values: list[ListingValue] = []
    attributes = item.get("attributes")
    attributes = attributes if isinstance(attributes, dict) else {}
    found_kinds: set[str] = set()
    for name, kind in _JSON_ATTRIBUTES.items():
        entries = attributes.get(name)
        if not isinstance(entries, list):
            continue
        if kind == _PRODUCT_ID:
            for index, entry in enumerate(entries):
                if isinstance(entry, dict) and (raw := _scalar(entry.get("value"))):
                    id_type = _scalar(entry.get("type"))
                    values.append(
                        ListingValue(
                            Field.PRODUCT_ID,
                            raw,
                            name,
                            f"{prefix}attributes.{name}[{index}]",
                            kind,
                            id_type.upper() if id_type else None,
                        )
                    )
            continue
        chosen = _preferred(entries)
        if chosen is None:
            continue
        raw = _scalar(entries[chosen].get("value")) or ""
        values.append(
            ListingValue(
                _KIND_FIELD[kind],
                raw,
                name,
                f"{prefix}attributes.{name}[{chosen}]",
                kind,
                _TYPED_IDS.get(kind),
            )
        )
        found_kinds.add(kind)
    values.extend(_json_summaries(item, prefix, found_kinds))
    values.extend(_json_identifiers(item, prefix))
    asin = _scalar(item.get("asin"))
    if asin:
        values.append(ListingValue(Field.PRODUCT_ID, asin, "asin", f"{prefix}asin", "asin", "ASIN"))
    if not values:
        return None
    sku = _scalar(item.get("sku"))
    if sku:
        values.append(ListingValue(Field.SKU, sku, "sku", f"{prefix}sku", _SKU))
    order = {
        Field.PRODUCT_NAME: 0,
        Field.BRAND: 1,
        Field.MANUFACTURER: 2,
        Field.MODEL_NUMBER: 3,
        Field.PRODUCT_ID: 4,
        Field.SKU: 5,
    }
    model_order = {_MODEL: 0, _MODEL_NAME: 1, _PART: 2}
    values.sort(key=lambda v: (order.get(v.field, 9), model_order.get(v.column, 0)))
    return ListingRow(sku, position, _group(values))


def _json_summaries(
    item: Mapping[str, Any], prefix: str, found_kinds: set[str]
) -> list[ListingValue]:
    summaries = item.get("summaries")
    if not isinstance(summaries, list):
        return []
    values = []
    for name, kind in _JSON_SUMMARIES.items():
        if kind in found_kinds:
            continue
        for index, summary in enumerate(summaries):
            raw = _scalar(summary.get(name)) if isinstance(summary, dict) else None
            if raw:
                values.append(
                    ListingValue(
                        _KIND_FIELD[kind],
                        raw,
                        name,
                        f"{prefix}summaries[{index}].{name}",
                        kind,
                        _TYPED_IDS.get(kind),
                    )
                )
                break
    return values


def _json_identifiers(item: Mapping[str, Any], prefix: str) -> list[ListingValue]:
    """Catalog Items `identifiers`: per marketplace, a list of `{identifier, identifierType}`."""
    groups = item.get("identifiers")
    if not isinstance(groups, list):
        return []
    values = []
    for g, group in enumerate(groups):
        entries = group.get("identifiers") if isinstance(group, dict) else None
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
                        _PRODUCT_ID,
                        id_type.upper() if id_type else None,
                    )
                )
    return values


# --- probe: is this file a listing export? -------------------------------------------------

#: Bytes of a text file looked at by `probe`: the header sits in the first rows.
PROBE_TEXT_BYTES = 65_536
#: A JSON file up to this size is parsed whole by `probe`; a larger one is judged by the
#: keys in its head (a 100 MB catalogue dump is not parsed to answer a yes/no question).
PROBE_JSON_BYTES = 4_000_000
#: How many JSON items `probe` tries before deciding none is a product.
_PROBE_JSON_ITEMS = 20
_JSON_HEAD_KEYS = re.compile(r'"(attributes|summaries|identifiers)"\s*:')

#: What each readable container is called in `ListingProbe.format`.
WORKBOOK_KINDS = frozenset({"xlsx", "xlsb", "xls", "ods"})

_EXPORT = (
    "export the listing from Seller Central (All Listings Report as .txt, or a Category "
    "Listings Report / template as .xlsx), or save your sheet as .xlsx, .xls, .ods or CSV"
)
#: Files that are not listings: what they are, what to do instead, and the file name
#: endings under which giving one is a usage error rather than a damaged listing.
_NOT_LISTINGS: Mapping[str, tuple[str, str, tuple[str, ...]]] = {
    "pdf": ("a PDF", _EXPORT, (".pdf",)),
    "image": (
        "an image",
        _EXPORT,
        (".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff", ".bmp", ".webp", ".heic"),
    ),
    "html": ("an HTML or XML page (a failed download?)", _EXPORT, (".html", ".htm", ".xml")),
    "binary": (
        "a binary file",
        _EXPORT + " (expected .xlsx/.xlsm, tab-separated .txt, .csv or .json)",
        (),
    ),
    "docx": ("a Word document", _EXPORT, (".docx", ".docm")),
    "doc": ("a Word document", _EXPORT, (".doc",)),
    "odt": ("an OpenDocument text", _EXPORT, (".odt",)),
    "pptx": ("a PowerPoint presentation", _EXPORT, (".pptx",)),
    "numbers": (
        "an Apple Numbers spreadsheet, which no well-kept Python library reads",
        "in Numbers choose File > Export To > Excel (.xlsx) or CSV and give that file",
        (".numbers",),
    ),
    "encrypted": (
        "a password-protected (encrypted) workbook",
        "open it in Excel and save it as .xlsx without a password",
        (),
    ),
    "ole": (
        "an old Office file that is not an Excel workbook, or a password-protected workbook",
        "open it in Excel and save it as .xlsx without a password",
        (),
    ),
    "zip": (
        "a zip archive that is not a workbook",
        "unzip it and give the listing file inside",
        (".zip",),
    ),
}


def _not_a_listing(path: Path, kind: str) -> DocumentError | UsageError:
    """The error for a file whose content is not a listing format we read.

    When the file's name and content agree (`listing.numbers` holding a Numbers file) the
    user asked for something that cannot be done: a `UsageError`.  When they do not (a PDF
    renamed .xlsx) the file is not what its name says: a `DocumentError`, reported as an
    unreadable document like any other damaged one.
    """
    what, instead, endings = _NOT_LISTINGS[kind]
    reason = f"this is {what}, not a listing export we can read; {instead}"
    if path.suffix.casefold() in endings:
        return UsageError(f"{path}: {reason}")
    return DocumentError(str(path), reason)


@attrs.frozen
class ListingProbe:
    """Whether a file is a listing export `consistency` can read, judged from its content.

    `format` is what the file is (xlsx, xls, ods, xlsb, csv, tsv, json, pdf, numbers...);
    `reason` says why it is or is not a listing, in words a seller can act on.
    """

    is_listing: bool
    format: str
    reason: str


def probe(path: Path) -> ListingProbe:
    """Whether `path` is a listing export we can read, from its first rows only.

    A CSV/TSV/TXT counts when a row among its first rows names listing columns (a SKU or
    title column and another known one), a workbook when one of its sheets does, a JSON
    file when it has the shape of an SP-API Listings/Catalog Items response or a JSON
    listings feed with at least one product.  Never raises: a file that cannot be read
    gets `is_listing=False` and the reason.
    """
    path = Path(path)
    try:
        kind = container(path)
    except DocumentError as exc:
        return ListingProbe(False, "unreadable", exc.reason)
    try:
        if kind in ("xlsx", "xlsb", "xls", "ods"):
            return _probe_workbook(path, kind)
        if kind == "json":
            return _probe_json(path)
        if kind == "text":
            return _probe_text(path)
    except DocumentError as exc:
        return ListingProbe(False, kind, exc.reason)
    what, instead, _ = _NOT_LISTINGS[kind]
    return ListingProbe(False, kind, f"{what}, not a listing export; {instead}")


def _found(kind: str, fmt: str, header: _Header, where: str) -> ListingProbe:
    names = ", ".join(column.header for column in header.columns[:4])
    return ListingProbe(True, kind, f"{_FORMAT_NAMES[fmt]} with columns {names} ({where})")


_FORMAT_NAMES: Mapping[str, str] = {
    FLAT_FILE: "an Amazon flat file",
    TEMPLATE_2025: "an Amazon listing template",
    CATEGORY_LISTINGS: "a Category Listings Report",
    ALL_LISTINGS_REPORT: "an All Listings Report",
    SP_API_JSON: "SP-API JSON",
    CSV: "a seller's listing table",
    SPREADSHEET: "a seller's listing sheet",
}


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
        data = data[: data.rindex(b"\n") + 1]  # never cut a character in two
    text, _ = _decode(data, path)
    found = _delimited_header(text)
    if found is None:
        first_line = text.split("\n", 1)[0]
        if "\t" in first_line:
            return _no_listing_columns("tsv", "a tab-separated text")
        if "," in first_line or ";" in first_line:
            return _no_listing_columns("csv", "a CSV")
        return _no_listing_columns("txt", "a text file")
    header, delimiter, head = found
    kind = {"\t": "tsv", ",": "csv", ";": "csv", "|": "txt"}.get(delimiter, "txt")
    fmt = _format_of(header, head[: header.position], path, workbook=False)
    return _found(kind, fmt, header, f"row {header.position + 1}")


def _probe_json(path: Path) -> ListingProbe:
    size = path.stat().st_size
    if size > PROBE_JSON_BYTES:
        with path.open("rb") as handle:
            head = handle.read(PROBE_TEXT_BYTES).decode("utf-8", "replace")
        if _JSON_HEAD_KEYS.search(head):
            return ListingProbe(True, "json", "SP-API JSON (listing attributes in its first items)")
        return ListingProbe(
            False, "json", "a JSON file without SP-API listing attributes in its first items"
        )
    text, _ = _decode(path.read_bytes(), path)
    try:
        document = json.loads(text.lstrip("\ufeff \t\r\n"))
    except (ValueError, RecursionError):
        return ListingProbe(False, "json", "a file that starts like JSON but is not valid JSON")
    items = _json_items(document)
    if items is None:
        return ListingProbe(
            False,
            "json",
            "a JSON file without `items`, `messages` or `attributes` (not an SP-API "
            "Listings/Catalog Items response or a JSON listings feed)",
        )
    for position, (prefix, item) in enumerate(items[:_PROBE_JSON_ITEMS], start=1):
        if isinstance(item, dict) and _json_row(item, prefix, position) is not None:
            return ListingProbe(True, "json", "SP-API JSON with listing attributes")
    return ListingProbe(
        False, "json", "an SP-API-shaped JSON file whose items hold no title, brand or model"
    )


def _probe_workbook(path: Path, kind: str) -> ListingProbe:
    for name, head in _workbook_heads(path, kind, Limits()):
        header = _find_header(head)
        if header is not None:
            fmt = _format_of(header, head[: header.position], path, workbook=True)
            return _found(kind, fmt, header, f"sheet {name}, row {header.position + 1}")
    return _no_listing_columns(kind, f"a workbook (.{kind})")
