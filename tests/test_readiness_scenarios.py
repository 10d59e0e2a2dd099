"""Readiness scenarios: a clean appeal package and, per code, a variant with that one defect.

The package is real files: a listing CSV, a 3-page test report PDF made with reportlab,
a packaging photo and a rating-label photo drawn with Pillow (with an EAN-13 drawn
bar by bar), read by the real extractors and tesseract through `consistency.check`.
Each variant must yield its code and none of the other CR6xx-CR8xx codes (CR705 may come
with CR401); the clean package yields none.

The band lines of every page (`extract/bands.py`) reach the rules through the PDF
extractor's `Reading`, the photos' OCR lines through the photo extractor's.
"""

from __future__ import annotations

import csv
import datetime
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import attrs
import pytest
from PIL import Image, ImageDraw, ImageFont

import consistency
from consistency.config import Config
from consistency.model import Document, Kind

ROOT = Path(__file__).resolve().parents[1]
AS_OF = datetime.date(2026, 12, 1)
READINESS = ("CR6", "CR7", "CR8")

SKU = "VX-HD-2041"
MODEL = "HD-2041B"
BRAND = "VOLTARA"
MAKER = "Shenzhen Huaxin Technology Co., Ltd."
MAKER_ADDRESS = "Add: 18 Keji Road, Nanshan District, Shenzhen, China"
EMAIL = "service@huaxin-tech.com"
EAN = "5901234123457"
OTHER_EAN = "4006381333931"
REPORT_NO = "HX2026-0417"
STANDARDS = "IEC 60335-1:2020, IEC 60335-2-23:2016"
EU_REP = ("EC REP: Lotus NL B.V.", "Koningin Julianaplein 10, 2595 AA The Hague, Netherlands")
_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _fixture_photos() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fixture_photos", ROOT / "fixtures" / "photos.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["fixture_photos"] = module
    spec.loader.exec_module(module)
    return module


@attrs.frozen
class Package:
    """What a variant changes in the clean package."""

    report_numbers: tuple[str, str, str] = (REPORT_NO, REPORT_NO, REPORT_NO)
    of_pages: int = 3
    valid_until: str | None = None
    standards: str = STANDARDS
    trade_mark: str = BRAND
    declaration: str | None = None
    address: bool = True
    email: bool = True
    eu_rep: bool = True
    model_on_photos: bool = True
    listing_ean: str = EAN
    listing_email: str | None = None


# --------------------------------------------------------------------------- files


def write_listing(path: Path, package: Package) -> None:
    header = ["SKU", "Title", "Brand", "Manufacturer", "Model", "EAN"]
    row = [SKU, f"{BRAND} Hair Dryer 2200W {MODEL}", BRAND, MAKER, MODEL, package.listing_ean]
    if package.listing_email is not None:
        header.append("gpsr_manufacturer_reference")
        row.append(package.listing_email)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, row])


def write_report(path: Path, package: Package) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=True)
    _, height = A4
    for page in range(1, 4):
        pdf.setFont("Helvetica", 8)
        pdf.drawString(
            60,
            height - 36,
            f"Report No.: {package.report_numbers[page - 1]}   Page: {page} of "
            f"{package.of_pages}   Date of issue: 2026-06-01",
        )
        pdf.drawString(60, 30, "Shenzhen Example Testing Co., Ltd.  www.example-lab.com")
        y = height - 110
        if page == 1:
            pdf.setFont("Helvetica-Bold", 16)
            pdf.drawString(60, y, "TEST REPORT")
            pdf.setFont("Helvetica", 10)
            rows = [
                ("Product Name", "Hair Dryer"),
                ("Model No.", MODEL),
                ("Trade Mark", package.trade_mark),
                ("Manufacturer", MAKER),
                ("Address", "18 Keji Road, Nanshan District, Shenzhen, China"),
                ("Test standards", package.standards),
            ]
            if package.valid_until:
                rows.append(("Valid until", package.valid_until))
            for label, value in rows:
                y -= 20
                pdf.drawString(60, y, f"{label}:")
                pdf.drawString(190, y, value)
        else:
            pdf.setFont("Helvetica", 9)
            for row in range(30):
                y -= 16
                pdf.drawString(
                    60, y, f"{page}.{row + 1}  Leakage current: {0.1 + row / 100:.2f} mA   P"
                )
        pdf.showPage()
    pdf.save()


