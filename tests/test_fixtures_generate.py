"""The fixture generator: deterministic per seed, readable files, honest and complete truth."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

import openpyxl
import pdfplumber
import pytest
from PIL import Image, ImageChops, ImageOps, ImageStat

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
sys.path.insert(0, str(FIXTURES))

import gen_listings  # noqa: E402
import gen_reports  # noqa: E402
import generate  # noqa: E402
import photos  # noqa: E402

STATUSES = {"consistent", "mismatch", "missing"}
#: How the committed set in fixtures/generated/ was made (see docs/fixtures.md).
COMMITTED_SEED, COMMITTED_COUNT, COMMITTED_MEGAPIXELS = 7, 30, 0.8


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


#: Largest mean difference per grey level allowed between two decodings of one photo: JPEG
#: encoders and resamplers differ slightly between library builds, never by whole glyphs.
PIXEL_TOLERANCE = 2.0


def _content(path: Path) -> object:
    """What a generated file says, independent of the bytes a third-party library rendered.

    Files we write ourselves (truth, manifest, CSV/TXT listings) compare as bytes; workbooks
    by their cell values, PDFs by their text per page, photos by their decoded pixels.
    """
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book}
        finally:
            book.close()
    if suffix == ".pdf":
        with pdfplumber.open(path) as pdf:
            return [page.extract_text() or "" for page in pdf.pages]
    if suffix in {".jpg", ".jpeg", ".png"}:
        with Image.open(path) as image:
            return ImageOps.exif_transpose(image).convert("L")
    return path.read_bytes()


def _same(a: object, b: object) -> bool:
    if isinstance(a, Image.Image) and isinstance(b, Image.Image):
        if a.size != b.size:
            return False
        if photos.missing_fonts():
            return True  # glyphs differ by design where a font family is absent (see below)
        return ImageStat.Stat(ImageChops.difference(a, b)).mean[0] <= PIXEL_TOLERANCE
    return a == b


def _differing(first: Path, second: Path) -> list[str]:
    """Files that differ in content (or exist on one side only) between two package trees."""
    names = {str(p.relative_to(first)) for p in first.rglob("*") if p.is_file()}
    others = {str(p.relative_to(second)) for p in second.rglob("*") if p.is_file()}
    out = sorted(names ^ others)
    for name in sorted(names & others):
        if not _same(_content(first / name), _content(second / name)):
            out.append(name)
    return out


def _pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _truth(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "truth.json").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_same_seed_gives_the_same_packages(tmp_path: Path) -> None:
    """Two runs with one seed write the same packages (truth, listing, PDF text, photo pixels)."""
    generate.generate(tmp_path / "a", 6, seed=11, photos=True, photo_megapixels=0.5)
    generate.generate(tmp_path / "b", 6, seed=11, photos=True, photo_megapixels=0.5)
    assert _differing(tmp_path / "a", tmp_path / "b") == []


def test_another_seed_gives_other_packages(tmp_path: Path) -> None:
    """A different seed draws different products, so the truths differ."""
    one = generate.generate(tmp_path / "a", 3, seed=11)
    two = generate.generate(tmp_path / "b", 3, seed=12)
    assert [t["sku"] for t in one] != [t["sku"] for t in two]


@pytest.mark.parametrize("layout", sorted(gen_reports.LAYOUTS))
@pytest.mark.slow
def test_every_layout_makes_a_pdf_whose_text_layer_holds_the_identity(
    tmp_path: Path, layout: str
) -> None:
    """pdfplumber opens each layout's PDF and finds the main model, product and maker text."""
    package = generate.sample_package(3, seed=5, layout=layout)
    truth = generate.write_package(package, tmp_path, seed=5)
    text = _squash(_pdf_text(tmp_path / truth["documents"]["test_report"][0]))
    report = truth["values"]["test_report"]
    assert _squash(report["model_number"][0]) in text
    assert _squash(report["product_name"]) in text
    if report["manufacturer"] is not None:
        assert _squash(report["manufacturer"]).lower() in text.lower()
    if layout == "long_report":
        assert truth["report"]["pages"] >= 32
        with pdfplumber.open(tmp_path / truth["documents"]["test_report"][0]) as pdf:
            cover = _squash(pdf.pages[0].extract_text() or "")
        assert _squash(report["model_number"][0]) not in cover  # identity is on page 2-3


