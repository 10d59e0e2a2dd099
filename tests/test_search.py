"""Listing-guided search: identifier-aware matching, OCR tolerance, and the role of each hit."""

from __future__ import annotations

import functools
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import given
from hypothesis import strategies as st

from consistency.fields.search import Hit, HitRole, find
from consistency.model import BBox, Field, HowRead, TextLine

#: The shared real documents: beside the repository (../shared), else the team's copy.
REPORTS = next(
    (
        p
        for p in (
            Path(__file__).resolve().parents[2] / "shared" / "real-reports" / "reports",
            Path("/work/shared/real-reports/reports"),
        )
        if p.is_dir()
    ),
    Path("../shared/real-reports/reports"),
)


def lines(*texts: str, how_read: HowRead = HowRead.TEXT) -> list[TextLine]:
    """Text lines of one page, one per string."""
    return [TextLine(t, 1, None, how_read) for t in texts]


def found(field: Field, value: str, *texts: str, how_read: HowRead = HowRead.TEXT) -> list[str]:
    """The matched texts only."""
    return [h.text for h in find(field, value, lines(*texts, how_read=how_read))]


def roles(field: Field, value: str, *texts: str) -> list[tuple[str, HitRole]]:
    """(matched text, role) of every hit."""
    return [(h.text, h.role) for h in find(field, value, lines(*texts))]


# ---------------------------------------------------------------- matching


@pytest.mark.parametrize(
    ("printed", "hit"),
    [
        ("Model: DR-15", ["DR-15"]),
        ("Model: dr 15", ["dr 15"]),
        ("Model: DR15", ["DR15"]),
        ("Model: DR.15", ["DR.15"]),
        ("Model: ＤＲ－１５", ["DR-15"]),
        ("Model: DR-15-12", []),
        ("Model: DR-150", []),
        ("Model: XDR-15", []),
        ("Models: DR-15-5 DR-15-12 DR-15-15", []),
        ("Models: DR-12, DR-15, DR-24", ["DR-15"]),
        ("Models: DR-12/DR-15/DR-24", ["DR-15"]),
        ("型号：DR-15", ["DR-15"]),
        ("Model (DR-15)", ["DR-15"]),
        ("Model: DR-15(US)", []),
    ],
)
def test_a_model_is_found_only_as_a_whole_identifier(printed: str, hit: list[str]) -> None:
    """Separators, case and full-width forms do not matter; a longer identifier never matches."""
    assert found(Field.MODEL_NUMBER, "DR-15", printed) == hit


def test_a_model_split_over_two_tokens_is_found() -> None:
    """`TJ 9411` is the listing's `TJ-9411`, and the other way round."""
    assert found(Field.MODEL_NUMBER, "TJ-9411", "Model No.: TJ 9411") == ["TJ 9411"]
    assert found(Field.MODEL_NUMBER, "TJ 9411", "Model No.: TJ-9411") == ["TJ-9411"]
    assert found(Field.MODEL_NUMBER, "9411", "Model No.: TJ-9411") == []


def test_a_slash_inside_a_model_joins_it() -> None:
    """`KF-35GW/Y-IA(R2)` is one model: `KF-35GW` is not found in it."""
    assert found(Field.MODEL_NUMBER, "KF-35GW", "规格型号 KF-35GW/Y-IA(R2)") == []
    assert found(Field.MODEL_NUMBER, "KF-35GW/Y-IA(R2)", "规格型号 KF-35GW/Y-IA(R2)") == [
        "KF-35GW/Y-IA(R2"
    ]


def test_ocr_confusions_are_forgiven_only_on_ocr_lines() -> None:
    """On a text layer `CHE5TER` is not `CHESTER`; on a scan it is, and the hit says why."""
    assert found(Field.MODEL_NUMBER, "CHESTER", "Model: CHE5TER") == []
    [hit] = find(Field.MODEL_NUMBER, "CHESTER", lines("Model: CHE5TER", how_read=HowRead.OCR))
    assert (hit.text, hit.forgiven, hit.ocr_forgiven) == ("CHE5TER", (("5", "S"),), True)
    [exact] = find(Field.MODEL_NUMBER, "CHESTER", lines("Model: CHESTER", how_read=HowRead.OCR))
    assert (exact.forgiven, exact.ocr_forgiven) == ((), False)


def test_ocr_tolerance_covers_the_usual_confusions() -> None:
    """O/0, I/1/l, S/5, B/8, Z/2, G/6 on an OCR line."""
    [hit] = find(Field.MODEL_NUMBER, "OB-12ZG5", lines("Model: 08-lZ265", how_read=HowRead.OCR))
    assert hit.forgiven == (("0", "O"), ("8", "B"), ("L", "1"), ("Z", "2"), ("2", "Z"), ("6", "G"))
    assert found(Field.MODEL_NUMBER, "OB-12ZG5", "Model: 08-lZ265") == []


