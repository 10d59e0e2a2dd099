"""Readiness rules (CR601-CR802) and the checklist, on readings built from real lines.

The contexts are built with `build_context` from `Reading` values holding text lines
copied from the real documents (../shared/real-reports): the rules' input exactly as
the extractors hand it over, without files.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import attrs
import pytest

from consistency.config import Config, Readiness
from consistency.model import Document, Evidence, Field, HowRead, Kind, Reading, TextLine
from consistency.rules.checklist import readiness_checklist
from consistency.rules.context import CheckContext, build_context
from consistency.rules.identity import BrandMismatch, GtinMismatch
from consistency.rules.label_content import (
    ElectronicAddressMissing,
    GpsrContactDiffers,
    LabelPhotoMissing,
    PostalAddressMissing,
    ResponsiblePersonMissing,
)
from consistency.rules.report_checks import PagesIncomplete, ReportExpired, ReportNumberDiffers
from consistency.rules.report_standards import DeclarationStandardUncovered, StandardsDoNotFit

AS_OF = datetime.date(2026, 12, 1)
CONFIG = Config(as_of=AS_OF, marketplace="DE")


def _reading(name: str, kind: Kind, pages: Sequence[Sequence[str]], **extra: object) -> Reading:
    document = Document(name, kind)
    lines = [
        TextLine(text, page, how_read=HowRead.TEXT)
        for page, texts in enumerate(pages, start=1)
        for text in texts
    ]
    return Reading(document, (), lines, pages=len(pages), **extra)  # type: ignore[arg-type]


def _ev(field: Field, raw: str, source: Kind, file: str, **extra: object) -> Evidence:
    return Evidence(field, raw, raw.casefold(), source, file, "test", **extra)  # type: ignore[arg-type]


def _context(
    readings: Sequence[Reading],
    evidence: Sequence[Evidence] = (),
    config: Config = CONFIG,
    documents: Sequence[Document] = (),
) -> CheckContext:
    docs = list(documents) or [r.document for r in readings]
    for ev in evidence:
        if not any(str(d.path) == ev.file for d in docs):
            docs.append(Document(ev.file, ev.source))
    all_evidence = list(evidence) + [e for r in readings for e in r.evidence]
    return build_context(docs, all_evidence, [], config, readings)


def _codes(rule: object, context: CheckContext) -> list[str]:
    return [f.code for f in rule.check(context)]  # type: ignore[attr-defined]


def _header(number: str, page: int, total: int) -> list[str]:
    # The HTW header, as on every page of htw_fcc15247_ble_CHESTER_CHTEW22090076.pdf.
    return [f"Report No.: {number} Page: {page} of {total} Date of issue: 2022-09-21", "body"]


# --------------------------------------------------------------------------- CR601


def test_cr601_a_page_with_another_report_number() -> None:
    pages = [_header("CHTEW22090076", p, 5) for p in range(1, 6)]
    pages[3] = _header("CHTEW22090067", 4, 5)
    report = _reading("report.pdf", Kind.TEST_REPORT, pages)
    (finding,) = ReportNumberDiffers().check(_context([report]))
    assert "p.4" in finding.message and "CHTEW22090067" in finding.message
    assert finding.evidence[0].page == 4


def test_cr601_the_same_number_on_every_page_passes() -> None:
    report = _reading(
        "report.pdf", Kind.TEST_REPORT, [_header("CHTEW22090076", p, 3) for p in (1, 2, 3)]
    )
    assessment = ReportNumberDiffers().assess(_context([report]))
    assert (assessment.state, assessment.findings) == ("pass", ())


def test_cr601_a_certificate_citing_another_report() -> None:
    # The ECM certificate cites its report by "Test Report no.".
    certificate = _reading(
        "certificate.pdf",
        Kind.TEST_REPORT,
        [
            [
                "Certificate of Compliance",
                "No. 3N200311.CZT0N37",
                "Test Report no. JX-003-215-4321EN",
            ]
        ],
    )
    report = _reading(
        "report.pdf", Kind.TEST_REPORT, [["TEST REPORT", "Report No.: JX-003-215-4312EN"]]
    )
    (finding,) = ReportNumberDiffers().check(_context([certificate, report]))
    assert "JX-003-215-4321EN" in finding.message and "JX-003-215-4312EN" in finding.message
    right = _reading(
        "report.pdf", Kind.TEST_REPORT, [["TEST REPORT", "Report No.: JX-003-215-4321EN"]]
    )
    assert _codes(ReportNumberDiffers(), _context([certificate, right])) == []


def test_cr601_without_text_is_unknown() -> None:
    report = _reading("report.pdf", Kind.TEST_REPORT, [])
    assert ReportNumberDiffers().assess(_context([report])).state == "unknown"


# --------------------------------------------------------------------------- CR602


def test_cr602_a_report_that_ends_early() -> None:
    report = _reading(
        "report.pdf", Kind.TEST_REPORT, [_header("R1234567", p, 18) for p in range(1, 17)]
    )
    (finding,) = PagesIncomplete().check(_context([report]))
    assert "ends at page 16 of 18" in finding.message


def test_cr602_a_gap_and_a_swap() -> None:
    numbers = [1, 2, 3, 5, 4, 6]
    report = _reading("report.pdf", Kind.TEST_REPORT, [_header("R1234567", n, 7) for n in numbers])
    (finding,) = PagesIncomplete().check(_context([report]))
    assert "missing between p.3" in finding.message and "out of order" in finding.message


def test_cr602_an_unnumbered_cover_is_fine() -> None:
    pages = [["TEST REPORT", "Report No.: R1234567"]] + [
        _header("R1234567", p, 3) for p in (1, 2, 3)
    ]
    report = _reading("report.pdf", Kind.TEST_REPORT, pages)
    assert PagesIncomplete().assess(_context([report])).state == "pass"


def test_cr602_chinese_page_marks() -> None:
    pages = [[f"报告编号：SZ2024-0815 第{p}页 共4页"] for p in (1, 2, 4)]
    report = _reading("report.pdf", Kind.TEST_REPORT, pages)
    (finding,) = PagesIncomplete().check(_context([report]))
    assert "missing between p.2" in finding.message


# --------------------------------------------------------------------------- CR603

ECM = [
    "Certificate of Compliance",
    "No. 3N200311.CZT0N37",
    "Test Report no. JX-003-215-4321EN",
    "Product: Daily protective mask",
    "Model(s): ZS-A950",
    "EN 149:2001+A1:2009",
    "Date of issue 11 March 2020",
    "Chief Manager",
    "Expiry date 10 March 2025",
]


def test_cr603_the_real_ecm_certificate_expired_on_10_march_2025() -> None:
    certificate = _reading("ecm.pdf", Kind.TEST_REPORT, [ECM])
    (finding,) = ReportExpired().check(_context([certificate]))
    assert finding.severity == "error"
    assert "expired on 2025-03-10" in finding.message and "2026-12-01" in finding.message
    assert finding.evidence[0].raw == "10 March 2025"


def test_cr603_judged_at_as_of() -> None:
    certificate = _reading("ecm.pdf", Kind.TEST_REPORT, [ECM])
    config = attrs.evolve(CONFIG, as_of=datetime.date(2025, 3, 10))
    assert ReportExpired().assess(_context([certificate], config=config)).state == "pass"


def test_cr603_report_age_only_when_configured() -> None:
    report = _reading("report.pdf", Kind.TEST_REPORT, [_header("CHTEW22090076", 1, 1)])
    assert _codes(ReportExpired(), _context([report])) == []
    aged = attrs.evolve(CONFIG, readiness=Readiness(max_report_age_years=3))
    (finding,) = ReportExpired().check(_context([report], config=aged))
    assert "2022-09-21" in finding.message and "3 years" in finding.message


def test_cr603_an_ambiguous_expiry_fires_only_when_every_reading_is_past() -> None:
    certificate = _reading("c.pdf", Kind.TEST_REPORT, [["CERTIFICATE", "Valid until: 12/05/2026"]])
    between = attrs.evolve(CONFIG, as_of=datetime.date(2026, 7, 1))
    assert _codes(ReportExpired(), _context([certificate], config=between)) == []
    after = attrs.evolve(CONFIG, as_of=datetime.date(2027, 1, 1))
    (finding,) = ReportExpired().check(_context([certificate], config=after))
    assert "2026-05-12 or 2026-12-05" in finding.message


# --------------------------------------------------------------------------- CR604


def test_cr604_a_hair_dryer_tested_to_toy_standards() -> None:
    report = _reading(
        "r.pdf", Kind.TEST_REPORT, [["TEST REPORT", "EN 71-1:2014+A1:2018", "EN 71-3:2019"]]
    )
    name = _ev(Field.PRODUCT_NAME, "Hair Dryer 2200W", Kind.LISTING, "listing.csv")
    (finding,) = StandardsDoNotFit().check(_context([report], [name]))
    assert "a household appliance" in finding.message and "60335" in (finding.fix or "")


def test_cr604_the_right_part_2_fits() -> None:
    report = _reading("r.pdf", Kind.TEST_REPORT, [["TEST REPORT", "IEC 60335-2-23:2016"]])
    name = _ev(Field.PRODUCT_NAME, "Hair Dryer 2200W", Kind.LISTING, "listing.csv")
    assert StandardsDoNotFit().assess(_context([report], [name])).state == "pass"


def test_cr604_an_unknown_product_type_is_not_judged() -> None:
    report = _reading("r.pdf", Kind.TEST_REPORT, [["TEST REPORT", "EN 71-1:2014"]])
    name = _ev(Field.PRODUCT_NAME, "CHESTER", Kind.LISTING, "listing.csv")
    assessment = StandardsDoNotFit().assess(_context([report], [name]))
    assert (assessment.state, assessment.findings) == ("unknown", ())


# --------------------------------------------------------------------------- CR605

HEADSET_DOC = [
    "EC DECLARATION OF CONFORMITY",
    "RED, 2014/53/EU EN 300 328",
    "EN 301 489",
    "EN 62368-1",
    "LVD, 2014/35/EU EN 60335",
    "REACH EN 71",
]


def test_cr605_the_real_headset_doc_cites_standards_no_report_covers() -> None:
    doc = _reading("doc.pdf", Kind.TEST_REPORT, [HEADSET_DOC])
    report = _reading(
        "r.pdf",
        Kind.TEST_REPORT,
        [["TEST REPORT", "EN IEC 62368-1:2020+A11:2020", "ETSI EN 301 489-17 V3.2.4"]],
    )
    (finding,) = DeclarationStandardUncovered().check(_context([doc, report]))
    assert "EN 300 328" in finding.message and "EN 60335" in finding.message
    assert "62368" not in finding.message.split("cites", 1)[1].split("which")[0]


def test_cr605_an_older_edition_is_a_note_not_a_finding() -> None:
    doc = _reading(
        "doc.pdf",
        Kind.TEST_REPORT,
        [["EU Declaration of Conformity", "EN IEC 62368-1:2020+A11:2020"]],
    )
    report = _reading("r.pdf", Kind.TEST_REPORT, [["TEST REPORT", "IEC 62368-1:2014"]])
    assessment = DeclarationStandardUncovered().assess(_context([doc, report]))
    assert assessment.state == "pass" and "older edition" in assessment.why


# --------------------------------------------------------------------------- CR701-CR705

MAKER = [
    "Manufacturer: Shenzhen Huaxin Technology Co., Ltd.",
    "Add: 18 Keji Road, Nanshan District, Shenzhen, China",
]
EMAIL = ["service@huaxin-tech.com"]
EU_REP = [
    "EC REP",
    "Lotus NL B.V.",
    "Koningin Julianaplein 10, 1e Verd,",
    "2595AA, The Hague, Netherlands",
]


def _label(lines: list[str]) -> Reading:
    return _reading("box.jpg", Kind.PACKAGING, [["Model: XK-2041B", *lines]])


def test_cr701_cr702_cr703_a_complete_label_passes() -> None:
    context = _context([_label(MAKER + EMAIL + EU_REP)])
    for rule in (PostalAddressMissing(), ElectronicAddressMissing(), ResponsiblePersonMissing()):
        assert rule.assess(context).state == "pass", rule.code


def test_cr701_no_maker_address() -> None:
    # The real Altruist label artwork: name and "Made in Cyprus", no address.
    context = _context([_label(["Pinout LTD", "Made in Cyprus", "Input: 5V 1 A"])])
    assert _codes(PostalAddressMissing(), context) == ["CR701"]


def test_cr701_the_responsible_persons_address_is_not_the_makers() -> None:
    context = _context(
        [_label(["Manufacturer: Shenzhen Huaxin Technology Co., Ltd.", *EMAIL, *EU_REP])]
    )
    assert _codes(PostalAddressMissing(), context) == ["CR701"]


def test_cr702_no_electronic_address() -> None:
    assert _codes(ElectronicAddressMissing(), _context([_label(MAKER + EU_REP)])) == ["CR702"]


def test_cr703_a_chinese_maker_without_eu_rep() -> None:
    (finding,) = ResponsiblePersonMissing().check(_context([_label(MAKER + EMAIL)]))
    assert "(CN)" in finding.message


def test_cr703_a_representative_without_address() -> None:
    label = _label([*MAKER, *EMAIL, "EU authorand Regresentative：SUCCESS COURIER SL"])
    (finding,) = ResponsiblePersonMissing().check(_context([label]))
    assert "'EU authorand Regresentative' block has no postal address" in finding.message


def test_cr703_an_eu_maker_needs_none() -> None:
    label = _label(
        [
            "Manufacturer: HARDWARIO a.s.",
            "U Jezu 525/4, 460 01 Liberec, CZECHIA",
            "ask@hardwario.com",
        ]
    )
    assert ResponsiblePersonMissing().assess(_context([label])).state == "pass"


def test_cr704_the_listing_contact_differs_from_the_label() -> None:
    listing = _ev(Field.ELECTRONIC_ADDRESS, "support@acme-eu.com", Kind.LISTING, "listing.csv")
    (finding,) = GpsrContactDiffers().check(_context([_label(MAKER + EMAIL + EU_REP)], [listing]))
    assert "support@acme-eu.com" in finding.message and "service@huaxin-tech.com" in finding.message
    same = _ev(Field.ELECTRONIC_ADDRESS, "Service@Huaxin-Tech.com", Kind.LISTING, "listing.csv")
    assert _codes(GpsrContactDiffers(), _context([_label(MAKER + EMAIL + EU_REP)], [same])) == []


def test_label_rules_by_marketplace() -> None:
    bare = [_label(["Pinout LTD"])]
    uk = _context(bare, config=attrs.evolve(CONFIG, marketplace="amazon.co.uk"))
    assert _codes(PostalAddressMissing(), uk) == ["CR701"]
    assert _codes(ElectronicAddressMissing(), uk) == []
    us = _context(bare, config=attrs.evolve(CONFIG, marketplace="ATVPDKIKX0DER"))
    assert _codes(PostalAddressMissing(), us) == []
    unknown = _context(bare, config=attrs.evolve(CONFIG, marketplace=None))
    assessment = PostalAddressMissing().assess(unknown)
    assert assessment.state == "unknown" and "set --marketplace" in assessment.why


def test_the_listings_marketplace_wins_over_the_configuration() -> None:
    marketplace = _ev(Field.MARKETPLACE, "A1F83G8C2ARO7P", Kind.LISTING, "listing.csv")
    context = _context([_label(["Pinout LTD"])], [marketplace])
    assert _codes(ElectronicAddressMissing(), context) == []  # UK: not required


def test_a_photo_without_text_lines_is_not_judged() -> None:
    photo = Reading(Document("box.jpg", Kind.PACKAGING))
    assessment = PostalAddressMissing().assess(_context([photo]))
    assert (assessment.state, assessment.findings) == ("unknown", ())


def test_cr705_no_packaging_photo_and_no_model_on_a_photo() -> None:
    report = _reading("r.pdf", Kind.TEST_REPORT, [["TEST REPORT"]])
    (finding,) = LabelPhotoMissing().check(_context([report]))
    assert "no packaging photo" in finding.message
    box = _reading("box.jpg", Kind.PACKAGING, [["VOLTARA", "Tower Fan"]])
    model = _ev(Field.MODEL_NUMBER, "XK-2041B", Kind.LISTING, "listing.csv")
    (finding,) = LabelPhotoMissing().check(_context([report, box], [model]))
    assert finding.message == "no photo shows the model number"


def test_cr705_a_model_found_in_a_photos_text_counts() -> None:
    box = _reading("box.jpg", Kind.PACKAGING, [["VOLTARA", "XK 2041 B"]])
    model = _ev(Field.MODEL_NUMBER, "XK-2041B", Kind.LISTING, "listing.csv")
    assert LabelPhotoMissing().assess(_context([box], [model])).state == "pass"


# --------------------------------------------------------------------------- CR801-CR802


def test_cr801_brand_differs_and_not_stated_is_ignored() -> None:
    listing = _ev(Field.BRAND, "VOLTARA", Kind.LISTING, "listing.csv")
    report = _ev(Field.BRAND, "KITCHENPRO", Kind.TEST_REPORT, "r.pdf", page=1)
    (finding,) = BrandMismatch().check(_context([], [listing, report]))
    assert "KITCHENPRO" in finding.message and finding.source == "test_report"
    for printed in ("N/A", "/", "—"):
        na = _ev(Field.BRAND, printed, Kind.TEST_REPORT, "r.pdf")
        assert _codes(BrandMismatch(), _context([], [listing, na])) == []


def test_cr801_a_real_brand_conflict() -> None:
    # Altruist Insight: "Trade Mark: Hardware for Cyberpunks" (GTS reports) vs the DoC's brand.
    listing = _ev(Field.BRAND, "sensors.social", Kind.LISTING, "listing.csv")
    report = _ev(Field.BRAND, "Hardware for Cyberpunks", Kind.TEST_REPORT, "gts.pdf")
    assert _codes(BrandMismatch(), _context([], [listing, report])) == ["CR801"]


def test_cr802_gtin_check_digit_and_barcode() -> None:
    wrong = _ev(Field.PRODUCT_ID, "4006381333932", Kind.LISTING, "listing.csv")
    (finding,) = GtinMismatch().check(_context([], [wrong]))
    assert "check digit is 2" in finding.message and "give 1" in finding.message
    listed = _ev(Field.PRODUCT_ID, "5901234123457", Kind.LISTING, "listing.csv")
    bars = _ev(
        Field.PRODUCT_ID, "4006381333931", Kind.PACKAGING, "box.jpg", how_read=HowRead.BARCODE
    )
    (finding,) = GtinMismatch().check(_context([], [listed, bars]))
    assert finding.severity == "error" and "decoded from the bars" in finding.message


def test_cr802_upc_a_is_ean_13_with_a_leading_zero_and_no_barcode_is_unknown() -> None:
    upc = _ev(Field.PRODUCT_ID, "036000291452", Kind.LISTING, "listing.csv")
    ean = _ev(
        Field.PRODUCT_ID, "0036000291452", Kind.PACKAGING, "box.jpg", how_read=HowRead.BARCODE
    )
    assert GtinMismatch().assess(_context([], [upc, ean])).state == "pass"
    assert GtinMismatch().assess(_context([], [upc])).state == "unknown"
    asin = _ev(Field.PRODUCT_ID, "B07MF2LZFV", Kind.LISTING, "listing.csv")
    assert GtinMismatch().assess(_context([], [asin])).state == "unknown"


# --------------------------------------------------------------------------- checklist


def test_the_checklist_has_one_item_per_readiness_rule_and_agrees_with_the_findings() -> None:
    certificate = _reading("ecm.pdf", Kind.TEST_REPORT, [ECM])
    context = _context([certificate], config=attrs.evolve(CONFIG, marketplace=None))
    items = readiness_checklist(context)
    assert [i.codes[0] for i in items] == [
        "CR601", "CR602", "CR603", "CR604", "CR605",
        "CR701", "CR702", "CR703", "CR704", "CR705", "CR801", "CR802",
    ]  # fmt: skip
    by_item = {i.item: i for i in items}
    assert by_item["in-date"].state == "fail" and by_item["in-date"].evidence
    assert by_item["postal-address"].state == "unknown"
    assert "set --marketplace" in by_item["postal-address"].why
    assert by_item["label-photo"].state == "fail"
    assert by_item["in-date"].to_record()["state"] == "fail"


def test_a_disabled_rule_is_unknown_in_the_checklist() -> None:
    context = _context([], config=attrs.evolve(CONFIG, ignore=("CR7",)))
    states = {i.item: (i.state, i.why) for i in readiness_checklist(context)}
    assert states["postal-address"] == ("unknown", "CR701 is disabled")


@pytest.mark.parametrize("code", ["CR601", "CR602", "CR603", "CR802"])
def test_error_severities_per_the_issue(code: str) -> None:
    from consistency.registry import rules

    severities = {r.code: r.severity for r in rules()}
    assert severities[code] == "error"
    assert all(
        severities[c] == "warning"
        for c in ("CR604", "CR605", "CR701", "CR702", "CR703", "CR704", "CR705", "CR801")
    )


def test_cr602_a_self_numbered_annex_is_not_a_gap() -> None:
    main = [_header("R1234567", p, 6) for p in (1, 2, 3)]
    annex = [[f"Annex A: test photos Page {p} of 2"] for p in (1, 2)]
    rest = [_header("R1234567", p, 6) for p in (4, 5, 6)]
    report = _reading("report.pdf", Kind.TEST_REPORT, main + annex + rest)
    assessment = PagesIncomplete().assess(_context([report]))
    assert (assessment.state, assessment.findings) == ("pass", ())
    broken = [[f"Annex A Page {p} of 3"] for p in (1, 3)]
    report = _reading("report.pdf", Kind.TEST_REPORT, main + broken + rest)
    (finding,) = PagesIncomplete().check(_context([report]))
    assert "say 'of 3'" in finding.message


def test_cr604_a_title_naming_two_types_accepts_either() -> None:
    report = _reading("r.pdf", Kind.TEST_REPORT, [["TEST REPORT", "IEC 60335-2-23:2016"]])
    name = _ev(Field.PRODUCT_NAME, "Hair Dryer with LED Light, 2200W", Kind.LISTING, "l.csv")
    assert StandardsDoNotFit().assess(_context([report], [name])).state == "pass"


def test_a_photo_read_with_low_confidence_is_not_judged() -> None:
    blurred = attrs.evolve(_label(["Pinout LTD"]), confidence=0.3)
    assessment = PostalAddressMissing().assess(_context([blurred]))
    assert (assessment.state, assessment.findings) == ("unknown", ())
    sharp = attrs.evolve(_label(["Pinout LTD"]), confidence=0.95)
    assert _codes(PostalAddressMissing(), _context([sharp])) == ["CR701"]


def test_cr703_the_eu_reps_address_is_not_the_makers_country() -> None:
    # The maker names no address; the EC REP block below it is in the Netherlands.
    label = _label(["Manufacturer: Shenzhen Huaxin Technology Co., Ltd.", *EU_REP])
    assessment = ResponsiblePersonMissing().assess(_context([label]))
    assert assessment.state == "unknown"


def test_cr601_an_ocr_confusion_in_a_scanned_header_is_not_another_report() -> None:
    pages = [_header("CHTEW22090076", p, 3) for p in (1, 2, 3)]
    pages[1] = _header("CHTEW22O90076", 2, 3)  # letter O read for the digit 0
    lines = [
        TextLine(text, page, how_read=HowRead.OCR)
        for page, texts in enumerate(pages, start=1)
        for text in texts
    ]
    scanned = Reading(Document("scan.pdf", Kind.TEST_REPORT), (), lines, pages=3)
    assert _codes(ReportNumberDiffers(), _context([scanned])) == []
    typed = _reading("report.pdf", Kind.TEST_REPORT, pages)
    assert _codes(ReportNumberDiffers(), _context([typed])) == ["CR601"]


def test_cr604_the_product_type_lexicon_and_the_keywords_both_count() -> None:
    # The lexicon places a "Bluetooth wireless headset" as audio equipment, the keywords as a
    # radio device: a report to EN 300 328 (radio) fits.
    report = _reading("r.pdf", Kind.TEST_REPORT, [["TEST REPORT", "ETSI EN 300 328 V2.2.2"]])
    name = _ev(Field.PRODUCT_NAME, "Bluetooth wireless headset", Kind.LISTING, "l.csv")
    assert StandardsDoNotFit().assess(_context([report], [name])).state == "pass"
    toys = _reading("r.pdf", Kind.TEST_REPORT, [["TEST REPORT", "EN 71-3:2019"]])
    (finding,) = StandardsDoNotFit().check(_context([toys], [name]))
    assert "audio/video or IT equipment" in finding.message
