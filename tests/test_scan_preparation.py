"""How a scanned page is prepared for OCR: straightened, lit evenly, rules and leaders gone.

The end-to-end tests render a document of the independent generator (fixtures/indep, a
fixed seed and package), scan it with the generator's own degradations set to the one
being tested, and read it with real tesseract: the manufacturer and model the page prints
must come back.  The unit tests check each stage on an image or page text built here.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw

import consistency
from consistency.extract.ocr.deskew import deskew, estimate_skew
from consistency.extract.ocr.dots import remove_leader_dots
from consistency.extract.ocr.leaders import drop_leader_reads
from consistency.extract.ocr.lighting import flatten_lighting
from consistency.extract.ocr.punctuation import mend_punctuation
from consistency.extract.ocr.rulings import remove_rules
from consistency.model import BBox, Field, Role
from consistency.words import Line, PageText, Word

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "fixtures"))

from indep.compose import build_plan  # noqa: E402
from indep.package import render_rng  # noqa: E402
from indep.pdfdoc import render_doc  # noqa: E402
from indep.scan import scan_pdf  # noqa: E402

#: Seed and package of the generator whose documents the end-to-end tests scan; the
#: comment at each test says which layout the chosen document has.
SEED = 700
#: A clean office scan; each test changes only the degradation it is about.
CLEAN_SCAN: dict[str, Any] = {
    "dpi": 300,
    "skew_degrees": 0.0,
    "blur": 0.0,
    "noise": 0,
    "jpeg_quality": 90,
    "lighting": "even",
    "background": "plain",
}


def _lines_image(angle: float) -> Image.Image:
    """A page of text-like rows (dark bars of words) turned by `angle` degrees."""
    page = Image.new("L", (1200, 1600), 250)
    draw = ImageDraw.Draw(page)
    for row in range(12):
        y = 150 + row * 100
        x = 100
        for word in range(8):
            width = 40 + (row * 7 + word * 13) % 60
            draw.rectangle([x, y, x + width, y + 22], fill=30)
            x += width + 25
    return page.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=250)


@pytest.mark.parametrize("angle", [-3.4, -1.1, 0.0, 2.3])
def test_the_skew_of_a_page_of_rows_is_found_to_a_tenth_of_a_degree(angle: float) -> None:
    assert estimate_skew(_lines_image(angle)) == pytest.approx(angle, abs=0.1)


def test_a_straight_page_is_not_resampled() -> None:
    page = _lines_image(0.0)
    straightened, angle = deskew(page)
    assert angle == 0.0 and straightened is page


def test_a_blank_page_has_no_skew() -> None:
    assert estimate_skew(Image.new("L", (800, 1000), 255)) == 0.0


def test_a_shaded_side_is_lifted_to_the_paper_and_the_ink_stays_dark() -> None:
    page = np.full((1000, 800), 245, dtype=np.float32)
    page[400:420, 100:700] = 20  # a row of ink across the page
    shade = np.linspace(1.0, 0.55, 800, dtype=np.float32)[None, :]
    shaded = Image.fromarray((page * shade).astype(np.uint8))
    flat = np.asarray(flatten_lighting(shaded))
    assert flat[100, 50] > 230 and flat[100, 750] > 230  # paper on both sides
    assert flat[410, 650] < 60  # ink on the dark side stays ink


def test_an_evenly_lit_page_is_left_as_it_was() -> None:
    page = _lines_image(0.0)
    assert np.array_equal(np.asarray(flatten_lighting(page)), np.asarray(page))


def test_a_grey_blurred_rule_goes_whole_and_a_shaded_band_stays() -> None:
    page = np.full((1000, 1000), 250, dtype=np.uint8)
    page[300:303, 50:950] = 175  # a thin grey rule (a blurred 0.5 pt rule)
    page[600:660, 50:950] = 190  # a shaded band: a table's header fill
    page[620:640, 100:130] = 20  # print on the band
    cleaned = np.asarray(remove_rules(Image.fromarray(page)))
    assert cleaned[296:307, 40:960].min() >= 250  # nothing darker than the paper is left
    assert cleaned[630, 110] == 20 and cleaned[610, 500] == 190


def _word(text: str, x: float, height: float) -> Word:
    return Word(text, BBox(x, 100 - height, x + 10 * len(text), 100))


def test_reads_of_leader_dots_go_and_words_and_punctuation_stay() -> None:
    words = [_word("Product", 0, 7), _word("Description", 80, 7), _word("sse", 200, 2)]
    more = [_word(w, 300 + 60 * i, 7) for i, w in enumerate(("Power", "Adapter", "HHT", "202"))]
    lines = [
        Line(tuple(words)),
        Line(tuple(more)),
        Line((_word("......cccsceeeees", 0, 2), _word(":", 200, 2))),
        Line((_word("ace", 0, 5), _word("mere", 60, 5))),
    ]
    page = drop_leader_reads(PageText(1, 600, 800, lines, "tesseract"))
    assert [line.text for line in page.lines] == [
        "Product Description",
        "Power Adapter HHT 202",
        ":",
        "ace mere",
    ]


def test_an_unsure_short_remnant_of_a_leader_goes_and_a_sure_short_word_stays() -> None:
    label = (_word("Product", 0, 7), _word("Description", 80, 7))
    remnant = Word("copa", BBox(172, 95, 190, 100), 0.32)
    sure = Word("ace", BBox(172, 95, 190, 100), 0.93)
    value = tuple(_word(w, 300 + 60 * i, 7) for i, w in enumerate(("Power", "Adapter", "HHT")))
    lines = [Line((*label, remnant, *value)), Line((*label, sure, *value))]
    page = drop_leader_reads(PageText(1, 600, 800, lines, "tesseract"))
    assert [line.text for line in page.lines] == [
        "Product Description Power Adapter HHT",
        "Product Description ace Power Adapter HHT",
    ]


def test_leader_dots_read_as_dots_are_cut_from_the_label_and_its_colon_kept() -> None:
    line = Line(
        (
            _word("fabricante..........:.", 0, 7),
            _word(".........cceeeees,", 250, 6),
            _word("Cixi", 400, 7),
            _word("HD-1.2", 450, 7),
        )
    )
    page = drop_leader_reads(PageText(1, 600, 800, [line], "tesseract"))
    assert [line.text for line in page.lines] == ["fabricante: Cixi HD-1.2"]


def _scanned_document(tmp_path: Path, index: int, file: str, **scan: Any) -> tuple[Path, Any]:
    """Render document `file` of package `index` of `SEED` and scan it as asked."""
    plan = build_plan(SEED, index)
    doc = next(d for d in plan.docs if d.file == file)
    path = tmp_path / file
    rng = render_rng(plan, file)
    render_doc(doc, path, rng)
    scan_pdf(path, {**CLEAN_SCAN, **scan}, rng, seed=SEED * 7919 + index)
    return path, doc


def _squeezed(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def _main(path: Path, field: Field) -> list[str]:
    return [
        e.raw
        for e in consistency.extract(path, "test_report")
        if e.field == field and e.role == Role.MAIN
    ]


def _assert_manufacturer_read(path: Path, doc: Any) -> None:
    makers = [_squeezed(v) for v in _main(path, Field.MANUFACTURER)]
    assert makers and all(m == _squeezed(doc.manufacturer) for m in makers), makers


def _assert_model_read(path: Path, doc: Any) -> None:
    """The model row's value, not a neighbour's: one glyph may be OCR-confused (J/U)."""
    expected = _squeezed(doc.model_field)
    models = [_squeezed(v) for v in _main(path, Field.MODEL_NUMBER)]
    assert any(
        len(m) == len(expected) and sum(a != b for a, b in zip(m, expected, strict=True)) <= 1
        for m in models
    ), models


@pytest.mark.slow
def test_a_page_scanned_three_degrees_askew_is_read_row_by_row(tmp_path: Path) -> None:
    """An unruled two-column block: askew, each label took the neighbouring row's value."""
    path, doc = _scanned_document(tmp_path, 20, "test_report_1.pdf", skew_degrees=3.3)
    _assert_manufacturer_read(path, doc)
    _assert_model_read(path, doc)


