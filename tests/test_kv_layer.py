"""The key-value layer on positioned words: each relation, value shapes, context, provenance.

Pages are laid out word by word (x, y in points, 5 pt per character, 10 pt lines) so the
relations see the geometry real layouts have: cells split by wide gaps, values below or
beside labels, captions under values, a margin column beside a DoC's values.
"""

from __future__ import annotations

from consistency.fields.values import cut_company, plausible, split_models
from consistency.fields.vocabulary import LabelClass, classify
from consistency.model import BBox, Evidence, Role
from consistency.words import Line, Word
from layout import evidence as _evidence
from layout import line as _line
from layout import values as _values


def _main(evidence: list[Evidence], field: str) -> Evidence:
    return next(e for e in evidence if e.field.value == field and e.role == Role.MAIN)


def test_value_right_of_its_label_records_relation_and_score() -> None:
    """`Model No.: X` is a `right` pair; the evidence says so, with its score and how read."""
    model = _main(_evidence(_line(0, (50, "Model No.: XK-2041B"))), "model_number")
    assert (model.raw, model.relation, model.label, model.how_read.value) == (
        "XK-2041B",
        "right",
        "Model No.",
        "text",
    )
    assert model.score is not None and model.score >= 1.0


def test_next_cell_of_an_unruled_table() -> None:
    """A label cell and its value cell split by a wide gap: the `cell` relation."""
    model = _main(_evidence(_line(0, (50, "Model No."), (250, "XK-2041B"))), "model_number")
    assert (model.raw, model.relation) == ("XK-2041B", "cell")


def test_value_below_a_label_alone() -> None:
    """A label alone on its line takes the cell under it."""
    found = _evidence(_line(0, (50, "Manufacturer:")), _line(1, (50, "Ningbo Maker Co., Ltd.")))
    maker = _main(found, "manufacturer")
    assert (maker.raw, maker.relation) == ("Ningbo Maker Co., Ltd.", "below")


def test_label_wrapped_over_two_lines_with_value_beside_the_first() -> None:
    """`Test item  Baby Monitor` / `description`: one label, its value beside line one."""
    found = _values(
        _line(0, (50, "NAME OF"), (250, "Guangzhou Hualian Electrical Co., Ltd.")),
        _line(1, (50, "APPLICANT")),
        _line(2, (50, "Manufactured by"), (250, "Same as applicant")),
    )
    assert found["applicant"] == [("Guangzhou Hualian Electrical Co., Ltd.", "main")]
    assert found["manufacturer"] == [("Guangzhou Hualian Electrical Co., Ltd.", "main")]


def test_label_wrapped_with_value_beside_the_second_line() -> None:
    """`Manufacturer's` / `name:  ACME GmbH`: the label's halves read together."""
    evidence = _evidence(
        _line(0, (50, "Manufacturer's")), _line(1, (50, "name:"), (250, "Aldenburg Technik GmbH"))
    )
    maker = _main(evidence, "manufacturer")
    assert (maker.raw, maker.relation) == ("Aldenburg Technik GmbH", "wrapped")


def test_caption_values_are_read_in_the_caption_column() -> None:
    """EN ISO/IEC 17050-1: values above `(Name, type or model...)`, a margin column beside."""
    evidence = _evidence(
        _line(0, (20, "IL"), (150, "We, Crownstone B.V.")),
        _line(1, (150, "(Supplier's name)")),
        _line(3, (20, "Conformity- Part 1:"), (220, "Crownstone Builtin ACR01B1E")),
        _line(4, (220, "Crownstone Plug ACR01B2C")),
        _line(5, (20, "General Requirements.")),
        _line(6, (150, "(Name, type or model, batch or serial number)")),
    )
    models = [e.raw for e in evidence if e.field.value == "model_number"]
    assert models == ["ACR01B1E", "ACR01B2C"]
    assert _main(evidence, "product_name").raw == "Crownstone Builtin"
    maker = _main(evidence, "manufacturer")
    assert (maker.raw, maker.relation) == ("Crownstone B.V.", "caption")


