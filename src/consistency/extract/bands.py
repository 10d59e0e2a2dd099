"""The header and footer bands of every page of a PDF, read cheaply (report self-checks).

CR601 (report number on every page) and CR602 ("Page x of y") need every page, but only
the top and bottom of each: that is where labs print "Report No.", the page number and
the date of issue.  Reading a 150-page report through pdfplumber would cost what the
whole identity read is meant to save, so:

- on a page with a text layer, pdfium's text segments (`count_rects`/`get_rect`, in C)
  are filtered to the bands and only their text is fetched (`get_text_bounded`);
- on a page without one (a scan), only the two bands are rendered, at `BAND_DPI`,
  stacked into one image and read by tesseract in one call; the result is cached like
  any OCR'd page.

At most `limits.readiness_pages` pages are read (scans beyond it are not OCR'd; their
absence is visible to the rules as `BandReading.pages_read < pages`).
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

import attrs
from PIL import Image

from consistency.config import Config
from consistency.errors import DocumentError
from consistency.extract import ocr
from consistency.extract.ocr import cache as ocr_cache
from consistency.model import BBox, HowRead, TextLine
from consistency.words import PageText

#: Share of the page height read at the top and at the bottom.  Report headers (lab name,
#: "Report No.", "Page x of y", date) and footers fit in the outer 15 % of an A4 or Letter
#: page in every report of ../shared/real-reports.
BAND_SHARE = 0.15
#: A page with fewer characters in its text layer is read as a scan.
MIN_LAYER_CHARS = 20
#: Resolution the bands of a scanned page are rendered at: header text is 8-10 pt, which
#: at 150 dpi is 17-21 px high, inside tesseract's comfortable range, at a quarter of the
#: pixels of `ocr.scan_dpi` (300).
BAND_DPI = 150
#: White gap between the stacked top and bottom bands, so tesseract keeps them apart.
_GAP_PX = 40
#: Version of the band reading, part of the OCR cache key.
BANDS_VERSION = 1


@attrs.frozen
class BandReading:
    """The header and footer lines of a PDF's pages, with the page count and what was read."""

    lines: tuple[TextLine, ...]
    pages: int
    pages_read: int
    ocr_pages: tuple[int, ...] = ()


def _open(path: Path) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except Exception as exc:  # pdfium raises PdfiumError, but a broken file may raise others
        raise DocumentError(str(path), f"the PDF cannot be opened ({exc})") from None


def _band_lines(textpage: Any, width: float, height: float, page: int) -> list[TextLine]:
    """The text layer's lines in the top and bottom bands, top-left coordinates.

    pdfium's `get_text_bounded` returns a rectangle's characters in reading order with
    its own line breaks, which keeps words whole where the per-segment boxes of
    `get_rect` split them (`CHTEW2209007 6`).  Each line gets its band as its box.
    """
    band = height * BAND_SHARE
    lines: list[TextLine] = []
    for top, bottom in ((0.0, band), (height - band, height)):
        # pdfium's rectangle is (left, bottom, right, top) with the origin bottom-left.
        text = textpage.get_text_bounded(0, height - bottom, width, height - top)
        box = BBox(0.0, top, width, bottom)
        for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            line = " ".join(raw.split())
            if line:
                lines.append(TextLine(line, page, box, HowRead.TEXT, 1.0))
    return lines


def _bands_image(page: Any, width: float, height: float) -> tuple[Image.Image, int]:
    """The page rendered once at `BAND_DPI`; its two bands stacked, and the bottom's offset.

    One render (a scan's JPEG is decoded once) and one OCR call per page.
    """
    full = page.render(scale=BAND_DPI / 72, grayscale=True).to_pil().convert("L")
    band_px = round(full.height * BAND_SHARE)
    top = full.crop((0, 0, full.width, band_px))
    bottom = full.crop((0, full.height - band_px, full.width, full.height))
    stacked = Image.new("L", (full.width, 2 * band_px + _GAP_PX), 255)
    stacked.paste(top, (0, 0))
    stacked.paste(bottom, (0, band_px + _GAP_PX))
    return stacked, band_px


def _ocr_bands(path: Path, pdf: Any, number: int, config: Config) -> list[TextLine]:
    """OCR the two bands of one scanned page (one tesseract call), boxes in points."""
    page = pdf[number - 1]
    width, height = (float(v) for v in page.get_size())
    engine = ocr.TesseractEngine(psm=3)
    params = {"bands": BANDS_VERSION, "page": number, "dpi": BAND_DPI, "share": BAND_SHARE,
              "languages": config.ocr.languages}  # fmt: skip

    def compute() -> PageText:
        stacked, _ = _bands_image(page, width, height)
        read = engine.read(stacked, config=config, languages=config.ocr.languages)
        return PageText(
            number, float(stacked.width), float(stacked.height), read.lines, engine.name
        )

    try:
        stacked_page = ocr_cache.cached_page(
            config, path, "tesseract-bands", engine.version(), params, compute
        )
    finally:
        page.close()
    scale = 72 / BAND_DPI
    band_px = round(height / scale * BAND_SHARE)
    # Lines of the bottom band move down to their place on the page.
    shift = height / scale - 2 * band_px - _GAP_PX
    lines: list[TextLine] = []
    for line in stacked_page.lines:
        box = line.bbox
        dy = shift if box.top >= band_px + _GAP_PX / 2 else 0.0
        mapped = BBox(
            box.x0 * scale, (box.top + dy) * scale, box.x1 * scale, (box.bottom + dy) * scale
        )
        confidence = statistics.fmean(w.confidence for w in line.words)
        lines.append(TextLine(line.text, number, mapped, HowRead.OCR, confidence))
    return lines


def read_bands(path: Path, config: Config) -> BandReading:
    """Header and footer lines of up to `limits.readiness_pages` pages of a PDF."""
    pdf = _open(path)
    try:
        total = len(pdf)
        limit = min(total, config.limits.readiness_pages)
        lines: list[TextLine] = []
        scanned: list[int] = []
        for number in range(1, limit + 1):
            page = pdf[number - 1]
            try:
                width, height = (float(v) for v in page.get_size())
                textpage = page.get_textpage()
                try:
                    chars = textpage.count_chars()
                    if chars >= MIN_LAYER_CHARS:
                        lines.extend(_band_lines(textpage, width, height, number))
                        continue
                finally:
                    textpage.close()
            finally:
                page.close()
            scanned.append(number)
            lines.extend(_ocr_bands(path, pdf, number, config))
        return BandReading(tuple(lines), total, limit, tuple(scanned))
    finally:
        pdf.close()
