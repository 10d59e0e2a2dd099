"""`probe`: is a file a listing export we can read, judged from its first rows only."""

from __future__ import annotations

import json
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consistency.extract.listing import ListingProbe, probe
from listing_files import (
    FUZZ_EXAMPLES,
    real_file,
    write_delimited,
    write_ods,
    write_tsv_raw,
    write_workbook,
    write_xls,
)

SELLER_HEADERS = ["SKU", "商品标题 Title", "品牌 Brand", "Model No.(型号)", "EAN"]
SELLER_ROW = ["VOL-PLUG-1", "VOLTIQ Smart Plug", "VOLTIQ", "XK-2041B", "4006381333931"]


@pytest.mark.real
@pytest.mark.parametrize(
    ("relative", "expected_format", "phrase"),
    [
        (
            "listings/All+Listings+Report_01-14-2026_george-itf_amazon-hub.txt",
            "tsv",
            "All Listings Report",
        ),
        (
            "listings/LAB_CHEMICAL_Blank_template_cruz1171975_amazonenrichment.xlsm",
            "xlsx",
            "Amazon listing template",
        ),
        (
            "json/spapi_listingsItems_2021-08-01_searchListingsItems_example_response.json",
            "json",
            "SP-API",
        ),
        (
            "json/spapi_catalogItems_2022-04-01_getCatalogItem_example_response.json",
            "json",
            "SP-API",
        ),
        ("json/spapi_listings-feed-schema-v2.example.json", "json", "SP-API"),
    ],
)
def test_real_listing_exports_are_listings(
    relative: str, expected_format: str, phrase: str
) -> None:
    found = probe(real_file(relative))
    assert found.is_listing, found
    assert found.format == expected_format
    assert phrase in found.reason


@pytest.mark.real
@pytest.mark.parametrize(
    ("relative", "expected_format", "phrase"),
    [
        ("listings/HEADERS.md", "txt", "headers name no SKU, title or model column"),
        (
            "listings/LAB_CHEMICAL_template_label_and_attribute_rows.tsv",
            "tsv",
            "headers name no SKU, title or model column",
        ),
        (
            "json/spapi_definitionsProductTypes_2020-09-01_getDefinitionsProductType_example_response.json",
            "json",
            "without `items`",
        ),
        ("reports/keys_ce_lvd_coc_air-fryer_RS-AF1268Y.pdf", "pdf", "a PDF, not a listing export"),
        ("labels/hp_psu_PS-3701-1C_label_bigjohnson.jpg", "image", "an image"),
    ],
)
def test_real_documents_that_are_not_listings_say_what_they_are(
    relative: str, expected_format: str, phrase: str
) -> None:
    found = probe(real_file(relative))
    assert not found.is_listing
    assert found.format == expected_format
    assert phrase in found.reason


def test_a_seller_csv_with_bilingual_headers_is_a_listing(tmp_path: Path) -> None:
    path = write_delimited(tmp_path / "products.csv", [SELLER_HEADERS, SELLER_ROW], "utf-8-sig")
    assert probe(path) == ListingProbe(
        True,
        "csv",
        "a seller's listing table with columns SKU, 商品标题 Title, 品牌 Brand, Model No.(型号) "
        "(row 1)",
    )


def test_a_csv_of_other_columns_is_not_a_listing(tmp_path: Path) -> None:
    path = write_delimited(
        tmp_path / "orders.csv", [["order-id", "price", "quantity"], ["1", "9.99", "2"]], "utf-8"
    )
    assert probe(path) == ListingProbe(
        False, "csv", "a CSV whose headers name no SKU, title or model column in its first 10 rows"
    )


