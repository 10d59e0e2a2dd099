"""Case folders and manifests: classification by name, manifests, and their errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from consistency.case import classify, find_cases, load_case, manifest_config
from consistency.errors import ConfigError, UsageError
from consistency.model import Document, Kind


def touch(folder: Path, *names: str, content: str = "x") -> None:
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(content, encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("listing_export.xlsx", Kind.LISTING),
        ("Flat.File.xlsm", Kind.LISTING),
        ("my_products.csv", Kind.LISTING),
        ("my_products.tsv", Kind.LISTING),
        ("listings_item.json", Kind.LISTING),
        ("All+Listings+Report+08-01-2024.txt", Kind.LISTING),
        ("Inventory_Flat_File.txt", Kind.LISTING),
        ("Test_Report_HX-2041.pdf", Kind.TEST_REPORT),
        ("anything.PDF", Kind.TEST_REPORT),
        ("certificate_scan.jpg", Kind.TEST_REPORT),
        ("DoC.png", Kind.TEST_REPORT),
        ("TestReportPage1.jpeg", Kind.TEST_REPORT),
        ("box_front.jpg", Kind.PACKAGING),
        ("Outer-Carton.JPG", Kind.PACKAGING),
        ("packaging_label.png", Kind.PACKAGING),
        ("产品包装.jpg", Kind.PACKAGING),
        ("rating_label.jpg", Kind.PRODUCT),
        ("nameplate.png", Kind.PRODUCT),
        ("IMG_1002.jpg", Kind.PRODUCT),
        ("notes.txt", None),
        ("README.md", None),
        ("README", None),
        ("consistency.toml", None),
        ("truth.json", None),
        (".DS_Store", None),
        (".hidden.pdf", None),
        ("~$listing.xlsx", None),
        ("archive.zip", None),
    ],
)
def test_classify_by_extension_and_name(tmp_path: Path, name: str, kind: Kind | None) -> None:
    """Files are classified by extension, photos by the words in their names."""
    touch(tmp_path, name)
    assert classify(tmp_path / name) is kind


def test_classify_txt_by_tab_separated_content(tmp_path: Path) -> None:
    """An oddly named .txt export is a listing when its content is tab-separated columns."""
    touch(tmp_path, "download.txt", content="item-name\tseller-sku\tprice\nPlug\tHX-1\t9.99\n")
    touch(tmp_path, "flat.txt", content="TemplateType=fptcustom\tVersion=2021\n")
    touch(tmp_path, "memo.txt", content="Call the lab about the report.\nThanks\n")
    assert classify(tmp_path / "download.txt") is Kind.LISTING
    assert classify(tmp_path / "flat.txt") is Kind.LISTING
    assert classify(tmp_path / "memo.txt") is None


def write_manifest(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    manifest = folder / "consistency.toml"
    manifest.write_text(text, encoding="utf-8")
    return manifest


ISSUE_MANIFEST = """\
sku = "HX-2041"
listing = "../listing_export.xlsx"