def test_caption_with_nested_parentheses() -> None:
    """`(Equipment Under Test (EUT))` is a caption: the line above is the product."""
    found = _values(
        _line(0, (150, "Baby Monitor")), _line(1, (150, "(Equipment Under Test (EUT))"))
    )
    assert found["product_name"] == [("Baby Monitor", "main")]


def test_chinese_label_on_its_own_line_above_the_english_one() -> None:
    """`型号` alone above `Model: AB-100`: the English line holds the pair."""
    found = _values(_line(0, (50, "型号")), _line(1, (50, "Model: AB-100")))
    assert found["model_number"] == [("AB-100", "main")]


def test_reading_order_decides_between_pairs_of_similar_score() -> None:
    """The cover's first model stays main when a later pair scores only a little better."""
    found = _values(
        _line(0, (50, "Type:"), (250, "CHESTER")),
        _line(2, (50, "Model No.: CH-2041B")),
    )
    assert found["model_number"][0] == ("CHESTER", "main")


def test_regulatory_model_is_an_alternate_when_a_model_is_printed() -> None:
    """HP's `Regulatory Model #HSTNS-PL01` beside `Model: PS-3701-1C` is kept, as alternate."""
    found = _values(
        _line(0, (50, "Regulatory Model #HSTNS-PL01")), _line(2, (50, "Model: PS-3701-1C"))
    )
    assert found["model_number"] == [("PS-3701-1C", "main"), ("HSTNS-PL01", "alternate")]


def test_model_label_abbreviations() -> None:
    """`M/N`, `MOD.`, `Type ref.`, `Item Model`, `产品型号` are model labels."""
    for label in ("M/N", "MOD.", "Type ref.", "Item Model", "Sample Model", "产品型号", "型號"):
        assert classify(label) == LabelClass.MODEL_NUMBER, label
    for label in ("生产者名称", "制造商名称"):
        assert classify(label) == LabelClass.MANUFACTURER, label


def test_model_lists_templates_and_spaced_models() -> None:
    """Space- and line-separated lists split; templates expand; `RL 852A` is one model."""
    assert split_models("DR-15-5 DR-15-12 DR-15-15 DR-15-24") == [
        "DR-15-5",
        "DR-15-12",
        "DR-15-15",
        "DR-15-24",
    ]
    assert split_models("DR-15-X (X=5,12,15,24)") == ["DR-15-5", "DR-15-12", "DR-15-15", "DR-15-24"]
    assert split_models("RL 852A") == ["RL 852A"]
    assert split_models("TJ 9411") == ["TJ 9411"]
    assert split_models("QL-03 1300W,\nQL-04 1400W") == ["QL-03", "QL-04"]


def test_values_that_are_no_model() -> None:
    """A rating (`14.8/20000`) or a Chinese heading is not a model."""
    assert not plausible(LabelClass.MODEL_NUMBER, "14.8/20000")
    assert not plausible(LabelClass.MODEL_NUMBER, "产品信息")
    assert "model_number" not in _values(_line(0, (50, "Model:"), (250, "14.8/20000")))


def test_company_values_keep_their_punctuation_and_lose_their_address() -> None:
    """`...TECHNOLOGY CO.,LTD.` stays whole; an address after it goes."""
    assert cut_company("SHENZHEN ABC TECHNOLOGY CO.,LTD., No. 5 Keji Road") == (
        "SHENZHEN ABC TECHNOLOGY CO.,LTD."
    )
    found = _values(_line(0, (50, "Manufacturer: SHENZHEN ABC TECHNOLOGY CO.,LTD.")))
    assert found["manufacturer"] == [("SHENZHEN ABC TECHNOLOGY CO.,LTD.", "main")]


def test_an_address_or_the_word_name_is_never_the_maker() -> None:
    """`Manufacturer | Name | ...` and an address under the label are skipped for the name."""
    found = _values(
        _line(0, (50, "Manufacturer"), (250, "Name")),
        _line(1, (250, "Foshan Maker Co., Ltd.")),
    )
    assert found.get("manufacturer") != [("Name", "main")]
    assert not plausible(LabelClass.MANUFACTURER, "No. 88 Dongcheng Avenue, Guangzhou, 510000")


