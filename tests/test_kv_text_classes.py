"""Failure classes of unseen text-layer documents, each fixed by a mechanism of the key-value layer.

Unit tests lay out positioned words (5 pt per character, 14 pt leading) like the
key-value layer tests do; the slow tests read real PDFs written by the independent
generator (fixtures/indep, which was written without reading the extractor) at fixed
seeds and assert the fields read and the statuses the tool gives.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import consistency
from consistency.case import load_case
from consistency.fields.vocabulary import LabelClass, classify, label_shaped
from consistency.model import Kind, Role
from consistency.words import Word
from layout import evidence as _evidence
from layout import line as _line
from layout import values as _values

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "fixtures"))

from indep.generate import generate_package  # noqa: E402

# Labels of real reports, certificates and DoCs in the seven languages we read, with the
# class a careful reader gives them.  Written for this test, not taken from a generator.
_LABELS: tuple[tuple[str, LabelClass], ...] = (
    ("Antragsteller", LabelClass.APPLICANT),
    ("Auftraggeber", LabelClass.APPLICANT),
    ("Inhaber", LabelClass.APPLICANT),
    ("Demandeur", LabelClass.APPLICANT),
    ("Titulaire du certificat", LabelClass.APPLICANT),
    ("Solicitante", LabelClass.APPLICANT),
    ("Titular", LabelClass.APPLICANT),
    ("Richiedente", LabelClass.APPLICANT),
    ("Titolare", LabelClass.APPLICANT),
    ("依頼者", LabelClass.APPLICANT),
    ("Werk", LabelClass.FACTORY),
    ("Herstellungsort", LabelClass.FACTORY),
    ("Lieu de fabrication", LabelClass.FACTORY),
    ("Planta de producción", LabelClass.FACTORY),
    ("Luogo di produzione", LabelClass.FACTORY),
    ("Fabbrica", LabelClass.FACTORY),
    ("生产厂商", LabelClass.MANUFACTURER),
    ("製造業者", LabelClass.MANUFACTURER),
    ("Name des Herstellers", LabelClass.MANUFACTURER),
    ("Typbezeichnung", LabelClass.MODEL_NUMBER),
    ("Modellnummer", LabelClass.MODEL_NUMBER),
    ("Référence", LabelClass.MODEL_NUMBER),
    ("Référence du type", LabelClass.MODEL_NUMBER),
    ("Codice modello", LabelClass.MODEL_NUMBER),
    ("機種名", LabelClass.MODEL_NUMBER),
    ("M/N", LabelClass.MODEL_NUMBER),
    ("MOD.", LabelClass.MODEL_NUMBER),
    ("Modelli della serie", LabelClass.SERIES_MODELS),
    ("Modèles de la série", LabelClass.SERIES_MODELS),
    ("Otros modelos", LabelClass.SERIES_MODELS),
    ("Weitere Modelle", LabelClass.SERIES_MODELS),
    ("增加型号", LabelClass.SERIES_MODELS),
    ("追加型番", LabelClass.SERIES_MODELS),
    ("Handelsmarke", LabelClass.BRAND),
    ("Marque commerciale", LabelClass.BRAND),
    ("Gerätebezeichnung", LabelClass.PRODUCT_NAME),
    ("Denominazione", LabelClass.PRODUCT_NAME),
    ("Anschrift", LabelClass.ADDRESS),
    ("Indirizzo", LabelClass.ADDRESS),
    ("Rapport n°", LabelClass.OTHER),
    ("Rapporto n.", LabelClass.OTHER),
    ("Prüfbericht Nr.", LabelClass.OTHER),
    ("報告書番号", LabelClass.OTHER),
)


@pytest.mark.parametrize(("label", "wanted"), _LABELS)
def test_labels_in_seven_languages_are_labels_of_their_class(
    label: str, wanted: LabelClass
) -> None:
    """Each label is classified and is label-shaped, so it is found without a separator."""
    assert classify(label) == wanted
    assert label_shaped(label)


@pytest.mark.parametrize(
    "label", ["Référence du rapport", "Riferimento norma", "Report reference", "Informe n.º"]
)
def test_a_reference_to_a_report_or_standard_is_no_model_label(label: str) -> None:
    assert classify(label) == LabelClass.OTHER


def test_company_names_are_not_label_shaped() -> None:
    """More label words must not turn a company's name into a label."""
    for name in (
        "Dongguan Ruichang Electric Appliance Manufacturing Co., Ltd.",
        "Nordhaus Elektro LLC",
        "Power Input Module",
        "Werkzeug Fabrik GmbH",
    ):
        assert not label_shaped(name), name


