"""Case folders, manifests and the one resolver: kinds, listing, SKU, configuration, unused files."""

from __future__ import annotations

from pathlib import Path

import pytest

import consistency
from consistency.case import (
    classify,
    find_case_folders,
    load_case,
    manifest_config,
    resolve,
)
from consistency.config import Config
from consistency.errors import ConfigError, UsageError
from consistency.model import Case, Document, Kind, Severity

LISTING_CSV = (
    "SKU,Title,Brand,Manufacturer,Model\n"
    "HX-1,Smart Plug,HEXA,Hexa Ltd,XK-2041A\n"
    "HX-2,Smart Plug Mini,HEXA,Hexa Ltd,XK-2042\n"
)
ONE_PRODUCT_CSV = "SKU,Title,Brand,Manufacturer,Model\nHX-9,Kettle,HEXA,Hexa Ltd,KT-9\n"
# The first bytes of an OLE2 compound file: an Excel 97-2003 workbook.
OLD_XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512


def touch(folder: Path, *names: str, content: str = "x") -> None:
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(content, encoding="utf-8")


def write_manifest(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    manifest = folder / "consistency.toml"
    manifest.write_text(text, encoding="utf-8")
    return manifest


# --- kinds ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
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
        ("IMG_4410.HEIC", Kind.PRODUCT),
        ("box.heic", Kind.PACKAGING),
        ("README.md", None),
        ("README", None),
        ("consistency.toml", None),
        ("truth.json", None),
        (".DS_Store", None),
        (".hidden.pdf", None),
        ("~$listing.xlsx", None),
        ("archive.zip", None),
        ("notes.docx", None),
    ],
)
def test_classify_by_extension_and_name(tmp_path: Path, name: str, kind: Kind | None) -> None:
    """Reports and photos are classified by extension and the words of their names."""
    touch(tmp_path, name)
    assert classify(tmp_path / name) is kind


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("my_products.csv", LISTING_CSV, Kind.LISTING),
        ("download.txt", "item-name\tseller-sku\tprice\nPlug\tHX-1\t9.99\n", Kind.LISTING),
        ("INDEX.csv", "case,notes\nHX-1,call the lab\n", None),
        ("listing_export.csv", "Call the lab about the report.\n", None),
        ("memo.txt", "Call the lab about the report.\nThanks\n", None),
    ],
)
def test_a_listing_is_recognised_by_content_not_name(
    tmp_path: Path, name: str, content: str, kind: Kind | None
) -> None:
    """A CSV or text file is a listing only when its content looks like one, whatever its name."""
    touch(tmp_path, name, content=content)
    assert classify(tmp_path / name) is kind


# --- manifests -----------------------------------------------------------------------------

ISSUE_MANIFEST = """\
sku = "HX-1"
listing = "../listing_export.csv"

[documents]
test_report = ["Test_Report*.pdf"]
packaging = ["IMG_1001.jpg"]
product = ["IMG_1002.jpg"]
"""


def test_manifest_from_the_issue(tmp_path: Path) -> None:
    """The manifest form: shared listing in the parent, globs, kinds by table."""
    touch(tmp_path, "listing_export.csv", content=LISTING_CSV)
    case_dir = tmp_path / "HX-1"
    touch(case_dir, "Test_Report_EMC.pdf", "Test_Report_Safety.pdf", "IMG_1001.jpg", "IMG_1002.jpg")
    write_manifest(case_dir, ISSUE_MANIFEST)

    case = load_case(case_dir)

    assert case == Case(
        (
            Document(tmp_path / "listing_export.csv", Kind.LISTING, "HX-1"),
            Document(case_dir / "Test_Report_EMC.pdf", Kind.TEST_REPORT),
            Document(case_dir / "Test_Report_Safety.pdf", Kind.TEST_REPORT),
            Document(case_dir / "IMG_1001.jpg", Kind.PACKAGING),
            Document(case_dir / "IMG_1002.jpg", Kind.PRODUCT),
        ),
        sku="HX-1",
        name="HX-1",
        root=case_dir,
    )


def test_manifest_file_path_reads_the_same_case(tmp_path: Path) -> None:
    """Giving the manifest file itself is the same as giving its folder."""
    touch(tmp_path, "listing_export.csv", content=LISTING_CSV)
    case_dir = tmp_path / "HX-1"
    touch(case_dir, "Test_Report_1.pdf", "IMG_1001.jpg", "IMG_1002.jpg")
    manifest = write_manifest(case_dir, ISSUE_MANIFEST)
    assert load_case(manifest) == load_case(case_dir)