[documents]
test_report = ["Test_Report*.pdf"]
packaging = ["IMG_1001.jpg"]
product = ["IMG_1002.jpg"]
"""


def test_manifest_from_the_issue(tmp_path: Path) -> None:
    """The manifest form of the issue: shared listing in the parent, globs, kinds by table."""
    touch(tmp_path, "listing_export.xlsx")
    case_dir = tmp_path / "HX-2041"
    touch(case_dir, "Test_Report_EMC.pdf", "Test_Report_Safety.pdf", "IMG_1001.jpg", "IMG_1002.jpg")
    write_manifest(case_dir, ISSUE_MANIFEST)

    case = load_case(case_dir)

    assert case.sku == "HX-2041"
    assert case.name == "HX-2041"
    assert case.root == case_dir
    assert case.documents == (
        Document(tmp_path / "listing_export.xlsx", Kind.LISTING, "HX-2041"),
        Document(case_dir / "Test_Report_EMC.pdf", Kind.TEST_REPORT),
        Document(case_dir / "Test_Report_Safety.pdf", Kind.TEST_REPORT),
        Document(case_dir / "IMG_1001.jpg", Kind.PACKAGING),
        Document(case_dir / "IMG_1002.jpg", Kind.PRODUCT),
    )


def test_manifest_file_path_reads_the_same_case(tmp_path: Path) -> None:
    """Giving the manifest file itself is the same as giving its folder."""
    touch(tmp_path, "listing_export.xlsx")
    case_dir = tmp_path / "HX-2041"
    touch(case_dir, "Test_Report_1.pdf", "IMG_1001.jpg", "IMG_1002.jpg")
    manifest = write_manifest(case_dir, ISSUE_MANIFEST)
    assert load_case(manifest) == load_case(case_dir)


def test_manifest_glob_matching_nothing_names_manifest_and_pattern(tmp_path: Path) -> None:
    """A glob that matches nothing is a usage error naming the manifest and the pattern."""
    touch(tmp_path, "listing_export.xlsx")
    case_dir = tmp_path / "case"
    touch(case_dir, "IMG_1001.jpg", "IMG_1002.jpg")
    manifest = write_manifest(case_dir, ISSUE_MANIFEST)
    with pytest.raises(UsageError) as caught:
        load_case(case_dir)
    assert str(manifest) in str(caught.value)
    assert "Test_Report*.pdf" in str(caught.value)
    assert "matches no file" in str(caught.value)


def test_manifest_missing_file_names_manifest_and_file(tmp_path: Path) -> None:
    """A named file that does not exist is a usage error naming the manifest and the file."""
    case_dir = tmp_path / "case"
    touch(case_dir, "Test_Report_1.pdf", "IMG_1002.jpg", "IMG_1001.jpg")
    manifest = write_manifest(case_dir, ISSUE_MANIFEST)
    with pytest.raises(UsageError) as caught:
        load_case(case_dir)
    assert str(manifest) in str(caught.value)
    assert "../listing_export.xlsx" in str(caught.value)
    assert "does not exist" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('skew = "HX-1"\n', "skew"),
        ('[documents]\nreports = ["a.pdf"]\n', "documents.reports"),
        ("[thresholds]\nproduct_nam = 70\n", "thresholds.product_nam"),
        ("[tool.consistency.limits]\nmax_pagez = 3\n", "limits.max_pagez"),
        ("sku = 42\n", "sku"),
        ("[documents]\ntest_report = 3\n", "documents.test_report"),
    ],
)
def test_manifest_unknown_or_bad_key_names_file_and_key(
    tmp_path: Path, text: str, key: str
) -> None:
    """An unknown key or a wrong value is a configuration error naming the file and the key."""
    manifest = write_manifest(tmp_path / "case", text)
    with pytest.raises(ConfigError) as caught:
        load_case(manifest)
    assert str(manifest) in str(caught.value)
    assert key in str(caught.value)


def test_manifest_invalid_toml_is_a_usage_error(tmp_path: Path) -> None:
    """Broken TOML is reported as a user error naming the file, not a traceback."""
    manifest = write_manifest(tmp_path / "case", 'sku = "unterminated\n')
    with pytest.raises(UsageError, match="not valid TOML"):
        load_case(manifest)


def test_manifest_config_tables_are_returned(tmp_path: Path) -> None:
    """Configuration tables in a manifest, top-level or under [tool.consistency], are exposed."""
    case_dir = tmp_path / "case"
    touch(case_dir, "report.pdf")
    write_manifest(
        case_dir,
        'sku = "A-1"\n[documents]\ntest_report = "report.pdf"\n'
        "[thresholds]\nproduct_name = 80\n"
        '[tool.consistency]\nignore = ["CR103"]\n',
    )
    assert manifest_config(case_dir) == {"thresholds": {"product_name": 80}, "ignore": ["CR103"]}
    assert manifest_config(tmp_path) == {}


def test_same_file_under_two_kinds_is_an_error(tmp_path: Path) -> None:
    """A file named as two different kinds is ambiguous and rejected."""
    case_dir = tmp_path / "case"
    touch(case_dir, "IMG_1.jpg")
    write_manifest(case_dir, '[documents]\npackaging = "IMG_1.jpg"\nproduct = ["IMG_*.jpg"]\n')
    with pytest.raises(UsageError, match=r"both in documents\.packaging and in documents\.product"):
        load_case(case_dir)


def test_sku_argument_wins_over_manifest(tmp_path: Path) -> None:
    """A SKU given by the caller overrides the manifest's, like any flag over a file."""
    case_dir = tmp_path / "case"
    touch(case_dir, "listing.csv")
    write_manifest(case_dir, 'sku = "A-1"\nlisting = "listing.csv"\n')
    case = load_case(case_dir, sku="B-2")
    assert case.sku == "B-2"
    assert case.documents[0].sku == "B-2"


def test_plain_folder_is_classified_without_recursion(tmp_path: Path) -> None:
    """Without a manifest the folder's own files are classified; subfolders are not read."""
    touch(
        tmp_path,
        "listing.xlsx",
        "Test_Report.pdf",
        "box.jpg",
        "IMG_1.jpg",
        "README.md",
        "old/other_report.pdf",
    )
    case = load_case(tmp_path, sku="HX-1")
    assert case.documents == (
        Document(tmp_path / "IMG_1.jpg", Kind.PRODUCT),
        Document(tmp_path / "Test_Report.pdf", Kind.TEST_REPORT),
        Document(tmp_path / "box.jpg", Kind.PACKAGING),
        Document(tmp_path / "listing.xlsx", Kind.LISTING, "HX-1"),
    )
    assert case.sku == "HX-1"


def test_plain_folder_name_is_not_taken_for_the_sku(tmp_path: Path) -> None:
    """A folder's name is not assumed to be the SKU; it only names the case."""
    folder = tmp_path / "HX-2041"
    touch(folder, "listing.xlsx", "report.pdf")
    case = load_case(folder)
    assert case.sku is None
    assert case.name == "HX-2041"
    assert case.documents[1].sku is None


def test_shared_listing_is_used_when_the_case_has_none(tmp_path: Path) -> None:
    """A shared listing fills in for cases that name no listing of their own."""
    touch(tmp_path, "shared.xlsx")
    case_dir = tmp_path / "case"
    touch(case_dir, "report.pdf")
    write_manifest(case_dir, 'sku = "A-1"\n[documents]\ntest_report = "report.pdf"\n')
    case = load_case(case_dir, listing=tmp_path / "shared.xlsx")
    assert case.documents[0] == Document(tmp_path / "shared.xlsx", Kind.LISTING, "A-1")


def test_missing_path_and_empty_folder_are_usage_errors(tmp_path: Path) -> None:
    """A path that does not exist, or a folder with no documents, is a clear usage error."""
    with pytest.raises(UsageError, match="no such case folder"):
        load_case(tmp_path / "nope")
    touch(tmp_path, "notes.md")
    with pytest.raises(UsageError, match="no documents found"):
        load_case(tmp_path)


def test_find_cases_lists_every_manifest_folder(tmp_path: Path) -> None:
    """Every folder with a consistency.toml under a catalogue root is a case, sorted."""
    write_manifest(tmp_path / "b", 'sku = "B"\n')
    write_manifest(tmp_path / "a" / "nested", 'sku = "A"\n')
    touch(tmp_path, "c/report.pdf")
    assert find_cases(tmp_path) == [tmp_path / "a" / "nested", tmp_path / "b"]
