"""What a verdict means, scenario by scenario, on the real documents in ../shared/real-reports.

One row per scenario: the documents, the listing's values, the expected status of each
field, whether the package passes, and the document the findings must name.  Controls that
must stay consistent sit beside the packages that must not (docs/verdicts.md).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import attrs
import pytest

import consistency
from consistency import Document
from consistency.config import Config
from consistency.model import Kind, Report, Status
from consistency.report.labels import Tone, headline

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "fixtures"))

import photos  # noqa: E402  (the fixture renderer, Pillow only)

REAL = ROOT.parent / "shared" / "real-reports"
REPORTS = REAL / "reports"

pytestmark = pytest.mark.real

CHESTER = {
    "sku": "HIO-CHESTER",
    "title": "HARDWARIO CHESTER",
    "brand": "HARDWARIO",
    "manufacturer": "HARDWARIO a.s.",
    "model": "CHESTER",
}
AIR_FRYER = {
    "sku": "RS-FRYER",
    "title": "Air Fryer 1500W",
    "brand": "Qinlin",
    "manufacturer": "Ningbo Qinlin Electric Appliance Technology Co., Ltd.",
    "model": "QL-03",
}


@attrs.frozen
class Scenario:
    """A package of real documents and what its verdict must be."""

    name: str
    listing: dict[str, str] | None
    reports: tuple[str, ...]
    #: Expected status per field; fields not named are not asserted.
    expect: dict[str, Status]
    passes: bool
    #: A file (name) that the findings of the mismatching field must name, when set.
    names: str | None = None
    codes: frozenset[str] = frozenset()


SCENARIOS = [
    Scenario(
        "control: one CHESTER report against the CHESTER listing",
        CHESTER,
        ("htw_iec62368_trf_CHESTER_CHTSE22060159.pdf",),
        {"model_number": Status.CONSISTENT, "manufacturer": Status.CONSISTENT},
        True,
    ),
    Scenario(
        "control: four CHESTER reports against the CHESTER listing",
        CHESTER,
        (
            "htw_iec62368_trf_CHESTER_CHTSE22060159.pdf",
            "htw_fcc15247_ble_CHESTER_CHTEW22090076.pdf",
            "ccic_rohs_CHESTER_QHJ2206002801.pdf",
            "hardwario_ec_doc_CHESTER.pdf",
        ),
        {"model_number": Status.CONSISTENT, "manufacturer": Status.CONSISTENT},
        True,
    ),
    Scenario(
        "a second report of another product is a witness against",
        CHESTER,
        ("htw_iec62368_trf_CHESTER_CHTSE22060159.pdf", "teknikio_eu_doc_Bluebird_V2.0.pdf"),
        {"model_number": Status.MISMATCH, "manufacturer": Status.MISMATCH},
        False,
        names="teknikio_eu_doc_Bluebird_V2.0.pdf",
        codes=frozenset({"CR101", "CR201"}),
    ),
    Scenario(
        "a typed listing typo is not forgiven against a text layer",
        CHESTER | {"model": "CHE5TER"},
        ("htw_iec62368_trf_CHESTER_CHTSE22060159.pdf",),
        {"model_number": Status.MISMATCH},
        False,
        names="htw_iec62368_trf_CHESTER_CHTSE22060159.pdf",
        codes=frozenset({"CR101"}),
    ),
    Scenario(
        "control: a listing naming one of the report's 13 series models",
        AIR_FRYER,
        ("keys_ce_lvd_coc_air-fryer_RS-AF1268Y.pdf",),
        {"model_number": Status.CONSISTENT, "manufacturer": Status.CONSISTENT},
        True,
    ),
    Scenario(
        "a regional suffix is unverified, never a silent pass",
        AIR_FRYER | {"model": "RS-AF1268Y(EU)"},
        ("keys_ce_lvd_coc_air-fryer_RS-AF1268Y.pdf",),
        {"model_number": Status.UNVERIFIED},
        True,
        codes=frozenset({"CR102"}),
    ),
    Scenario(
        "a Chinese maker name against a Latin one is unverified",
        {
            "sku": "ESP-C6",
            "title": "Espressif ESP32-C6-WROOM-1 2.4GHz Wi-Fi & BT IoT Module",
            "brand": "Espressif",
            "manufacturer": "乐鑫信息科技(上海)股份有限公司",
            "model": "ESP32-C6-WROOM-1",
        },
        ("sporton_red_eu-type-exam_ESP32-C6-WROOM-1.pdf",),
        {"manufacturer": Status.UNVERIFIED, "model_number": Status.CONSISTENT},
        True,
        codes=frozenset({"CR202"}),
    ),
    Scenario(
        "no listing: nothing to compare against",
        None,
        ("htw_iec62368_trf_CHESTER_CHTSE22060159.pdf",),
        {"model_number": Status.UNVERIFIED, "manufacturer": Status.UNVERIFIED},
        False,
        codes=frozenset({"CR405"}),
    ),
    Scenario(
        "the listing names the brand as manufacturer",
        {
            "sku": "ALT-1",
            "title": "Altruist Insight air quality monitor",
            "brand": "Hardware for Cyberpunks",
            "manufacturer": "Hardware for Cyberpunks",
            "model": "ES-ALTRUIST-INST-1",
        },
        ("gts_fcc15b_AltruistInsight_GTS2026010271F01.pdf",),
        {"manufacturer": Status.MISMATCH},
        False,
        names="gts_fcc15b_AltruistInsight_GTS2026010271F01.pdf",
        codes=frozenset({"CR201"}),
    ),
    Scenario(
        "the listing is the odd one out when every report agrees",
        CHESTER | {"model": "CHESTER-2"},
        (
            "htw_iec62368_trf_CHESTER_CHTSE22060159.pdf",
            "htw_fcc15247_ble_CHESTER_CHTEW22090076.pdf",
        ),
        {"model_number": Status.MISMATCH},
        False,
        codes=frozenset({"CR101"}),
    ),
]


def write_listing(folder: Path, values: dict[str, str]) -> Path:
    """A seller CSV listing with Amazon's attribute names."""
    path = folder / "listing.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["sku", "item_name", "brand_name", "manufacturer", "model"])
        writer.writerow(
            [
                values["sku"],
                values["title"],
                values["brand"],
                values["manufacturer"],
                values["model"],
            ]
        )
    return path


