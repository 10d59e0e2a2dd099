"""The PDF extractor's per-page text source and its Reading, on real PDFs made with reportlab."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from consistency.config import Config
from consistency.extract import pdf
from consistency.model import Document, HowRead, Reading, Role
from consistency.words import PageText, Word, group_lines, lines_from_text

_A4 = (595.0, 842.0)
_IDENTITY = (
    "Product Name: Smart Wi-Fi Plug",
    "Model No.: XK-2041B",
    "Manufacturer: Shenzhen Huaxin Technology Co., Ltd.",
)


def _report(
    path: Path,
    lines: tuple[str, ...] = _IDENTITY,
    *,
    title: str = "TEST REPORT",
    background: bool = False,
    invisible: bool = False,
    pages: int = 1,
) -> Path:
    """A one-column report: a title and `Label: value` lines, optionally over a page image."""
    sheet = canvas.Canvas(str(path), pagesize=_A4)
    for _ in range(pages):
        if background:
            image = Image.new("RGB", (595, 842), (250, 248, 240))
            sheet.drawImage(ImageReader(image), 0, 0, width=_A4[0], height=_A4[1])
        text = sheet.beginText(60, 780)
        text.setFont("Helvetica", 11)
        text.setTextRenderMode(3 if invisible else 0)
        for line in (title, "", *lines):
            text.textLine(line)
        sheet.drawText(text)
        sheet.showPage()
    sheet.save()
    return path


def _read(path: Path) -> Reading:
    reading = pdf.extract_test_report(Document(path, "test_report"), Config(cache=False))
    assert isinstance(reading, Reading)
    return reading


def test_a_born_digital_page_over_a_background_image_is_a_text_layer(tmp_path: Path) -> None:
    """A Word PDF with a page-sized background image: its values are text, not OCR."""
    reading = _read(_report(tmp_path / "r.pdf", background=True))
    model = next(e for e in reading.evidence if e.field.value == "model_number")
    assert (model.raw, model.how_read, model.extractor) == (
        "XK-2041B",
        HowRead.TEXT,
        "report/pdfplumber",
    )


@pytest.mark.slow
def test_invisible_text_over_a_page_image_is_a_scans_ocr_layer(tmp_path: Path) -> None:
    """Text drawn invisibly over the page image (render mode 3) was OCR'd by the scanner."""
    reading = _read(_report(tmp_path / "r.pdf", background=True, invisible=True))
    model = next(e for e in reading.evidence if e.field.value == "model_number")
    assert (model.raw, model.how_read) == ("XK-2041B", HowRead.OCR)
    assert model.extractor == "report/pdf-ocr-layer"


def test_the_reading_carries_lines_type_and_page_count(tmp_path: Path) -> None:
    """A Reading: evidence with relation and score, the lines read, the type and page count."""
    reading = _read(_report(tmp_path / "r.pdf", pages=3))
    assert reading.pages == 3
    assert reading.doc_type == "test_report"
    texts = [line.text for line in reading.lines]
    assert "Model No.: XK-2041B" in texts
    # The identity block is read from page 1 only; every page adds its header and footer
    # bands (report number, "Page x of y") for the report self-checks.
    assert {e.page for e in reading.evidence} == {1}
    assert {line.page for line in reading.lines} == {1, 2, 3}
    assert all(line.bbox is not None and line.how_read == HowRead.TEXT for line in reading.lines)
    maker = next(e for e in reading.evidence if e.field.value == "manufacturer")
    assert (maker.role, maker.relation, maker.label) == (Role.MAIN, "right", "Manufacturer")


def test_document_type_from_the_title_words(tmp_path: Path) -> None:
    """A DoC is a declaration, a certificate a certificate, from their titles."""
    doc = _read(_report(tmp_path / "d.pdf", title="EU DECLARATION OF CONFORMITY"))
    cert = _read(_report(tmp_path / "c.pdf", title="CERTIFICATE OF CONFORMITY"))
    assert (doc.doc_type, cert.doc_type) == ("declaration", "certificate")