def test_manifest_glob_matching_nothing_names_manifest_and_pattern(tmp_path: Path) -> None:
    """A glob that matches nothing is a usage error naming the manifest and the pattern."""
    touch(tmp_path, "listing_export.csv", content=LISTING_CSV)
    case_dir = tmp_path / "case"
    touch(case_dir, "IMG_1001.jpg", "IMG_1002.jpg")
    manifest = write_manifest(case_dir, ISSUE_MANIFEST)
    with pytest.raises(UsageError) as caught:
        load_case(case_dir)
    assert str(caught.value) == (
        f"{manifest}: documents.test_report pattern 'Test_Report*.pdf' matches no file"
    )


def test_manifest_missing_file_names_manifest_and_file(tmp_path: Path) -> None:
    """A named file that does not exist is a usage error naming the manifest and the file."""
    case_dir = tmp_path / "case"
    touch(case_dir, "Test_Report_1.pdf", "IMG_1002.jpg", "IMG_1001.jpg")
    manifest = write_manifest(case_dir, ISSUE_MANIFEST)
    with pytest.raises(UsageError) as caught:
        load_case(case_dir)
    assert str(manifest) in str(caught.value)
    assert "../listing_export.csv" in str(caught.value)
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


# --- the SKU -------------------------------------------------------------------------------


def test_sku_argument_wins_over_manifest(tmp_path: Path) -> None:
    """A SKU given by the caller overrides the manifest's, like any flag over a file."""
    case_dir = tmp_path / "case"
    touch(case_dir, "listing.csv", content=LISTING_CSV)
    write_manifest(case_dir, 'sku = "HX-1"\nlisting = "listing.csv"\n')
    case, _ = resolve(case_dir, sku="HX-2")
    assert case.sku == "HX-2"
    assert case.documents[0].sku == "HX-2"


def test_sku_is_the_listings_only_product(tmp_path: Path) -> None:
    """Without a SKU anywhere, a one-product listing gives it."""
    touch(tmp_path / "anything", "listing.csv", content=ONE_PRODUCT_CSV)
    touch(tmp_path / "anything", "report.pdf")
    case, _ = resolve(tmp_path / "anything")
    assert (case.sku, case.name) == ("HX-9", "HX-9")


def test_sku_is_the_folder_name_when_the_listing_has_that_row(tmp_path: Path) -> None:
    """A catalogue named by SKU keeps working: the folder's name picks the listing row."""
    touch(tmp_path / "hx-2", "listing.csv", content=LISTING_CSV)
    touch(tmp_path / "hx-2", "report.pdf")
    case, _ = resolve(tmp_path / "hx-2")
    assert case.sku == "HX-2"  # spelled as the listing spells it
    assert case.documents[0] == Document(tmp_path / "hx-2" / "listing.csv", Kind.LISTING, "HX-2")


def test_unknown_sku_is_a_usage_error_listing_the_skus(tmp_path: Path) -> None:
    """A many-product listing and no way to choose: a usage error naming the SKUs and the fix."""
    touch(tmp_path / "case", "listing.csv", content=LISTING_CSV)
    touch(tmp_path / "case", "report.pdf")
    with pytest.raises(UsageError) as caught:
        resolve(tmp_path / "case")
    message = str(caught.value)
    assert "listing.csv holds 2 products" in message
    assert "HX-1, HX-2" in message
    assert "--sku" in message and "sku" in message


# --- the listing ---------------------------------------------------------------------------


def test_two_listings_in_a_folder_are_a_usage_error_naming_both(tmp_path: Path) -> None:
    """Exactly one listing per case: two are never merged; the error says how to choose."""
    case_dir = tmp_path / "HX-1"
    touch(case_dir, "a_listing.csv", "b_listing.csv", content=LISTING_CSV)
    touch(case_dir, "report.pdf")
    with pytest.raises(UsageError) as caught:
        resolve(case_dir)
    message = str(caught.value)
    assert "a_listing.csv and b_listing.csv" in message
    assert "--listing" in message and "listing =" in message
    assert "never merged" in message


def test_listing_flag_wins_over_the_folders_own(tmp_path: Path) -> None:
    """--listing replaces the folder's listing (which is then reported as unused)."""
    case_dir = tmp_path / "HX-1"
    touch(case_dir, "own.csv", content=LISTING_CSV)
    touch(case_dir, "report.pdf")
    touch(tmp_path, "chosen.csv", content=LISTING_CSV)
    case, _ = resolve(case_dir, listing=tmp_path / "chosen.csv")
    assert case.documents[0] == Document(tmp_path / "chosen.csv", Kind.LISTING, "HX-1")
    assert [p for p, _ in case.unused] == [case_dir / "own.csv"]