@pytest.mark.slow
def test_probe_reads_only_the_head_of_a_long_text_file(tmp_path: Path) -> None:
    """The header is judged from the first 64 KiB: a 300k-row export is not parsed."""
    rows = [["seller-sku", "item-name", "asin1"]] + [
        [f"SKU-{i}", f"Product {i}", f"B0{i:08d}"] for i in range(300_000)
    ]
    path = write_tsv_raw(tmp_path / "All+Listings+Report.txt", rows, "cp1252")
    assert path.stat().st_size > 5_000_000
    found = probe(path)
    assert found.is_listing
    assert "All Listings Report" in found.reason


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig", "gb18030"])
def test_probe_cuts_a_long_file_between_characters(tmp_path: Path, encoding: str) -> None:
    """Excel's "Unicode text" is UTF-16: the 64 KiB head must end on a whole character."""
    rows = [["SKU", "商品标题 Title", "型号"]] + [
        [f"S-{i}", "电热水壶 Kettle", "AK-1"] for i in range(5000)
    ]
    path = write_tsv_raw(tmp_path / "unicode.txt", rows, encoding)
    assert path.stat().st_size > 65_536
    found = probe(path)
    assert found.is_listing, found


def test_a_seller_xls_is_a_listing(tmp_path: Path) -> None:
    path = write_xls(tmp_path / "products.xls", [SELLER_HEADERS, SELLER_ROW])
    found = probe(path)
    assert found.is_listing, found
    assert found.format == "xls"
    assert "sheet Template, row 1" in found.reason


def test_a_seller_ods_is_a_listing(tmp_path: Path) -> None:
    path = write_ods(tmp_path / "products.ods", [SELLER_HEADERS, SELLER_ROW])
    found = probe(path)
    assert found.is_listing, found
    assert found.format == "ods"


def test_a_workbook_without_listing_headers_is_not_a_listing(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "prices.xlsx", [["order-id", "price"], ["1", "9.99"]])
    assert probe(path) == ListingProbe(
        False,
        "xlsx",
        "a workbook (.xlsx) whose headers name no SKU, title or model column in its first 10 rows",
    )


def test_json_that_is_not_a_listing_is_not_one(tmp_path: Path) -> None:
    path = tmp_path / "listing.json"
    path.write_text(json.dumps({"payload": {"orders": []}}), encoding="utf-8")
    found = probe(path)
    assert not found.is_listing
    assert found.format == "json"


def test_a_numbers_file_names_its_format_and_what_to_export(tmp_path: Path) -> None:
    """An Apple Numbers package (a zip holding Index/Document.iwa) is not readable."""
    path = tmp_path / "listing.numbers"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Index/Document.iwa", b"\x00\x8f\x01")
        archive.writestr("Metadata/Properties.plist", b"bplist00")
    found = probe(path)
    assert not found.is_listing
    assert found.format == "numbers"
    assert "Apple Numbers" in found.reason
    assert "Export To > Excel" in found.reason


@pytest.mark.parametrize(
    ("content", "expected_format", "phrase"),
    [
        (b"", "unreadable", "empty"),
        (b"\x00\x01\x02binary\xff\x00", "binary", "a binary file"),
        (b"PK\x03\x04" + b"\x14\x00" * 40, "zip", "zip archive"),
        (b"{not json", "json", "not valid JSON"),
    ],
)
def test_probe_never_raises(
    tmp_path: Path, content: bytes, expected_format: str, phrase: str
) -> None:
    path = tmp_path / "listing.csv"
    path.write_bytes(content)
    found = probe(path)
    assert not found.is_listing
    assert found.format == expected_format
    assert phrase in found.reason


@settings(max_examples=FUZZ_EXAMPLES, deadline=None)
@given(
    st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{", b"\xff\xfe"]),
    st.binary(max_size=400),
    st.sampled_from([".csv", ".txt", ".xlsx", ".xls", ".ods", ".json", ".numbers"]),
)
def test_probe_never_raises_on_arbitrary_bytes(prefix: bytes, data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"file{suffix}"
        path.write_bytes(prefix + data)
        found = probe(path)
    assert isinstance(found, ListingProbe)
    assert found.reason