def test_a_foreign_label_without_separator_in_a_table_cell() -> None:
    """`Demandeur | ACME` and `Modellnummer | LT-218`: label cells of other languages."""
    found = _values(
        _line(0, (50, "Demandeur"), (250, "Dongguan Ruichang Electric Co., Ltd.")),
        _line(1, (50, "Modellnummer"), (250, "LT-218")),
        _line(2, (50, "Titular"), (250, "Zhongshan Anke Electronics Co., Ltd")),
    )
    assert found["applicant"][0] == ("Dongguan Ruichang Electric Co., Ltd.", "main")
    assert found["model_number"] == [("LT-218", "main")]


def test_models_printed_one_per_line_under_the_label_are_one_list() -> None:
    """`Type ref.  FN-7283` / `FN-7289` / `FN-728N9`: each line is a model of the list."""
    found = _values(
        _line(0, (50, "Type ref."), (250, "FN-7283")),
        _line(1, (250, "FN-7289")),
        _line(2, (250, "FN-728N9 1200W")),
        _line(3, (50, "Manufacturer"), (250, "Hangzhou Anke Co., Ltd.")),
    )
    assert found["model_number"] == [
        ("FN-7283", "main"),
        ("FN-7289", "series"),
        ("FN-728N9", "series"),
    ]
    assert found["manufacturer"] == [("Hangzhou Anke Co., Ltd.", "main")]


def test_a_line_of_prose_or_a_label_ends_a_model_list() -> None:
    """Under a model, a sentence, a Chinese line or a `key: value` line is no further model."""
    found = _values(
        _line(0, (50, "Model"), (250, "FN-7283")),
        _line(1, (250, "Rated 220V input")),
        _line(2, (250, "FN-7289")),
    )
    assert found["model_number"] == [("FN-7283", "main")]
    found = _values(
        _line(0, (50, "Model"), (250, "FN-7283")),
        _line(1, (250, "Input: 5V 1A")),
    )
    assert found["model_number"] == [("FN-7283", "main")]


def test_a_chinese_maker_with_its_latin_name_on_the_next_line() -> None:
    """`Manufactured by: 东莞市瑞昌电器制造有限公司` / `Dongguan Ruichang ... Co.,Ltd`."""
    found = _values(
        _line(0, (50, "Manufactured by:"), (250, "东莞市瑞昌电器制造有限公司")),
        _line(1, (250, "Dongguan Ruichang Electric Appliance Manufacturing Co.,Ltd")),
        _line(2, (50, "Address:"), (250, "Room 1203, Jinfeng Building, Dongguan")),
    )
    assert found["manufacturer"] == [
        (
            "东莞市瑞昌电器制造有限公司 Dongguan Ruichang Electric Appliance Manufacturing Co.,Ltd",
            "main",
        )
    ]


def test_a_chinese_maker_followed_by_an_address_keeps_only_its_name() -> None:
    found = _values(
        _line(0, (50, "制造商:"), (250, "东莞市瑞昌电器制造有限公司")),
        _line(1, (250, "No. 5 Industrial Road, Dongguan")),
    )
    assert found["manufacturer"] == [("东莞市瑞昌电器制造有限公司", "main")]


def test_the_company_a_certification_is_issued_to_is_its_maker() -> None:
    """With no manufacturer label, `This Certification is issued to: X LLC` names the maker."""
    evidence = _evidence(
        _line(0, (50, "This Certification is issued to: NORDHAUS ELEKTRO LLC")),
        _line(2, (50, "Applicant Name"), (250, "Other Trading LLC")),
    )
    maker = next(e for e in evidence if e.field.value == "manufacturer")
    assert (maker.raw, maker.role) == ("NORDHAUS ELEKTRO LLC", Role.MAIN)


def test_issued_to_does_not_overrule_a_manufacturer_label_nor_name_a_slogan() -> None:
    found = _values(
        _line(0, (50, "This Certification is issued to: Alpha Trading LLC")),
        _line(1, (50, "Manufacturer: Beta Electric Co., Ltd.")),
    )
    assert found["manufacturer"][0] == ("Beta Electric Co., Ltd.", "main")
    found = _values(
        _line(0, (50, "This Certification is issued to:"), (300, "First in Certification"))
    )
    assert [role for _, role in found["manufacturer"]] == ["alternate"]


