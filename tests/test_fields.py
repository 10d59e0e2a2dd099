"""Normalisers and comparison levels for model numbers, company names and product names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consistency.fields import compare, normalise
from consistency.fields.model_number import regional_variant
from consistency.model import Field, Level

models = st.from_regex(r"[A-Z]{1,4}-?[0-9]{2,5}[A-Z]?", fullmatch=True)


@given(models)
def test_model_normalisation_is_idempotent(model: str) -> None:
    """Normalising twice changes nothing."""
    once = normalise(Field.MODEL_NUMBER, model)
    assert normalise(Field.MODEL_NUMBER, once) == once


@given(models, st.sampled_from([" ", "-", ".", "/", ""]))
def test_model_case_and_punctuation_never_matter(model: str, sep: str) -> None:
    """Lower case and any separator between letters and digits compare equal."""
    variant = model.lower().replace("-", sep)
    assert compare(Field.MODEL_NUMBER, model, variant).agrees


@given(models, st.integers(min_value=0, max_value=9))
def test_model_digits_always_matter(model: str, digit: int) -> None:
    """Changing any one digit makes a different model, whatever the fuzzy score."""
    positions = [i for i, ch in enumerate(model) if ch.isdigit()]
    i = positions[0]
    if model[i] == str(digit):
        return
    changed = model[:i] + str(digit) + model[i + 1 :]
    result = compare(Field.MODEL_NUMBER, model, changed)
    assert result.level == Level.DIFFERENT


@pytest.mark.parametrize(
    ("reference", "other", "ocr", "level"),
    [
        ("XK-2041B", "XK-2041B", False, Level.EXACT),
        ("XK-2041B", "xk 2041b", False, Level.NORMALISED),
        ("XK-2041B", "XK-2014B", False, Level.DIFFERENT),
        ("XK-2041B", "XK-2041C", False, Level.DIFFERENT),
        ("XK-2041B", "XK-2O41B", False, Level.DIFFERENT),
        ("XK-2041B", "XK-2O41B", True, Level.OCR_CONFUSABLE),
        ("XK-2041B", "XK-2014B", True, Level.DIFFERENT),
        ("ＸＫ－２０４１Ｂ", "XK-2041B", False, Level.NORMALISED),
    ],
)
def test_model_comparison_levels(reference: str, other: str, ocr: bool, level: Level) -> None:
    """Each pair compares at the level a careful reader would give it."""
    assert compare(Field.MODEL_NUMBER, reference, other, ocr=ocr).level == level


def test_regional_suffix_is_recognised() -> None:
    """`HS105(US)` vs `HS105` differ only by the regional suffix."""
    assert regional_variant("HS105(US)", "HS105") == "US"
    assert regional_variant("HS105", "HS106") is None


@pytest.mark.parametrize(
    ("a", "b", "agrees"),
    [
        ("Shenzhen Huaxin Technology Co., Ltd.", "SHENZHEN HUAXIN TECHNOLOGY CO.,LTD", True),
        (
            "Shenzhen Huaxin Technology Co., Ltd.",
            "Shenzhen Huaxin Technology Company Limited",
            True,
        ),
        (
            "Ningbo Qinlin Electric Appliance technology Co., Ltd",
            "NingboQinlinElectricAppliancetechnologyCo.,Ltd",
            True,
        ),
        ("Vantor Electronics BV", "Vantor Electronics B.V.", True),
        ("Shenzhen Huaxin Technology Co., Ltd.", "Shenzhen Huaxing Technology Co., Ltd.", False),
        ("Shenzhen Huaxin Technology Co., Ltd.", "Dongguan Koneta Sporting Goods Co.", False),
    ],
)
def test_manufacturer_legal_forms_do_not_matter_but_names_do(a: str, b: str, agrees: bool) -> None:
    """Legal-form spellings and spacing are ignored; the distinctive name is not."""
    assert compare(Field.MANUFACTURER, a, b).agrees is agrees


def test_chinese_against_latin_manufacturer_is_unverifiable() -> None:
    """A Chinese name against an English one is not guessed either way."""
    result = compare(
        Field.MANUFACTURER, "深圳华信科技有限公司", "Shenzhen Huaxin Technology Co., Ltd."
    )
    assert result.level == Level.UNVERIFIABLE


@given(st.text(alphabet=st.sampled_from("ABCXYZabcxyzÄÖÜäöü .,&-'()"), max_size=40))
def test_manufacturer_case_never_matters(name: str) -> None:
    """Upper- and lower-casing a company name never changes its normal form."""
    assert normalise(Field.MANUFACTURER, name.upper()) == normalise(
        Field.MANUFACTURER, name.lower()
    )


@pytest.mark.parametrize(
    ("listing", "report", "agrees"),
    [
        ("VOLTIQ Wi-Fi Smart Outlet Plug, Compatible with Alexa", "Smart Wi-Fi Plug", True),
        ("VOLTIQ Wi-Fi Smart Outlet Plug, Compatible with Alexa", "Smart Power Strip", False),
        ("LED Floor Lamp", "LED Desk Lamp", False),
        ("Kalivo Temperature Control Soldering Station 60W, Black", "SolderingStation", True),
        ("PEAKCELL Eye-Caring LED Desk Lamp, Touch Control", "LED Desk Lamp", True),
        ("Lumora Glass Electric Kettle, Boil-Dry Protection", "Electric Kettle", True),
        ("Lumora Glass Electric Kettle, Boil-Dry Protection", "Hair Dryer", False),
    ],
)
def test_product_names_look_past_marketing(listing: str, report: str, agrees: bool) -> None:
    """Brand and marketing words do not matter; what the product is does."""
    assert compare(Field.PRODUCT_NAME, listing, report).agrees is agrees


def test_same_trade_name_in_two_cities_is_two_companies() -> None:
    """`Shantou Qiaoxing` and `Ningbo Qiaoxing` are different makers."""
    result = compare(
        Field.MANUFACTURER,
        "Shantou Qiaoxing Household Appliances Co.,Ltd",
        "Ningbo Qiaoxing Electric Appliance Co., Ltd.",
    )
    assert result.level == Level.DIFFERENT


def test_bilingual_product_name_is_compared_by_its_latin_part() -> None:
    """`LED台灯 (LED Desk Lamp)` agrees with an English title naming a desk lamp."""
    assert compare(
        Field.PRODUCT_NAME,
        "Quorly LED Desk Lamp - Home Office Reading Light",
        "LED台灯 (LED Desk Lamp)",
    ).agrees
    assert not compare(
        Field.PRODUCT_NAME, "Quorly LED Floor Lamp", "LED台灯 (LED Desk Lamp)"
    ).agrees


@pytest.mark.parametrize(
    "spelling", ["USB-C Charger", "USB C charger", "usbc CHARGER", "Type-C Charger"]
)
def test_product_name_joins_are_folded(spelling: str) -> None:
    """`USB C`, `USB-C`, `USBC` and `Type-C` are one word in a product name."""
    assert normalise(Field.PRODUCT_NAME, spelling) == "usbc charger"


@given(
    st.sampled_from(["Hair Dryer", "Electric Kettle", "LED Desk Lamp", "Smart Plug"]),
    st.from_regex(r"[A-Z]{2,3}-?[0-9]{2,4}[A-Z]?", fullmatch=True),
    st.integers(5, 3000),
)
def test_product_name_models_and_ratings_never_change_the_comparison(
    name: str, model: str, watts: int
) -> None:
    """A model number or a rating added to a name leaves the same wording."""
    result = compare(Field.PRODUCT_NAME, f"{name} {model} {watts}W", name)
    assert result.level == Level.NORMALISED


def test_an_ocr_reading_with_other_letters_is_for_a_person_not_consistent() -> None:
    """'Hongyun' read by OCR against the listing's 'Hongyu': OCR does not confuse an extra
    'n', and another company looks just like that, so the pair is not an agreement."""
    listing = "Dongguan Hongyu Smart Home Technology Co., Ltd."
    printed = "Dongguan Hongyun Smart Home Technology Co. Ltd."
    read_by_ocr = compare(Field.MANUFACTURER, listing, printed, ocr=True)
    assert read_by_ocr.level == Level.UNVERIFIABLE and not read_by_ocr.agrees
    assert compare(Field.MANUFACTURER, listing, printed).level == Level.DIFFERENT
    confused = compare(
        Field.MANUFACTURER, "SOLIDO Technology Co., Ltd", "S0LID0 Technology Co Ltd", ocr=True
    )
    assert confused.level == Level.OCR_CONFUSABLE