def test_a_legal_form_alone_is_no_maker() -> None:
    """The tail of a name wrapped beside a wrapped label ("of manufacturer" / "LIMITED")."""
    for tail in ("LIMITED", "CO.,LTD.", "Co., Ltd", "有限公司", "GmbH & Co. KG"):
        assert not plausible(LabelClass.MANUFACTURER, tail), tail
    for name in ("ACME Co., Ltd", "中山市华鑫电器制造有限公司", "Halden Brands S.L."):
        assert plausible(LabelClass.MANUFACTURER, name), name


def test_same_as_applicant_split_over_two_ocr_lines() -> None:
    """`Manufacturer: Same as` / `applicant` resolves to the applicant."""
    found = _values(
        _line(0, (50, "Applicant: HARDWARIO a.s.")),
        _line(1, (50, "Manufacturer:"), (250, "Same as")),
        _line(2, (250, "applicant")),
    )
    assert found["manufacturer"] == [("HARDWARIO a.s.", "main")]


def test_we_declare_names_the_maker() -> None:
    """`We, <company>, declare under our sole responsibility` is the manufacturer."""
    evidence = _evidence(
        _line(0, (50, "We, Shenzhen Audio Co., Ltd., declare under our sole responsibility")),
        _line(1, (50, "Model: BT-200")),
    )
    maker = _main(evidence, "manufacturer")
    assert (maker.raw, maker.relation) == ("Shenzhen Audio Co., Ltd.", "sentence")


def test_unlabelled_company_line_near_the_identity_is_a_weak_maker() -> None:
    """A rating label's company line with no label is its maker, with a low score."""
    evidence = _evidence(
        _line(0, (50, "Model: PB-350Z")),
        _line(1, (50, "Input: 5V 1A")),
        _line(2, (50, "Pinout LTD")),
    )
    maker = next(e for e in evidence if e.field.value == "manufacturer")
    assert (maker.raw, maker.role, maker.relation) == ("Pinout LTD", Role.MAIN, "unlabelled")
    assert maker.score is not None and maker.score < 0.5


def test_a_labelled_maker_beats_an_unlabelled_company_line() -> None:
    """With a labelled manufacturer, an unlabelled company line adds nothing."""
    found = _values(
        _line(0, (50, "Model: PB-350Z")),
        _line(1, (50, "Manufacturer: Ningbo Maker Co., Ltd.")),
        _line(2, (50, "Foshan Other Co., Ltd.")),
    )
    assert found["manufacturer"] == [("Ningbo Maker Co., Ltd.", "main")]


def test_table_of_contents_lines_give_no_values() -> None:
    """`Product Description ........ 5` is a contents line, not a product name."""
    assert _values(_line(0, (50, "Product Description ............ 5"))) == {}


def test_support_equipment_rows_are_not_the_products() -> None:
    """Models under a support-equipment heading are other equipment's."""
    found = _values(
        _line(0, (50, "Model No.: XK-2041B")),
        _line(2, (50, "2.3 Support equipment")),
        _line(3, (50, "Model: A1443")),
    )
    assert found["model_number"] == [("XK-2041B", "main")]


def test_an_unlabelled_company_line_is_no_maker_beside_an_applicant() -> None:
    """With an applicant named, a stray company line adds no manufacturer of its own."""
    found = _values(
        _line(0, (50, "Applicant: Foshan Trading Co., Ltd.")),
        _line(1, (50, "Model: PB-350Z")),
        _line(2, (50, "Ningbo Other Co., Ltd.")),
    )
    assert found["manufacturer"] == [("Foshan Trading Co., Ltd.", "alternate")]


def test_name_and_address_of_the_manufacturer_is_a_maker_label() -> None:
    """`Name and address of the manufacturer` (also OCR's clipped `ame and ...`)."""
    assert classify("ame and address of the manufacturer") == LabelClass.MANUFACTURER
    assert classify("Manufacturer address") == LabelClass.ADDRESS