@pytest.mark.parametrize("head", ["Informe n.º", "Rapporto n.", "Report No.", "报告编号"])
def test_a_label_with_its_own_value_is_no_head_of_a_wrapped_label(head: str) -> None:
    """`Informe n.º  HTW1290830996` above `Descripción`: the report number is no product."""
    found = _values(
        _line(0, (50, head), (250, "HTW1290830996")),
        _line(1, (50, "Descripción")),
        _line(2, (50, "RGB LED Strip")),
    )
    assert found["product_name"] == [("RGB LED Strip", "main")]


def _package(tmp_path: Path, seed: int, index: int) -> Path:
    generate_package(tmp_path, seed, index)
    return tmp_path / f"pkg{index:04d}"


def _main_values(path: Path, field: str) -> list[str]:
    return [
        e.raw
        for e in consistency.extract(path, Kind.TEST_REPORT)
        if e.field.value == field and e.role != Role.ALTERNATE
    ]


@pytest.mark.slow
def test_generated_documents_in_french_and_bilingual_layouts(tmp_path: Path) -> None:
    """Seed 11, package 4: a French report with label cells and no separators, and a
    bilingual one naming the maker in Chinese with its Latin name on the next line."""
    folder = _package(tmp_path, 11, 4)
    assert _main_values(folder / "test_report_2.pdf", "model_number") == ["SB-739"]
    report_1 = consistency.extract(folder / "test_report_1.pdf", Kind.TEST_REPORT)
    maker = next(e for e in report_1 if e.field.value == "manufacturer")
    assert "Dongguan Ruichang Electric Appliance Manufacturing" in maker.raw
    report = consistency.check(load_case(folder))
    assert report.field("manufacturer").status.value == "consistent"
    assert report.field("model_number").status.value == "mismatch"


@pytest.mark.slow
def test_generated_model_lists_one_per_line(tmp_path: Path) -> None:
    """Seed 11, package 7: both documents list four models one per line; the listing's
    model is the third of one list and the second of the other: consistent."""
    folder = _package(tmp_path, 11, 7)
    assert _main_values(folder / "test_report_2.pdf", "model_number") == [
        "FN-7283",
        "FN-7289",
        "FN-728N9",
        "FN-7289U9",
    ]
    report = consistency.check(load_case(folder))
    assert report.field("model_number").status.value == "consistent"


@pytest.mark.slow
def test_generated_certification_issued_to_the_maker(tmp_path: Path) -> None:
    """Seed 11, package 22: a DoC naming its maker only in 'This Certification is issued to'."""
    folder = _package(tmp_path, 11, 22)
    report = consistency.check(load_case(folder))
    assert report.field("manufacturer").status.value == "consistent"


def test_a_list_of_models_above_a_name_and_model_caption_names_no_product() -> None:
    """`ZS-429 ZS-424P` above `(Name, type or model...)`: two models, no product name."""
    found = _values(
        _line(0, (150, "ZS-429 ZS-424P")),
        _line(1, (150, "(Name, type or model, batch or serial number)")),
    )
    assert found["model_number"] == [("ZS-429", "main"), ("ZS-424P", "series")]
    assert "product_name" not in found


def test_a_company_wrapped_above_its_caption_is_one_name() -> None:
    """`余姚市... / Yuyao Shengtai Electric Appliance` / `Manufacturing CO.,LTD.` above
    `(name of the manufacturer)`: the word "Manufacturing" starts no label."""
    found = _values(
        _line(0, (150, "余姚市盛泰电器制造有限公司 / Yuyao Shengtai Electric Appliance")),
        _line(1, (150, "Manufacturing CO.,LTD.")),
        _line(2, (150, "(name of the manufacturer)")),
    )
    assert found["manufacturer"] == [
        (
            "余姚市盛泰电器制造有限公司 / Yuyao Shengtai Electric Appliance Manufacturing CO.,LTD.",
            "main",
        )
    ]


def test_a_bilingual_maker_whose_latin_name_wraps() -> None:
    """The Latin name after the Chinese one wraps before its legal form, in a cell or below."""
    found = _values(
        _line(0, (50, "Manufactured by"), (250, "苏州中科电器制造有限公司")),
        _line(1, (250, "Suzhou Zhongke Electric Appliance")),
        _line(2, (250, "Manufacturing Co. Ltd.")),
        _line(3, (50, "Address"), (250, "No. 18 Xinhe Road, Suzhou")),
    )
    assert found["manufacturer"] == [
        (
            "苏州中科电器制造有限公司 Suzhou Zhongke Electric Appliance Manufacturing Co. Ltd.",
            "main",
        )
    ]
    found = _values(
        _line(0, (50, "Manufacturer"), (250, "苏州中科电器制造有限公司 / Suzhou Zhongke Electric")),
        _line(1, (250, "Company Limited")),
    )
    assert found["manufacturer"] == [
        ("苏州中科电器制造有限公司 / Suzhou Zhongke Electric Company Limited", "main")
    ]


