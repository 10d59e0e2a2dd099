""".xls and .ods listings through calamine, and the formats no well-kept library reads."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from consistency.cli import main
from consistency.config import Config
from consistency.errors import DocumentError, UsageError
from consistency.extract.listing import extract_listing, probe, read_listing
from consistency.extract.sniff import container
from consistency.model import Document, Kind
from listing_files import real_file, write_ods, write_xls

FLAT = [
    ["TemplateType=fptcustom", "Version=2021.0625"],
    ["Seller SKU", "Product Name", "Brand Name", "Model Number", "Product ID", "Product ID Type"],
    [
        "item_sku",
        "item_name",
        "brand_name",
        "model",
        "external_product_id",
        "external_product_id_type",
    ],
    ["VOL-PLUG-1", "VOLTIQ Smart Plug", "VOLTIQ", "XK-2041B", "4006381333931", "EAN"],
    ["VOL-LAMP-2", "VOLTIQ Desk Lamp", "VOLTIQ", "DL-300", 12345678905, "UPC"],
]


def fields(path: Path, sku: str) -> list[tuple[str, str, str | None, str | None]]:
    evidence = extract_listing(Document(path, Kind.LISTING, sku), Config())
    return [(e.field.value, e.raw, e.label, e.locator) for e in evidence]


def test_an_xls_flat_file_is_read_from_its_template_sheet(tmp_path: Path) -> None:
    path = write_xls(tmp_path / "flat.xls", FLAT)
    listing = read_listing(path, Config())
    assert (listing.format, listing.header_at, listing.encoding) == (
        "flat-file",
        "sheet Template, row 3",
        None,
    )
    assert fields(path, "VOL-LAMP-2") == [
        ("product_name", "VOLTIQ Desk Lamp", "item_name", "sheet Template, row 5"),
        ("brand", "VOLTIQ", "brand_name", "sheet Template, row 5"),
        ("model_number", "DL-300", "model", "sheet Template, row 5"),
        # A number cell: no `.0` on a barcode.
        (
            "product_id",
            "12345678905",
            "external_product_id (UPC)",
            "sheet Template, row 5",
        ),
        ("sku", "VOL-LAMP-2", "item_sku", "sheet Template, row 5"),
    ]


def test_an_xls_starting_below_the_top_keeps_the_rows_the_seller_sees(tmp_path: Path) -> None:
    """calamine starts a sheet at its first filled cell; locators still count from row 1."""
    path = write_xls(
        tmp_path / "offset.xls", [["SKU", "Title", "Model"], ["S-1", "Plug", "XK-1"]], skip=3
    )
    assert fields(path, "S-1")[0] == ("product_name", "Plug", "Title", "sheet Template, row 5")


def test_an_ods_flat_file(tmp_path: Path) -> None:
    path = write_ods(tmp_path / "flat.ods", FLAT)
    assert read_listing(path, Config()).format == "flat-file"
    assert fields(path, "vol-plug-1") == [
        ("product_name", "VOLTIQ Smart Plug", "item_name", "sheet Template, row 4"),
        ("brand", "VOLTIQ", "brand_name", "sheet Template, row 4"),
        ("model_number", "XK-2041B", "model", "sheet Template, row 4"),
        ("product_id", "4006381333931", "external_product_id (EAN)", "sheet Template, row 4"),
        ("sku", "VOL-PLUG-1", "item_sku", "sheet Template, row 4"),
    ]


def test_a_damaged_xls_is_a_document_error(tmp_path: Path) -> None:
    whole = write_xls(tmp_path / "whole.xls", FLAT)
    cut = tmp_path / "cut.xls"
    cut.write_bytes(whole.read_bytes()[:1200])
    with pytest.raises(DocumentError, match="no Excel workbook was found") as caught:
        read_listing(cut, Config())
    assert caught.value.file == str(cut)


def write_numbers(path: Path) -> Path:
    """An Apple Numbers document's package layout: a zip holding Index/Document.iwa."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Index/Document.iwa", b"\x00\x8f\x01")
        archive.writestr("Metadata/Properties.plist", b"bplist00")
    return path