def test_numbered_and_bracketed_labels_and_pairs_in_a_sentence() -> None:
    """`1. Model No.:`, `(Applicant: X Sample name: Y` and a short model before a label."""
    found = _values(
        _line(0, (50, "1. Model No.: XK-1 Brand: VOLTIQ")),
        _line(1, (50, "(Applicant: HARDWARIO a.s. Sample name: CHESTER, Sample model:")),
    )
    assert found["model_number"] == [("XK-1", "main")]
    assert found["brand"] == [("VOLTIQ", "main")]
    assert found["applicant"] == [("HARDWARIO a.s.", "main")]
    assert found["product_name"] == [("CHESTER", "main")]


def test_origin_and_form_lines_are_no_values() -> None:
    """`Product of CHINA` is an origin; a form's instructions and signature fields are not
    product names or makers."""
    assert classify("Product of CHINA") == LabelClass.OTHER
    found = _values(
        _line(0, (50, "Product description – brand name, type, current model, lot, batch")),
        _line(1, (50, "SIGNATURE OF SUPPLIER OR AGENT"), (300, "POSITION: Director")),
    )
    assert found == {}


def test_unicode_leaders_keep_the_value_words() -> None:
    """`Model No ……………: 689N` (ellipsis characters as leaders) gives 689N with its box."""
    evidence = _evidence(
        _line(0, (50, "Model No ……………………………: 689N")), _line(1, (50, "Trademark ………: N/A"))
    )
    model = _main(evidence, "model_number")
    assert model.raw == "689N" and model.bbox is not None and model.bbox.x0 > 100
    assert not any(e.field.value == "brand" for e in evidence)


def test_a_table_row_whose_cells_do_not_line_up() -> None:
    """A scan's value cell sits half a line lower than its label cell: still the next cell."""
    label = Line(
        [Word("Manufactured", BBox(50, 100, 110, 110)), Word("by", BBox(113, 100, 123, 110))]
    )
    value = Line(
        [
            Word("Ningbo", BBox(250, 109, 280, 119)),
            Word("Maker", BBox(283, 109, 308, 119)),
            Word("Co.,", BBox(311, 109, 330, 119)),
            Word("Ltd.", BBox(333, 109, 350, 119)),
        ]
    )
    maker = _main(_evidence(label, value), "manufacturer")
    assert (maker.raw, maker.relation) == ("Ningbo Maker Co., Ltd.", "cell")


def test_a_line_that_is_a_field_of_its_own_is_not_the_value_below() -> None:
    """`Model Number` above `Compliance Folder Reference: P24519LR` takes nothing from it."""
    found = _values(
        _line(0, (50, "Model Number")), _line(1, (50, "Compliance Folder Reference: P24519LR"))
    )
    assert "model_number" not in found


def test_a_chinese_label_glued_to_its_value() -> None:
    """`生产者名称广东美的制冷设备有限公司`: CJK has no spaces between label and value."""
    found = _values(
        _line(0, (50, "生产者名称广东美的制冷设备有限公司")),
        _line(1, (50, "规格型号 KF-35GW/Y-IA(R2)")),
    )
    assert found["manufacturer"] == [("广东美的制冷设备有限公司", "main")]
    assert found["model_number"] == [("KF-35GW/Y-IA(R2)", "main")]
    assert _values(_line(0, (50, "生产者名称")), _line(1, (50, "广东美的制冷设备有限公司")))[
        "manufacturer"
    ] == [("广东美的制冷设备有限公司", "main")]


def test_a_party_heading_over_its_blocks_name_field() -> None:
    """`Manufacturer` / `Company: Pinout Limited` / `Address: ...`: the company is the maker."""
    found = _values(
        _line(0, (50, "Manufacturer")),
        _line(1, (50, "Company: Pinout Limited")),
        _line(2, (50, "Address: Evripidou 12A, Agia Zoni, 3031, Limassol, Cyprus")),
    )
    assert found["manufacturer"] == [("Pinout Limited", "main")]


def test_a_company_declaring_under_its_sole_responsibility_is_the_maker() -> None:
    """`Pinout Limited declares under its sole responsibility that ...`."""
    evidence = _evidence(
        _line(0, (50, "Model: ES-ALTRUIST-INST-1")),
        _line(1, (50, "Pinout Limited declares under its sole responsibility that the product")),
    )
    maker = _main(evidence, "manufacturer")
    assert (maker.raw, maker.relation) == ("Pinout Limited", "sentence")