def test_a_bilingual_maker_in_a_ruled_cell() -> None:
    """A ruled cell holding the Chinese name, the Latin name and its wrapped legal form."""
    from consistency.fields.tables import table_candidates

    def cell(text: str) -> tuple[str, tuple[Word, ...]]:
        return text, ()

    found, _ = table_candidates(
        [
            (
                cell("Manufacturer"),
                cell(
                    "苏州中科电器制造有限公司\nSuzhou Zhongke Electric Appliance\nManufacturing Co. Ltd."
                ),
            )
        ],
        1,
    )
    assert [c.value for c in found] == [
        "苏州中科电器制造有限公司 Suzhou Zhongke Electric Appliance Manufacturing Co. Ltd."
    ]


def test_a_wrapped_label_whose_first_line_reads_as_another_class() -> None:
    """`产品名称 Types  Hair Dryer` / `of equipment：`: "Types" alone reads as a model label,
    but the wrapped label is the product's and its value the product name."""
    found = _values(
        _line(0, (50, "产品名称 Types"), (250, "Hair Dryer")),
        _line(1, (50, "of equipment：")),
    )
    assert found["product_name"] == [("Hair Dryer", "main")]


def test_an_address_above_a_chinese_maker_over_its_caption_is_not_part_of_the_name() -> None:
    found = _values(
        _line(0, (150, "Anschrift No. 66 Industrial Avenue, Dongguan, China")),
        _line(1, (150, "东莞市鑫鹏科技有限公司")),
        _line(2, (150, "(Manufacturer's name)")),
    )
    assert found["manufacturer"] == [("东莞市鑫鹏科技有限公司", "main")]


def test_a_maker_above_its_centred_label_with_the_address_beside_it() -> None:
    """Two-line cells centre the label: the name sits above it, the address beside it, and
    a US street address ("8345 Gold River Ct., Las Vegas, NV 89113") names no company."""
    found = _values(
        _line(0, (185, "DEBIX Technology Inc.")),
        _line(1, (70, "Applicant :")),
        _line(2, (185, "8345 Gold River Ct., Las Vegas, NV 89113")),
        _line(3, (185, "Polyhex Technology Company Limited")),
        _line(4, (70, "Manufacturer :"), (185, "5-6/F, East Zone, Shunheda A2 Building, Xili")),
        _line(5, (185, "Industrial Park, Xili, Nanshan Dist., Shenzhen")),
        _line(6, (70, "Model Number :"), (185, "R3576-01")),
    )
    assert found["manufacturer"] == [("Polyhex Technology Company Limited", "main")]
    assert found["applicant"] == [("DEBIX Technology Inc.", "main")]


@pytest.mark.parametrize(
    ("value", "models"),
    [
        ("LS392E LS392 LS392K", ["LS392E", "LS392", "LS392K"]),
        ("B776N BT776", ["B776N", "BT776"]),
        ("AB-100/AB-200", ["AB-100", "AB-200"]),
        ("HS105(US)/HS105(UK)", ["HS105(US)", "HS105(UK)"]),
        ("KF-35GW/Y-IA(R2)", ["KF-35GW/Y-IA(R2)"]),
        ("RL 852A", ["RL 852A"]),
        ("TJ 9411", ["TJ 9411"]),
        ("A1 B2 C3", ["A1 B2 C3"]),
    ],
)
def test_families_listed_with_spaces_or_slashes(value: str, models: list[str]) -> None:
    """Identifiers of one family (same leading letter) split; one model with a space stays."""
    from consistency.fields.values import split_models

    assert split_models(value) == models


def test_m_n_inside_a_longer_label() -> None:
    """`型號/M/N` and `样品型号 M/N` are model labels, found with the value in the next cell."""
    found = _values(
        _line(0, (50, "型號/M/N"), (250, "TWS-48-X (X=12,48)")),
        _line(1, (50, "样品型号 M/N")),
        _line(2, (50, "ST-277(UK)")),
    )
    assert found["model_number"][:2] == [("TWS-48-12", "main"), ("TWS-48-48", "series")]