def test_a_numbers_file_is_a_usage_error_naming_the_format_and_the_export(
    tmp_path: Path,
) -> None:
    path = write_numbers(tmp_path / "listing.numbers")
    assert container(path) == "numbers"
    with pytest.raises(UsageError) as caught:
        read_listing(path, Config())
    message = str(caught.value)
    assert message.startswith(f"{path}: this is an Apple Numbers spreadsheet")
    assert "File > Export To > Excel (.xlsx) or CSV" in message


@pytest.mark.real
def test_the_cli_exits_2_with_one_line_for_a_numbers_listing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = write_numbers(tmp_path / "listing.numbers")
    report = real_file("reports/keys_ce_lvd_coc_air-fryer_RS-AF1268Y.pdf")
    assert main(["--listing", str(listing), "--report", str(report)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "Apple Numbers spreadsheet" in err
    assert "Traceback" not in err


@pytest.mark.real
def test_a_pdf_given_as_the_listing_is_a_usage_error() -> None:
    path = real_file("reports/keys_ce_lvd_coc_air-fryer_RS-AF1268Y.pdf")
    with pytest.raises(
        UsageError, match=r"this is a PDF, not a listing export we can read; export"
    ):
        read_listing(path, Config())


@pytest.mark.real
def test_a_pdf_renamed_xlsx_is_a_damaged_listing_not_a_usage_error(tmp_path: Path) -> None:
    """Name and content disagree: the file is not what it says (CR501, not exit 2)."""
    renamed = tmp_path / "listing.xlsx"
    renamed.write_bytes(real_file("reports/keys_ce_lvd_coc_air-fryer_RS-AF1268Y.pdf").read_bytes())
    with pytest.raises(DocumentError, match="this is a PDF") as caught:
        read_listing(renamed, Config())
    assert not isinstance(caught.value, UsageError)


#: Real password-protected workbooks and a real .xlsb (python-calamine's MIT-licensed test
#: data, dimastbk/python-calamine tests/data at 76bedd0).  Files fetched from public
#: repositories are not committed (the workplace's rule): tests/real/README.md says how to
#: place them; these tests skip, saying so, where they are absent.
CALAMINE = Path(__file__).parent / "real" / "files" / "calamine"


def _real(name: str) -> Path:
    path = CALAMINE / name
    if not path.is_file():
        pytest.skip(f"{path} is not here (fetched test data is kept out of git)")
    return path


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("password.xlsx", "encrypted"),
        ("password.xlsb", "encrypted"),
        ("password.xls", "xls"),
        ("password.ods", "ods"),
    ],
)
def test_a_password_protected_workbook_says_to_remove_the_password(
    tmp_path: Path, name: str, kind: str
) -> None:
    """Real password-protected files from Excel and LibreOffice (python-calamine's tests)."""
    path = _real(name)
    assert container(path) == kind
    with pytest.raises(DocumentError, match="password-protected") as caught:
        read_listing(path, Config())
    assert "save it as .xlsx without a password" in caught.value.reason
    found = probe(path)
    assert not found.is_listing
    assert "without a password" in found.reason


def test_a_real_xlsb_is_opened_and_its_sheets_searched() -> None:
    """calamine reads Excel's binary .xlsb; this one (from calamine's tests) is no listing."""
    path = _real("base.xlsb")
    assert container(path) == "xlsb"
    with pytest.raises(DocumentError) as caught:
        read_listing(path, Config())
    assert caught.value.reason.startswith("not a listing export: no header row")
    assert "of any sheet (Sheet1, Sheet2, Sheet3, Merged Cells)" in caught.value.reason
    assert probe(path).format == "xlsb"


def test_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "listing.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("listing.csv", "SKU,Title\nS-1,Plug\n")
    with pytest.raises(UsageError, match="unzip it and give the listing file inside"):
        read_listing(path, Config())
