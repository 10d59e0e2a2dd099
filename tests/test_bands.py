"""The header and footer band reader: text layers through pdfium, scans through tesseract."""

from __future__ import annotations

import io
from pathlib import Path

import attrs
import pytest
from PIL import Image, ImageDraw, ImageFont

from consistency.config import Config
from consistency.errors import DocumentError
from consistency.extract.bands import BAND_SHARE, read_bands
from consistency.fields.report_meta import page_of
from consistency.model import HowRead


def _real() -> Path | None:
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "real-reports"
        if candidate.is_dir():
            return candidate
    return None


REAL = _real()
_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _text_report(path: Path, pages: int) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=True)
    _, height = A4
    for page in range(1, pages + 1):
        pdf.setFont("Helvetica", 8)
        pdf.drawString(60, height - 36, f"Report No.: HX2026-0417 Page: {page} of {pages}")
        pdf.drawString(60, 30, "Example Lab Ltd. footer line")
        pdf.setFont("Helvetica", 10)
        pdf.drawString(60, height / 2, f"Body text in the middle of page {page}")
        pdf.showPage()
    pdf.save()


def _scanned_report(path: Path, pages: int) -> None:
    """An image-only PDF: each page a 150 dpi picture of a header, body and footer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    try:
        font: ImageFont.FreeTypeFont | ImageFont.ImageFont = ImageFont.truetype(_FONT, 30)
    except OSError:
        font = ImageFont.load_default(size=30)
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=True)
    width, height = A4
    for page in range(1, pages + 1):
        image = Image.new("L", (1240, 1754), 255)
        draw = ImageDraw.Draw(image)
        draw.text((100, 60), f"Report No.: SC2026-0815   Page {page} of {pages}", fill=0, font=font)
        draw.text((100, 870), "Body text that the band reader never reads", fill=0, font=font)
        draw.text((100, 1650), "Scanned Lab Ltd.", fill=0, font=font)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        buffer.seek(0)
        pdf.drawImage(ImageReader(buffer), 0, 0, width, height)
        pdf.showPage()
    pdf.save()


def test_text_layer_bands_of_every_page_and_nothing_from_the_middle(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    _text_report(path, 5)
    reading = read_bands(path, Config(cache=False))
    assert (reading.pages, reading.pages_read, reading.ocr_pages) == (5, 5, ())
    headers = [ln for ln in reading.lines if "Report No." in ln.text]
    assert [(ln.page, page_of(ln.text)) for ln in headers] == [(p, (p, 5)) for p in range(1, 6)]
    assert sum("footer line" in ln.text for ln in reading.lines) == 5
    assert not any("Body text" in ln.text for ln in reading.lines)
    assert all(ln.how_read == HowRead.TEXT for ln in reading.lines)
    top = headers[0].bbox
    assert top is not None and top.bottom <= 842 * BAND_SHARE + 1


def test_pages_beyond_readiness_pages_are_not_read(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    _text_report(path, 5)
    config = Config(cache=False)
    config = attrs.evolve(config, limits=attrs.evolve(config.limits, readiness_pages=2))
    reading = read_bands(path, config)
    assert (reading.pages, reading.pages_read) == (5, 2)
    assert {ln.page for ln in reading.lines} == {1, 2}


def test_a_file_that_is_no_pdf_is_a_document_error(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_text("<html>not a pdf</html>", encoding="utf-8")
    with pytest.raises(DocumentError, match="cannot be opened"):
        read_bands(path, Config(cache=False))


@pytest.mark.ocr
@pytest.mark.slow
def test_scanned_pages_have_only_their_bands_ocrd(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    _scanned_report(path, 2)
    reading = read_bands(path, Config(cache=False))
    assert reading.ocr_pages == (1, 2)
    texts = [ln.text for ln in reading.lines]
    assert [page_of(t) for t in texts if page_of(t)] == [(1, 2), (2, 2)]
    assert any("Scanned Lab" in t for t in texts)
    assert not any("Body text" in t for t in texts)
    header = next(ln for ln in reading.lines if page_of(ln.text))
    footer = next(ln for ln in reading.lines if "Scanned Lab" in ln.text)
    assert header.how_read == HowRead.OCR and 0 < header.confidence <= 1
    # Boxes are in PDF points, where the text is on the page (footer near the bottom).
    assert header.bbox is not None and header.bbox.top < 842 * BAND_SHARE
    assert footer.bbox is not None and footer.bbox.top > 842 * (1 - BAND_SHARE)


@pytest.mark.real
@pytest.mark.skipif(REAL is None, reason="../shared/real-reports is not present")
def test_the_real_htw_report_prints_its_number_and_page_on_every_page() -> None:
    assert REAL is not None
    reading = read_bands(
        REAL / "reports" / "htw_fcc15247_ble_CHESTER_CHTEW22090076.pdf", Config(cache=False)
    )
    assert reading.pages == 18
    marks = sorted({(ln.page, page_of(ln.text)) for ln in reading.lines if page_of(ln.text)})
    assert marks == [(p, (p, 18)) for p in range(1, 19)]
    numbered = {ln.page for ln in reading.lines if "Report No.: CHTEW22090076" in ln.text}
    assert numbered == set(range(2, 19))


@pytest.mark.real
@pytest.mark.ocr
@pytest.mark.skipif(REAL is None, reason="../shared/real-reports is not present")
@pytest.mark.slow
def test_the_real_scanned_crownstone_doc_bands_are_ocrd() -> None:
    assert REAL is not None
    reading = read_bands(
        REAL / "reports" / "crownstone_eu_doc_scanned_ACR01B1E_ACR01B2C.pdf", Config(cache=False)
    )
    assert reading.ocr_pages == (1, 2)
    texts = [ln.text for ln in reading.lines if ln.page == 1]
    assert "3013 AK Rotterdam" in texts