def test_a_model_caption_over_a_long_column_of_models() -> None:
    """Four models one per line above `(Type or model)`: all of them, the first is main."""
    found = _values(
        _line(0, (50, "Trade Mark(s)"), (150, "Brisko")),
        _line(1, (150, "AX-7266M2")),
        _line(2, (150, "AX-72664")),
        _line(3, (150, "AX-72669")),
        _line(4, (150, "AX-72662K")),
        _line(5, (150, "(Type or model)")),
    )
    assert [m for m, _ in found["model_number"]] == [
        "AX-7266M2",
        "AX-72664",
        "AX-72669",
        "AX-72662K",
    ]


def test_a_series_label_wrapped_over_two_lines() -> None:
    """`Autres  SK-4934, SK-4937` / `modèles:`: read whole, the label announces series."""
    found = _values(
        _line(0, (50, "Référence"), (250, "SK-4937Y")),
        _line(1, (50, "du type:")),
        _line(2, (50, "Autres"), (250, "SK-4934, SK-4937")),
        _line(3, (50, "modèles:")),
    )
    assert found["model_number"] == [
        ("SK-4937Y", "main"),
        ("SK-4934", "series"),
        ("SK-4937", "series"),
    ]


def test_the_maker_under_whose_sole_responsibility_a_doc_is_issued() -> None:
    """Decision 768/2008/EC's wording names the maker after the colon (maybe wrapped) or
    on the next line."""
    found = _values(
        _line(0, (50, "This declaration of conformity is issued under the sole responsibility")),
        _line(1, (50, "of the manufacturer: Dongguan Jinhong Electrical")),
        _line(2, (50, "Appliance Company Limited")),
        _line(3, (50, "Richiedente"), (250, "Other Trading Co., Ltd")),
    )
    assert found["manufacturer"][0] == (
        "Dongguan Jinhong Electrical Appliance Company Limited",
        "main",
    )
    found = _values(
        _line(
            0, (50, "This declaration is issued under the sole responsibility of the manufacturer:")
        ),
        _line(1, (50, "Fenmore Products Ltd.")),
    )
    assert found["manufacturer"] == [("Fenmore Products Ltd.", "main")]


def test_a_label_closed_by_its_colon_is_no_wrapped_labels_head() -> None:
    """`规格型号/Type/Model： XB-262J` above `制造商名称` above `Manufacturer Name： X`."""
    found = _values(
        _line(0, (50, "规格型号/Type/Model："), (250, "XB-262J XB-262C")),
        _line(1, (50, "制造商名称")),
        _line(2, (50, "Manufacturer Name："), (250, "SUZHOU BAOLI INDUSTRIAL CO. LTD.")),
    )
    assert found["manufacturer"] == [("SUZHOU BAOLI INDUSTRIAL CO. LTD.", "main")]


def test_a_generic_product_label_names_a_known_product_type_when_no_product_label_does() -> None:
    found = _values(
        _line(0, (50, "Model Numbers: DEBIX Model B")),
        _line(1, (50, "Description: Industrial grade single board computer")),
    )
    assert found["product_name"] == [("Industrial grade single board computer", "main")]
    # A value the lexicon cannot place stays a weaker reading.
    found = _values(_line(0, (50, "Model: AB-100")), _line(1, (50, "Description: Test Results")))
    assert found["product_name"] == [("Test Results", "alternate")]
    # A proper product label wins; the generic one stays an alternate.
    found = _values(
        _line(0, (50, "Product Name: Desk Fan")),
        _line(1, (50, "Equipment: Wireless Speaker")),
    )
    assert found["product_name"] == [("Desk Fan", "main"), ("Wireless Speaker", "alternate")]


@pytest.mark.slow
def test_generated_table_label_wider_than_its_cell(tmp_path: Path) -> None:
    """Seed 11, package 21: 'Product name and description' in Courier wraps in its cell
    (the generator once overprinted the value with it); the product is read and agrees."""
    folder = _package(tmp_path, 11, 21)
    names = _main_values(folder / "certificate_1.pdf", "product_name")
    assert names == ["Flat Iron"]
    report = consistency.check(load_case(folder))
    assert report.field("product_name").status.value == "consistent"


