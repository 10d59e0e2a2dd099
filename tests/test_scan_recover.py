"""Text a scanned page's layout analysis dropped is read again (extract/ocr/recover.py).

The end-to-end tests render a document of the independent generator (fixtures/indep, a
fixed seed and package) with the scan the generator planned for it, and read it with
real tesseract: the value tesseract's page layout threw away must come back, under its
label.  The unit tests check the stray-mark mending on page text built here.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw, ImageFont

import consistency
from consistency.config import Config
from consistency.extract.ocr.engine import engine
from consistency.extract.ocr.punctuation import mend_punctuation
from consistency.extract.ocr.recover import recover_missed
from consistency.model import BBox, Field, Role
from consistency.words import Line, PageText, Word

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "fixtures"))

from indep.compose import build_plan  # noqa: E402
from indep.package import render_rng  # noqa: E402
from indep.pdfdoc import render_doc  # noqa: E402
from indep.scan import scan_pdf  # noqa: E402

#: The generator's seed and share of scans whose packages these tests scan again.
SEED = 610
SCAN_FRACTION = 0.35


def _planned_scan(tmp_path: Path, index: int, file: str) -> tuple[Path, Any]:
    """Document `file` of package `index`, rendered and scanned as the generator planned."""
    plan = build_plan(SEED, index, SCAN_FRACTION)
    doc = next(d for d in plan.docs if d.file == file)
    assert doc.scan is not None, "the generator no longer scans this document"
    path = tmp_path / file
    rng = render_rng(plan, file)
    render_doc(doc, path, rng)
    scan_pdf(path, doc.scan, rng, seed=plan.seed * 7919 + plan.index)
    return path, doc


def _squeezed(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def _main(path: Path, field: Field) -> list[str]:
    return [
        _squeezed(e.raw)
        for e in consistency.extract(path, "test_report")
        if e.field == field and e.role == Role.MAIN
    ]


@pytest.mark.slow
def test_a_lone_model_cell_the_page_layout_dropped_is_read_again(tmp_path: Path) -> None:
    """An unruled table, blurred, on a ruled-paper background: tesseract reads the label
    `型式` and drops the block holding its value `YK-117`."""
    path, doc = _planned_scan(tmp_path, 112, "test_report_1.pdf")
    assert _main(path, Field.MODEL_NUMBER) == [_squeezed(doc.model_field)]


@pytest.mark.slow
def test_a_label_column_lost_on_a_guilloche_background_is_read_again(tmp_path: Path) -> None:
    """Chinese labels on a certificate's security pattern: the label column was dropped
    whole, so no value had a label."""
    path, doc = _planned_scan(tmp_path, 39, "certificate_1.pdf")
    assert _main(path, Field.MODEL_NUMBER) == [_squeezed(doc.model_field)]
    assert _main(path, Field.PRODUCT_NAME) == [_squeezed(doc.product_name)]


FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
ROWS = (("Report No.", "TR-2041"), ("Product", "Desk Lamp"), ("Model", "AB-123X"))


def _form() -> tuple[Image.Image, PageText]:
    """A page of three label/value rows, and tesseract's reading of it without the model
    value: as if the page layout had dropped that cell's block."""
    image = Image.new("L", (1400, 700), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 30)
    for row, (label, value) in enumerate(ROWS):
        draw.text((100, 100 + 60 * row), label, font=font, fill=20)
        draw.text((600, 100 + 60 * row), value, font=font, fill=20)
    read = engine("tesseract").for_purpose("scan").read(image, config=Config(), languages="eng")
    lines = [
        Line(tuple(w for w in line.words if w.text != "AB-123X"), line.page) for line in read.lines
    ]
    return image, PageText(1, image.width, image.height, lines, read.engine)


def test_a_value_missing_from_the_page_reading_is_read_again_beside_its_label() -> None:
    image, page = _form()
    assert "Model" in [line.text for line in page.lines]
    chosen = engine("tesseract").for_purpose("scan")
    mended = recover_missed(page, image, chosen, Config(), "eng")
    assert [line.text for line in mended.lines] == [f"{label} {value}" for label, value in ROWS]


def test_a_page_read_whole_is_left_as_it_was() -> None:
    image = Image.new("L", (1400, 700), 255)
    draw = ImageDraw.Draw(image)
    for row, (label, value) in enumerate(ROWS):
        draw.text(
            (100, 100 + 60 * row), f"{label}  {value}", font=ImageFont.truetype(FONT, 30), fill=20
        )
    chosen = engine("tesseract").for_purpose("scan")
    page = chosen.read(image, config=Config(), languages="eng")
    assert [line.text for line in page.lines] == [f"{label} {value}" for label, value in ROWS]
    assert recover_missed(page, image, chosen, Config(), "eng") is page


def _word(text: str, x: float, confidence: float) -> Word:
    return Word(text, BBox(x, 0, x + 8 * len(text), 10), confidence)


def test_a_leaders_colon_read_as_an_unsure_tick_goes_and_sure_marks_stay() -> None:
    lines = [
        Line((_word("型号", 0, 0.96), _word("‘", 170, 0.01), _word("SB385", 190, 0.91))),
        Line((_word("Rating", 0, 0.95), _word(":", 60, 0.9), _word("5V", 80, 0.9))),
        Line((_word("|", 0, 0.05),)),
    ]
    page = mend_punctuation(PageText(1, 600, 800, lines, "tesseract"))
    assert [line.text for line in page.lines] == ["型号 SB385", "Rating : 5V"]