def run(scenario: Scenario, tmp_path: Path, config: Config | None = None) -> Report:
    documents = [Document(REPORTS / name, Kind.TEST_REPORT) for name in scenario.reports]
    if scenario.listing is not None:
        documents.insert(0, Document(write_listing(tmp_path, scenario.listing), Kind.LISTING))
    return consistency.check(documents, config=config or Config())


@pytest.fixture(autouse=True)
def _real_documents() -> None:
    if not REPORTS.is_dir():
        pytest.skip("../shared/real-reports is not here")


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
@pytest.mark.slow
def test_scenario(scenario: Scenario, tmp_path: Path) -> None:
    """Each scenario's field statuses, pass/fail, codes and the document blamed."""
    report = run(scenario, tmp_path)
    statuses = {row.field.value: row.status for row in report.fields}
    assert {f: statuses[f] for f in scenario.expect} == scenario.expect, report.findings
    assert report.ok is scenario.passes, [f.message for f in report.findings]
    codes = {f.code for f in report.findings}
    assert scenario.codes <= codes
    if scenario.names:
        blamed = {Path(f.file).name for f in report.findings if f.file and f.field}
        assert scenario.names in blamed
    # The headline never reads as a clean pass unless every field is consistent.
    tone = headline(report).tone
    assert (tone is Tone.PASS) == report.clean


@pytest.mark.slow
def test_the_odd_listing_is_told_to_change(tmp_path: Path) -> None:
    """Two reports agree and the listing differs: the fix says to correct the listing."""
    scenario = next(s for s in SCENARIOS if "odd one out" in s.name)
    report = run(scenario, tmp_path)
    (finding,) = [f for f in report.findings if f.code == "CR101"]
    assert finding.source is Kind.LISTING
    assert "correct the model number in the listing" in (finding.fix or "")
    row = report.field("model_number")
    assert row.odd_one_out is not None and row.odd_one_out.endswith("listing.csv")


@pytest.mark.slow
def test_a_declaration_of_another_product_names_its_issuer(tmp_path: Path) -> None:
    """The listing and a report agree, a DoC differs: it is the odd one, and its issuer is
    the manufacturer, not a lab."""
    scenario = next(s for s in SCENARIOS if "another product" in s.name)
    report = run(scenario, tmp_path)
    (finding,) = [f for f in report.findings if f.code == "CR101"]
    assert finding.file is not None and finding.file.endswith("teknikio_eu_doc_Bluebird_V2.0.pdf")
    assert "declaration of conformity" in finding.message
    assert "odd one out" in (finding.fix or "") and "manufacturer" in (finding.fix or "")
    assert "lab" not in (finding.fix or "")


def test_the_brand_named_as_maker_is_said_so(tmp_path: Path) -> None:
    """The listing's manufacturer is the report's trade mark: the fix says exactly that."""
    scenario = next(s for s in SCENARIOS if "brand as manufacturer" in s.name)
    report = run(scenario, tmp_path)
    (finding,) = [f for f in report.findings if f.code == "CR201"]
    assert "names the brand 'Hardware for Cyberpunks'" in (finding.fix or "")
    assert "'Pinout LTD'" in (finding.fix or "")