def write_declaration(path: Path, standards: str) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=True)
    _, height = A4
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(60, height - 80, "EU DECLARATION OF CONFORMITY")
    pdf.setFont("Helvetica", 10)
    y = height - 120
    for line in (
        f"Manufacturer: {MAKER}",
        "Product: Hair Dryer",
        f"Model: {MODEL}",
        "Applied harmonised standards:",
        *standards.split(", "),
        "Date of issue: 2026-06-02",
    ):
        pdf.drawString(60, y, line)
        y -= 18
    pdf.showPage()
    pdf.save()


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(_FONT, size)
    except OSError:
        return ImageFont.load_default(size=size)


def draw_photo(path: Path, lines: list[str], ean: str | None) -> None:
    """A flat, sharp label photo: black text on white, an EAN-13 under it."""
    font = _font(34)
    height = 60 + 56 * len(lines) + (260 if ean else 0)
    image = Image.new("RGB", (1500, height), "white")
    draw = ImageDraw.Draw(image)
    y = 40
    for line in lines:
        draw.text((50, y), line, fill="black", font=font)
        y += 56
    if ean:
        symbol = _fixture_photos().draw_ean13(ean[:12], 3, 140)
        image.paste(symbol.convert("RGB"), (50, y + 20))
    image.save(path, quality=95)


def packaging_lines(package: Package) -> list[str]:
    lines = [BRAND, "Hair Dryer 2200W", f"Model: {MODEL}", f"Manufacturer: {MAKER}"]
    if not package.model_on_photos:
        lines.remove(f"Model: {MODEL}")
    if package.address:
        lines.append(MAKER_ADDRESS)
    if package.email:
        lines.append(EMAIL)
    if package.eu_rep:
        lines.extend(EU_REP)
    return lines


def build(root: Path, package: Package, shared: Path) -> list[Document]:
    """The package's files under `root` (photos shared with the clean package if unchanged)."""
    root.mkdir(parents=True, exist_ok=True)
    write_listing(root / "listing.csv", package)
    write_report(root / "report.pdf", package)
    documents = [
        Document(root / "listing.csv", Kind.LISTING, sku=SKU),
        Document(root / "report.pdf", Kind.TEST_REPORT),
    ]
    if package.declaration:
        write_declaration(root / "declaration.pdf", package.declaration)
        documents.append(Document(root / "declaration.pdf", Kind.TEST_REPORT))
    lines = packaging_lines(package)
    box = shared / "box.jpg" if lines == packaging_lines(CLEAN) else root / "box.jpg"
    if not box.exists():
        draw_photo(box, lines, EAN)
    documents.append(Document(box, Kind.PACKAGING))
    if package.model_on_photos:
        documents.append(Document(shared / "label.jpg", Kind.PRODUCT))
    return documents


# --------------------------------------------------------------------------- the scenarios

CLEAN = Package()
VARIANTS: dict[str, Package] = {
    # code: the clean package with that one defect
    "CR601": attrs.evolve(CLEAN, report_numbers=(REPORT_NO, REPORT_NO, "HX2026-0471")),
    "CR602": attrs.evolve(CLEAN, of_pages=4),
    "CR603": attrs.evolve(CLEAN, valid_until="10 March 2025"),
    "CR604": attrs.evolve(CLEAN, standards="EN 71-1:2014+A1:2018, EN 71-3:2019"),
    "CR605": attrs.evolve(CLEAN, declaration="IEC 60335-1:2020, IEC 60335-2-23:2016, EN 62233:2008"),
    "CR701": attrs.evolve(CLEAN, address=False),
    "CR702": attrs.evolve(CLEAN, email=False),
    "CR703": attrs.evolve(CLEAN, eu_rep=False),
    "CR704": attrs.evolve(CLEAN, listing_email="support@acme-eu.com"),
    # The packaging without its model line and no rating-label photo (CR401 may come too).
    "CR705": attrs.evolve(CLEAN, model_on_photos=False),
    "CR801": attrs.evolve(CLEAN, trade_mark="KITCHENPRO"),
    "CR802": attrs.evolve(CLEAN, listing_ean=OTHER_EAN),
}  # fmt: skip


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("readiness-shared")
    draw_photo(folder / "label.jpg", [f"Model: {MODEL}", "220-240V~ 50/60Hz 2200W"], None)
    return folder


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    return Config(as_of=AS_OF, marketplace="DE", cache_dir=tmp_path_factory.mktemp("ocr-cache"))


