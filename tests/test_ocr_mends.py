"""Classes of misreading found on scans nobody here had seen, and what mends them.

Each test lays a page out by hand (`tests/layout.py`) the way OCR gave it, and reads it
with the label-value layer: list numbering before Chinese labels, Chinese labels spread
across their cell, a value wrapped to the next line of prose, legal forms misspelt by
OCR, OCR debris under a label, and a document's title that starts with "Product".
"""

from __future__ import annotations

import pytest
from tests.layout import line

from consistency.fields.grammar import read_fields
from consistency.fields.manufacturer import mend_legal_forms
from consistency.fields.vocabulary import LabelClass, classify
from consistency.model import Document, Evidence
from consistency.words import Line, PageText


def _read(*lines: Line, engine: str = "tesseract") -> dict[str, list[Evidence]]:
    page = PageText(1, 600, 800, lines, engine)
    found: dict[str, list[Evidence]] = {}
    for item in read_fields([page], document=Document("r.pdf", "test_report"), extractor="t"):
        found.setdefault(item.field.value, []).append(item)
    return found


def _main(found: dict[str, list[Evidence]], field: str) -> str | None:
    return next((e.raw for e in found.get(field, []) if e.role.value == "main"), None)


def test_chinese_list_numbering_is_not_part_of_the_label() -> None:
    """`三、製造廠商：` and `（六）型号：` are numbered labels (a Taiwan NCC certificate)."""
    found = _read(
        line(0, (40, "三、製造廠商：樂鑫信息科技（上海）股份有限公司")),
        line(1, (40, "（六）型号：ESP32-C6-MINI-1")),
    )
    assert _main(found, "manufacturer") == "樂鑫信息科技(上海)股份有限公司"
    assert _main(found, "model_number") == "ESP32-C6-MINI-1"


def test_a_chinese_label_spread_across_its_cell_is_one_label() -> None:
    """`型      號：` is printed with a column-wide gap inside the label."""
    found = _read(
        line(0, (40, "六、型"), (160, "號：ESP32-C6-MINI-1")),
        line(1, (40, "五、廠"), (160, "牌：ESPRESSIF")),
    )
    assert _main(found, "model_number") == "ESP32-C6-MINI-1"
    assert _main(found, "brand") == "ESPRESSIF"


def test_two_chinese_cells_that_make_no_label_stay_two_cells() -> None:
    found = _read(line(0, (40, "产品名称：电吹风"), (200, "颜色：黑")))
    assert _main(found, "product_name") == "电吹风"


def test_a_value_wrapped_to_the_next_line_of_prose() -> None:
    """`(Applicant: HARDWARIO a.s. Sample name: CHESTER, Sample model:` / `CHESTER) is
    copper alloy ...`, with OCR's stray comma as a line between them."""
    found = _read(
        line(0, (34, "(Applicant: HARDWARIO a.s. Sample name: CHESTER, Sample model:")),
        line(1, (200, ",")),
        line(2, (34, "CHESTER) is copper alloy, the lead of the sample comes from copper")),
    )
    [model] = found["model_number"]
    assert (model.raw, model.relation) == ("CHESTER", "run-on")


def test_a_sentence_on_the_next_line_is_no_run_on_value() -> None:
    found = _read(
        line(0, (34, "The manufacturer declares that the product model:")),
        line(1, (34, "complies with all the essential requirements of the Directive")),
    )
    assert "model_number" not in found


def test_a_label_alone_on_its_line_takes_the_value_below_not_a_run_on() -> None:
    found = _read(line(0, (34, "Model:")), line(1, (34, "TJ-9411, TJ-9412")))
    assert [e.relation for e in found["model_number"]] == ["below", "below"]


@pytest.mark.parametrize(
    ("raw", "mended"),
    [
        ("Shenzhen Yeniu electronics co., Itd", "Shenzhen Yeniu electronics co., Ltd"),
        ("ACME C0., LTD.", "ACME CO., LTD."),
        ("Acme Co., 1td", "Acme Co., Ltd"),
        ("Sunny Dy", "Sunny Dy"),  # a word without OCR's usual suspects stays
        ("Teco Ltd", "Teco Ltd"),
        ("Ltd Industries Holding Group Co", "Ltd Industries Holding Group Co"),
    ],
)
def test_a_legal_form_misspelt_by_ocr_is_mended(raw: str, mended: str) -> None:
    assert mend_legal_forms(raw) == mended


def test_legal_forms_are_mended_only_on_ocr_pages() -> None:
    """On a text layer `Itd` is what was printed; on a scan it is OCR's `ltd`."""
    text = line(0, (40, "Manufacturer: Shenzhen Yeniu Electronics Co., Itd"))
    assert _main(_read(text), "manufacturer") == "Shenzhen Yeniu Electronics Co., Ltd"
    typed = _read(text, engine="pdfplumber")
    assert _main(typed, "manufacturer") == "Shenzhen Yeniu Electronics Co., Itd"


