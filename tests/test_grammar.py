"""The label grammar on the layouts real reports use (lines built without a PDF)."""

from __future__ import annotations

from consistency.fields.grammar import read_fields, split_models
from consistency.fields.vocabulary import LabelClass, classify
from consistency.model import Document, Field, Role
from consistency.words import PageText, lines_from_text


def _read(text: str) -> dict[str, list[tuple[str, str]]]:
    page = PageText(1, 600, 800, tuple(lines_from_text(text)), "test")
    found: dict[str, list[tuple[str, str]]] = {}
    for ev in read_fields([page], document=Document("r.pdf", "test_report"), extractor="t"):
        found.setdefault(ev.field.value, []).append((ev.raw, ev.role.value))
    return found


def test_colon_and_dotted_leader_labels() -> None:
    """`Label: value` and `Label ....: value` both give their value."""
    found = _read(
        "Product Name ..........: Smart Wi-Fi Plug\n"
        "Model No. ..............: XK-2041B\n"
        "Manufacturer: Shenzhen Huaxin Technology Co., Ltd.\n"
    )
    assert found["product_name"] == [("Smart Wi-Fi Plug", "main")]
    assert found["model_number"] == [("XK-2041B", "main")]
    assert found["manufacturer"] == [("Shenzhen Huaxin Technology Co., Ltd.", "main")]


def test_two_pairs_on_one_line() -> None:
    """`Model No.: X Brand: Y` gives the model and the brand separately."""
    found = _read("Model No.: XK-2041B Brand: VOLTIQ\n")
    assert found["model_number"] == [("XK-2041B", "main")]
    assert found["brand"] == [("VOLTIQ", "main")]


def test_same_as_applicant_is_resolved() -> None:
    """`Manufacturer's name: Same as applicant` becomes the applicant's name."""
    found = _read("Applicant's name: HARDWARIO a.s.\nManufacturer's name: Same as applicant\n")
    assert found["manufacturer"] == [("HARDWARIO a.s.", "main")]


def test_applicant_factory_brand_are_never_the_manufacturer() -> None:
    """Other parties keep their own fields."""
    found = _read(
        "Applicant: Foshan Trading Co., Ltd.\nFactory: Hangzhou Works Co., Ltd.\n"
        "Trade Mark: VOLTIQ\nManufacturer: Ningbo Maker Co., Ltd.\n"
    )
    assert found["manufacturer"] == [("Ningbo Maker Co., Ltd.", "main")]
    assert found["factory"] == [("Hangzhou Works Co., Ltd.", "main")]


def test_model_list_with_wattages() -> None:
    """The first model is the main one; the others are series models, wattages dropped."""
    found = _read("Model No. : RS-AF1268Y 1500W, QL-01 1500W, QL-02 1200W\n")
    assert found["model_number"] == [
        ("RS-AF1268Y", "main"),
        ("QL-01", "series"),
        ("QL-02", "series"),
    ]


def test_series_models_and_empty_placeholders() -> None:
    """`Series Model(s)` are series; `Listed Model(s): -` adds nothing."""
    found = _read("Model: XK-1\nSeries Model(s): XK-2, XK-3\nListed Model(s): -\n")
    assert found["model_number"] == [("XK-1", "main"), ("XK-2", "series"), ("XK-3", "series")]


def test_bilingual_labels_in_either_order() -> None:
    """`型号 Model:` and `Model No. (型号):` are model labels."""
    assert _read("型号 Model: AB-100\n")["model_number"] == [("AB-100", "main")]
    assert _read("Model No. (型号): AB-100\n")["model_number"] == [("AB-100", "main")]
    assert _read("产品名称/Product Name: 空气炸锅\n")["product_name"] == [("空气炸锅", "main")]


def test_support_equipment_section_is_skipped() -> None:
    """Models and makers listed under a support-unit heading are not the product's."""
    found = _read(
        "Model No.: XK-2041B\n4.4 Support unit used in test configuration\n"
        "Manufacturer: Apple Inc.\nModel: A1443\n5. Test results\n"
    )
    assert found["model_number"] == [("XK-2041B", "main")]
    assert "manufacturer" not in found


def test_refer_to_module_lines_are_skipped() -> None:
    """`*Refer to module FCC ID: ...` names the module, not the product."""
    found = _read("Model No.: CHESTER\n*Refer to module FCC ID: SH6MDBT50Q\n")
    assert found["model_number"] == [("CHESTER", "main")]


def test_value_above_caption() -> None:
    """EN ISO/IEC 17050-1 DoCs print the value above a caption naming it."""
    found = _read("Crownstone Plug — ACR01B2C\n(Name, type or model, batch or serial number)\n")
    assert found["model_number"] == [("ACR01B2C", "main")]
    assert found["product_name"] == [("Crownstone Plug", "main")]


def test_split_models() -> None:
    """Lists split on commas and 'or'; explanations dropped; a slash inside a model stays."""
    assert split_models('V1 or V1.x (where "x" represents any symbol)') == ["V1", "V1.x"]
    assert split_models("KF-35GW/Y-IA(R2)") == ["KF-35GW/Y-IA(R2)"]