@given(
    st.from_regex(r"[A-Z]{2,4}-[0-9]{2,5}[A-Z]?", fullmatch=True),
    st.sampled_from(["-", " ", "", ".", "/"]),
)
def test_separators_and_case_never_hide_a_model(model: str, sep: str) -> None:
    """However the listing's model is printed, with any separator and case, it is found."""
    printed = model.replace("-", sep).lower() if sep != "/" else model
    assert found(Field.MODEL_NUMBER, model, f"Model No.: {printed}") == [printed]


@given(st.from_regex(r"[A-Z]{2,4}-[0-9]{2,4}", fullmatch=True), st.integers(0, 9))
def test_a_model_never_matches_a_longer_one(model: str, digit: int) -> None:
    """`DR-15` is found neither in `DR-15<d>` nor in `DR-15-<d>`."""
    assert found(Field.MODEL_NUMBER, model, f"Model: {model}{digit}") == []
    assert found(Field.MODEL_NUMBER, model, f"Model: {model}-{digit}") == []


def test_company_names_match_by_their_words_and_legal_form_is_read_along() -> None:
    """Legal forms and spacing do not matter; the hit covers the printed legal form."""
    assert found(
        Field.MANUFACTURER,
        "Ningbo Qinlin Electric Appliance Technology Co., Ltd.",
        "Manufacturer : Ningbo QinlinElectricAppliance technology Co., Ltd",
    ) == ["Ningbo QinlinElectricAppliance technology Co., Ltd"]
    assert found(Field.MANUFACTURER, "Pinout Ltd.", "Applicant: Pinout LTD") == ["Pinout LTD"]
    assert found(Field.MANUFACTURER, "Pinout Ltd.", "Applicant: Pinouts LTD") == []


# ---------------------------------------------------------------- roles


def test_role_comes_from_the_label_on_the_line() -> None:
    """Model, series, applicant, trade mark, factory labels each give their role."""
    assert roles(Field.MODEL_NUMBER, "HX-9", "Model No. .......: HX-9") == [("HX-9", HitRole.MAIN)]
    assert roles(Field.MODEL_NUMBER, "HX-9", "Listed Model(s): HX-9") == [("HX-9", HitRole.SERIES)]
    assert roles(Field.MANUFACTURER, "Acme Ltd", "Applicant: Acme Ltd") == [
        ("Acme Ltd", HitRole.APPLICANT)
    ]
    assert roles(Field.MANUFACTURER, "Acme", "Trade Mark: ACME") == [("ACME", HitRole.TRADE_MARK)]
    assert roles(Field.MANUFACTURER, "Acme Ltd", "Factory: Acme Ltd") == [
        ("Acme Ltd", HitRole.FACTORY)
    ]
    assert roles(Field.MANUFACTURER, "Acme Ltd", "制造商：Acme Ltd") == [("Acme Ltd", HitRole.MAIN)]
    assert roles(Field.MODEL_NUMBER, "HX-9", "The HX-9 was tested at 230 V.") == [
        ("HX-9", HitRole.OTHER)
    ]


def test_a_label_alone_above_or_below_gives_the_role() -> None:
    """A label on its own line governs the value under it (or above it, in a centred cell)."""
    assert roles(Field.MANUFACTURER, "HARDWARIO a.s.", "Manufacturer", "HARDWARIO a.s.") == [
        ("HARDWARIO a.s.", HitRole.MAIN)
    ]
    assert roles(Field.MANUFACTURER, "Pinout Ltd", "Pinout LTD", "Manufacturer/Factory:") == [
        ("Pinout LTD", HitRole.MAIN)
    ]
    assert roles(Field.MODEL_NUMBER, "HX-9", "Product Name CHESTER", "HX-9") == [
        ("HX-9", HitRole.OTHER)
    ]


def test_each_model_of_a_list_under_the_model_label_counts() -> None:
    """Models listed under one label, over several lines, are each a `list` hit."""
    page = (
        "Model No. : AB-1 1500W, AB-2 1200W,",
        "AB-3 1300W, AB-4 1400W",
        "Rated voltage: 230 V",
    )
    for model in ("AB-1", "AB-2", "AB-3", "AB-4"):
        assert roles(Field.MODEL_NUMBER, model, *page) == [(model, HitRole.LIST)]