def test_separator_debris_before_an_ocr_read_name_goes() -> None:
    found = _read(line(0, (40, "Manufacturer"), (200, "+: Polyhex Technology Company Limited")))
    assert _main(found, "manufacturer") == "Polyhex Technology Company Limited"


def test_ocr_debris_under_a_label_is_no_model() -> None:
    """A stamp read as `=a » 2 = 8 多` beside "SKU" gives no model at all."""
    found = _read(line(0, (40, "Product name SKU: =a » 2 = 8 多 s. X")))
    assert "model_number" not in found


@pytest.mark.parametrize(
    "title", ["Product Certification", "Product Safety Report", "PRODUCT COMPLIANCE"]
)
def test_a_title_starting_with_product_is_no_product_name_label(title: str) -> None:
    assert classify(title) == LabelClass.OTHER


@pytest.mark.parametrize("label", ["Product", "Product name", "Product Description"])
def test_product_labels_stay_product_labels(label: str) -> None:
    assert classify(label) == LabelClass.PRODUCT_NAME


def test_a_misread_legal_form_is_no_word_of_an_ocr_read_name() -> None:
    """`Brightwel Appliances Lad.` read by OCR from a degraded scan: the name differs in
    letters OCR does not confuse, so a person looks (unverified), never a mismatch for the
    misread legal form; typed, the same words are two spellings."""
    from consistency.fields.manufacturer import compare
    from consistency.model import Level

    read = compare("Brightwell Appliances Ltd.", "Brightwel Appliances Lad.", ocr=True)
    assert read.level == Level.UNVERIFIABLE
    typed = compare("Brightwell Appliances Ltd.", "Brightwel Appliances Lad.")
    assert typed.level == Level.DIFFERENT
    other = compare("Kessler Audio GmbH", "Nordlicht Elektro Lad", ocr=True)
    assert other.level == Level.DIFFERENT


@pytest.mark.parametrize(
    ("label", "cls"),
    [
        ("设备型号(Equipment Type)", LabelClass.MODEL_NUMBER),  # the Chinese part says it
        ("设备名称 Equipment Name", LabelClass.PRODUCT_NAME),
        ("委托单位 Client", LabelClass.APPLICANT),
        ("Model(s)(规格型号)", LabelClass.MODEL_NUMBER),
    ],
)
def test_a_bilingual_label_is_classed_by_its_chinese_part(label: str, cls: LabelClass) -> None:
    assert classify(label) == cls


def test_a_chinese_certificates_model_named_in_words() -> None:
    """An SRRC type approval: `设备型号： DEBIX Model infinity`; another field's Chinese
    label read into a model value makes it none."""
    found = _read(
        line(0, (94, "设备名称： 5.8GHz/5.1GHz/2.4GHz无线局域网/蓝牙设备")),
        line(1, (94, "Equipment Name")),
        line(2, (94, "设备型号： DEBIX Model infinity")),
        line(3, (94, "Equipment Type")),
        line(5, (94, "设备型号： ea 核准代码 (CMIIT ID): 24J4433KE732")),
    )
    assert [e.raw for e in found["model_number"]] == ["DEBIX Model infinity"]


def test_an_unsure_ocr_line_with_a_legal_form_is_no_unlabelled_maker() -> None:
    """A seal's debris read as `ies XX OY)` at 34 % spells a Finnish legal form."""
    from consistency.model import BBox
    from consistency.words import Word

    def ocr_line(row: int, text: str, confidence: float) -> Line:
        words = [
            Word(t, BBox(40 + 60 * i, 14 * row, 90 + 60 * i, 14 * row + 10), confidence)
            for i, t in enumerate(text.split())
        ]
        return Line(words, 1)

    found = _read(
        ocr_line(0, "Model: XK-2041B", 0.95),
        ocr_line(1, "ies XX OY)", 0.34),
        ocr_line(2, "Nordlicht Elektro GmbH", 0.93),
    )
    assert [e.raw for e in found.get("manufacturer", [])] == ["Nordlicht Elektro GmbH"]


def test_a_product_name_read_by_ocr_is_mended_against_the_lexicon() -> None:
    """`BT loT Module` on a scanned NCC certificate is an IoT module; on a text layer the
    letters are what was printed."""
    text = line(0, (40, "器材名稱：2.4GHz Wi-Fi & BT loT Module"))
    assert _main(_read(text), "product_name") == "2.4GHz Wi-Fi & BT Iot Module"
    assert _main(_read(text, engine="pdfplumber"), "product_name") == (
        "2.4GHz Wi-Fi & BT loT Module"
    )