@pytest.mark.slow
def test_an_ignored_rule_keeps_the_mismatch_visible(tmp_path: Path) -> None:
    """--ignore CR101: exit 0, but the field stays a mismatch that says why it does not count."""
    scenario = next(s for s in SCENARIOS if "typed listing typo" in s.name)
    report = run(scenario, tmp_path, Config(ignore=("CR101",)))
    row = report.field("model_number")
    assert report.ok
    assert row.status is Status.MISMATCH
    assert row.discounted == ("CR101 ignored by configuration",)
    assert headline(report).tone is Tone.CHECK
    assert "not counted" in headline(report).text


def test_an_unreadable_report_leaves_fields_unverified(tmp_path: Path) -> None:
    """A report that cannot be read was the only witness: CR501, and nothing is consistent."""
    broken = tmp_path / "report.pdf"
    broken.write_text("<html><body>Session expired</body></html>", encoding="utf-8")
    listing = write_listing(tmp_path, CHESTER)
    report = consistency.check(
        [Document(listing, Kind.LISTING), Document(broken, Kind.TEST_REPORT)]
    )
    assert {f.code for f in report.findings} >= {"CR501"}
    assert all(row.status is not Status.CONSISTENT for row in report.fields)
    assert "unreadable witness" in report.field("model_number").reasons


@pytest.mark.slow
def test_a_component_document_is_shown_not_compared(tmp_path: Path) -> None:
    """A module's certificate declared as a component does not make the package a mismatch."""
    listing = write_listing(tmp_path, CHESTER)
    report = consistency.check(
        [
            Document(listing, Kind.LISTING),
            Document(REPORTS / "htw_iec62368_trf_CHESTER_CHTSE22060159.pdf", Kind.TEST_REPORT),
            Document(
                REPORTS / "sporton_red_eu-type-exam_ESP32-C6-WROOM-1.pdf",
                Kind.TEST_REPORT,
                component=True,
            ),
        ]
    )
    assert report.field("model_number").status is Status.CONSISTENT
    assert report.ok


@pytest.mark.ocr
def test_an_ocr_confusion_is_forgiven_only_on_the_scan_and_never_silently(tmp_path: Path) -> None:
    """Listing 8I8 against the scanned DACE SDoC read as 818: unverified, both readings named."""
    listing = write_listing(
        tmp_path,
        {
            "sku": "COMB-818",
            "title": "Hair Straightening Comb",
            "brand": "Dace",
            "manufacturer": "Dongguan Shijie Hongyu Electronics Factory",
            "model": "8I8",
        },
    )
    report = consistency.check(
        [
            Document(listing, Kind.LISTING),
            Document(REPORTS / "dace_fcc_sdoc_straightening-comb_818.pdf", Kind.TEST_REPORT),
        ]
    )
    row = report.field("model_number")
    assert row.status is Status.UNVERIFIED
    assert row.reasons == ("OCR confusion forgiven",)
    (finding,) = [f for f in report.findings if f.code == "CR404"]
    assert "'818'" in finding.message and "'8I8'" in finding.message
    assert "check by eye" in finding.message
    assert report.ok and not report.clean


@pytest.mark.ocr
@pytest.mark.slow
def test_photos_of_two_products_are_a_mismatch(tmp_path: Path) -> None:
    """Two rating-label photos of different products: the one that differs is named."""
    right = photos.render_label_photo(
        photos.LabelSpec(model_number="XK-2041B"),
        tmp_path / "label_a.png",
        difficulty="easy",
        seed=1,
    )
    wrong = photos.render_label_photo(
        photos.LabelSpec(model_number="ZP-7730"),
        tmp_path / "label_b.png",
        difficulty="easy",
        seed=2,
    )
    listing = write_listing(
        tmp_path,
        {
            "sku": "KETTLE",
            "title": "VOLTARA Electric Kettle",
            "brand": "VOLTARA",
            "manufacturer": "Shenzhen Huaxin Technology Co., Ltd.",
            "model": "XK-2041B",
        },
    )
    report = consistency.check(
        [
            Document(listing, Kind.LISTING),
            Document(right, Kind.PRODUCT),
            Document(wrong, Kind.PRODUCT),
        ]
    )
    assert report.field("model_number").status is Status.MISMATCH
    blamed = {Path(f.file).name for f in report.findings if f.code == "CR101" and f.file}
    assert blamed == {"label_b.png"}
