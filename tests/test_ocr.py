"""OCR engines and whole-image reading: real tesseract and RapidOCR on generated photos."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from consistency.config import Config, Limits
from consistency.errors import DocumentError, EnvironmentProblem
from consistency.extract import ocr
from consistency.extract.ocr import tesseract
from consistency.fields import normalise
from consistency.model import BBox, Field
from consistency.words import Line, Word

ROOT = Path(__file__).resolve().parents[1]
PHOTOS = ROOT / "fixtures" / "photos"
TRUTH = json.loads((PHOTOS / "truth.json").read_text(encoding="utf-8"))
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _config(tmp_path: Path, **changes: object) -> Config:
    return Config(cache_dir=tmp_path / "cache", **changes)  # type: ignore[arg-type]


def _model_in(page_lines: list[Line], model: str) -> bool:
    wanted = normalise(Field.MODEL_NUMBER, model)
    return any(wanted in normalise(Field.MODEL_NUMBER, line.text) for line in page_lines)


@pytest.mark.ocr
def test_tesseract_reads_an_easy_photo_with_boxes_and_confidences(tmp_path: Path) -> None:
    photo = PHOTOS / "easy_kettle.jpg"
    page = ocr.ocr_image(photo, _config(tmp_path), "photo", engine_name="tesseract")
    assert page.engine == "tesseract"
    with Image.open(photo) as image:
        assert (page.width, page.height) == image.size
    model_lines = [line for line in page.lines if "XK-2041B" in line.text]
    assert model_lines and model_lines[0].text.startswith("Model No.")
    for line in page.lines:
        for word in line.words:
            assert 0.0 <= word.confidence <= 1.0
            assert 0 <= word.bbox.x0 < word.bbox.x1 <= page.width
            assert 0 <= word.bbox.top < word.bbox.bottom <= page.height
    # The model line sits where the generator drew it (lower half of the portrait frame).
    assert model_lines[0].bbox.top > page.height / 2


@pytest.mark.ocr
@pytest.mark.slow
def test_rapidocr_reads_a_hard_photo_that_carries_an_exif_orientation(tmp_path: Path) -> None:
    photo = PHOTOS / "hard_kettle.jpg"
    with Image.open(photo) as raw:
        assert raw.getexif().get(0x0112, 1) != 1  # the fixture really is EXIF-rotated
        stored = raw.size
    page = ocr.ocr_image(photo, _config(tmp_path), "photo", engine_name="rapidocr")
    # Boxes refer to the upright image (as viewers show it), i.e. width/height swapped.
    assert (page.width, page.height) == (stored[1], stored[0])
    assert _model_in(list(page.lines), TRUTH["hard_kettle.jpg"]["model_number"])
    assert any("Model" in line.text and "XK-2041B" in line.text for line in page.lines)


@pytest.mark.ocr
@pytest.mark.slow
def test_a_scanned_pdf_page_is_read_with_boxes_in_pdf_points(tmp_path: Path) -> None:
    """Boxes come back in points, top-left origin, like pdfplumber's for a text layer."""
    image = Image.new("L", (2480, 3508), 255)  # A4 at 300 dpi
    draw = ImageDraw.Draw(image)
    draw.text((300, 600), "Model No.: RS-AF1268Y", font=ImageFont.truetype(FONT, 50), fill=0)
    pdf = tmp_path / "scan.pdf"
    image.save(pdf, resolution=300)
    page = ocr.ocr_pdf_page(pdf, 1, _config(tmp_path))
    assert (round(page.width), round(page.height)) == (595, 842)
    assert page.page == 1 and all(line.page == 1 for line in page.lines)
    word = next(w for line in page.lines for w in line.words if w.text == "RS-AF1268Y")
    # 600 px at 300 dpi = 144 pt from the top; the text starts after 300 px = 72 pt.
    assert 140 <= word.bbox.top <= 152
    assert word.bbox.x0 > 72


def test_a_missing_pdf_page_is_a_document_error(tmp_path: Path) -> None:
    pdf = tmp_path / "one.pdf"
    Image.new("L", (100, 100), 255).save(pdf)
    with pytest.raises(DocumentError, match="no page 3"):
        ocr.ocr_pdf_page(pdf, 3, _config(tmp_path))


