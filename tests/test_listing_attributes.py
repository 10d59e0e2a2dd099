"""What a reviewer needs besides the identity, from every listing format.

Brand, the product ID and its type, the GPSR manufacturer e-mail, the EU responsible
person, the safety attestation, compliance documents and the marketplace: each read as
typed listing evidence with a locator, from real files written in tmp_path (or the real
2025 template in ../shared/real-reports filled in by openpyxl).
"""

from __future__ import annotations

import json
import shutil
import warnings
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest

from consistency.config import Config
from consistency.extract.listing import extract_listing
from consistency.extract.listing.headers import compact
from consistency.fields import normalise
from consistency.fields.listing_headers import HEADERS, MARKETPLACES, marketplace_code
from consistency.model import Document, Evidence, Field, HowRead, Kind
from listing_files import (
    real_file,
    write_delimited,
    write_ods,
    write_tsv_raw,
    write_workbook,
    write_xls,
)

READER_FIELDS = (
    Field.BRAND,
    Field.PRODUCT_ID,
    Field.ELECTRONIC_ADDRESS,
    Field.RESPONSIBLE_PERSON,
    Field.SAFETY_ATTESTATION,
    Field.COMPLIANCE_MEDIA,
    Field.MARKETPLACE,
)
EMAIL = "gpsr@voltiq-tech.cn"
RESPONSIBLE = "eu-rep@voltiq.de"
CERTIFICATE = "https://example.com/voltiq/XK-2041B-CE-DoC.pdf"
DE = "A1PA6795UKMFR9"


def extract(path: Path, sku: str | None = None) -> list[Evidence]:
    return extract_listing(Document(path, Kind.LISTING, sku), Config())


def reviewed(evidence: Sequence[Evidence]) -> list[tuple[str, str, str | None]]:
    """(field, value, label) of the evidence a reviewer needs beyond the compared fields."""
    return [(e.field.value, e.raw, e.label) for e in evidence if e.field in READER_FIELDS]


def assert_typed_and_located(evidence: Sequence[Evidence]) -> None:
    for found in evidence:
        assert found.source == Kind.LISTING
        assert found.how_read == HowRead.TYPED
        assert found.locator
        assert found.normalised == normalise(found.field, found.raw)


# --- 2025 template: the real LAB_CHEMICAL template filled in ----------------------------------

TEMPLATE_VALUES = {
    "contribution_sku#1.value": "CHEM-1",
    "item_name[marketplace_id=ATVPDKIKX0DER][language_tag=en_US]#1.value": "Citric Acid 1 kg",
    "brand[marketplace_id=ATVPDKIKX0DER][language_tag=en_US]#1.value": "PureLab",
    "amzn1.volt.ca.product_id_type": "EAN",
    "amzn1.volt.ca.product_id_value": "4006381333931",
    "model_number[marketplace_id=ATVPDKIKX0DER]#1.value": "CA-1000",
    "gpsr_manufacturer_reference[marketplace_id=ATVPDKIKX0DER]#1.gpsr_manufacturer_email_address": EMAIL,
    "dsa_responsible_party_address[marketplace_id=ATVPDKIKX0DER]#1.value": RESPONSIBLE,
    "gpsr_safety_attestation[marketplace_id=ATVPDKIKX0DER]#1.value": "Yes",
    "compliance_media[marketplace_id=ATVPDKIKX0DER][content_language=en_US]"
    "[content_type=certificate_of_compliance]#1.source_location": CERTIFICATE,
    "compliance_media[marketplace_id=ATVPDKIKX0DER][content_language=en_US]"
    "[content_type=safety_data_sheet]#1.source_location": "https://example.com/sds.pdf",
}