def _readiness_codes(documents: list[Document], config: Config) -> set[str]:
    report = consistency.check(documents, sku=SKU, config=config)
    return {f.code for f in report.findings if f.code.startswith(READINESS)}


@pytest.mark.ocr
@pytest.mark.slow
def test_the_clean_package_has_no_readiness_finding(
    tmp_path: Path, shared: Path, config: Config
) -> None:
    documents = build(tmp_path / "clean", CLEAN, shared)
    assert _readiness_codes(documents, config) == set()


@pytest.mark.ocr
@pytest.mark.slow
@pytest.mark.parametrize("code", sorted(VARIANTS))
def test_each_single_defect_yields_exactly_its_code(
    code: str,
    tmp_path: Path,
    shared: Path,
    config: Config,
) -> None:
    package = VARIANTS[code]
    documents = build(tmp_path / code, package, shared)
    assert _readiness_codes(documents, config) == {code}


def _real() -> Path | None:
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "real-reports"
        if candidate.is_dir():
            return candidate
    return None


REAL = _real()


@pytest.mark.real
@pytest.mark.skipif(REAL is None, reason="../shared/real-reports is not present")
def test_the_real_ecm_certificate_is_expired(config: Config) -> None:
    """ecm_certificate_of_compliance_mask_ZS-A950.pdf: "Expiry date 10 March 2025"."""
    assert REAL is not None
    path = REAL / "reports" / "ecm_certificate_of_compliance_mask_ZS-A950.pdf"
    report = consistency.check([Document(path, Kind.TEST_REPORT)], config=config)
    (expired,) = [f for f in report.findings if f.code == "CR603"]
    assert "expired on 2025-03-10" in expired.message
    assert [e.raw for e in expired.evidence] == ["10 March 2025"]


REAL_PACKAGES = {
    # The HARDWARIO CHESTER set: its DoC declares EN 60335-1, EN 55014-1, EN 61000-4-x,
    # EN 61439-2 and EN 62471, which none of the four reports covers.
    "hardwario": (
        [
            "reports/hardwario_ec_doc_CHESTER.pdf",
            "reports/htw_fcc15247_ble_CHESTER_CHTEW22090076.pdf",
            "reports/htw_iec62368_trf_CHESTER_CHTSE22060159.pdf",
            "reports/htw_red_tvoc_CHESTER_CTEW2209008101.pdf",
            "reports/ccic_rohs_CHESTER_QHJ2206002801.pdf",
        ],
        {"CR605", "CR705"},
    ),
    # Altruist Insight: its label artwork names "Pinout LTD / Made in Cyprus" with no postal
    # or electronic address; the maker is in the EU, so no responsible person is needed.
    "altruist": (
        [
            "reports/gts_fcc15b_AltruistInsight_GTS2026010271F01.pdf",
            "reports/gts_iec62368_trf_AltruistInsight_GTS2026010271S01.pdf",
            "labels/altruist_insight_label_artwork_ES-ALTRUIST-INST-1.pdf",
        ],
        {"CR701", "CR702", "CR705"},
    ),
}


@pytest.mark.real
@pytest.mark.skipif(REAL is None, reason="../shared/real-reports is not present")
@pytest.mark.parametrize("name", sorted(REAL_PACKAGES))
@pytest.mark.slow
def test_real_packages_show_their_real_defects(name: str, config: Config) -> None:
    assert REAL is not None
    files, expected = REAL_PACKAGES[name]
    documents = [
        Document(REAL / f, Kind.PRODUCT if f.startswith("labels/") else Kind.TEST_REPORT)
        for f in files
    ]
    assert _readiness_codes(documents, config) == expected