def test_missing_tesseract_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    tesseract.tesseract_version.cache_clear()
    tesseract._binary_identity.cache_clear()
    try:
        with pytest.raises(EnvironmentProblem) as caught:
            ocr.ocr_image(
                PHOTOS / "easy_kettle.jpg",
                _config(tmp_path, cache=False),
                "photo",
                engine_name="tesseract",
            )
    finally:
        monkeypatch.undo()
        tesseract.tesseract_version.cache_clear()
    tesseract._binary_identity.cache_clear()
    assert str(caught.value) == (
        "tesseract is not installed: run ./scripts/bootstrap.sh or sudo apt-get install "
        "tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim"
    )


def test_an_image_over_the_pixel_limit_is_refused_naming_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.png"
    Image.new("L", (3000, 3000), 255).save(path)
    config = _config(tmp_path, limits=Limits(max_image_pixels=1_000_000))
    with pytest.raises(DocumentError) as caught:
        ocr.ocr_image(path, config, "photo")
    assert caught.value.limit == "max_image_pixels"
    assert "limits.max_image_pixels" in caught.value.reason


def test_a_file_that_is_not_an_image_is_a_document_error(tmp_path: Path) -> None:
    path = tmp_path / "label.jpg"
    path.write_text("<html>not a photo</html>")
    with pytest.raises(DocumentError, match="not an image"):
        ocr.ocr_image(path, _config(tmp_path), "photo", engine_name="rapidocr")


def test_unknown_engine_names_the_known_ones() -> None:
    with pytest.raises(EnvironmentProblem, match="known: rapidocr, tesseract"):
        ocr.engine("easyocr")


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P", "CMYK", "I;16", "1", "F"])
def test_every_image_mode_becomes_rgb_or_grayscale(mode: str) -> None:
    image = Image.new(mode, (8, 8))
    assert ocr.to_ocr_mode(image).mode in ("RGB", "L")


def test_sixteen_bit_greys_keep_their_contrast() -> None:
    image = Image.new("I;16", (2, 1))
    image.putpixel((0, 0), 1000)
    image.putpixel((1, 0), 3000)
    converted = ocr.to_ocr_mode(image)
    assert converted.mode == "L"
    assert (converted.getpixel((0, 0)), converted.getpixel((1, 0))) == (0, 255)


def test_transparent_pixels_are_flattened_onto_white() -> None:
    image = Image.new("RGBA", (4, 4), (0, 0, 0, 0))
    assert ocr.to_ocr_mode(image).getpixel((0, 0)) == (255, 255, 255)


def test_rapid_runs_on_one_tilted_line_are_grouped_together() -> None:
    """`Model No.:` and its value, detected as two runs on a 6-degree tilt, share a line."""
    import math

    slope = math.tan(math.radians(6))

    def quad(x0: float, x1: float, y: float) -> list[tuple[float, float]]:
        return [
            (x0, y + x0 * slope),
            (x1, y + x1 * slope),
            (x1, y + 30 + x1 * slope),
            (x0, y + 30 + x0 * slope),
        ]

    page = ocr.rapid_page(
        [quad(100, 300, 100), quad(700, 900, 100), quad(100, 500, 160)],
        ["Model No.:", "XK-2041B", "Manufacturer: Acme Ltd"],
        [0.9, 0.95, 0.99],
        1200,
        800,
    )
    assert [line.text for line in page.lines] == ["Model No.: XK-2041B", "Manufacturer: Acme Ltd"]
    model = page.lines[0].words[-1]
    assert model.text == "XK-2041B" and model.confidence == 0.95
    assert model.bbox.x0 >= 690 and model.bbox.x1 <= 910


def test_chinese_glyphs_that_tesseract_splits_are_joined() -> None:
    words = [
        Word("型", BBox(0, 0, 10, 10)),
        Word("号", BBox(11, 0, 20, 10), 0.5),
        Word("：XK-1", BBox(21, 0, 60, 10)),
        Word("Model", BBox(70, 0, 90, 10)),
    ]
    joined = ocr.join_cjk_words(Line(tuple(words)))
    assert [w.text for w in joined.words] == ["型号：XK-1", "Model"]
    assert joined.words[0].confidence == 0.5


