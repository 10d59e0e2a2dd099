"""Listing exports: every Amazon format, SKU selection, limits and errors, from real files in tmp_path."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import tempfile
import warnings
import zipfile
from pathlib import Path

import attrs
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consistency import registry
from consistency.config import Config
from consistency.errors import DocumentError, UsageError
from consistency.extract.listing import extract_listing, read_listing
from consistency.fields import normalise
from consistency.model import Field, Kind, Role
from listing_files import (
    FUZZ_EXAMPLES,
    config,
    extract,
    real_file,
    values,
    write_delimited,
    write_tsv_raw,
    write_workbook,
)

real = pytest.mark.real


# --- legacy flat files ----------------------------------------------------------------------

FLAT_KEYS = [
    "feed_product_type",
    "item_sku",
    "brand_name",
    "item_name",
    "external_product_id",
    "external_product_id_type",
    "manufacturer",
    "model",
    "part_number",
]
FLAT_LABELS_EN = [
    "Product Type",
    "Seller SKU",
    "Brand Name",
    "Product Name",
    "Product ID",
    "Product ID Type",
    "Manufacturer",
    "Model Number",
    "Manufacturer Part Number",
]
FLAT_LABELS_DE = [
    "Produkttyp",
    "Verkäufer-SKU",
    "Markenname",
    "Produktname",
    "Produkt-ID",
    "Produkt-ID-Typ",
    "Hersteller",
    "Modellnummer",
    "Herstellerteilenummer",
]
TEMPLATE_ROW = ["TemplateType=fptcustom", "Version=2021.0625", "TemplateSignature=U01BUlQ="]
PLUG = [
    "smartplug",
    "VOL-PLUG-1",
    "VOLTIQ",
    "VOLTIQ Wi-Fi Smart Plug, Compatible with Alexa",
    "012345678905",
    "UPC",
    "Shenzhen Voltiq Technology Co., Ltd.",
    "XK-2041B",
    "XK-2041B",
]
LAMP = [
    "lamp",
    "VOL-LAMP-2",
    "VOLTIQ",
    "VOLTIQ LED Desk Lamp",
    "4006381333931",
    "EAN",
    "Voltiq GmbH",
    "DL-300",
    "DL300-EU",
]


def test_flat_file_xlsx_gives_every_field_of_the_selected_row(tmp_path: Path) -> None:
    """Key row found under the labels; a part number equal to the model adds nothing."""
    path = write_workbook(
        tmp_path / "flat.xlsx", [TEMPLATE_ROW, FLAT_LABELS_EN, FLAT_KEYS, PLUG, LAMP]
    )
    found = extract(path, "VOL-PLUG-1")
    assert values(found) == [
        ("product_name", "main", "VOLTIQ Wi-Fi Smart Plug, Compatible with Alexa", "item_name"),
        ("brand", "main", "VOLTIQ", "brand_name"),
        ("manufacturer", "main", "Shenzhen Voltiq Technology Co., Ltd.", "manufacturer"),
        ("model_number", "main", "XK-2041B", "model"),
        ("product_id", "main", "012345678905", "external_product_id (UPC)"),
        ("sku", "main", "VOL-PLUG-1", "item_sku"),
    ]
    first = found[0]
    assert (first.source, first.file, first.page, first.bbox, first.confidence) == (
        Kind.LISTING,
        str(path),
        None,
        None,
        1.0,
    )
    assert {e.extractor for e in found} == {"listing/flat-file"}
    assert {e.locator for e in found} == {"sheet Template, row 4"}
    assert all(e.normalised == normalise(e.field, e.raw) for e in found)


def test_a_part_number_that_differs_from_the_model_is_an_alternate(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "flat.xlsx", [TEMPLATE_ROW, FLAT_LABELS_EN, FLAT_KEYS, PLUG, LAMP]
    )
    models = [
        (e.raw, e.role, e.label)
        for e in extract(path, "vol-lamp-2")
        if e.field == Field.MODEL_NUMBER
    ]
    assert models == [("DL-300", Role.MAIN, "model"), ("DL300-EU", Role.ALTERNATE, "part_number")]


def test_without_a_model_column_a_part_number_is_only_an_alternate(tmp_path: Path) -> None:
    keys = ["item_sku", "item_name", "part_number"]
    path = write_workbook(
        tmp_path / "flat.xlsx", [TEMPLATE_ROW, keys, ["S1", "Smart Plug", "XK-2041B"]]
    )
    models = [(e.raw, e.role) for e in extract(path) if e.field == Field.MODEL_NUMBER]
    assert models == [("XK-2041B", Role.ALTERNATE)]


def test_german_flat_file_as_cp1252_text_finds_the_key_row(tmp_path: Path) -> None:
    """Localised labels sit above the keys; the keys decide, the text is cp1252."""
    lamp = [*LAMP[:3], "VOLTIQ Schreibtischlampe – dimmbar, 3½ W", *LAMP[4:]]
    path = write_tsv_raw(
        tmp_path / "Flat.File.Lamp.txt", [TEMPLATE_ROW, FLAT_LABELS_DE, FLAT_KEYS, lamp], "cp1252"
    )
    listing = read_listing(path, Config())
    assert (listing.format, listing.encoding, listing.header_at) == ("flat-file", "cp1252", "row 3")
    title = extract(path)[0]
    assert (title.raw, title.label, title.locator) == (
        "VOLTIQ Schreibtischlampe – dimmbar, 3½ W",
        "item_name",
        "row 4",
    )


def test_japanese_flat_file_in_shift_jis(tmp_path: Path) -> None:
    labels = [
        "商品タイプ",
        "出品者SKU",
        "ブランド名",
        "商品名",
        "商品コード(JANコード等)",
        "商品コードのタイプ",
        "メーカー名",
        "型番",
        "メーカー型番",
    ]
    row = [
        "plug",
        "JP-1",
        "ボルティック",
        "ボルティック スマートプラグ Wi-Fi 対応",
        "4901234567894",
        "EAN",
        "株式会社ボルティック",
        "XK-2041B",
        "XK-2041B-JP",
    ]
    path = write_tsv_raw(tmp_path / "jp.txt", [TEMPLATE_ROW, labels, FLAT_KEYS, row], "shift_jis")
    listing = read_listing(path, Config())
    assert listing.encoding == "cp932"
    assert values(extract(path))[:3] == [
        ("product_name", "main", "ボルティック スマートプラグ Wi-Fi 対応", "item_name"),
        ("brand", "main", "ボルティック", "brand_name"),
        ("manufacturer", "main", "株式会社ボルティック", "manufacturer"),
    ]


# --- 2025 templates -------------------------------------------------------------------------

MP = "[marketplace_id=ATVPDKIKX0DER]"
EN = "[language_tag=en_US]"
KEYS_2025 = [
    "contribution_sku#1.value",
    "::record_action",
    "product_type#1.value",
    f"item_name{MP}{EN}#1.value",
    f"brand{MP}{EN}#1.value",
    "amzn1.volt.ca.product_id_type",
    "amzn1.volt.ca.product_id_value",
    f"model_number{MP}#1.value",
    f"manufacturer{MP}{EN}#1.value",
    f"part_number{MP}#1.value",
    f"model_name{MP}{EN}#1.value",
    f"package_contains_sku{MP}#1.sku",
]
LABELS_2025 = [
    "SKU",
    "Listing Action",
    "Product Type",
    "Item Name",
    "Brand Name",
    "Product Id Type",
    "Product Id",
    "Model Number",
    "Manufacturer",
    "Part Number",
    "Model Name",
    "Package Contains SKU Identifier",
]
AMAZON_EXAMPLE = [
    "Original Title,SEO Title",
    "(Default) Create or Replace",
    "ACCESSORY",
    "Adidas Blue Sneakers",
    "Sony",
    "UPC",
    714532191586,
    "RXZER23",
    "Nike, Procter & Gamble",
    "RIV001",
    "Blue Runner",
    "ABC123",
]
TOP_2025 = [
    ["settings=AttributeDefaultValues=eyJ9&attributeRow=5", "settings2=abc"],
    ["     Use ENGLISH to fill this template. "],
    ["Listing Identity", None, "Product Identity"],
    LABELS_2025,
    KEYS_2025,
]
KETTLE = [
    "KET-17",
    "Create or Replace (Full Update)",
    "KETTLE",
    "AQUAHEAT Electric Kettle 1.7 L",
    "AQUAHEAT",
    "EAN",
    4006381333931,
    "AK-1700",
    "Ningbo Aquaheat Appliance Co., Ltd.",
    "AK1700-UK",
    "Classic Kettle",
    "KET-17-BOX",
]


def test_template_2025_skips_amazons_example_row(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "KETTLE.xlsm", [*TOP_2025, AMAZON_EXAMPLE, KETTLE])
    listing = read_listing(path, Config())
    assert (listing.format, len(listing.rows), listing.header_at) == (
        "template-2025",
        1,
        "sheet Template, row 5",
    )
    found = extract(path)
    assert values(found) == [
        ("product_name", "main", "AQUAHEAT Electric Kettle 1.7 L", KEYS_2025[3]),
        ("brand", "main", "AQUAHEAT", KEYS_2025[4]),
        ("manufacturer", "main", "Ningbo Aquaheat Appliance Co., Ltd.", KEYS_2025[8]),
        ("model_number", "main", "AK-1700", KEYS_2025[7]),
        ("model_number", "alternate", "Classic Kettle", KEYS_2025[10]),
        ("model_number", "alternate", "AK1700-UK", KEYS_2025[9]),
        ("product_id", "main", "4006381333931", "amzn1.volt.ca.product_id_value (EAN)"),
        ("sku", "main", "KET-17", KEYS_2025[0]),
        # The marketplace of the template's keys (`item_name[marketplace_id=...]`).
        ("marketplace", "main", "ATVPDKIKX0DER", "marketplace_id"),
    ]
    assert {e.locator for e in found} == {"sheet Template, row 7"}
    assert {e.extractor for e in found} == {"listing/template-2025"}


def test_blank_2025_template_says_no_product_rows_and_never_returns_the_example(
    tmp_path: Path,
) -> None:
    path = write_workbook(tmp_path / "Blank.xlsm", [*TOP_2025, AMAZON_EXAMPLE])
    with pytest.raises(DocumentError, match="no product rows") as caught:
        extract(path)
    assert "Adidas" not in str(caught.value) and "Sony" not in str(caught.value)
    assert "sheet Template, row 5" in caught.value.reason


def test_category_listings_report_is_named_by_its_file_name(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "Category+Listings+Report_02-13-2026.xlsm", [*TOP_2025, AMAZON_EXAMPLE, KETTLE]
    )
    assert {e.extractor for e in extract(path)} == {"listing/category-listings"}


def test_a_seller_spreadsheet_with_plain_headers(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "products.xlsx",
        [["Seller SKU", "Title", "Model No.", "UPC"], ["K1", "Kettle", "AK-1700", 12345678905.0]],
        sheet="Products",
        extra_sheets=(),
    )
    assert values(extract(path)) == [
        ("product_name", "main", "Kettle", "Title"),
        ("model_number", "main", "AK-1700", "Model No."),
        ("product_id", "main", "12345678905", "UPC"),
        ("sku", "main", "K1", "Seller SKU"),
    ]
    assert extract(path)[0].extractor == "listing/spreadsheet"


def test_macros_are_dropped_and_the_input_is_untouched(tmp_path: Path) -> None:
    """An .xlsm with a VBA project is read without keeping (or running) the macros."""
    plain = write_workbook(tmp_path / "plain.xlsx", [*TOP_2025, AMAZON_EXAMPLE, KETTLE])
    path = tmp_path / "macros.xlsm"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"Sub AutoOpen()" * 50)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert extract(path)[0].raw == "AQUAHEAT Electric Kettle 1.7 L"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_zip_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 8_000_000)
    assert path.stat().st_size < 100_000
    with pytest.raises(DocumentError, match=r"limits\.max_listing_bytes") as caught:
        read_listing(path, config(max_listing_bytes=1_000_000))
    assert caught.value.limit == "max_listing_bytes"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the file is empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password-protected"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "this is a PDF"),
        (b"<!DOCTYPE html><html><body>Sign in</body></html>", "HTML"),
        (b"PK\x03\x04" + b"\x14\x00" * 40, "damaged or truncated"),
        (
            b"Dear seller,\nyour report is ready.\n",
            "no header row with a title or SKU column was found in the first 10 rows",
        ),
        (b'{"payload": []}', "the JSON has no `items`"),
        (b'{"items": [', "the JSON is not valid"),
        (b"\x00\x01\x02binary\xff\x00", "binary file"),
    ],
)
def test_unreadable_files_are_document_errors_with_a_reason(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "listing.xlsx"
    path.write_bytes(content)
    with pytest.raises(DocumentError) as caught:
        read_listing(path, Config())
    assert reason in caught.value.reason
    assert caught.value.file == str(path)


def test_a_truncated_workbook_is_a_document_error(tmp_path: Path) -> None:
    whole = write_workbook(tmp_path / "whole.xlsx", [*TOP_2025, AMAZON_EXAMPLE, KETTLE])
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    with pytest.raises(DocumentError, match="damaged or truncated"):
        read_listing(cut, Config())


def test_a_missing_file_or_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        read_listing(tmp_path / "nope.csv", Config())
    with pytest.raises(UsageError, match="is a folder"):
        read_listing(tmp_path, Config())


# --- All Listings Report --------------------------------------------------------------------

ALL_LISTINGS_HEADER = [
    "item-name",
    "item-description",
    "listing-id",
    "seller-sku",
    "price",
    "quantity",
    "open-date",
    "image-url",
    "item-is-marketplace",
    "product-id-type",
    "zshop-shipping-fee",
    "item-note",
    "item-condition",
    "zshop-category1",
    "zshop-browse-path",
    "zshop-storefront-feature",
    "asin1",
    "asin2",
    "asin3",
    "will-ship-internationally",
    "expedited-shipping",
    "zshop-boldface",
    "product-id",
    "bid-for-featured-placement",
    "add-delete",
    "pending-quantity",
    "fulfillment-channel",
]


def all_listings_row(title: str, sku: str, id_type: str, product_id: str, asin: str) -> list[str]:
    row = [""] * len(ALL_LISTINGS_HEADER)
    for key, value in (
        ("item-name", title),
        ("listing-id", "1030F79UCJ7"),
        ("seller-sku", sku),
        ("price", "350"),
        ("product-id-type", id_type),
        ("asin1", asin),
        ("product-id", product_id),
        ("fulfillment-channel", "DEFAULT"),
    ):
        row[ALL_LISTINGS_HEADER.index(key)] = value
    return row


def test_all_listings_report_gives_title_ids_and_sku_only(tmp_path: Path) -> None:
    """cp1252, never quoted: a title starting with `"` stays whole; type 4 is an EAN."""
    rows = [
        ALL_LISTINGS_HEADER,
        all_listings_row(
            '"Pro" 9" Angle Grinder – 230mm GA9020',
            "MAK-GA9020",
            "4",
            "0088381094563",
            "B000UKXG3A",
        ),
        all_listings_row(
            "Makita DHR242 Rotary Hammer", "07-5ZYG-K6JQ", "1", "B07MF2LZFV", "B07MF2LZFV"
        ),
    ]
    path = write_tsv_raw(tmp_path / "All+Listings+Report_01-14-2026.txt", rows, "cp1252")
    listing = read_listing(path, Config())
    assert (listing.format, listing.encoding) == ("all-listings-report", "cp1252")
    assert values(extract(path, "MAK-GA9020")) == [
        ("product_name", "main", '"Pro" 9" Angle Grinder – 230mm GA9020', "item-name"),
        ("product_id", "main", "0088381094563", "product-id (EAN)"),
        ("product_id", "main", "B000UKXG3A", "asin1"),
        ("sku", "main", "MAK-GA9020", "seller-sku"),
    ]
    # An ASIN given as product-id and asin1 is one identifier, not two.
    assert values(extract(path, "07-5ZYG-K6JQ"))[1:] == [
        ("product_id", "main", "B07MF2LZFV", "product-id (ASIN)"),
        ("sku", "main", "07-5ZYG-K6JQ", "seller-sku"),
    ]
    assert {e.extractor for e in extract(path, "MAK-GA9020")} == {"listing/all-listings-report"}


def test_japanese_all_listings_report_with_localised_headers(tmp_path: Path) -> None:
    header = [
        "商品名",
        "出品ID",
        "出品者SKU",
        "価格",
        "数量",
        "出品日",
        "商品IDタイプ",
        "コンディション説明",
        "コンディション",
        "商品ID",
        "ASIN 1",
    ]
    row = [
        "マキタ 充電式ハンマドリル HR244DZ",
        "0415ABCDEF",
        "MK-HR244",
        "39800",
        "3",
        "2024/04/15",
        "1",
        "",
        "11",
        "B00ABCDEFG",
        "B00ABCDEFG",
    ]
    path = write_tsv_raw(tmp_path / "出品レポート.txt", [header, row], "cp932")
    listing = read_listing(path, Config())
    assert (listing.format, listing.encoding) == ("all-listings-report", "cp932")
    assert values(extract(path)) == [
        ("product_name", "main", "マキタ 充電式ハンマドリル HR244DZ", "商品名"),
        ("product_id", "main", "B00ABCDEFG", "商品ID (ASIN)"),
        ("sku", "main", "MK-HR244", "出品者SKU"),
    ]


# --- SP-API JSON ----------------------------------------------------------------------------


def attribute(
    value: str, language: str | None = "en_US", marketplace: str = "ATVPDKIKX0DER"
) -> dict[str, str]:
    entry = {"value": value, "marketplace_id": marketplace}
    if language:
        entry["language_tag"] = language
    return entry


TV_ATTRIBUTES = {
    "item_name": [
        attribute("Téléviseur QLED 82 po", "fr_CA", "A2EUQ1WTGCTBG2"),
        attribute("Samsung 82-Inch QLED 4K Smart TV"),
    ],
    "brand": [attribute("SAMSUNG")],
    "manufacturer": [attribute("Samsung Electronics Co., Ltd.")],
    "model_number": [attribute("QN82Q60RAFXZA", None)],
    "model_name": [attribute("Q60 Series")],
    "part_number": [attribute("QN82Q60RAFXZA", None)],
    "externally_assigned_product_identifier": [
        {"type": "ean", "value": "0887276302195", "marketplace_id": "ATVPDKIKX0DER"}
    ],
}


def test_sp_api_item_prefers_en_us_and_attributes_over_summaries(tmp_path: Path) -> None:
    item = {
        "sku": "TV-82",
        "summaries": [
            {
                "marketplaceId": "ATVPDKIKX0DER",
                "itemName": "Hardside Spinner Suitcase",
                "asin": "B07N4M94X4",
            }
        ],
        "attributes": TV_ATTRIBUTES,
    }
    path = tmp_path / "item.json"
    path.write_text(json.dumps(item), encoding="utf-8")
    assert values(extract(path)) == [
        ("product_name", "main", "Samsung 82-Inch QLED 4K Smart TV", "item_name"),
        ("brand", "main", "SAMSUNG", "brand"),
        ("manufacturer", "main", "Samsung Electronics Co., Ltd.", "manufacturer"),
        ("model_number", "main", "QN82Q60RAFXZA", "model_number"),
        ("model_number", "alternate", "Q60 Series", "model_name"),
        ("product_id", "main", "0887276302195", "externally_assigned_product_identifier (EAN)"),
        ("product_id", "main", "B07N4M94X4", "asin"),
        ("sku", "main", "TV-82", "sku"),
        # Every marketplace the attributes or summaries name, in the order first seen.
        ("marketplace", "main", "A2EUQ1WTGCTBG2", "marketplace_id"),
        ("marketplace", "main", "ATVPDKIKX0DER", "marketplace_id"),
    ]
    assert extract(path)[0].locator == "attributes.item_name[1]"
    assert {e.extractor for e in extract(path)} == {"listing/sp-api-json"}


def test_sp_api_summaries_are_a_fallback_for_missing_attributes(tmp_path: Path) -> None:
    items = {
        "items": [
            {
                "sku": "A-1",
                "summaries": [{"itemName": "Smart Plug", "brand": "VOLTIQ"}],
                "attributes": {"model_number": [attribute("XK-2041B", None)]},
            },
            {"sku": "B-2", "attributes": TV_ATTRIBUTES},
        ]
    }
    path = tmp_path / "search.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    assert [(e.field.value, e.raw, e.locator) for e in extract(path, "a-1")] == [
        ("product_name", "Smart Plug", "items[0].summaries[0].itemName"),
        ("brand", "VOLTIQ", "items[0].summaries[0].brand"),
        ("model_number", "XK-2041B", "items[0].attributes.model_number[0]"),
        ("sku", "A-1", "items[0].sku"),
        ("marketplace", "ATVPDKIKX0DER", "items[0].attributes.model_number[0].marketplace_id"),
    ]


def test_json_listings_feed_messages(tmp_path: Path) -> None:
    feed = {
        "header": {"sellerId": "A1", "version": "2.0"},
        "messages": [
            {"messageId": 1, "sku": "GONE", "operationType": "DELETE"},
            {
                "messageId": 2,
                "sku": "PLUG-1",
                "operationType": "UPDATE",
                "attributes": {
                    "item_name": [attribute("Smart Plug")],
                    "model_number": [attribute("XK-2041B", None)],
                },
            },
        ],
    }
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed), encoding="utf-8")
    assert [(e.raw, e.locator) for e in extract(path)] == [
        ("Smart Plug", "messages[1].attributes.item_name[0]"),
        ("XK-2041B", "messages[1].attributes.model_number[0]"),
        ("PLUG-1", "messages[1].sku"),
        ("ATVPDKIKX0DER", "messages[1].attributes.item_name[0].marketplace_id"),
    ]


# --- SKU selection, limits, cache -----------------------------------------------------------


def many_products(tmp_path: Path, count: int = 8) -> Path:
    rows = [["SKU", "Title", "Model"]]
    rows += [[f"VOL-PLUG-{n}", f"Smart Plug {n}", f"XK-{n}"] for n in range(count)]
    rows.append(["KETTLE-9", "Kettle", "AK-1700"])
    return write_delimited(tmp_path / "many.csv", rows, "utf-8")


def test_sku_match_ignores_case_and_surrounding_spaces(tmp_path: Path) -> None:
    path = many_products(tmp_path)
    assert extract(path, "  vol-plug-3 ")[0].raw == "Smart Plug 3"


def test_unknown_sku_names_it_and_lists_the_closest_first(tmp_path: Path) -> None:
    path = many_products(tmp_path)
    with pytest.raises(UsageError) as caught:
        extract(path, "KETTLE-8")
    message = str(caught.value)
    assert "SKU 'KETTLE-8' is not in many.csv" in message
    listed = message.split("include: ")[1].split(", ")
    assert listed[0] == "KETTLE-9" and len(listed) == 5


def test_several_products_without_a_sku_ask_for_sku(tmp_path: Path) -> None:
    path = many_products(tmp_path)
    with pytest.raises(UsageError, match=r"holds 9 products: pass --sku .*VOL-PLUG-0"):
        extract(path)


def test_row_limit_is_a_document_error_naming_the_limit(tmp_path: Path) -> None:
    path = many_products(tmp_path)
    with pytest.raises(DocumentError, match=r"limits\.max_listing_rows") as caught:
        read_listing(path, config(max_listing_rows=5))
    assert caught.value.limit == "max_listing_rows"


def test_a_listing_is_parsed_once_until_it_changes(tmp_path: Path) -> None:
    path = many_products(tmp_path)
    first = read_listing(path, Config())
    assert read_listing(path, Config()) is first
    path.write_text("SKU,Title\nONLY,Changed title\n", encoding="utf-8")
    assert extract(path)[0].raw == "Changed title"


def test_the_registered_listing_extractor_is_this_one() -> None:
    assert registry.extractor("listing") is extract_listing


# --- real exports (../shared/real-reports) --------------------------------------------------


@real
def test_real_all_listings_report() -> None:
    path = real_file("listings/All+Listings+Report_01-14-2026_george-itf_amazon-hub.txt")
    listing = read_listing(path, Config())
    assert (listing.format, listing.encoding, len(listing.rows)) == (
        "all-listings-report",
        "cp1252",
        107,
    )
    assert values(extract(path, "07-5ZYG-K6JQ")) == [
        (
            "product_name",
            "main",
            "Makita DHR242 18v Brushless SDS+ Rotary Hammer Drill with 2 x 6.0Ah Batteries",
            "item-name",
        ),
        ("product_id", "main", "B07MF2LZFV", "product-id (ASIN)"),
        ("sku", "main", "07-5ZYG-K6JQ", "seller-sku"),
    ]
    dewalt = extract(path, "DEW/DCK266M2T")[0]
    assert dewalt.raw == "DEWALT 18V XR Brushless Twin Kit 2 x 4AH Batteries - DCK266M2T-GB"
    assert dewalt.extractor == "listing/all-listings-report"


@real
def test_real_all_listings_report_keeps_cp1252_punctuation() -> None:
    path = real_file("listings/All+Listings+Report_01-14-2026_george-itf_amazon-hub.txt")
    titles = [row.first(Field.PRODUCT_NAME) for row in read_listing(path, Config()).rows]
    raw = [t.raw for t in titles if t is not None]
    assert any("\u2013" in t for t in raw)  # byte 0x96, an en dash in cp1252
    assert 'Makita DGA900Z 18v / 36v Cordless Brushless 230mm 9" Angle Grinder Paddle Switch' in raw


@real
def test_real_sp_api_listing_attributes_beat_the_suitcase_summary() -> None:
    path = real_file(
        "json/spapi_listingsItems_2021-08-01_searchListingsItems_example_response.json"
    )
    found = {(e.field, e.role): e for e in extract(path)}
    assert found[Field.MODEL_NUMBER, Role.MAIN].raw == "QN82Q60RAFXZA"
    assert found[Field.BRAND, Role.MAIN].raw == "SAMSUNG"
    assert found[Field.MANUFACTURER, Role.MAIN].raw == "Samsung"
    title = found[Field.PRODUCT_NAME, Role.MAIN]
    assert title.raw.startswith("Samsung QN82Q60RAFXZA Flat 82-Inch QLED")
    assert title.locator == "items[0].attributes.item_name[0]"
    assert not any("Suitcase" in e.raw for e in extract(path))
    # part_number repeats the model number: no alternate.
    assert (Field.MODEL_NUMBER, Role.ALTERNATE) not in found


@real
def test_real_catalog_item_has_identifiers() -> None:
    path = real_file("json/spapi_catalogItems_2022-04-01_getCatalogItem_example_response.json")
    ids = [(e.raw, e.label) for e in extract(path) if e.field == Field.PRODUCT_ID]
    assert ids == [
        ("0887276302195", "identifier (EAN)"),
        ("00887276302195", "identifier (GTIN)"),
        ("887276302195", "identifier (UPC)"),
        ("B07N4M94X4", "asin"),
    ]
    assert extract(path, "B07N4M94X4")[0].raw.startswith("Samsung QN82Q60RAFXZA")


@real
def test_real_listings_feed_example() -> None:
    path = real_file("json/spapi_listings-feed-schema-v2.example.json")
    assert values(extract(path)) == [
        ("product_name", "main", "My Title", "item_name"),
        ("sku", "main", "My-SKU-C", "sku"),
        ("marketplace", "main", "ATVPDKIKX0DER", "marketplace_id"),
    ]


@real
def test_real_lab_chemical_template_never_yields_amazons_example() -> None:
    """The "blank" template actually holds 36 seller rows (7-42) under the example row 6."""
    path = real_file("listings/LAB_CHEMICAL_Blank_template_cruz1171975_amazonenrichment.xlsm")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    listing = read_listing(path, Config())
    assert (listing.format, listing.header_at, len(listing.rows)) == (
        "template-2025",
        "sheet Template, row 5",
        36,
    )
    assert [row.row for row in listing.rows] == list(range(7, 43))
    every_value = [v.raw for row in listing.rows for vs in row.values.values() for v in vs]
    for example in (
        "Adidas Blue Sneakers",
        "Sony",
        "RXZER23",
        "RIV001",
        "714532191586",
        "Nike, Procter & Gamble",
    ):
        assert example not in every_value
    with pytest.raises(UsageError, match="holds 36 products: pass --sku"):
        extract(path)
    first = extract(path, listing.rows[0].sku)
    assert [(e.field.value, e.role.value, e.raw) for e in first][:4] == [
        ("brand", "main", "Alliance Chemical"),
        ("manufacturer", "main", "Alliance Chemical"),
        ("model_number", "alternate", "Q5T-QXR-7Z8"),
        ("product_id", "main", "00850081941309"),
    ]
    assert first[0].locator == "sheet Template, row 7"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


@real
@pytest.mark.slow
def test_real_lab_chemical_template_emptied_says_no_product_rows(tmp_path: Path) -> None:
    """The real template with its seller rows deleted is a true blank: a clear error."""
    path = real_file("listings/LAB_CHEMICAL_Blank_template_cruz1171975_amazonenrichment.xlsm")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl drops the data-validation extension
        workbook = openpyxl.load_workbook(path, keep_vba=False)
    sheet = workbook["Template"]
    sheet.delete_rows(7, sheet.max_row)
    blank = tmp_path / "LAB_CHEMICAL (Blank).xlsx"
    workbook.save(blank)
    with pytest.raises(DocumentError, match="no product rows") as caught:
        extract(blank)
    assert "Adidas" not in str(caught.value)


@real
def test_real_product_type_definition_is_not_a_listing() -> None:
    path = real_file(
        "json/spapi_definitionsProductTypes_2020-09-01_getDefinitionsProductType_example_response"
        ".json"
    )
    with pytest.raises(DocumentError, match="not a listing export"):
        extract(path)


# --- properties -----------------------------------------------------------------------------

_counter = itertools.count()


@settings(max_examples=FUZZ_EXAMPLES, deadline=None)
@given(
    st.binary(max_size=400),
    st.sampled_from([".csv", ".txt", ".xlsx", ".json", ".tsv"]),
    st.sampled_from(
        [
            b"",
            b"SKU,Title,Model\n",
            b"PK\x03\x04",
            b'{"items": ',
            b"\xef\xbb\xbfitem-name\tseller-sku\n",
        ]
    ),
)
def test_arbitrary_bytes_raise_only_document_or_usage_errors(
    data: bytes, suffix: str, prefix: bytes
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz-{next(_counter)}{suffix}"
        path.write_bytes(prefix + data)
        with contextlib.suppress(DocumentError, UsageError):
            extract(path)


def test_listing_values_are_frozen(tmp_path: Path) -> None:
    path = many_products(tmp_path)
    row = read_listing(path, Config()).rows[0]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        row.sku = "other"  # type: ignore[misc]