@pytest.fixture(scope="module")
def filled_templates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real 2025 LAB_CHEMICAL template with one product typed into row 7, saved as
    .xlsx under the two names Amazon gives such a file (a template, a Category Listings
    Report)."""
    source = real_file("listings/LAB_CHEMICAL_Blank_template_cruz1171975_amazonenrichment.xlsm")
    folder = tmp_path_factory.mktemp("filled")
    with warnings.catch_warnings(), source.open("rb") as handle:
        warnings.simplefilter("ignore")  # openpyxl drops the data validation it cannot keep
        workbook = openpyxl.load_workbook(handle)
        sheet = workbook["Template"]
        keys = [cell.value for cell in sheet[5]]
        for row in sheet.iter_rows(min_row=7):
            for cell in row:
                cell.value = None
        for key, value in TEMPLATE_VALUES.items():
            sheet.cell(row=7, column=keys.index(key) + 1, value=value)
        workbook.save(folder / "LAB_CHEMICAL.xlsx")
    # openpyxl saves a workbook with images once (it consumes them): copy the file.
    shutil.copyfile(
        folder / "LAB_CHEMICAL.xlsx", folder / "Category+Listings+Report_02-13-2026.xlsx"
    )
    return folder


@pytest.mark.real
@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "extractor"),
    [
        ("LAB_CHEMICAL.xlsx", "listing/template-2025"),
        ("Category+Listings+Report_02-13-2026.xlsx", "listing/category-listings"),
    ],
)
def test_real_2025_template_gives_every_reviewer_attribute(
    filled_templates: Path, name: str, extractor: str
) -> None:
    found = extract(filled_templates / name)
    media_key = (
        "compliance_media[marketplace_id=ATVPDKIKX0DER][content_language=en_US]"
        "[content_type=certificate_of_compliance]#1.source_location"
    )
    assert reviewed(found) == [
        ("brand", "PureLab", "brand[marketplace_id=ATVPDKIKX0DER][language_tag=en_US]#1.value"),
        ("product_id", "4006381333931", "amzn1.volt.ca.product_id_value (EAN)"),
        (
            "electronic_address",
            EMAIL,
            "gpsr_manufacturer_reference[marketplace_id=ATVPDKIKX0DER]"
            "#1.gpsr_manufacturer_email_address",
        ),
        (
            "responsible_person",
            RESPONSIBLE,
            "dsa_responsible_party_address[marketplace_id=ATVPDKIKX0DER]#1.value",
        ),
        (
            "safety_attestation",
            "Yes",
            "gpsr_safety_attestation[marketplace_id=ATVPDKIKX0DER]#1.value",
        ),
        ("compliance_media", CERTIFICATE, media_key),
        (
            "compliance_media",
            "https://example.com/sds.pdf",
            media_key.replace("certificate_of_compliance", "safety_data_sheet"),
        ),
        ("marketplace", "ATVPDKIKX0DER", "marketplace_id"),
    ]
    assert_typed_and_located(found)
    assert {e.locator for e in found} == {"sheet Template, row 7"}
    assert {e.extractor for e in found} == {extractor}
    notes = [e.note for e in found if e.field == Field.COMPLIANCE_MEDIA]
    assert notes == ["certificate_of_compliance, en_US", "safety_data_sheet, en_US"]
    marketplace = next(e for e in found if e.field == Field.MARKETPLACE)
    assert marketplace.normalised == "US"
    assert marketplace.note is not None and marketplace.note.startswith("US, amazon.com; ")


def test_template_2025_external_identifier_with_its_type_sub_attribute(tmp_path: Path) -> None:
    """`externally_assigned_product_identifier[...]#1.type` types the `#1.value` beside it."""
    keys = [
        "contribution_sku#1.value",
        f"item_name[marketplace_id={DE}][language_tag=de_DE]#1.value",
        f"externally_assigned_product_identifier[marketplace_id={DE}]#1.type",
        f"externally_assigned_product_identifier[marketplace_id={DE}]#1.value",
        f"merchant_suggested_asin[marketplace_id={DE}]#1.value",
    ]
    rows = [
        ["settings=attributeRow=2"],
        keys,
        ["PLUG-DE", "VOLTIQ WLAN Steckdose", "ean", "4006381333931", "B0C1234567"],
    ]
    found = extract(write_workbook(tmp_path / "template.xlsx", rows))
    assert reviewed(found) == [
        ("product_id", "4006381333931", f"{keys[3]} (EAN)"),
        # The key names its type (`..._asin`): no "(ASIN)" added.
        ("product_id", "B0C1234567", keys[4]),
        ("marketplace", DE, "marketplace_id"),
    ]
    assert found[-1].normalised == "DE"


# --- legacy flat file, seller sheets in every container ---------------------------------------

FLAT_KEYS = [
    "feed_product_type",
    "item_sku",
    "brand_name",
    "item_name",
    "external_product_id",
    "external_product_id_type",
    "model",
    "gpsr_manufacturer_reference",
    "dsa_responsible_party_address",
    "gpsr_safety_attestation",
]
FLAT_ROW = [
    "smartplug",
    "VOL-PLUG-1",
    "VOLTIQ",
    "VOLTIQ Wi-Fi Smart Plug",
    "012345678905",
    "UPC",
    "XK-2041B",
    EMAIL,
    RESPONSIBLE,
    "TRUE",
]
FLAT_EXPECTED = [
    ("brand", "VOLTIQ", "brand_name"),
    ("product_id", "012345678905", "external_product_id (UPC)"),
    ("electronic_address", EMAIL, "gpsr_manufacturer_reference"),
    ("responsible_person", RESPONSIBLE, "dsa_responsible_party_address"),
    ("safety_attestation", "TRUE", "gpsr_safety_attestation"),
]


def test_legacy_flat_file_attribute_keys(tmp_path: Path) -> None:
    rows = [["TemplateType=fptcustom", "Version=2023.1116"], FLAT_KEYS, FLAT_ROW]
    found = extract(write_tsv_raw(tmp_path / "flat.txt", rows, "cp1252"))
    assert reviewed(found) == FLAT_EXPECTED
    assert {e.extractor for e in found} == {"listing/flat-file"}
    assert {e.locator for e in found} == {"row 3"}
    assert_typed_and_located(found)


SELLER_HEADERS_EN = [
    "SKU",
    "Product Title",
    "Brand",
    "Model No.",
    "EAN",
    "Manufacturer Email",
    "EU Responsible Person",
    "Safety Attestation",
    "Compliance Documents",
    "Marketplace",
]
SELLER_HEADERS_ZH = [
    "卖家SKU",
    "商品标题 Title",
    "品牌 Brand",
    "型号",
    "条码 EAN",
    "制造商邮箱",
    "欧盟负责人",
    "安全声明",
    "合规文件",
    "站点",
]
SELLER_ROW = [
    "VOL-PLUG-1",
    "VOLTIQ Smart Plug",
    "VOLTIQ",
    "XK-2041B",
    "4006381333931",
    EMAIL,
    RESPONSIBLE,
    "Yes",
    CERTIFICATE,
    "amazon.de",
]


def seller_expected(headers: Sequence[str]) -> list[tuple[str, str, str]]:
    ean_label = headers[4] if "EAN" in headers[4] else f"{headers[4]} (EAN)"
    return [
        ("brand", "VOLTIQ", headers[2]),
        ("product_id", "4006381333931", ean_label),
        ("electronic_address", EMAIL, headers[5]),
        ("responsible_person", RESPONSIBLE, headers[6]),
        ("safety_attestation", "Yes", headers[7]),
        ("compliance_media", CERTIFICATE, headers[8]),
        ("marketplace", "amazon.de", headers[9]),
    ]


@pytest.mark.parametrize("headers", [SELLER_HEADERS_EN, SELLER_HEADERS_ZH], ids=["en", "zh"])
@pytest.mark.parametrize("container", ["csv", "tsv-gb18030", "xlsx", "xls", "ods"])
def test_seller_sheets_in_english_and_chinese_in_every_container(
    tmp_path: Path, headers: list[str], container: str
) -> None:
    rows = [headers, SELLER_ROW]
    if container == "csv":
        path = write_delimited(tmp_path / "products.csv", rows, "utf-8-sig")
    elif container == "tsv-gb18030":
        path = write_tsv_raw(tmp_path / "products.txt", rows, "gb18030")
    elif container == "xlsx":
        path = write_workbook(tmp_path / "products.xlsx", rows)
    elif container == "xls":
        path = write_xls(tmp_path / "products.xls", rows)
    else:
        path = write_ods(tmp_path / "products.ods", rows)
    found = extract(path)
    assert reviewed(found) == seller_expected(headers)
    assert_typed_and_located(found)
    marketplace = next(e for e in found if e.field == Field.MARKETPLACE)
    assert marketplace.normalised == "DE"
    assert marketplace.note == "DE, amazon.de"


def test_seller_csv_with_amazon_attribute_names(tmp_path: Path) -> None:
    """A seller's own CSV using Amazon's attribute names, `marketplace_id` included."""
    headers = [
        "sku",
        "item_name",
        "brand",
        "gpsr_manufacturer_reference",
        "dsa_responsible_party_address",
        "gpsr_safety_attestation",
        "compliance_media",
        "marketplace_id",
    ]
    row = ["P-1", "Smart Plug", "VOLTIQ", EMAIL, RESPONSIBLE, "true", CERTIFICATE, DE]
    found = extract(write_delimited(tmp_path / "attributes.csv", [headers, row], "utf-8"))
    assert reviewed(found) == [
        ("brand", "VOLTIQ", "brand"),
        ("electronic_address", EMAIL, "gpsr_manufacturer_reference"),
        ("responsible_person", RESPONSIBLE, "dsa_responsible_party_address"),
        ("safety_attestation", "true", "gpsr_safety_attestation"),
        ("compliance_media", CERTIFICATE, "compliance_media"),
        ("marketplace", DE, "marketplace_id"),
    ]


# --- SP-API JSON --------------------------------------------------------------------------------


def test_sp_api_listing_item_gpsr_attributes(tmp_path: Path) -> None:
    item = {
        "sku": "PLUG-DE",
        "summaries": [{"marketplaceId": DE, "asin": "B0C1234567", "itemName": "Steckdose"}],
        "attributes": {
            "item_name": [
                {"value": "WLAN Steckdose", "language_tag": "de_DE", "marketplace_id": DE}
            ],
            "brand": [{"value": "VOLTIQ", "language_tag": "de_DE", "marketplace_id": DE}],
            "externally_assigned_product_identifier": [
                {"type": "ean", "value": "4006381333931", "marketplace_id": DE}
            ],
            "gpsr_manufacturer_reference": [
                {"gpsr_manufacturer_email_address": EMAIL, "marketplace_id": DE}
            ],
            "dsa_responsible_party_address": [{"value": RESPONSIBLE, "marketplace_id": DE}],
            "gpsr_safety_attestation": [{"value": True, "marketplace_id": DE}],
            "compliance_media": [
                {
                    "content_type": "certificate_of_compliance",
                    "content_language": "de_DE",
                    "source_location": CERTIFICATE,
                    "marketplace_id": DE,
                },
                {
                    "content_type": "user_manual",
                    "content_language": "de_DE",
                    "source_location": "https://example.com/manual.pdf",
                    "marketplace_id": DE,
                },
            ],
        },
    }
    path = tmp_path / "item.json"
    path.write_text(json.dumps(item), encoding="utf-8")
    found = extract(path)
    assert reviewed(found) == [
        ("brand", "VOLTIQ", "brand"),
        ("product_id", "4006381333931", "externally_assigned_product_identifier (EAN)"),
        ("product_id", "B0C1234567", "asin"),
        ("electronic_address", EMAIL, "gpsr_manufacturer_reference"),
        ("responsible_person", RESPONSIBLE, "dsa_responsible_party_address"),
        ("safety_attestation", "true", "gpsr_safety_attestation"),
        ("compliance_media", CERTIFICATE, "compliance_media"),
        ("compliance_media", "https://example.com/manual.pdf", "compliance_media"),
        ("marketplace", DE, "marketplace_id"),
    ]
    assert_typed_and_located(found)
    locators = {e.field: e.locator for e in found}
    assert locators[Field.ELECTRONIC_ADDRESS] == "attributes.gpsr_manufacturer_reference[0]"
    assert locators[Field.MARKETPLACE] == "attributes.item_name[0].marketplace_id"
    media = [e.note for e in found if e.field == Field.COMPLIANCE_MEDIA]
    assert media == ["certificate_of_compliance, de_DE", "user_manual, de_DE"]


@pytest.mark.real
def test_real_catalog_item_marketplace_and_identifiers() -> None:
    path = real_file("json/spapi_catalogItems_2022-04-01_getCatalogItem_example_response.json")
    found = extract(path)
    assert reviewed(found) == [
        ("brand", "SAMSUNG", "brand"),
        ("product_id", "0887276302195", "identifier (EAN)"),
        ("product_id", "00887276302195", "identifier (GTIN)"),
        ("product_id", "887276302195", "identifier (UPC)"),
        ("product_id", "B07N4M94X4", "asin"),
        ("marketplace", "ATVPDKIKX0DER", "marketplace_id"),
    ]


@pytest.mark.real
def test_real_listings_item_is_on_two_marketplaces() -> None:
    path = real_file(
        "json/spapi_listingsItems_2021-08-01_searchListingsItems_example_response.json"
    )
    found = extract(path)
    marketplaces = [(e.raw, e.normalised) for e in found if e.field == Field.MARKETPLACE]
    assert marketplaces == [("ATVPDKIKX0DER", "US"), ("A2EUQ1WTGCTBG2", "CA")]


# --- All Listings Report: what it does not have ------------------------------------------------


@pytest.mark.real
def test_real_all_listings_report_has_ids_but_no_brand_or_gpsr_columns() -> None:
    """The report has no brand, GPSR or marketplace column: only its identifiers are read."""
    path = real_file("listings/All+Listings+Report_01-14-2026_george-itf_amazon-hub.txt")
    found = extract(path, "07-5ZYG-K6JQ")
    assert {e.field for e in found if e.field in READER_FIELDS} == {Field.PRODUCT_ID}
    # asin1 repeats product-id (type 1, ASIN): one value.
    assert reviewed(found) == [("product_id", "B07MF2LZFV", "product-id (ASIN)")]


# --- the vocabulary -----------------------------------------------------------------------------


def test_marketplace_codes_from_ids_codes_and_domains() -> None:
    assert [
        marketplace_code(raw)
        for raw in ("A1PA6795UKMFR9", "de", "amazon.de", "https://www.amazon.co.uk/", "GB", "XX")
    ] == ["DE", "DE", "DE", "UK", "UK", None]
    assert len({code for code, _ in MARKETPLACES.values()}) == len(MARKETPLACES)


def test_header_words_are_in_the_compact_form_the_reader_matches() -> None:
    assert [word for word in HEADERS if compact(word) != word] == []