def test_a_support_table_and_a_module_note_are_support() -> None:
    """Values under a support-equipment heading or in a "Refer to module" note are support."""
    page = (
        "5.3 Description of Support Units",
        "Manufacturer Description Model Serial Number",
        "Apple adapter USB Charger A1443 N/A",
        "5.4 Deviation from Standards",
        "Model: A1443",
    )
    assert roles(Field.MODEL_NUMBER, "A1443", *page) == [
        ("A1443", HitRole.SUPPORT),
        ("A1443", HitRole.MAIN),
    ]
    assert roles(Field.MODEL_NUMBER, "SH6MDBT50Q", "2) *Refer to module FCC ID: SH6MDBT50Q") == [
        ("SH6MDBT50Q", HitRole.SUPPORT)
    ]


def test_a_product_name_is_found_by_its_type() -> None:
    """The listing's "Ionic Blow Dryer" is found as "Hair dryer" under a product label."""
    [hit] = find(
        Field.PRODUCT_NAME,
        "VOLTIQ 1800W Ionic Blow Dryer",
        lines("Product name: Hair dryer", "Rated power: 1800 W"),
    )
    assert (hit.role, hit.term) == (HitRole.MAIN, "hair dryer")
    assert find(Field.PRODUCT_NAME, "Electric Kettle", lines("Product name: Hair dryer")) == []


def test_nothing_to_search_finds_nothing() -> None:
    """An empty or punctuation-only value is never found."""
    assert find(Field.MODEL_NUMBER, " - ", lines("Model: -")) == []


# ---------------------------------------------------------------- real documents


@functools.cache
def real_lines(name: str, pages: int) -> tuple[TextLine, ...]:
    """The first `pages` pages of a real document, as pdfplumber reads its text layer."""
    if not REPORTS.is_dir():
        pytest.skip("../shared/real-reports is not here")
    out: list[TextLine] = []
    with pdfplumber.open(REPORTS / name) as pdf:
        for number, page in enumerate(pdf.pages[:pages], 1):
            for line in page.extract_text_lines():
                box = BBox(line["x0"], line["top"], line["x1"], line["bottom"])
                out.append(TextLine(line["text"], number, box, HowRead.TEXT))
    return tuple(out)


def summary(hits: list[Hit]) -> list[tuple[int | None, str, HitRole]]:
    """(page, matched text, role) of every hit."""
    return [(h.line.page, h.text, h.role) for h in hits]


ALTRUIST_FCC = "gts_fcc15b_AltruistInsight_GTS2026010271F01.pdf"
CHESTER_FCC = "htw_fcc15247_ble_CHESTER_CHTEW22090076.pdf"
AIR_FRYER = "keys_ce_lvd_coc_air-fryer_RS-AF1268Y.pdf"
GOGGLES = "doc_eu_goggles_A-16_lxm93599.pdf"
CHESTER_TRF = "htw_iec62368_trf_CHESTER_CHTSE22060159.pdf"


def test_real_altruist_report_support_adapter_and_main_model() -> None:
    """The Apple adapter in the support-unit table is support; the EUT's model is main."""
    text = real_lines(ALTRUIST_FCC, 5)
    assert summary(find(Field.MODEL_NUMBER, "A1443", text)) == [(5, "A1443", HitRole.SUPPORT)]
    assert summary(find(Field.MODEL_NUMBER, "ES-ALTRUIST-INST-1", text)) == [
        (1, "ES-ALTRUIST-INST-1", HitRole.MAIN),
        (5, "ES-ALTRUIST-INST-1", HitRole.MAIN),
    ]
    assert summary(find(Field.MANUFACTURER, "Pinout Ltd.", text)) == [
        (1, "Pinout LTD", HitRole.APPLICANT),
        (1, "Pinout LTD", HitRole.MAIN),
    ]


@pytest.mark.slow
def test_real_chester_report_module_is_support() -> None:
    """ "Refer to module FCC ID: SH6MDBT50Q" names the embedded module: support."""
    text = real_lines(CHESTER_FCC, 5)
    assert summary(find(Field.MODEL_NUMBER, "SH6MDBT50Q", text)) == [
        (4, "SH6MDBT50Q", HitRole.SUPPORT)
    ]
    model_hits = summary(find(Field.MODEL_NUMBER, "CHESTER", text))
    assert [(p, r) for p, _, r in model_hits] == [
        (1, HitRole.OTHER),  # under "Product Name"
        (1, HitRole.MAIN),
        (5, HitRole.OTHER),
        (5, HitRole.MAIN),
    ]
    assert find(Field.MODEL_NUMBER, "CHESTER-2", text) == []


def test_real_air_fryer_certificate_lists_thirteen_models() -> None:
    """Each of the 13 models under "ModelNo." is a list hit, a glued wattage included."""
    text = real_lines(AIR_FRYER, 1)
    models = [
        "RS-AF1268Y",
        "QL-01",
        "QL-02",
        "QL-03",
        "QL-04",
        "QL-05",
        "QL-06",
        "RS-AF1268D",
        "RS-AF1268E",
    ]
    models += ["RS-AF1268H", "TYO-01", "TYO-02", "TYO-03"]
    for model in models:
        assert [(h.text, h.role) for h in find(Field.MODEL_NUMBER, model, text)] == [
            (model, HitRole.LIST)
        ]
    assert find(Field.MODEL_NUMBER, "RS-AF1268", text) == []
    assert find(Field.MODEL_NUMBER, "QL-0", text) == []