def test_a_chinese_label_and_its_chinese_value_across_a_column_gap_stay_two_words() -> None:
    words = [
        Word("制造商名称", BBox(0, 0, 50, 10)),
        Word("东莞市鑫鹏智能科技有限公司", BBox(150, 0, 280, 10)),
    ]
    joined = ocr.join_cjk_words(Line(tuple(words)))
    assert [w.text for w in joined.words] == ["制造商名称", "东莞市鑫鹏智能科技有限公司"]


def test_a_chinese_label_spread_over_its_column_is_one_word() -> None:
    words = [Word("型", BBox(101, 0, 110, 10)), Word("号", BBox(193, 0, 202, 10))]
    joined = ocr.join_cjk_words(Line(tuple(words)))
    assert [w.text for w in joined.words] == ["型号"]


def test_every_engine_is_set_up_for_its_purpose_without_branching_on_its_class() -> None:
    """tesseract reads photos as sparse text (psm 11), scans with layout analysis (psm 3)."""
    assert "psm=11" in ocr.engine_for("photo", Config()).identity()
    assert "psm=3" in ocr.engine_for("scan", Config()).identity()
    assert ocr.engine("rapidocr").for_purpose("scan") == ocr.engine("rapidocr")


def test_words_read_on_a_mosaic_go_back_to_their_strips() -> None:
    """One tesseract call reads every strip: each word returns to the strip under its centre,
    its position a fraction of that strip's width."""
    strips = [Image.new("L", (320, 32), 255), Image.new("L", (160, 64), 255)]
    mosaic, rows = tesseract.build_mosaic(strips)
    assert mosaic.mode == "L" and len(rows) == 2
    assert rows[0].bottom < rows[1].top  # the rows never touch
    assert rows[0].width == 640 and rows[1].width == 160  # one height; no more than 4x up
    first, second = rows
    words = [
        Word("Model:", BBox(first.left, first.top, first.left + 160, first.bottom), 0.9),
        Word("XK-1", BBox(first.left + 320, first.top, first.left + 640, first.bottom), 0.5),
        Word("Acme", BBox(second.left + 80, second.top, second.left + 160, second.bottom), 0.8),
    ]
    texts = tesseract.split_mosaic_words(words, rows, "tesseract")
    assert [t.text for t in texts] == ["Model: XK-1", "Acme"]
    assert (texts[0].words[1].start, texts[0].words[1].end) == (0.5, 1.0)
    # Character-weighted: six sure characters and four doubtful ones.
    assert texts[0].confidence == pytest.approx((6 * 0.9 + 4 * 0.5) / 10)


def test_light_print_on_a_dark_strip_is_inverted_for_tesseract() -> None:
    dark = Image.new("L", (200, 64), 20)
    ImageDraw.Draw(dark).text((10, 10), "XK-1", fill=250)
    mosaic, rows = tesseract.build_mosaic([dark])
    row = rows[0]
    strip = mosaic.crop((row.left, row.top, row.left + row.width, row.bottom))
    assert sum(strip.histogram()[200:]) > strip.width * strip.height / 2


@pytest.mark.ocr
def test_tesseract_reads_several_strips_in_one_call(tmp_path: Path) -> None:
    strips = []
    for text in ("Model No.: QW-7781", "Manufacturer: Acme Ltd"):
        strip = Image.new("L", (700, 60), 255)
        ImageDraw.Draw(strip).text((10, 8), text, font=ImageFont.truetype(FONT, 36), fill=0)
        strips.append(strip)
    texts = ocr.engine("tesseract").recognise(strips, config=Config(), languages="eng")
    assert [t.text for t in texts] == ["Model No.: QW-7781", "Manufacturer: Acme Ltd"]
    assert all(0.6 < t.confidence <= 1.0 for t in texts)


@pytest.mark.ocr
def test_rapidocr_reads_strips_in_one_batch_chinese_included() -> None:
    cjk = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
    strips = []
    for text, font in (("Model: XK-2041B", FONT), ("电吹风", cjk)):
        strip = Image.new("RGB", (500, 60), "white")
        ImageDraw.Draw(strip).text((10, 6), text, font=ImageFont.truetype(font, 40), fill="black")
        strips.append(strip)
    texts = ocr.engine("rapidocr").recognise(strips, config=Config(), languages="eng")
    assert [t.text for t in texts] == ["Model: XK-2041B", "电吹风"]
    assert all(t.confidence > 0.8 for t in texts)