def test_certificate_holder_wrapped_over_two_lines() -> None:
    """`Certificate  FENMORE PRODUCTS B.V.` / `Holder`: a head that is no numbered label."""
    found = _values(
        _line(0, (50, "Certificate"), (250, "FENMORE PRODUCTS B.V.")),
        _line(1, (50, "Holder")),
    )
    assert found["applicant"] == [("FENMORE PRODUCTS B.V.", "main")]


def test_a_whole_name_over_its_caption_takes_no_heading_above() -> None:
    found = _values(
        _line(0, (150, "SUPPLIER'S DECLARATION OF CONFORMITY")),
        _line(1, (150, "Fenmore Products B.V.")),
        _line(2, (150, "(name of the manufacturer)")),
    )
    assert found["manufacturer"] == [("Fenmore Products B.V.", "main")]


def test_manufacturing_company_limited_is_a_names_tail_not_a_label() -> None:
    found = _values(
        _line(0, (50, "Applicant: Huizhou Haoyu Electric Appliance")),
        _line(1, (105, "Manufacturing Company Limited")),
        _line(2, (50, "Address: No. 9 Keji South 12th Road, Huizhou")),
    )
    assert found["applicant"] == [
        ("Huizhou Haoyu Electric Appliance Manufacturing Company Limited", "main")
    ]
    assert "manufacturer" not in found or all(
        value != "Limited" for value, _ in found["manufacturer"]
    )


def test_a_caption_list_with_short_numeric_models() -> None:
    found = _values(
        _line(0, (150, "WP471H, 471, 471E4, 474")),
        _line(1, (150, "(Name, type or model, batch or serial number)")),
    )
    assert [m for m, _ in found["model_number"]] == ["WP471H", "471", "471E4", "474"]


def test_a_chinese_maker_whose_latin_name_wraps_after_a_comma() -> None:
    found = _values(
        _line(0, (50, "生产者名称 Manufacturer Name"), (250, "宁波浩宇电器制造有限公司")),
        _line(1, (250, "Ningbo Haoyu Electric Appliance Manufacturing CO.,")),
        _line(2, (250, "LTD")),
        _line(3, (50, "地址 Add."), (250, "4F, Block B, Tianan Cyber Park, Ningbo")),
    )
    assert found["manufacturer"] == [
        ("宁波浩宇电器制造有限公司 Ningbo Haoyu Electric Appliance Manufacturing CO., LTD", "main")
    ]


@pytest.mark.parametrize(
    "value",
    ["Portable Radio Receiver 2024", "Portable Radio Receiver Unit Kit Set Box Pack"],
)
def test_a_long_or_numbered_value_under_a_generic_label_names_no_product(value: str) -> None:
    """A regulatory category ("Radio equipment for Article 2-1-19 ...") is long or numbered."""
    found = _values(
        _line(0, (50, "Model"), (250, "ESP32-C6-MINI-1")),
        _line(1, (50, "Equipment"), (250, value)),
    )
    assert found["product_name"] == [(value, "alternate")]


@pytest.mark.parametrize(
    ("value", "models"),
    [
        ("EK439W 439X", ["EK439W", "439X"]),
        ("175 HC175", ["175", "HC175"]),
        ("AF6781 6781C3", ["AF6781", "6781C3"]),
        ("2024 2025", ["2024 2025"]),
    ],
)
def test_families_sharing_one_number(value: str, models: list[str]) -> None:
    from consistency.fields.values import split_models

    assert split_models(value) == models


def test_a_model_printed_with_a_space_above_a_name_and_model_caption() -> None:
    """`RS AF-96-36` above `(Name, type or model...)`: one model, no name "RS"."""
    found = _values(
        _line(0, (150, "RS AF-96-36")),
        _line(1, (150, "(Name, type or model, batch or serial number)")),
    )
    assert found["model_number"] == [("RS AF-96-36", "main")]
    assert "product_name" not in found


def test_a_chinese_label_then_slash_m_n_is_one_label() -> None:
    found = _values(_line(0, (50, "产品型号/M/N"), (250, "AF6781")))
    assert found["model_number"] == [("AF6781", "main")]


def test_a_bilingual_maker_wrapped_over_three_lines() -> None:
    found = _values(
        _line(0, (50, "生产者名称/Manufacturer"), (250, "厦门创新电器制造有限公司 / XIAMEN")),
        _line(1, (250, "CHUANGXIN ELECTRIC APPLIANCE")),
        _line(2, (250, "MANUFACTURING CO.,LTD.")),
        _line(3, (50, "Name:")),
    )
    assert found["manufacturer"] == [
        (
            "厦门创新电器制造有限公司 / XIAMEN CHUANGXIN ELECTRIC APPLIANCE MANUFACTURING CO.,LTD.",
            "main",
        )
    ]