def test_words_run_together_are_read_again_with_their_spaces(tmp_path: Path) -> None:
    """Where pdfplumber ran words together and pypdfium2 has the spaces, spaces come back."""
    path = tmp_path / "tight.pdf"
    sheet = canvas.Canvas(str(path), pagesize=_A4)
    y = 780.0
    for line in _IDENTITY:
        x = 60.0
        for token in line.split():
            sheet.setFont("Helvetica", 11)
            sheet.drawString(x, y, token)
            x += stringWidth(token, "Helvetica", 11) + 1.6  # a narrow but real gap
        y -= 20
    sheet.save()
    import pdfplumber

    with pdfplumber.open(path) as document:
        page = document.pages[0]
        good = pdf._plumber_page(page, 1)
        merged = PageText(
            1,
            *_A4,
            group_lines(
                [Word("".join(w.text for w in line.words), line.bbox) for line in good.lines],
                1,
            ),
        )
        spaced = lines_from_text("\n".join(_IDENTITY * 3), 1)
        pdfium_text = PageText(1, *_A4, spaced, "pypdfium2")
        fixed = pdf._spaced(page, merged, pdfium_text)
    assert "Model No.: XK-2041B" in [line.text for line in fixed.lines]
    assert pdf._spaced(page, good, None) is good


def test_the_maker_on_page_two_after_an_applicant_on_page_one(tmp_path: Path) -> None:
    """Page 1 names the applicant; reading goes on to page 2, where the maker is."""
    path = tmp_path / "r.pdf"
    sheet = canvas.Canvas(str(path), pagesize=_A4)
    for lines in (
        ("TEST REPORT", "Applicant: Foshan Trading Co., Ltd.", *_IDENTITY[:2]),
        ("Manufacturer: Ningbo Maker Electric Co., Ltd.",),
        ("Results",),
    ):
        text = sheet.beginText(60, 780)
        text.setFont("Helvetica", 11)
        for line in lines:
            text.textLine(line)
        sheet.drawText(text)
        sheet.showPage()
    sheet.save()
    reading = _read(path)
    maker = next(e for e in reading.evidence if e.field.value == "manufacturer")
    assert (maker.raw, maker.role, maker.page) == ("Ningbo Maker Electric Co., Ltd.", Role.MAIN, 2)
    assert reading.pages == 3


@pytest.mark.ocr
@pytest.mark.slow
def test_an_image_only_page_inside_a_born_digital_pdf_is_ocrd(tmp_path: Path) -> None:
    """Page 1 is a scan (an image, no text) in a PDF whose page 2 is a text layer: page 1 is
    OCR'd and its values say so, page 2's are text."""
    import pypdfium2

    source = _report(tmp_path / "source.pdf", ("Model No.: XK-2041B",))
    document = pypdfium2.PdfDocument(str(source))
    scan = document[0].render(scale=200 / 72).to_pil().convert("L")
    document.close()
    path = tmp_path / "mixed.pdf"
    sheet = canvas.Canvas(str(path), pagesize=_A4)
    sheet.drawImage(ImageReader(scan), 0, 0, width=_A4[0], height=_A4[1])
    sheet.showPage()
    text = sheet.beginText(60, 780)
    text.setFont("Helvetica", 11)
    text.textLine("Manufacturer: Ningbo Maker Electric Co., Ltd.")
    text.textLine("Product Name: Smart Wi-Fi Plug")
    sheet.drawText(text)
    sheet.showPage()
    sheet.save()
    reading = _read(path)
    model = next(e for e in reading.evidence if e.field.value == "model_number")
    maker = next(e for e in reading.evidence if e.field.value == "manufacturer")
    assert (model.raw, model.page, model.how_read) == ("XK-2041B", 1, HowRead.OCR)
    assert (maker.page, maker.how_read) == (2, HowRead.TEXT)