@pytest.mark.slow
def test_a_page_with_a_dark_side_is_read_to_its_right_edge(tmp_path: Path) -> None:
    """Values printed right of their labels, on the side a gradient darkens."""
    path, doc = _scanned_document(tmp_path, 52, "test_report_1.pdf", lighting="gradient")
    _assert_manufacturer_read(path, doc)
    _assert_model_read(path, doc)


@pytest.mark.slow
def test_a_blurred_askew_ruled_table_is_read_cell_by_cell(tmp_path: Path) -> None:
    """A ruled identity table, blurred and askew: its rules must go whole."""
    path, doc = _scanned_document(
        tmp_path, 30, "test_report_1.pdf", skew_degrees=-2.6, blur=0.8, noise=12, dpi=200
    )
    _assert_manufacturer_read(path, doc)
    names = _main(path, Field.PRODUCT_NAME)
    assert [_squeezed(n) for n in names] == [_squeezed(doc.product_name)], names


def test_a_lone_semicolon_after_a_chinese_label_is_its_colon_and_a_list_keeps_its_own() -> None:
    lines = [
        Line((_word("型号", 0, 7), _word(";", 40, 5))),
        Line((_word("EN", 0, 7), _word("55032;", 30, 7), _word("EN", 90, 7))),
    ]
    page = mend_punctuation(PageText(1, 600, 800, lines, "tesseract"))
    assert [line.text for line in page.lines] == ["型号 :", "EN 55032; EN"]


def test_a_caption_closed_by_a_misread_brace_is_closed_by_a_bracket() -> None:
    lines = [
        Line((_word("(Product", 0, 7), _word("name}", 80, 7))),
        Line((_word("Size", 0, 7), _word("[mm]", 60, 7))),
    ]
    page = mend_punctuation(PageText(1, 600, 800, lines, "tesseract"))
    assert [line.text for line in page.lines] == ["(Product name)", "Size [mm]"]


def test_a_row_of_leader_dots_goes_and_a_full_stop_and_letters_stay() -> None:
    page = np.full((600, 2480), 250, dtype=np.uint8)
    for x in range(400, 1000, 16):
        page[300:305, x : x + 5] = 30  # leader dots, 16 px apart, over 600 px
    page[290:305, 100:300] = 30  # a word's ink
    page[300:305, 320:325] = 30  # the word's full stop
    cleaned = np.asarray(remove_leader_dots(Image.fromarray(page)))
    assert cleaned[300:305, 400:1000].min() >= 250  # no dot left
    assert cleaned[295, 200] == 30 and cleaned[302, 322] == 30