@pytest.mark.parametrize(
    "maker", ["HALDEN BRANDS S.L.", "Acme Hogar S.L.U.", "Ostra Lda", "Kessler UG"]
)
def test_legal_forms_of_other_countries_make_a_company(maker: str) -> None:
    """ "We, <company>, declare ..." names the maker when its legal form is Spanish,
    Portuguese or German too."""
    found = _values(
        _line(0, (50, f"We, {maker}, declare under our sole responsibility that the product")),
        _line(1, (50, "Model: WN-626")),
    )
    assert found["manufacturer"] == [(maker, "main")]


def test_a_number_alone_in_a_model_list_carries_a_listed_models_number() -> None:
    found = _values(
        _line(0, (50, "Sample Model"), (250, "239U")),
        _line(1, (250, "232T3")),
        _line(2, (250, "232")),
        _line(3, (250, "UH232")),
    )
    assert [m for m, _ in found["model_number"]] == ["239U", "232T3", "232", "UH232"]


def test_same_as_applicant_in_chinese_is_a_value_not_a_label() -> None:
    found = _values(
        _line(0, (50, "申请人："), (150, "Zhongshan Kangtai Industrial Co.,Ltd")),
        _line(1, (50, "制造商："), (150, "同申请人")),
    )
    assert found["manufacturer"] == [("Zhongshan Kangtai Industrial Co.,Ltd", "main")]


@pytest.mark.parametrize(
    ("listing", "printed", "agrees"),
    [
        ("BRIGHTWELL APPLIANCES INC.", "Brightwell Appliences Inc.", False),
        ("Huizhou Kangtai Industrial Co., Ltd", "Huizhou Kangtaa Industrial Co. Ltd.", False),
        ("Shenzhen Foo Electric Co., Ltd", "Shenzhen Foo Electrical Co., Ltd", True),
        ("Foo Technologies Ltd", "Foo Tech Ltd", True),
    ],
)
def test_a_company_name_spelt_differently_is_another_name(
    listing: str, printed: str, agrees: bool
) -> None:
    """On typed and text-layer readings a misspelt word is a different name; industry words
    in another form are wording."""
    from consistency.fields import compare

    assert compare("manufacturer", listing, printed).agrees is agrees


def test_a_label_wrapped_so_that_neither_half_is_a_label() -> None:
    """`Made  Dongguan Jinhong Electronics CO.,LTD.` / `by:` after `Address` / `of applicant:`."""
    found = _values(
        _line(0, (50, "Client:"), (150, "Nordhaus Elektro LLC")),
        _line(1, (50, "Address"), (150, "Via Roma 5, 20121 Milano, Italy")),
        _line(2, (50, "of applicant:")),
        _line(3, (50, "Made"), (150, "Dongguan Jinhong Electronics CO.,LTD.")),
        _line(4, (50, "by:")),
    )
    assert found["manufacturer"] == [("Dongguan Jinhong Electronics CO.,LTD.", "main")]
    assert found["applicant"] == [("Nordhaus Elektro LLC", "main")]


def test_a_ruled_cell_listing_one_model_per_line_is_a_list() -> None:
    """`型號 | 5174Y9 / MK517P4`: each line of the cell is a model; a model wrapped at a
    joiner (`KF-35GW/Y-` / `IA(R2)`) and words that wrap stay one value."""
    from consistency.fields.tables import table_candidates
    from consistency.model import BBox

    word = Word("x", BBox(0, 0, 1, 1))

    def value(label: str, cell: str) -> str:
        found, _ = table_candidates([[(label, (word,)), (cell, (word,))]], 1)
        return found[0].value

    assert value("型號", "5174Y9\nMK517P4") == "5174Y9, MK517P4"
    assert value("Model", "KF-35GW/Y-\nIA(R2)") == "KF-35GW/Y- IA(R2)"
    assert value("Product name", "Portable\nSpeaker") == "Portable Speaker"


@pytest.mark.slow
def test_generated_certificate_with_a_model_list_cell(tmp_path: Path) -> None:
    """Seed 701, package 54: a ruled certificate lists `5174Y9` and `MK517P4` in the
    model cell; the listing's MK517P4 is one of them (it was read as one model)."""
    folder = _package(tmp_path, 701, 54)
    assert _main_values(folder / "certificate_2.pdf", "model_number") == ["5174Y9", "MK517P4"]
    report = consistency.check(load_case(folder))
    assert report.field("model_number").status.value == "consistent"


