"""What a photo's values look like once mended: where a value ends, what OCR glued to it,
which of two values is the model, and the product name among wordmarks.

Unit tests on strings and positioned lines (the code around the engine, `fields.values`
and `extract.photo`), property tests for the mending functions, then real OCR on real
label photos (tests/real/files, git-ignored: skipped where absent).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consistency.config import Config
from consistency.extract.image import extract_product, with_unlabelled
from consistency.extract.photo.aligned import prefer_aligned_below
from consistency.extract.photo.mending import respaced_company, without_misread_label
from consistency.extract.photo.named_model import named_models
from consistency.extract.photo.product_name import name_lines, spaced_name
from consistency.extract.photo.unlabelled import (
    code_of,
    headline_code,
    model_codes,
    wordmark_maker,
)
from consistency.fields import normalise
from consistency.fields.product_types import mend_ocr_words
from consistency.fields.values import (
    model_end,
    split_models,
)
from consistency.model import BBox, Document, Evidence, Field, Kind, Role
from consistency.words import Line, PageText, Word

ROOT = Path(__file__).resolve().parents[1]
REAL_FILES = ROOT / "tests" / "real" / "files"


def _words(text: str, top: float, height: float, x: float) -> list[Word]:
    words = []
    for token in text.split():
        width = len(token) * height * 0.6
        words.append(Word(token, BBox(x, top, x + width, top + height), 0.95))
        x += width + height * 0.4
    return words


def _line(text: str, top: float, height: float = 20.0, x: float = 10.0) -> Line:
    return Line(tuple(_words(text, top, height, x)))


def _page(*lines: Line) -> PageText:
    return PageText(1, 1000, 1000, list(lines), "rapidocr")


# --------------------------------------------------------------------------- where a model ends


@pytest.mark.parametrize(
    ("value", "model"),
    [
        ("P360W24V ‘CAUTION.", "P360W24V"),  # a caution box beside the model line
        ("XK-2041 WARNING: hot surface", "XK-2041"),
        ("UPS 25-40 180 No.", "UPS 25-40 180"),  # the serial's label, its value scratched out
        ("AB-100 S/N:", "AB-100"),
        ("XK-1 Input:", "XK-1"),  # the next field's label left without its value
        ("KF-35G/Y-1A(R2) 生产日期2014年08月", "KF-35G/Y-1A(R2)"),  # a change of script
        ("JL18650-1S1P 叉器", "JL18650-1S1P"),
    ],
)
def test_a_model_value_ends_where_the_next_field_or_a_warning_starts(
    value: str, model: str
) -> None:
    assert split_models(value) == [model]


@pytest.mark.parametrize(
    "value",
    ["XQB80-1708(灰)", "AB-100 No. 5", "DEBIX Model B", "STEMlab 125-10", "RL 852A", "No"],
)
def test_a_model_that_only_resembles_a_run_on_value_is_left_whole(value: str) -> None:
    assert model_end(value) == value


@given(st.text(alphabet="AB12-/ :.警告NoCAUTIONSs", max_size=30))
def test_a_model_end_only_ever_cuts_and_is_idempotent(value: str) -> None:
    cut = model_end(value)
    assert " ".join(value.split()).startswith(cut)
    assert model_end(cut) == cut


# --------------------------------------------------------------------------- makers mended


@pytest.mark.parametrize(
    ("value", "company"),
    [
        ("生产老名标广东美的制冷设备有限公司", "广东美的制冷设备有限公司"),  # 生产者名称 misread
        ("生产者名称广东美的制冷设备有限公司", "广东美的制冷设备有限公司"),
        ("制造商：深圳市纵维立方科技有限公司", "深圳市纵维立方科技有限公司"),
        ("广东美的制冷设备有限公司", "广东美的制冷设备有限公司"),
        ("生产厂广州美的有限公司", "生产厂广州美的有限公司"),  # not close enough to a label
        # One character of the label kept, the rest noise: the name starts at its place.
        ("1产省公行广东美的制冷设备有限公司", "广东美的制冷设备有限公司"),
        ("美的集团广东制冷有限公司", "美的集团广东制冷有限公司"),
        ("Shenzhen Sonoff Technologies Co., Ltd.", "Shenzhen Sonoff Technologies Co., Ltd."),
    ],
)
def test_a_misread_chinese_maker_label_glued_to_the_name_is_cut_off(
    value: str, company: str
) -> None:
    assert without_misread_label(value) == company


@pytest.mark.parametrize(
    ("name", "spaced"),
    [
        ("ShenzhenSonoffTechnologiesCo.,Ltd.", "Shenzhen Sonoff Technologies Co.,Ltd."),
        ("HuaweiTechnologiesCo.,Ltd", "Huawei Technologies Co.,Ltd"),
        ("ShenzhenSonoffTechnologies Co., Ltd.", "Shenzhen Sonoff Technologies Co., Ltd."),
        # Names printed with inner capitals stay as they are.
        ("TP-Link Technologies Co., Ltd.", "TP-Link Technologies Co., Ltd."),
        ("DeLonghi Appliances S.r.l.", "DeLonghi Appliances S.r.l."),
        ("McDonaldSmith Ltd", "McDonaldSmith Ltd"),
        ("Shenzhen ABCTech Co.,Ltd", "Shenzhen ABCTech Co.,Ltd"),
        # No legal form: no company to re-space.
        ("ShenzhenSonoffTechnologies", "ShenzhenSonoffTechnologies"),
    ],
)
def test_an_ocr_read_company_run_together_gets_its_spaces_back(name: str, spaced: str) -> None:
    assert respaced_company(name) == spaced


@given(st.text(alphabet="AbcdeFghijKlmno .,Ltd", max_size=40))
def test_respacing_only_adds_spaces_and_is_idempotent(name: str) -> None:
    spaced = respaced_company(name)
    assert spaced.replace(" ", "") == name.replace(" ", "")
    assert respaced_company(spaced) == spaced


# --------------------------------------------------------------------------- which code


def test_a_headline_code_before_a_product_type_is_the_model() -> None:
    found = headline_code(_line("NP804n - ‘Wireless ' N 300 Router", 10))
    assert found is not None and found[1] == "NP804n"
    assert headline_code(_line("NP804n - Serial 115465890", 10)) is None


def test_a_product_line_with_its_version_names_the_model() -> None:
    found = headline_code(_line("XIOH - version 5", 10))
    assert found is not None and found[1] == "XIOH version 5"
    assert headline_code(_line("FIRMWARE VERSION 2", 10)) is None
    assert headline_code(_line("Firmware version 2", 10)) is None


def test_mac_addresses_and_service_tags_are_never_an_unlabelled_model() -> None:
    assert code_of("0060644DEB23") is None
    assert code_of("28:C2:DD:7A:2E:29") is None
    page = _page(
        _line("Service Tag: BLD7HK2", 10),
        _line("MAC ID:", 40),
        _line("0060644DEB23", 70),
    )
    assert model_codes(page, []) == []
    assert code_of("PS-3701-1C") == "PS-3701-1C"


def _model(raw: str, words: list[Word], relation: str = "cell") -> Evidence:
    box = BBox(words[0].bbox.x0, words[0].bbox.top, words[-1].bbox.x1, words[-1].bbox.bottom)
    return Evidence(
        field=Field.MODEL_NUMBER,
        raw=raw,
        normalised=normalise(Field.MODEL_NUMBER, raw),
        source=Kind.PRODUCT,
        file="label.jpg",
        extractor="image/rapidocr",
        bbox=box,
        label="Model",
        relation=relation,
    )


def test_a_code_aligned_under_its_label_beats_a_value_far_across_its_line() -> None:
    label = _words("Model:", 100, 40, 500)
    far = _words("2511H", 110, 30, 820)  # right-aligned at the block's edge
    page = _page(
        Line((*label, *far)),
        _line("V30-V3000R120-036T0-AU", 145, 40, 501),
        _line("P/N:191763139-XX", 190, 40, 500),
    )
    evidence = prefer_aligned_below(page, [_model("2511H", far)])
    assert [(e.raw, e.role, e.relation) for e in evidence] == [
        ("V30-V3000R120-036T0-AU", Role.MAIN, "below"),
        ("2511H", Role.ALTERNATE, "cell"),
    ]


def test_a_value_close_right_of_its_label_stays_the_model() -> None:
    label = _words("Model:", 100, 40, 500)
    near = _words("XK-2041", 100, 40, 660)
    page = _page(Line((*label, *near)), _line("V30-V3000R120-036T0-AU", 145, 40, 501))
    evidence = [_model("XK-2041", near, "right")]
    assert prefer_aligned_below(page, evidence) == evidence


# --------------------------------------------------------------------------- wordmarks, names


def test_a_wordmark_over_made_in_is_the_maker_of_a_nameplate() -> None:
    page = _page(
        _line("AZIMUTH GYRO UNIT", 10),
        _line("REF. No.", 40),
        _line("SMITHS", 70, x=120),
        _line("MADE IN GREAT BRITAIN", 95),
    )
    found = wordmark_maker(page, [])
    assert found is not None and found[1] == "SMITHS"


@pytest.mark.parametrize("above", ["CE", "12V 2A", "Router", "Model:", "Voltara Electric"])
def test_marks_ratings_types_labels_and_phrases_over_made_in_are_no_wordmark(above: str) -> None:
    page = _page(_line(above, 70, x=60), _line("Made in China", 95))
    assert wordmark_maker(page, []) is None


def test_a_known_product_type_wins_over_a_wordmark_that_stands_out() -> None:
    page = _page(
        _line("Sagemcom", 10, 30),
        _line("AC/DC ADAPTER", 50, 22),
        _line("Input: 200-240V~ 50/60Hz", 80, 22),
        _line("Output: 12V 3A", 110, 22),
        _line("Made in China", 140, 22),
    )
    texts = [line.text for line in name_lines(page)]
    assert "AC/DC ADAPTER" in texts


def test_a_product_type_run_together_gets_its_space_back() -> None:
    assert spaced_name("POWERSUPPLY") == "POWER SUPPLY"
    assert spaced_name("Hair Dryer") == "Hair Dryer"
    assert spaced_name("Sagemcom") == "Sagemcom"
    assert spaced_name("Hairdryer") == "Hairdryer"  # a spelling, not a lost space


# --------------------------------------------------------------------------- real photos


def _main(name: str) -> dict[Field, str]:
    path = REAL_FILES / name
    if not path.is_file():
        pytest.skip("tests/real/files is absent (git-ignored; see tests/real/README.md)")
    reading = extract_product(Document(path, Kind.PRODUCT), Config(cache=False))
    return {e.field: e.raw for e in reading.evidence if e.role == Role.MAIN}


@pytest.mark.ocr
@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "field", "value"),
    [
        ("chengliang_psu_label_photo_P360W24V.jpg", Field.MODEL_NUMBER, "P360W24V"),
        ("grundfos_pump_plate_photo_UPS-25-40.jpg", Field.MODEL_NUMBER, "UPS 25-40 180"),
        ("sagemcom_adapter_rotated_photo_V30-V3000R120.jpg", Field.MODEL_NUMBER, "V30-V3000R120-036T0-AU"),
        ("netcomm_rotated_label_photo_NP804n.jpg", Field.MODEL_NUMBER, "NP804n"),
        ("smiths_stamped_plate_photo_KCA-1903.jpg", Field.MANUFACTURER, "SMITHS"),
        ("sonoff_case_print_photo_ZBBridge.jpg", Field.MANUFACTURER, "Shenzhen Sonoff Technologies Co.,Ltd."),
        ("china_energy_label_photo_angle3_KF-35GW_YIJIANGS.jpg", Field.MANUFACTURER, "广东美的制冷设备有限公司"),
        ("china_energy_label_photo_angle2_KF-35GW_YIJIANGS.jpg", Field.MANUFACTURER, "广东美的制冷设备有限公司"),
        ("anycubic_bilingual_label_photo_Kobra-Neo.jpg", Field.MODEL_NUMBER, "Anycubic Kobra Neo"),
        ("yogasleep_rohm_label_photo_3RUS1WTBU.jpg", Field.PRODUCT_NAME, "Sound Machine"),
    ],
)  # fmt: skip
def test_real_label_photos_read_their_values_whole(name: str, field: Field, value: str) -> None:
    assert _main(name)[field] == value


@pytest.mark.ocr
@pytest.mark.slow
def test_a_service_tag_is_not_taken_for_the_model() -> None:
    assert Field.MODEL_NUMBER not in _main("dell_service_tag_photo_PowerEdge-R630.jpg")


def test_a_model_named_in_words_after_its_label_starts_with_the_makers_name() -> None:
    page = _page(
        _line("ANYCUBIC 深圳市纵维立方科技有限公司", 10),
        _line("Shenzhen Anycubic Technology Co.,Ltd.", 40),
        _line("机器型号： Anycubic Kobra Neo 额定频率： 50/60Hz", 70),
    )
    assert [model for _, model, _ in named_models(page)] == ["Anycubic Kobra Neo"]


@pytest.mark.parametrize(
    "value", ["Standard Edition", "See Below", "Anycubic", "Anycubic Kobra Neo Max Plus Pro"]
)
def test_words_after_a_model_label_without_the_makers_name_are_no_model(value: str) -> None:
    page = _page(
        _line("Shenzhen Anycubic Technology Co.,Ltd.", 10),
        _line(f"Model: {value}", 40),
    )
    assert named_models(page) == []


def test_a_box_without_identity_names_its_product_only_in_a_known_product_type() -> None:
    document = Document(Path("box.jpg"), Kind.PACKAGING)

    def names(*lines: Line) -> list[str]:
        found = with_unlabelled(_page(*lines), [], document, "image/rapidocr", Config())
        return [e.raw for e in found if e.field == Field.PRODUCT_NAME and e.role == Role.MAIN]

    body = (_line("1.7 L 2200W", 120), _line("Made in China", 150))
    assert names(_line("VOLTARA", 10, 40), _line("Cordless Electric Kettle", 70, 30), *body) == [
        "Cordless Electric Kettle"
    ]
    assert names(_line("POLKA HOME", 10, 40), _line("Quality you can trust", 70, 30), *body) == []


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("Electric Alr Fryer", "Electric Air Fryer"),  # i read as l
        ("Straightening lron", "Straightening Iron"),
        ("Cordless Kett1e", "Cordless Kettle"),
        ("Voltara Hair Dryer", "Voltara Hair Dryer"),  # a brand the lexicon does not know
        ("CD/DVD PLAYER", "CD/DVD PLAYER"),
    ],
)
def test_a_product_name_read_by_ocr_is_mended_against_the_lexicons_words(
    read: str, meant: str
) -> None:
    assert mend_ocr_words(read) == meant