def test_label_vocabulary_precedence() -> None:
    """Combined labels land where a careful reader puts them."""
    assert classify("Manufacturer/Factory") == LabelClass.MANUFACTURER
    assert classify("Product Manufacturer") == LabelClass.MANUFACTURER
    assert classify("Manufacturer address") == LabelClass.ADDRESS
    assert classify("Model or Product Name") == LabelClass.MODEL_NUMBER
    assert classify("Model reterence") == LabelClass.MODEL_NUMBER
    assert classify("Hersteller") == LabelClass.MANUFACTURER
    assert classify("Trade Mark") == LabelClass.BRAND
    assert classify("Made for") == LabelClass.DISTRIBUTOR
    assert classify("Type of radio wave") == LabelClass.OTHER
    assert Role.MAIN.value == "main" and Field.BRAND.value == "brand"


def test_label_without_separator_before_a_capitalised_value() -> None:
    """`Manufacturer's name ACME GMBH` (narrow table, no colon) is a pair; body text is not."""
    found = _read("Manufacturer's name ALDENBURG TECHNIK GMBH\nProduct safety is important\n")
    assert found["manufacturer"] == [("ALDENBURG TECHNIK GMBH", "main")]
    assert "product_name" not in found


def test_headings_are_not_pairs() -> None:
    """`PRODUCT DETAILS` and `Client Information` are headings, not values."""
    found = _read("PRODUCT DETAILS\nClient Information\nProduct Use The configurable platform\n")
    assert found == {}


def test_series_note_in_brackets_is_not_a_model() -> None:
    """A remark in brackets after the series models is prose, not two more models."""
    assert split_models("AF-8351E, AF-8351X (only differ in colour and model name)") == [
        "AF-8351E",
        "AF-8351X",
    ]


def test_ordinary_words_are_not_models() -> None:
    """`Type: Approved` and `TYPE: GYRO UNIT` are not model numbers; `CHESTER` is."""
    assert "model_number" not in _read("Type: Approved\n")
    assert "model_number" not in _read("Type: GYRO UNIT\n")
    assert _read("Model: CHESTER\n")["model_number"] == [("CHESTER", "main")]


def test_label_typos_with_transposed_letters() -> None:
    """`Product Nmae: Air Fryer` still names the product."""
    assert _read("Product Nmae: Air Fryer\n")["product_name"] == [("Air Fryer", "main")]


def test_label_wrapped_over_two_lines_with_value_beside_the_first() -> None:
    """`NAME OF   Guangzhou ... Co., Ltd.` / `APPLICANT` (a narrow label column)."""
    found = _read(
        "NAME OF              Guangzhou Hualian Electrical Co., Ltd.\n"
        "APPLICANT\n"
        "ADD.                 No. 88 Dongcheng Avenue, Guangzhou, China\n"
        "MANUFACTURER         Same as applicant\n"
    )
    assert found["applicant"] == [("Guangzhou Hualian Electrical Co., Ltd.", "main")]
    assert found["manufacturer"] == [("Guangzhou Hualian Electrical Co., Ltd.", "main")]


def test_ocr_leaders_with_junk_before_the_colon() -> None:
    """OCR turns dotted leaders into junk (`............25055 :`); the label still reads."""
    found = _read(
        "Sample Model............25055 : CE-57GW/D-BP(R2)\n"
        "Name of Product..............- : Cordless Drill Driver\n"
    )
    assert found["model_number"] == [("CE-57GW/D-BP(R2)", "main")]
    assert found["product_name"] == [("Cordless Drill Driver", "main")]


def test_same_as_applicant_beside_a_combined_label() -> None:
    """`MANUFACTURER/FACTORY Same as applicant` with no separator resolves to the applicant."""
    found = _read(
        "APPLICANT NAME: Hangzhou Lianchuang Lighting Co., Ltd.\n"
        "MANUFACTURER/FACTORY Same as applicant\n"
    )
    assert found["manufacturer"] == [("Hangzhou Lianchuang Lighting Co., Ltd.", "main")]


def test_bulleted_model_templates_are_expanded() -> None:
    """`Models:` with bullets like `- STEMlab X; where X can be 125-10, 125-14`."""
    found = _read(
        "Models:\n- STEMlab X; where X can be 125-10, 125-14,\n- SDRlab X; where X is 122-16\n"
    )
    assert found["model_number"] == [
        ("STEMlab 125-10", "main"),
        ("STEMlab 125-14", "series"),
        ("SDRlab 122-16", "series"),
    ]


def test_company_name_wrapped_with_its_label() -> None:
    """`Certificate's  Chongqing Zaisheng Technology` / `Holder:  Co., Ltd.` is one name."""
    found = _read(
        "Certificate's        Chongqing Zaisheng Technology\nHolder:              Co., Ltd.\n"
    )
    assert found["applicant"] == [("Chongqing Zaisheng Technology Co., Ltd.", "main")]


def test_model_family_shorthands_are_expanded() -> None:
    """Ranges and suffix shorthands list every model they stand for; real slashes stay."""
    assert split_models("SP-100A~SP-100C") == ["SP-100A", "SP-100B", "SP-100C"]
    assert split_models("XK-2041A/B/C") == ["XK-2041A", "XK-2041B", "XK-2041C"]
    assert split_models("XK-2041A, B") == ["XK-2041A", "XK-2041B"]
    assert split_models("KF-35GW/Y") == ["KF-35GW/Y"]