def test_bilingual_layout_keeps_chinese_labels_in_the_text_layer(tmp_path: Path) -> None:
    """The CJK CID font round-trips: Chinese labels come back out of pdfplumber."""
    package = generate.sample_package(1, seed=9, layout="bilingual")
    truth = generate.write_package(package, tmp_path, seed=9)
    text = _pdf_text(tmp_path / truth["documents"]["test_report"][0])
    assert "检测报告" in text
    assert any(label in text for label in ("型号", "规格型号"))


def _listing_rows(path: Path, fmt: str, encoding: str) -> list[dict[str, str]]:
    """Reads a generated listing back with plain libraries, keyed by attribute name."""
    if fmt in ("flat_xlsx", "template_2025_xlsx", "template_2025_xlsm"):
        sheet = openpyxl.load_workbook(path, read_only=True)["Template"]
        grid = [
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
        keys_row = 2 if fmt == "flat_xlsx" else 4
        if fmt != "flat_xlsx":
            assert (
                grid[5][grid[4].index(next(k for k in grid[4] if k.startswith("item_name")))]
                == "Adidas Blue Sneakers"
            )  # Amazon's example row sits under the keys
        first_data = keys_row + 1 if fmt == "flat_xlsx" else 6
        return [dict(zip(grid[keys_row], row, strict=False)) for row in grid[first_data:]]
    if fmt == "flat_txt":
        lines = path.read_bytes().decode(encoding).splitlines()
        assert lines[0].lstrip("\ufeff").startswith("TemplateType=fptcustom")
        keys = lines[2].split("\t")
        return [dict(zip(keys, line.split("\t"), strict=False)) for line in lines[3:]]
    if fmt == "all_listings_txt":
        lines = path.read_bytes().decode(encoding).splitlines()
        keys = lines[0].split("\t")
        assert {"item-name", "seller-sku", "asin1"} <= set(keys)
        assert not {"brand", "model", "manufacturer"} & set(keys)  # it has none: the trap
        return [dict(zip(keys, line.split("\t"), strict=False)) for line in lines[1:]]
    if fmt == "seller_csv":
        text = path.read_bytes().decode(encoding)
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;")
        return list(csv.DictReader(io.StringIO(text), dialect=dialect))
    document = json.loads(path.read_text(encoding="utf-8"))
    items = document.get("items", [document])
    return [{"sku": i["sku"], "item_name": i["attributes"]["item_name"][0]["value"]} for i in items]


@pytest.mark.parametrize("fmt", [f for f, _ in gen_listings.FORMATS])
def test_every_listing_format_reads_back_with_the_case_sku_and_title(
    tmp_path: Path, fmt: str
) -> None:
    """Each listing format parses with openpyxl/csv/json and holds the case's SKU and title."""
    for index in range(200):  # the first drawn package in this format
        package = generate.sample_package(index, seed=3)
        if package.listing_format == fmt:
            break
    else:
        pytest.fail(f"no {fmt} package drawn")
    truth = generate.write_package(package, tmp_path, seed=3)
    rows = _listing_rows(tmp_path / truth["listing"], fmt, truth["listing_encoding"])
    matching = [r for r in rows if truth["sku"] in r.values()]
    assert len(matching) == 1
    assert truth["values"]["listing"]["product_name"] in matching[0].values()


def test_text_listings_use_their_declared_encoding(tmp_path: Path) -> None:
    """cp1252 and GB18030 files are not UTF-8, and a UTF-8-BOM file starts with the BOM."""
    seen: set[str] = set()
    for index in range(400):
        package = generate.sample_package(index, seed=4)
        if package.listing_format not in ("flat_txt", "seller_csv") or package.encoding in seen:
            continue
        seen.add(package.encoding)
        truth = generate.write_package(package, tmp_path / str(index), seed=4)
        raw = (tmp_path / str(index) / truth["listing"]).read_bytes()
        if package.encoding == "utf-8-sig":
            assert raw.startswith(b"\xef\xbb\xbf")
        if package.encoding == "gb18030":
            with pytest.raises(UnicodeDecodeError):
                raw.decode("utf-8")
            assert "备注" in raw.decode("gb18030")
        assert truth["sku"] in raw.decode(package.encoding)
    assert seen == {"utf-8", "utf-8-sig", "cp1252", "gb18030"}


def test_truth_and_manifest_are_complete(tmp_path: Path) -> None:
    """truth.json has every documented key and status; the manifest names the same files."""
    for truth in generate.generate(tmp_path, 8, seed=21):
        folder = tmp_path / f"pkg{truth['index']:04d}"
        assert set(truth) >= {
            "sku",
            "listing",
            "documents",
            "expected",
            "values",
            "variation",
            "variations",
            "layout",
            "listing_format",
            "listing_encoding",
        }
        assert set(truth["expected"]) == set(generate.FIELDS)
        assert set(truth["expected"].values()) <= STATUSES
        assert set(truth["documents"]) == {"test_report", "packaging", "product"}
        assert set(truth["values"]["test_report"]) >= set(generate.FIELDS)
        assert set(truth["values"]["listing"]) >= {"sku", *generate.FIELDS}
        assert isinstance(truth["values"]["test_report"]["model_number"], list)
        manifest = tomllib.loads((folder / "consistency.toml").read_text(encoding="utf-8"))
        assert manifest["sku"] == truth["sku"]
        assert manifest["listing"] == truth["listing"]
        assert manifest["documents"]["test_report"] == truth["documents"]["test_report"]
        for name in [truth["listing"], *truth["documents"]["test_report"]]:
            assert (folder / name).is_file()
        problems = [v for v in truth["variations"] if v["kind"] != "benign"]
        assert {v["field"] for v in problems} == {
            f for f, status in truth["expected"].items() if status != "consistent"
        }


def test_variations_are_honest_about_what_differs() -> None:
    """Benign spellings normalise equal; mismatches differ in a letter or digit; titles fit."""
    kinds: set[str] = set()
    for index in range(150):
        package = generate.sample_package(index, seed=2)
        listing, report = package.listing_values, package.report_values
        report_models = {generate.model_key(m) for m in report["model_number"]}
        expected = package.expected
        if listing["model_number"] is not None:
            agrees = generate.model_key(listing["model_number"]) in report_models
            assert agrees == (expected["model_number"] == "consistent"), package.variations
        else:
            assert expected["model_number"] == "missing"
        if listing["manufacturer"] and report["manufacturer"]:
            same = generate.company_key(listing["manufacturer"]) == generate.company_key(
                report["manufacturer"]
            )
            assert same == (expected["manufacturer"] == "consistent"), package.variations
        title_has_name = generate.name_tokens(package.product.report_name) <= generate.name_tokens(
            listing["product_name"]
        )
        assert title_has_name == (expected["product_name"] == "consistent")
        kinds.update(f"{v.kind}:{v.key}" for v in package.variations)
    assert {
        "mismatch:digit-swap",
        "mismatch:near-name",
        "mismatch:other-product-type",
        "missing:listing-no-model",
        "missing:report-no-manufacturer",
        "benign:legal-form",
        "benign:listing-is-series-model",
        "mismatch:suffix-letter",
    } <= kinds


def test_about_half_the_packages_are_fully_consistent() -> None:
    """The mix stays near 50 % clean packages, the rest with one or two problems."""
    clean = sum(
        all(s == "consistent" for s in generate.sample_package(i, seed=8).expected.values())
        for i in range(200)
    )
    assert 80 <= clean <= 120


@pytest.mark.slow
def test_photos_are_added_without_changing_the_rest(tmp_path: Path) -> None:
    """--photos adds box/label JPEGs and their truth; report and listing stay the same."""
    with_photos = next(
        i for i in range(50) if generate.sample_package(i, seed=6, photos=True).photos
    )
    plain = generate.write_package(generate.sample_package(with_photos, seed=6), tmp_path / "a", 6)
    shot = generate.write_package(
        generate.sample_package(with_photos, seed=6, photos=True),
        tmp_path / "b",
        6,
        photo_megapixels=0.3,
    )
    for name in [plain["listing"], *plain["documents"]["test_report"]]:
        assert _same(_content(tmp_path / "a" / name), _content(tmp_path / "b" / name))
    photos = shot["documents"]["packaging"] + shot["documents"]["product"]
    assert photos and all((tmp_path / "b" / p).read_bytes()[:2] == b"\xff\xd8" for p in photos)
    assert {p["file"] for p in shot["photos"]} == set(photos)
    manifest = tomllib.loads((tmp_path / "b" / "consistency.toml").read_text(encoding="utf-8"))
    assert manifest["documents"].get("packaging", []) == shot["documents"]["packaging"]


def test_example_package_is_a_three_sku_xlsx_with_a_digit_swap() -> None:
    """fixtures/example: the README demo has a 3-SKU listing and a deliberate model mismatch."""
    folder = FIXTURES / "example"
    truth = _truth(folder)
    assert truth["expected"]["model_number"] == "mismatch"
    assert any(v["key"] == "digit-swap" for v in truth["variations"])
    rows = _listing_rows(folder / truth["listing"], "flat_xlsx", "utf-8")
    assert len([r for r in rows if r.get("item_sku")]) == 3
    manifest = tomllib.loads((folder / "consistency.toml").read_text(encoding="utf-8"))
    assert (folder / manifest["listing"]).is_file()
    assert all((folder / name).is_file() for name in manifest["documents"]["test_report"])


def test_example_package_is_what_the_generator_makes(tmp_path: Path) -> None:
    """`--example` reproduces fixtures/example (README and docs quote its output)."""
    generate.make_example(tmp_path / "example")
    assert _differing(tmp_path / "example", FIXTURES / "example") == []


@pytest.mark.slow
def test_committed_set_matches_the_generator(tmp_path: Path) -> None:
    """fixtures/generated is what the documented command makes (spot-checked on 3 packages)."""
    committed = FIXTURES / "generated"
    index = json.loads((committed / "INDEX.json").read_text(encoding="utf-8"))
    assert len(index) == COMMITTED_COUNT
    for i in (0, 4, 13):
        package = generate.sample_package(i, COMMITTED_SEED, photos=True)
        generate.write_package(
            package, tmp_path / f"pkg{i:04d}", COMMITTED_SEED, photo_megapixels=COMMITTED_MEGAPIXELS
        )
        assert _differing(tmp_path / f"pkg{i:04d}", committed / f"pkg{i:04d}") == []


@pytest.mark.slow
def test_photo_draws_do_not_depend_on_installed_fonts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a font family missing, a photo keeps its size and layout draws (only glyphs change)."""
    spec = photos.LabelSpec()
    photos.render_label_photo(spec, tmp_path / "all.jpg", difficulty="medium", seed=3)
    fonts = dict(photos._LATIN_FONTS)
    fonts["liberation-sans"] = ("/nonexistent/a.ttf", "/nonexistent/b.ttf")
    fonts["dejavu-serif"] = ("/nonexistent/c.ttf", "/nonexistent/d.ttf")
    monkeypatch.setattr(photos, "_LATIN_FONTS", fonts)
    photos.render_label_photo(spec, tmp_path / "fewer.jpg", difficulty="medium", seed=3)
    with Image.open(tmp_path / "all.jpg") as a, Image.open(tmp_path / "fewer.jpg") as b:
        assert a.size == b.size