def test_shared_listing_is_used_only_when_the_case_has_none(tmp_path: Path) -> None:
    """A shared listing (batch --listing) fills in for cases without a listing of their own."""
    touch(tmp_path, "shared.csv", content=LISTING_CSV)
    case_dir = tmp_path / "case"
    touch(case_dir, "report.pdf")
    write_manifest(case_dir, 'sku = "HX-1"\n[documents]\ntest_report = "report.pdf"\n')
    case, _ = resolve(case_dir, shared_listing=tmp_path / "shared.csv")
    assert case.documents[0] == Document(tmp_path / "shared.csv", Kind.LISTING, "HX-1")
    touch(tmp_path / "own", "own.csv", content=LISTING_CSV)
    touch(tmp_path / "own", "report.pdf")
    own, _ = resolve(tmp_path / "own", sku="HX-1", shared_listing=tmp_path / "shared.csv")
    assert own.documents[0].path == tmp_path / "own" / "own.csv"


def test_unreadable_listing_format_is_a_usage_error_saying_what_to_export(tmp_path: Path) -> None:
    """A spreadsheet we cannot read, with no other listing: exit 2 naming the format and the fix."""
    case_dir = tmp_path / "case"
    case_dir.mkdir()
    (case_dir / "listing.xls").write_bytes(OLD_XLS)
    touch(case_dir, "report.pdf")
    with pytest.raises(UsageError) as caught:
        resolve(case_dir)
    assert "listing.xls" in str(caught.value)
    assert ".xlsx" in str(caught.value)


# --- every file accounted for, components ----------------------------------------------------


def test_every_file_is_accounted_for(tmp_path: Path) -> None:
    """Files neither used nor ignored go to `Case.unused` with a reason a seller can act on."""
    case_dir = tmp_path / "HX-1"
    touch(case_dir, "listing.csv", content=LISTING_CSV)
    touch(case_dir, "notes.csv", content="case,notes\nHX-1,call the lab\n")
    touch(case_dir, "Test_Report.pdf", "box.heic", "letter.docx", "README.md", ".DS_Store")
    touch(case_dir, "old/other_report.pdf")
    case, _ = resolve(case_dir)
    assert case.documents == (
        Document(case_dir / "listing.csv", Kind.LISTING, "HX-1"),
        Document(case_dir / "Test_Report.pdf", Kind.TEST_REPORT),
        Document(case_dir / "box.heic", Kind.PACKAGING),
    )
    reasons = dict(case.unused)
    assert sorted(reasons) == [case_dir / "letter.docx", case_dir / "notes.csv"]
    assert "save it as PDF" in reasons[case_dir / "letter.docx"]
    assert reasons[case_dir / "notes.csv"].startswith("not a listing export")


def test_manifest_leaves_unnamed_files_unused_unless_ignored(tmp_path: Path) -> None:
    """With a manifest, a file it does not name is unused, unless `ignore_files` names it."""
    case_dir = tmp_path / "case"
    touch(case_dir, "listing.csv", content=LISTING_CSV)
    touch(case_dir, "report.pdf", "IMG_1.jpg", "notes.docx")
    write_manifest(
        case_dir,
        'sku = "HX-1"\nlisting = "listing.csv"\nignore_files = ["*.docx"]\n'
        '[documents]\ntest_report = "report.pdf"\n',
    )
    case, _ = resolve(case_dir)
    assert [p for p, _ in case.unused] == [case_dir / "IMG_1.jpg"]
    assert "not named in consistency.toml" in case.unused[0][1]


def test_component_documents_from_manifest_and_argument(tmp_path: Path) -> None:
    """`component = [...]` in [documents] and `components=` (--component) mark documents."""
    case_dir = tmp_path / "case"
    touch(case_dir, "listing.csv", content=LISTING_CSV)
    touch(case_dir, "report.pdf", "Radio_Module_Cert.pdf", "adapter.pdf")
    write_manifest(
        case_dir,
        'sku = "HX-1"\nlisting = "listing.csv"\n'
        '[documents]\ntest_report = "report.pdf"\ncomponent = ["Radio_*.pdf"]\n',
    )
    case, _ = resolve(case_dir, components=[case_dir / "adapter.pdf"])
    assert case.documents[1:] == (
        Document(case_dir / "report.pdf", Kind.TEST_REPORT),
        Document(case_dir / "Radio_Module_Cert.pdf", Kind.TEST_REPORT, component=True),
        Document(case_dir / "adapter.pdf", Kind.TEST_REPORT, component=True),
    )
    assert case.unused == ()