def test_an_address_without_a_number_is_no_maker() -> None:
    """`Industrial Park, Xili, Nanshan Dist., Shenzhen` is an address line."""
    assert not plausible(LabelClass.MANUFACTURER, "Industrial Park, Xili, Nanshan Dist., Shenzhen")
    assert not plausible(LabelClass.MODEL_NUMBER, "3 型号核准证有效期居满需要延续")
    assert plausible(LabelClass.MODEL_NUMBER, "XQB80-1708(灰)")


def test_rows_under_a_column_tables_header_are_other_parts() -> None:
    """A bill of materials: `Name | Supplier | Manufacturer | Address` rows are parts'."""
    found = _values(
        _line(0, (50, "Model: PB-350Z")),
        _line(1, (50, "Manufacturer: Ningbo Maker Co., Ltd.")),
        _line(3, (50, "Name"), (150, "Supplier"), (250, "Manufacturer"), (400, "Address")),
        _line(4, (50, "C15"), (150, "LCSC"), (250, "Manufacturer Samsung"), (400, "Suwon")),
        _line(
            5, (50, "C16"), (150, "LCSC"), (250, "Manufacturer Yageo Co., Ltd."), (400, "Taipei")
        ),
    )
    assert found["manufacturer"] == [("Ningbo Maker Co., Ltd.", "main")]


def test_a_row_of_two_labelled_cells_is_no_table_header() -> None:
    """`Report No. : | CHTEW22090076 | Report Verification:` holds a value: the lines after
    it are still read."""
    found = _values(
        _line(0, (50, "Report No. :"), (200, "CHTEW22090076"), (350, "Report Verification:")),
        _line(1, (50, "Product Name ........ :"), (200, "CHESTER")),
        _line(2, (50, "Model No. ........ :"), (200, "CHESTER")),
    )
    assert found["model_number"] == [("CHESTER", "main")]
    assert found["product_name"] == [("CHESTER", "main")]


def test_a_misread_chinese_maker_label_and_a_company_under_a_product_label() -> None:
    """`生产名名称` (生产者名称 misread) is the maker's label; a company is never a product."""
    found = _values(_line(0, (50, "生产名名称广东美的制冷设备有限公司")))
    assert found["manufacturer"] == [("广东美的制冷设备有限公司", "main")]
    assert not plausible(LabelClass.PRODUCT_NAME, "广东美的制冷设备有限公司")
    assert not plausible(LabelClass.PRODUCT_NAME, "Ningbo Maker Co., Ltd.")


def test_a_ruled_bill_of_materials_is_other_parts() -> None:
    """A ruled table whose header names Supplier and Manufacturer columns is skipped whole."""
    from consistency.fields.tables import table_candidates

    word = Word("x", BBox(0, 0, 1, 1))
    rows = [
        [("Name", (word,)), ("Supplier", (word,)), ("Manufacturer", (word,)), ("Link", (word,))],
        [("C15", (word,)), ("LCSC", (word,)), ("Samsung Co., Ltd.", (word,)), ("http", (word,))],
    ]
    found, used = table_candidates(rows, 1)
    assert found == [] and used == {word}


def test_two_label_value_pairs_side_by_side_are_no_header() -> None:
    """`Product Name | Air Fryer | Brand | Huntrix` is two pairs, read as such."""
    found = _values(
        _line(0, (50, "Product Name"), (150, "Air Fryer"), (300, "Brand"), (400, "Huntrix")),
        _line(1, (50, "Model"), (150, "XYY7699R")),
    )
    assert found["product_name"] == [("Air Fryer", "main")]
    assert found["brand"] == [("Huntrix", "main")]
    assert found["model_number"] == [("XYY7699R", "main")]


def test_a_regulatory_model_alone_is_still_only_an_alternate() -> None:
    """A label read only as far as `Regulatory Model #HSTNS-PL01` has no main model yet."""
    found = _values(_line(0, (50, "Regulatory Model")), _line(1, (50, "#HSTNS-PL01")))
    assert found["model_number"] == [("HSTNS-PL01", "alternate")]
