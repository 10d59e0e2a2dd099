"""Retail barcodes: bars (zxing-cpp) and printed digits, kept only with a valid check digit."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from consistency.extract.photo import barcode
from consistency.model import BBox, Document, Field, Kind
from consistency.words import Line, Word

ROOT = Path(__file__).resolve().parents[1]


def _photos() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fixture_photos", ROOT / "fixtures" / "photos.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["fixture_photos"] = module
    spec.loader.exec_module(module)
    return module


def _line(text: str, confidence: float = 0.9) -> Line:
    return Line(
        tuple(
            Word(t, BBox(20.0 * i, 0, 20.0 * i + 15, 10), confidence)
            for i, t in enumerate(text.split())
        )
    )


def test_known_gtins_validate() -> None:
    assert barcode.gs1_valid("4006381333931")  # EAN-13
    assert barcode.gs1_valid("036000291452")  # UPC-A
    assert barcode.gs1_valid("96385074")  # EAN-8
    assert not barcode.gs1_valid("4006381333932")
    assert not barcode.gs1_valid("40063813339")  # 11 digits is no GTIN


@given(st.text("0123456789", min_size=12, max_size=12), st.integers(0, 11), st.integers(1, 9))
def test_any_single_digit_error_breaks_the_check_digit(body: str, pos: int, delta: int) -> None:
    """GS1's check digit catches every single-digit misread, so OCR cannot invent an id."""
    code = body + str(barcode.gs1_check_digit(body))
    assert barcode.gs1_valid(code)
    wrong = code[:pos] + str((int(code[pos]) + delta) % 10) + code[pos + 1 :]
    assert not barcode.gs1_valid(wrong)


def test_upc_e_expands_to_upc_a() -> None:
    assert barcode.upce_to_upca("04252614") == "042100005264"
    assert barcode.gs1_valid(barcode.upce_to_upca("04252614"))


def test_printed_digits_are_read_from_ocr_lines_with_their_box() -> None:
    found = barcode.digits_from_text([_line("6 901234 567892")])
    assert [(g.digits, g.symbology, g.via) for g in found] == [
        ("6901234567892", "EAN-13", "digits")
    ]
    assert found[0].bbox == BBox(0, 0, 55, 10)


def test_printed_digits_with_a_bad_check_digit_or_in_a_rating_are_ignored() -> None:
    lines = [_line("6 901234 567893"), _line("220-240V 50Hz 1800W"), _line("Tel 0086 755 1234")]
    assert barcode.digits_from_text(lines) == []


def test_bars_are_decoded_from_a_drawn_ean13() -> None:
    symbol = _photos().draw_ean13("590123412345", 3, 120)
    canvas = Image.new("L", (symbol.width + 80, symbol.height + 80), 255)
    canvas.paste(symbol, (40, 40))
    found = barcode.decode_bars(canvas)
    assert [(g.digits, g.symbology, g.via) for g in found] == [("5901234123457", "EAN-13", "bars")]


def test_bars_and_digits_of_one_code_give_one_product_id() -> None:
    symbol = _photos().draw_ean13("590123412345", 3, 120)
    gtins = barcode.read_gtins(barcode.decode_bars(symbol), [_line("5 901234 123457")])
    assert [(g.digits, g.via) for g in gtins] == [("5901234123457", "bars")]


def test_evidence_is_a_product_id_labelled_with_its_symbology() -> None:
    document = Document(Path("box.jpg"), Kind.PACKAGING)
    gtins = barcode.read_gtins([], [_line("0 36000 29145 2", 0.8)])
    (evidence,) = barcode.barcode_evidence(
        gtins, document=document, extractor="image/rapidocr", page_size=(100.0, 50.0)
    )
    assert (evidence.field, evidence.raw, evidence.label, evidence.extractor) == (
        Field.PRODUCT_ID,
        "036000291452",
        "UPC-A",
        "image/rapidocr+digits",
    )
    assert evidence.confidence == 0.8
    assert evidence.page_size == (100.0, 50.0)
