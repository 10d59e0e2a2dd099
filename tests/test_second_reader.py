"""The second reader (`extract.ocr.second`): RapidOCR where tesseract reads scans badly.

The engine tests render text with a real font, read it with the real tesseract and the
real RapidOCR, and assert what is read; only the evidence a first reading would have
given is written by hand (`ACRO1B1E` for a printed `ACR01B1E`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from PIL import Image, ImageDraw, ImageFont

from consistency.config import Config
from consistency.extract.ocr import second
from consistency.extract.ocr.scan import ocr_image
from consistency.model import BBox, Evidence, Field, HowRead, Kind

_SANS = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_CJK = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
#: Face indexes in the Noto CJK collection: Japanese, Traditional Chinese.
_CJK_JP = 0
_CJK_TC = 3


@pytest.mark.parametrize(
    ("value", "second_reading", "fixed"),
    [
        ("ACRO1B1E", "Crownstone Builtin ACR01B1E", "ACR01B1E"),  # O for 0
        ("Vl.x", "Model / Type Ref. V1.x", "V1.x"),  # l for 1, separators kept
        ("VI", "Model / Type Ref. V1 or V1.x", "V1"),  # a whole run for a short value
        ("KF-35GW/Y-1A(R2)", "KF-35GW/Y-IA(R2)", "KF-35GW/Y-IA(R2)"),
    ],
)
def test_a_confused_character_is_taken_from_the_sure_second_reading(
    value: str, second_reading: str, fixed: str
) -> None:
    assert second.confusion_fix(value, second_reading) == fixed


@pytest.mark.parametrize(
    ("value", "second_reading"),
    [
        ("ACR01B1E", "Crownstone Builtin ACR01B1E"),  # the readers agree
        ("ACR01B1E", "Crownstone Builtin ACR02B1E"),  # 1 and 2 are no confusion
        ("VI", "V1X3 or V1.x"),  # a short value never inside a longer run
        ("TJ-9411", "Model: TJ-9411B"),  # a longer model is another model, not a fix
        ("", "anything"),
    ],
)
def test_no_fix_without_a_confusion_only_difference(value: str, second_reading: str) -> None:
    assert second.confusion_fix(value, second_reading) is None


@pytest.mark.parametrize(
    ("value", "second_reading", "fixed"),
    [
        ("Ft-1762¥", "Type Model FI-1762Y", "FI-1762Y"),  # t for I, a yen sign for Y
        ("HX-7700", "Model: HX-2200, HX-7700", None),  # the value is there: no change
        ("ABC-1234", "XYZ-9876", None),  # another value, not the same one read better
        ("V1", "V7", None),  # too short to say
    ],
)
def test_an_unsure_value_is_replaced_by_a_close_sure_reading(
    value: str, second_reading: str, fixed: str | None
) -> None:
    assert second.close_fix(value, second_reading) == fixed


def test_two_words_run_together_agree() -> None:
    assert second.agrees("ZS1853", "Model ZS 1853")
    assert not second.agrees("ZS1853", "Model ZS 18530")


def _evidence(raw: str, box: BBox, how: HowRead = HowRead.OCR, confidence: float = 1.0) -> Evidence:
    return Evidence(
        field=Field.MODEL_NUMBER,
        raw=raw,
        normalised=raw.upper(),
        source=Kind.TEST_REPORT,
        file="scan.png",
        extractor="report/tesseract",
        page=1,
        bbox=box,
        how_read=how,
        confidence=confidence,
    )


def _rendered(lines: list[str], font: ImageFont.FreeTypeFont) -> Image.Image:
    image = Image.new("L", (1400, 110 * len(lines) + 80), 255)
    draw = ImageDraw.Draw(image)
    for i, text in enumerate(lines):
        draw.text((60, 50 + 110 * i), text, font=font, fill=0)
    return image


def _cropper(image: Image.Image) -> Callable[[int | None, BBox], Image.Image]:
    return lambda _, box: image.crop(
        (round(box.x0), round(box.top), round(box.x1), round(box.bottom))
    )


def test_recheck_corrects_a_model_read_with_o_for_zero_with_the_real_engine() -> None:
    """RapidOCR reads the printed `ACR01B1E` again; the evidence says who corrected it."""
    font = ImageFont.truetype(str(_SANS), 40)
    image = _rendered(["Crownstone Builtin ACR01B1E", "Crownstone Plug ACR01B2C"], font)
    left = 60 + draw_width(font, "Crownstone Builtin ")
    box = BBox(left, 50, left + draw_width(font, "ACR01B1E"), 95)
    reader = second.image_reader(_cropper(image), Config())
    typed = _evidence("ACRO1B1E", box, HowRead.TEXT)
    [fixed, untouched] = second.recheck([_evidence("ACRO1B1E", box), typed], reader)
    assert fixed.raw == "ACR01B1E"
    assert fixed.normalised == "ACR01B1E"
    assert fixed.note is not None and "rapidocr" in fixed.note and "ACRO1B1E" in fixed.note
    assert untouched is typed  # a text layer's characters are what was printed


def test_recheck_leaves_a_value_the_second_reading_does_not_confirm() -> None:
    """The second reader corrects confusions; it never puts another model in."""
    font = ImageFont.truetype(str(_SANS), 40)
    image = _rendered(["Model: HX-2200"], font)
    box = BBox(60 + draw_width(font, "Model: "), 50, 60 + draw_width(font, "Model: HX-2200"), 95)
    reader = second.image_reader(_cropper(image), Config())
    original = _evidence("HX-7700", box)
    assert second.recheck([original], reader) == [original]


def test_recheck_replaces_an_unsure_reading_and_raises_an_agreed_one() -> None:
    """tesseract's 0 %-sure `Ft-1762¥` becomes RapidOCR's sure `FI-1762Y`; a value both
    engines read alike is as sure as the surer engine."""
    font = ImageFont.truetype(str(_SANS), 40)
    image = _rendered(["Type Model FI-1762Y"], font)
    left = 60 + draw_width(font, "Type Model ")
    box = BBox(left, 50, left + draw_width(font, "FI-1762Y"), 95)
    reader = second.image_reader(_cropper(image), Config())
    [fixed] = second.recheck([_evidence("Ft-1762¥", box, confidence=0.0)], reader)
    assert (fixed.raw, fixed.confidence >= second.RECHECK_SURE) == ("FI-1762Y", True)
    [agreed] = second.recheck([_evidence("FI-1762Y", box, confidence=0.5)], reader)
    assert agreed.raw == "FI-1762Y" and agreed.confidence >= second.RECHECK_SURE
    [kept] = second.recheck([_evidence("Ft-1762¥", box, confidence=0.9)], reader)
    assert kept.raw == "Ft-1762¥"  # a sure first reading is only corrected for confusions


def draw_width(font: ImageFont.FreeTypeFont, text: str) -> float:
    """The printed width of `text` in `font`."""
    return float(font.getlength(text))


def test_the_second_reader_is_not_asked_when_it_read_the_page_itself() -> None:
    rapid = attrs.evolve(Config(), ocr=attrs.evolve(Config().ocr, scan_engines=("rapidocr",)))
    assert second.available(Config())
    assert not second.available(rapid)
    assert second.identity(rapid) == ""


#: Pages tesseract cannot read here, each with the words RapidOCR must read on it.
_UNREADABLE_FOR_TESSERACT = {
    # chi_sim turns Traditional Chinese into Latin debris (a Taiwan NCC certificate).
    "traditional_chinese": (
        _CJK_TC,
        [
            "電信管制射頻器材型式認證證明",
            "一、申請 者：樂鑫信息科技（上海）股份有限公司",
            "二、地    址：中國（上海）自由貿易試驗區碧波路690號",
            "三、製造廠商：樂鑫信息科技（上海）股份有限公司",
            "四、器材名稱：2.4GHz Wi-Fi & BT IoT Module",
            "五、廠    牌：ESPRESSIF",
            "六、型    號：ESP32-C6-MINI-1",
        ],
        ("樂鑫信息科技", "ESP32-C6-MINI-1"),
    ),
    # No Japanese model: the label column is Latin debris beside well-read values.
    "japanese": (
        _CJK_JP,
        [
            "Certification Record",
            "報告書番号    GTS1154441291",
            "製品の名称    Sorvane WiFi Smart Socket",
            "ブランド      Sorvane",
            "型番          ZS1853",
            "製造業者      Cixi Mingda Electric Appliance Co., Ltd.",
            "住所          Room 1203, Jinfeng Building, Cixi, China",
        ],
        ("型番", "ZS1853", "製造業者"),
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("script", sorted(_UNREADABLE_FOR_TESSERACT))
def test_a_page_tesseract_cannot_read_is_read_by_the_second_reader(
    script: str, tmp_path: Path
) -> None:
    face, lines, wanted = _UNREADABLE_FOR_TESSERACT[script]
    path = tmp_path / f"{script}.png"
    _rendered(lines, ImageFont.truetype(str(_CJK), 30, index=face)).save(path)
    page = ocr_image(path, Config(), "scan")
    assert page.engine == "rapidocr"
    text = "\n".join(line.text for line in page.lines)
    assert all(word in text for word in wanted)


def test_weak_lines_need_several_lines_of_debris() -> None:
    from consistency.words import Line, PageText, Word

    def page(*lines: tuple[str, float]) -> PageText:
        return PageText(
            1,
            500,
            500,
            [
                Line(tuple(Word(t, BBox(0, 10 * i, 50, 10 * i + 9), c) for t in text.split()), 1)
                for i, (text, c) in enumerate(lines)
            ],
            "tesseract",
        )

    debris = [("Bin OZ Pp", 0.2), ("wee ZS1853", 0.2), ("bee Say", 0.1), ("me TI", 0.3)]
    clean = [("Certification Record", 0.95)] * 8
    assert second.weak_lines(page(*debris, *clean))
    assert not second.weak_lines(page(*debris[:3], *clean))  # three lines may be stains
    assert not second.weak_lines(page(*debris, *clean * 3))  # a few among many


def test_weak_chinese_needs_enough_chinese_read_unsurely() -> None:
    from consistency.words import Line, PageText, Word

    def page(text: str, confidence: float) -> PageText:
        words = tuple(
            Word(t, BBox(10 * i, 0, 10 * i + 9, 10), confidence) for i, t in enumerate(text.split())
        )
        return PageText(1, 500, 100, [Line(words, 1)], "tesseract")

    assert second.weak_chinese(page("申请者 SBS RAH 股份有限公司 深圳市博海远大科技", 0.2))
    assert not second.weak_chinese(page("申请者 股份有限公司 深圳市博海远大科技", 0.9))
    assert not second.weak_chinese(page("型号 ABC", 0.1))  # too little Chinese to judge


def test_recheck_reads_only_the_region_of_a_scanned_pdf_page(tmp_path: Path) -> None:
    """A scan saved as a PDF at 200 dpi: the region is rendered from the PDF in points
    (top-left origin, as evidence boxes are) and read again."""
    font = ImageFont.truetype(str(_SANS), 40)
    image = _rendered(["Name, type or model:", "Crownstone Plug ACR01B2C"], font)
    path = tmp_path / "scan.pdf"
    image.save(path, resolution=200.0)
    points = 72 / 200
    left = 60 + draw_width(font, "Crownstone Plug ")
    box = BBox(
        left * points, 160 * points, (left + draw_width(font, "ACR01B2C")) * points, 205 * points
    )
    region = second.pdf_region(path, 1, box)
    assert region is not None and region.width < image.width  # only the region
    reader = second.image_reader(lambda page, b: second.pdf_region(path, page, b), Config())
    [fixed] = second.recheck([_evidence("ACRO1B2C", box)], reader)
    assert fixed.raw == "ACR01B2C"
    assert second.pdf_region(path, 3, box) is None  # no such page