def test_real_documents_with_glued_words() -> None:
    """Text layers that lost their spaces still yield the maker under its label."""
    goggles = real_lines(GOGGLES, 1)
    assert summary(
        find(Field.MANUFACTURER, "Dongguan Koneta Sporting Goods Co., Ltd.", goggles)
    ) == [(1, "DongguanKonetaSportingGoodsCo.", HitRole.MAIN)]
    trf = real_lines(CHESTER_TRF, 2)
    assert summary(find(Field.MANUFACTURER, "HARDWARIO a.s.", trf)) == [
        (1, "HARDWARIOa.s.", HitRole.APPLICANT)
    ]
    assert summary(find(Field.MODEL_NUMBER, "CHESTER", trf)) == [
        (2, "CHESTER", HitRole.OTHER),  # "Test item description" is the product name
        (2, "CHESTER", HitRole.MAIN),
    ]


def test_real_goggles_declaration_product_found_in_running_text_only() -> None:
    """The DoC's product field says "headset" (a template error); goggles are in the body."""
    goggles = real_lines(GOGGLES, 1)
    assert summary(find(Field.PRODUCT_NAME, "Swimming Goggles Anti Fog", goggles)) == [
        (1, "swimming goggles", HitRole.OTHER)
    ]
    [hit] = find(Field.PRODUCT_NAME, "Wireless Earbuds", goggles)
    assert (hit.role, hit.term, hit.label) == (HitRole.MAIN, "headset", "Product")


@functools.cache
def ocr_layer_lines(name: str) -> tuple[TextLine, ...]:
    """A scan's own OCR text layer: its characters may hold OCR confusions."""
    return tuple(
        TextLine(line.text, line.page, line.bbox, HowRead.OCR) for line in real_lines(name, 1)
    )


SIQ_SAFETY = "siq_cb_safety_scanned_RedPitaya_SI-4208.pdf"


def test_real_scan_ocr_layer_forgives_confusions_only_as_ocr() -> None:
    """The SIQ certificate's OCR layer reads model "V1" as "VI": found only as OCR text."""
    scan = ocr_layer_lines(SIQ_SAFETY)
    [hit] = find(Field.MODEL_NUMBER, "V1", scan)
    assert (hit.text, hit.role, hit.forgiven) == ("VI", HitRole.MAIN, (("I", "1"),))
    assert find(Field.MODEL_NUMBER, "V1", real_lines(SIQ_SAFETY, 1)) == []
    assert [(h.text, h.role) for h in find(Field.MANUFACTURER, "Red Pitaya d.o.o.", scan)] == [
        ("Red Pitayad.o.o.", HitRole.APPLICANT),
        ("RedPitayad.o.o.", HitRole.MAIN),
    ]


def test_real_certificate_label_wrapped_below_its_value() -> None:
    """APPLUS prints the maker above its wrapped label "MANUFACTURER (Name, / Address)"."""
    text = real_lines("applus_red_eu-type-exam_SIM7670G.pdf", 2)
    assert summary(find(Field.MANUFACTURER, "SIMCom Wireless Solutions Limited", text)) == [
        (1, "SIMCom Wireless Solutions Limited", HitRole.APPLICANT),
        (1, "SIMCom Wireless Solutions Limited", HitRole.MAIN),
    ]
    assert summary(find(Field.MODEL_NUMBER, "SIM7670G", text)) == [
        (1, "SIM7670G", HitRole.MAIN),  # "TYPES"
        (2, "SIM7670G", HitRole.SERIES),  # "TRADE VERSIONS/VARIANTS"
    ]


def test_a_labelled_line_does_not_continue_a_list() -> None:
    """ "Input:5V 0.6A" under "Model:X" is a rating of its own, not a second model."""
    assert roles(Field.MODEL_NUMBER, "ES-1", "Model:ES-1", "Input:5V 0.6A") == [
        ("ES-1", HitRole.MAIN)
    ]


def test_a_chinese_product_name_is_found_by_its_type() -> None:
    """A Chinese certificate's 电吹风 is the listing's hair dryer; 电水壶 is not."""
    [hit] = find(Field.PRODUCT_NAME, "Ionic Hair Dryer 1800W", lines("产品名称：电吹风"))
    assert (hit.role, hit.term) == (HitRole.MAIN, "电吹风")
    assert find(Field.PRODUCT_NAME, "Ionic Hair Dryer 1800W", lines("产品名称：电水壶")) == []