def test_a_label_wrapped_bare_in_a_table_without_separators() -> None:
    """`Made  SOLVIK DEVICES GMBH` / `by` (seed 701, package 49): neither half is a label,
    and the table prints no colons; read together they are the maker's label."""
    found = _values(
        _line(0, (56, "Client"), (250, "Solvik Devices GmbH")),
        _line(1, (56, "Made"), (250, "SOLVIK DEVICES GMBH")),
        _line(2, (56, "by")),
        _line(3, (56, "Address"), (250, "Keizersgracht 88, 1015 CS Amsterdam")),
    )
    assert found["manufacturer"] == [("SOLVIK DEVICES GMBH", "main")]


def test_a_bare_line_under_a_value_is_no_wrapped_label() -> None:
    """A sentence's last words under a pair are no label's tail."""
    found = _values(
        _line(0, (56, "Sample"), (250, "RGB LED Strip")),
        _line(1, (56, "was tested")),
    )
    assert "manufacturer" not in found and "model_number" not in found


def test_a_wrapped_name_above_a_label_wrapped_below_it() -> None:
    """Seed 511, package 164: `Made  杭州... / Hangzhou Anke Intelligent` /
    `Technology Co., Ltd.` / `by 生产厂商`: the label's last line takes the whole name
    above it, not only the name's wrapped last line."""
    found = _values(
        _line(0, (56, "Made"), (266, "杭州安科智能科技有限公司 / Hangzhou Anke Intelligent")),
        _line(1, (266, "Technology Co., Ltd.")),
        _line(2, (56, "by 生产厂商")),
        _line(3, (56, "Add."), (266, "No. 66 Industrial Avenue, Hangzhou, China")),
    )
    assert found["manufacturer"] == [
        ("杭州安科智能科技有限公司 / Hangzhou Anke Intelligent Technology Co., Ltd.", "main")
    ]


def test_a_label_and_its_value_both_wrapped() -> None:
    """`Made  Hangzhou Xinpeng Intelligent Technology CO.,` / `LTD` / `by:`: the value's
    wrapped line sits between the label's two lines (seed 511, package 113, in Spanish)."""
    found = _values(
        _line(0, (56, "Made"), (266, "Hangzhou Xinpeng Intelligent Technology CO.,")),
        _line(1, (266, "LTD")),
        _line(2, (56, "by:")),
        _line(3, (56, "Referencia"), (266, "DRY-726")),
    )
    assert found["manufacturer"] == [("Hangzhou Xinpeng Intelligent Technology CO., LTD", "main")]
    spanish = _values(
        _line(0, (56, "Nombre"), (266, "Hangzhou Xinpeng Intelligent Technology CO.,")),
        _line(1, (266, "LTD")),
        _line(2, (56, "del fabricante:")),
    )
    assert spanish["manufacturer"] == [("Hangzhou Xinpeng Intelligent Technology CO., LTD", "main")]


def test_the_products_own_one_row_table() -> None:
    """`Product name | SKU` over one row (a RoHS DoC): the row is the product's values,
    OCR's debris of the table's rules between them aside."""
    found = _values(
        _line(0, (125, "Product name"), (342, "SKU")),
        _line(1, (486, "|")),
        _line(2, (68, "Altruist Insight Indoor Air Quality Monitor"), (304, "ES-ALTRUIST-INST-1")),
        _line(4, (35, "Declaration")),
    )
    assert found["product_name"] == [("Altruist Insight Indoor Air Quality Monitor", "main")]
    assert found["model_number"] == [("ES-ALTRUIST-INST-1", "main")]


def test_a_table_of_many_rows_or_with_a_maker_column_gives_no_column_values() -> None:
    """Two rows list two things (which one is the product?); a maker column is a bill of
    materials' or a support-equipment table's."""
    rows = _values(
        _line(0, (125, "Product name"), (342, "Model")),
        _line(1, (68, "Power adapter"), (330, "PA-12")),
        _line(2, (68, "USB cable"), (330, "UC-1")),
    )
    assert "model_number" not in rows and "product_name" not in rows
    parts = _values(
        _line(0, (60, "Description"), (200, "Manufacturer"), (360, "Model")),
        _line(1, (60, "Notebook"), (200, "Lenovo"), (360, "T480")),
    )
    assert "model_number" not in parts and "manufacturer" not in parts
