"""The listing header vocabulary: which column of a listing export holds which field.

Listing exports name their columns three ways: Amazon's attribute keys (`item_sku`,
`model_number[marketplace_id=...]#1.value`), the All Listings Report's names
(`seller-sku`, `item-name`), and the headers sellers write in their own sheets, in the
languages Seller Central localises exports into (`Model No.`, `商品名`, `Markenname`).
This module is the data: words in their compact form (see `consistency.extract.listing`'s
header reader: NFKC, lower case, punctuation and underscores as spaces), Amazon's
attribute keys, its example row, the placeholders sellers type, and the marketplaces.
It sits beside the label vocabulary of reports and photos (`vocabulary.py`); adding a
seller's header is a one-line change here.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping

from consistency.model import Field


class Column(enum.StrEnum):
    """What a listing column holds.  Several columns feed one field (a model number,
    a model name and a part number are all model numbers, with different roles)."""

    SKU = "sku"
    TITLE = "title"
    BRAND = "brand"
    MANUFACTURER = "manufacturer"
    MODEL = "model_number"
    MODEL_NAME = "model_name"
    PART = "part_number"
    PRODUCT_ID = "product_id"
    PRODUCT_ID_TYPE = "product_id_type"
    UPC = "upc"
    EAN = "ean"
    GTIN = "gtin"
    ASIN = "asin"
    ISBN = "isbn"
    JAN = "jan"
    #: `gpsr_manufacturer_reference`: the manufacturer's e-mail or web address (GPSR).
    MANUFACTURER_EMAIL = "manufacturer_email"
    #: `dsa_responsible_party_address`: the EU responsible person's address (DSA/GPSR).
    RESPONSIBLE_PERSON = "responsible_person"
    #: `gpsr_safety_attestation`: the seller attests the product is safe (Yes/No).
    SAFETY_ATTESTATION = "safety_attestation"
    #: `compliance_media`: documents uploaded to the listing (one column per content type).
    COMPLIANCE_MEDIA = "compliance_media"
    MARKETPLACE = "marketplace"


#: Identifier columns that say their own type.
TYPED_IDS: Mapping[Column, str] = {
    Column.UPC: "UPC",
    Column.EAN: "EAN",
    Column.GTIN: "GTIN",
    Column.ASIN: "ASIN",
    Column.ISBN: "ISBN",
    Column.JAN: "JAN",
}
ID_COLUMNS = frozenset({Column.PRODUCT_ID, *TYPED_IDS})

COLUMN_FIELD: Mapping[Column, Field] = {
    Column.SKU: Field.SKU,
    Column.TITLE: Field.PRODUCT_NAME,
    Column.BRAND: Field.BRAND,
    Column.MANUFACTURER: Field.MANUFACTURER,
    Column.MODEL: Field.MODEL_NUMBER,
    Column.MODEL_NAME: Field.MODEL_NUMBER,
    Column.PART: Field.MODEL_NUMBER,
    **{column: Field.PRODUCT_ID for column in ID_COLUMNS},
    Column.MANUFACTURER_EMAIL: Field.ELECTRONIC_ADDRESS,
    Column.RESPONSIBLE_PERSON: Field.RESPONSIBLE_PERSON,
    Column.SAFETY_ATTESTATION: Field.SAFETY_ATTESTATION,
    Column.COMPLIANCE_MEDIA: Field.COMPLIANCE_MEDIA,
    Column.MARKETPLACE: Field.MARKETPLACE,
}

# Column headers in their compact form: Amazon attribute keys, the All Listings Report's
# names, and the headers sellers write, in the languages Seller Central localises into.
_WORDS: Mapping[Column, tuple[str, ...]] = {
    Column.SKU: (
        *("sku", "item sku", "seller sku", "merchant sku", "contribution sku", "sku id"),
        *("出品者sku", "verkäufer sku", "händler sku", "sku vendeur", "sku du vendeur"),
        *("sku del venditore", "sku del vendedor", "sku venditore"),
        *("卖家sku", "商家sku", "商品sku", "seller sku id", "货号", "商品货号", "貨號"),
    ),
    Column.TITLE: (
        *("item name", "title", "product name", "product title", "item title"),
        *("listing title", "name", "product"),
        *("商品名", "商品名称", "产品名称", "產品名稱", "品名", "标题", "商品标题", "产品标题"),
        *("標題", "商品標題", "商品名稱", "商品タイトル", "製品名"),
        *("produktname", "produkttitel", "titel", "artikelname", "artikelbezeichnung"),
        *("nom du produit", "nom de l article", "titre", "nome del prodotto"),
        *("nome prodotto", "titolo", "nombre del producto", "título", "titulo"),
    ),
    Column.BRAND: (
        *("brand", "brand name", "marke", "markenname", "ブランド", "ブランド名"),
        *("品牌", "品牌名称", "商标", "商標", "marque", "nom de marque", "marca"),
        "nome del marchio",
    ),
    Column.MANUFACTURER: (
        *("manufacturer", "maker", "manufactured by", "manufacturer name", "hersteller"),
        *("メーカー", "メーカー名", "製造元", "製造者", "制造商", "生产商", "生产厂家"),
        *("厂家", "厂商", "製造商", "生產商", "廠家", "廠商", "herstellername"),
        *("fabricant", "fabricante", "produttore", "casa produttrice"),
    ),
    Column.MODEL: (
        *("model", "model number", "model no", "model nr", "model num", "modelnumber"),
        *("model code", "modell", "modellnummer", "modelnummer", "typenbezeichnung"),
        *("型番", "品番", "製品型番", "型号", "规格型号", "产品型号", "型號", "規格型號"),
        *("numéro de modèle", "número de modelo", "numero modello", "numero di modello"),
    ),
    Column.MODEL_NAME: (
        *("model name", "modellname", "nom du modèle", "nombre del modelo"),
        *("nome modello", "型号名称"),
    ),
    Column.PART: (
        *("part number", "part no", "part nr", "mpn", "manufacturer part number"),
        *("herstellerteilenummer", "herstellernummer", "teilenummer", "メーカー型番"),
        *("numéro de pièce", "número de pieza", "codice produttore"),
    ),
    Column.PRODUCT_ID: (
        *("external product id", "product id", "amzn1 volt ca product id value"),
        *("externally assigned product identifier", "商品id", "produkt id", "barcode"),
        *("ean upc", "upc ean", "product code", "条码", "条形码", "商品条码", "條碼"),
        *("バーコード", "strichcode"),
    ),
    Column.PRODUCT_ID_TYPE: (
        *("external product id type", "product id type", "amzn1 volt ca product id type"),
        *("商品idタイプ", "produkt id typ", "商品id类型", "条码类型"),
    ),
    Column.UPC: ("upc", "upc code", "upc a"),
    Column.EAN: ("ean", "ean13", "ean 13", "ean code"),
    Column.GTIN: ("gtin", "gtin 13", "gtin 14"),
    Column.ASIN: ("asin", "asin1", "asin 1", "merchant suggested asin"),
    Column.ISBN: ("isbn",),
    Column.JAN: ("jan", "janコード", "jan code"),
    Column.MANUFACTURER_EMAIL: (
        *("gpsr manufacturer reference", "gpsr manufacturer email address"),
        *("manufacturer s email or electronic address", "manufacturer email"),
        *("manufacturer e mail", "manufacturer email address", "manufacturer contact email"),
        *("制造商邮箱", "制造商电子邮件", "制造商电子邮箱", "生产商邮箱", "厂家邮箱"),
        *("製造商電子郵件", "herstelleremail", "hersteller e mail"),
    ),
    Column.RESPONSIBLE_PERSON: (
        *("dsa responsible party address", "responsible person"),
        *("responsible person s email or electronic address", "eu responsible person"),
        *("responsible person email", "responsible person address", "eu rp"),
        *("欧盟负责人", "欧盟责任人", "欧代", "欧代信息", "欧盟代表", "歐盟負責人"),
        *("verantwortliche person", "eu verantwortliche person", "personne responsable"),
    ),
    Column.SAFETY_ATTESTATION: (
        *("gpsr safety attestation", "safety attestation", "gpsr attestation"),
        *("安全声明", "安全证明", "gpsr安全声明", "安全確認"),
    ),
    Column.COMPLIANCE_MEDIA: (
        *("compliance media", "compliance media source location", "compliance document"),
        *("compliance documents", "合规文件", "合规资料", "合規文件"),
    ),
    Column.MARKETPLACE: (
        *("marketplace", "marketplace id", "marketplace ids", "amazon marketplace"),
        *("amazon site", "sales channel", "站点", "亚马逊站点", "销售站点"),
        *("マーケットプレイス", "marktplatz", "place de marché", "mercado"),
    ),
}


def _index(words: Mapping[Column, tuple[str, ...]]) -> dict[str, Column]:
    """Word to column; a word listed under two columns is a mistake in this file."""
    index: dict[str, Column] = {}
    for column, listed in words.items():
        for word in listed:
            if index.setdefault(word, column) != column:
                raise ValueError(f"listing header {word!r} names both {index[word]} and {column}")
    return index


#: Every compact header word and the column it names.
HEADERS: Mapping[str, Column] = _index(_WORDS)

#: Sub-attributes of the 2025 templates' keys that hold a field (`base#1.sub`); a key
#: whose sub-attribute is `value` holds what its base holds.
SUB_ATTRIBUTES: Mapping[tuple[str, str], Column] = {
    ("gpsr_manufacturer_reference", "gpsr_manufacturer_email_address"): (Column.MANUFACTURER_EMAIL),
    ("compliance_media", "source_location"): Column.COMPLIANCE_MEDIA,
    ("externally_assigned_product_identifier", "type"): Column.PRODUCT_ID_TYPE,
}

# Words a header adds to its name without changing what the column holds: a number
# marker, a language tag, a required/optional note (`SKU 编号`, `Title (EN)`, `型号 *必填`).
FILLERS = frozenset(
    {
        *("no", "nr", "num", "number", "code", "编号", "编码", "代码", "號碼", "番号"),
        *("required", "optional", "mandatory", "必填", "选填", "可选", "必須", "任意"),
        *("pflicht", "en", "cn", "zh", "de", "jp", "ja", "english", "chinese", "中文"),
        *("英文", "日本語", "deutsch"),
    }
)

# Attribute keys as Amazon writes them (the key row of a template, the All Listings
# Report's header).  A row holding several of these is a key row, whatever labels sit above.
MACHINE_KEYS = frozenset(
    {
        *("item_sku", "item_name", "brand_name", "manufacturer", "model", "model_number"),
        *("model_name", "part_number", "external_product_id", "external_product_id_type"),
        *("feed_product_type", "product_type", "update_delete", "parent_child"),
        *("parent_sku", "standard_price", "quantity", "item-name", "item-description"),
        *("listing-id", "seller-sku", "product-id", "product-id-type", "asin1"),
        *("open-date", "fulfillment-channel", "contribution_sku", "brand", "::record_action"),
        *("amzn1.volt.ca.product_id_value", "amzn1.volt.ca.product_id_type"),
        *("gpsr_safety_attestation", "dsa_responsible_party_address"),
        "gpsr_manufacturer_reference",
    }
)
#: A key of the 2025 templates: `name[marketplace_id=...]...#1.value`.
TEMPLATE_2025_KEY = re.compile(r"\[marketplace_id=|#\d+\.\w+$")

# Amazon's own example row in the 2025 templates ("Adidas Blue Sneakers" by "Sony",
# made by "Nike, Procter & Gamble"): help text for sellers, never a product.
EXAMPLE_VALUES = frozenset(
    {
        *("adidas blue sneakers", "rxzer23", "riv001", "714532191586"),
        *("nike, procter & gamble", "original title,seo title", "(default) create or replace"),
        *("abc@example.com", "rsp-email@example.com", "http://example.eg/sds_1.pdf"),
    }
)

# Values sellers type into cells they have nothing for.
PLACEHOLDERS = frozenset(
    {
        *("", "-", "--", "---", "—", "–", "n/a", "n.a.", "na", "n/a.", "#n/a", "none"),
        *("null", "nil", "not applicable", "not available", "tbd", "?"),
    }
)

#: The All Listings Report's numeric product-id-type.
ALL_LISTINGS_ID_TYPES: Mapping[str, str] = {"1": "ASIN", "2": "ISBN", "3": "UPC", "4": "EAN"}

# SP-API Listings Items / Catalog Items attributes and the entry key holding the value.
# The summaries are a fallback only (Amazon's own example pairs TV attributes with a
# suitcase summary: attributes win).
JSON_ATTRIBUTES: Mapping[str, tuple[Column, str]] = {
    "item_name": (Column.TITLE, "value"),
    "brand": (Column.BRAND, "value"),
    "manufacturer": (Column.MANUFACTURER, "value"),
    "model_number": (Column.MODEL, "value"),
    "model_name": (Column.MODEL_NAME, "value"),
    "part_number": (Column.PART, "value"),
    "externally_assigned_product_identifier": (Column.PRODUCT_ID, "value"),
    "external_product_id": (Column.PRODUCT_ID, "value"),
    "merchant_suggested_asin": (Column.ASIN, "value"),
    "gpsr_manufacturer_reference": (Column.MANUFACTURER_EMAIL, "gpsr_manufacturer_email_address"),
    "dsa_responsible_party_address": (Column.RESPONSIBLE_PERSON, "value"),
    "gpsr_safety_attestation": (Column.SAFETY_ATTESTATION, "value"),
    "compliance_media": (Column.COMPLIANCE_MEDIA, "source_location"),
}
JSON_SUMMARIES: Mapping[str, Column] = {
    "itemName": Column.TITLE,
    "brand": Column.BRAND,
    "manufacturer": Column.MANUFACTURER,
    "modelNumber": Column.MODEL,
    "partNumber": Column.PART,
    "asin": Column.ASIN,
}

#: Amazon marketplace ids and the country code and domain of each (Seller Central's
#: "marketplace" is one of the three).  UK is Amazon's code for Great Britain.
MARKETPLACES: Mapping[str, tuple[str, str]] = {
    "ATVPDKIKX0DER": ("US", "amazon.com"),
    "A2EUQ1WTGCTBG2": ("CA", "amazon.ca"),
    "A1AM78C64UM0Y8": ("MX", "amazon.com.mx"),
    "A2Q3Y263D00KWC": ("BR", "amazon.com.br"),
    "A1F83G8C2ARO7P": ("UK", "amazon.co.uk"),
    "A28R8C7NBKEWEA": ("IE", "amazon.ie"),
    "A1PA6795UKMFR9": ("DE", "amazon.de"),
    "A13V1IB3VIYZZH": ("FR", "amazon.fr"),
    "APJ6JRA9NG5V4": ("IT", "amazon.it"),
    "A1RKKUPIHCS9HS": ("ES", "amazon.es"),
    "A1805IZSGTT6HS": ("NL", "amazon.nl"),
    "AMEN7PMS3EDWL": ("BE", "amazon.com.be"),
    "A2NODRKZP88ZB9": ("SE", "amazon.se"),
    "A1C3SOZRARQ6R3": ("PL", "amazon.pl"),
    "A33AVAJ2PDY3EV": ("TR", "amazon.com.tr"),
    "ARBP9OOSHTCHU": ("EG", "amazon.eg"),
    "A17E79C6D8DWNP": ("SA", "amazon.sa"),
    "A2VIGQ35RCS4UG": ("AE", "amazon.ae"),
    "A21TJRUUN4KGV": ("IN", "amazon.in"),
    "A1VC38T7YXB528": ("JP", "amazon.co.jp"),
    "A39IBJ37TRP1C6": ("AU", "amazon.com.au"),
    "A19VAU5U5O7RUS": ("SG", "amazon.sg"),
    "AE08WJ6YKNBMC": ("ZA", "amazon.co.za"),
}
_CODE_ALIASES = {"GB": "UK"}
_BY_CODE = {code: code for code, _ in MARKETPLACES.values()}
_BY_DOMAIN = {domain: code for code, domain in MARKETPLACES.values()}


def marketplace_code(raw: str) -> str | None:
    """The country code of a marketplace given by id, code or domain; None if unknown.

    `A1PA6795UKMFR9`, `DE`, `de`, `amazon.de` and `https://www.amazon.de/` are all `DE`;
    `GB` is `UK`, as Amazon writes it.
    """
    text = raw.strip()
    if text.upper() in MARKETPLACES:
        return MARKETPLACES[text.upper()][0]
    code = text.upper()
    code = _CODE_ALIASES.get(code, code)
    if code in _BY_CODE:
        return code
    domain = re.sub(r"^(https?://)?(www\.)?", "", text.casefold()).rstrip("/")
    return _BY_DOMAIN.get(domain)