def test_missing_path_and_empty_folder_are_usage_errors(tmp_path: Path) -> None:
    """A path that does not exist, or a folder with no documents, is a clear usage error."""
    with pytest.raises(UsageError, match="no such case folder"):
        load_case(tmp_path / "nope")
    touch(tmp_path, "notes.md")
    with pytest.raises(UsageError, match="no documents found"):
        load_case(tmp_path)


# --- configuration -------------------------------------------------------------------------


def test_configuration_is_found_from_the_case_folder_upwards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The nearest configuration above the case wins over the working directory's."""
    catalogue = tmp_path / "catalogue"
    touch(catalogue / "HX-1", "listing.csv", content=LISTING_CSV)
    touch(catalogue / "HX-1", "report.pdf")
    touch(catalogue, "pyproject.toml", content='[tool.consistency]\nfail_on = "warning"\n')
    elsewhere = tmp_path / "elsewhere"
    touch(elsewhere, "pyproject.toml", content='[tool.consistency]\nignore = ["CR101"]\n')
    monkeypatch.chdir(elsewhere)
    _, config = resolve(catalogue / "HX-1")
    assert (config.fail_on, config.ignore) == (Severity.WARNING, ())
    assert config.origin == str((catalogue / "pyproject.toml").resolve())
    # No configuration above the case: the working directory's.
    touch(tmp_path / "bare" / "HX-1", "listing.csv", content=LISTING_CSV)
    touch(tmp_path / "bare" / "HX-1", "report.pdf")
    _, from_cwd = resolve(tmp_path / "bare" / "HX-1")
    assert from_cwd.ignore == ("CR101",)


def test_config_file_wins_then_manifest_then_overrides(tmp_path: Path) -> None:
    """--config replaces the lookup; the manifest's tables apply on top; flags last."""
    case_dir = tmp_path / "case"
    touch(case_dir, "listing.csv", content=LISTING_CSV)
    touch(case_dir, "report.pdf")
    write_manifest(
        case_dir,
        'sku = "HX-1"\nlisting = "listing.csv"\n[documents]\ntest_report = "report.pdf"\n'
        "[thresholds]\nproduct_name = 80\n",
    )
    touch(tmp_path, "pyproject.toml", content="[tool.consistency.thresholds]\nmanufacturer = 50\n")
    touch(tmp_path, "chosen.toml", content='ignore = ["CR103"]\n')
    _, config = resolve(
        case_dir, config_path=tmp_path / "chosen.toml", overrides={"fail_on": "warning"}
    )
    assert config.ignore == ("CR103",)
    assert config.thresholds.manufacturer == Config().thresholds.manufacturer
    assert config.thresholds.product_name == 80
    assert config.fail_on is Severity.WARNING


def test_unknown_ocr_engine_is_a_usage_error_before_reading(tmp_path: Path) -> None:
    """An unknown OCR engine fails while resolving, before any document is read."""
    touch(tmp_path / "case", "listing.csv", content=ONE_PRODUCT_CSV)
    touch(tmp_path / "case", "box.jpg")
    with pytest.raises(UsageError, match="unknown OCR engine 'tesseractt'"):
        resolve(tmp_path / "case", overrides={"ocr": {"photo_engines": ["tesseractt"]}})


# --- catalogues ----------------------------------------------------------------------------


def test_find_case_folders(tmp_path: Path) -> None:
    """Manifest folders and folders with documents are cases; a config-only toml is not."""
    write_manifest(tmp_path / "b", 'sku = "B"\n')
    write_manifest(tmp_path / "a" / "nested", 'sku = "A"\n')
    touch(tmp_path, "c/report.pdf", "c/sub/photo.jpg", "d/only_listing.csv", ".git/x.pdf")
    touch(tmp_path, "consistency.toml", content='fail_on = "warning"\n')
    assert find_case_folders(tmp_path) == [
        tmp_path / "a" / "nested",
        tmp_path / "b",
        tmp_path / "c",
    ]
    assert find_case_folders(tmp_path / "c") == [tmp_path / "c"]


def test_a_case_folder_checks_through_the_api(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`consistency.check()` takes a case folder or its manifest (it raised TypeError before)."""
    example = Path(__file__).resolve().parents[1] / "fixtures" / "example"
    monkeypatch.chdir(tmp_path)
    by_folder = consistency.check(example)
    by_manifest = consistency.check(str(example / "consistency.toml"))
    assert by_folder == by_manifest
    # CR705 (warning): the example package has no packaging photo.
    assert [f.code for f in by_folder.findings] == ["CR101", "CR705"]
