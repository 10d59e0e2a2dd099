"""Readiness fields on real text: dates, standards, marketplaces, addresses, report metadata.

The lines are copied from the real documents in ../shared/real-reports (MANIFEST.md
names each); where a test reads the documents themselves it is marked `real`.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consistency.fields.address import (
    find_electronic_addresses,
    find_postal_addresses,
    find_responsible_persons,
    is_postal_address,
    valid_email,
)
from consistency.fields.dates import add_years, find_dates, parse_date
from consistency.fields.marketplace import Region, countries_in, is_eu, region_of, resolve
from consistency.fields.report_meta import (
    document_type,
    numbers_in,
    page_of,
    read_page,
    same_number,
)
from consistency.fields.standards import (
    CATEGORIES,
    category_of,
    load_table,
    parse_standard,
    parse_standards,
)


def _real() -> Path | None:
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "real-reports"
        if candidate.is_dir():
            return candidate
    return None


REAL = _real()
D = datetime.date

# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Date: May 24, 2024", D(2024, 5, 24)),  # KEYS air-fryer certificate
        ("Issue Date: Sep. 23, 2022", D(2022, 9, 23)),  # HTW TVoC
        ("Bellaterra, 24th November 2023", D(2023, 11, 24)),  # Applus RED certificate
        ("Expiry date 10 March 2025", D(2025, 3, 10)),  # ECM certificate
        ("Issued date:29 December,2023 Signature:", D(2023, 12, 29)),  # headset DoC
        ("Date of report issued: February 06, 2026", D(2026, 2, 6)),  # GTS FCC report
        ("Report No.: CHTEW22090076 Page: 2 of 18 Date of issue: 2022-09-21", D(2022, 9, 21)),
        ("Solkan, 04.07.2023", D(2023, 7, 4)),  # Red Pitaya DoC: dotted is day first
        ("In Liberec, September 30, 2022", D(2022, 9, 30)),
        ("签发日期：2024年5月24日", D(2024, 5, 24)),
        ("Ausgestellt am 24. Mai 2024", D(2024, 5, 24)),
        ("fait le 3 février 2025", D(2025, 2, 3)),
        ("8/31/2023", D(2023, 8, 31)),  # ISED certificate: month first, day > 12
        ("２０２４－０５－２４", D(2024, 5, 24)),  # full-width digits
    ],
)
def test_dates_as_reports_print_them(text: str, expected: datetime.date) -> None:
    found = parse_date(text)
    assert found is not None
    assert (found.date, found.ambiguous) == (expected, False)


def test_a_slashed_date_with_day_and_month_both_twelve_or_less_keeps_both_readings() -> None:
    found = parse_date("Date of issue: 12/05/2022")  # Teknikio DoC (US company)
    assert found is not None
    assert found.ambiguous and found.date is None
    assert found.readings == (D(2022, 5, 12), D(2022, 12, 5))
    assert (found.earliest, found.latest) == (D(2022, 5, 12), D(2022, 12, 5))
    assert "or" in found.describe()


def test_standard_numbers_phone_numbers_and_ranges_are_not_dates() -> None:
    assert find_dates("EN 149:2001+A1:2009") == []
    assert find_dates("IEC 62321-3-1-2013 (Ed1.0)") == []
    assert find_dates("Tel: 86-755-26715499") == []
    assert [d.date for d in find_dates("Date of Test: January 22- February 06, 2026")] == [
        D(2026, 2, 6)
    ]


def test_impossible_dates_are_not_read() -> None:
    assert parse_date("31.02.2024") is None
    assert parse_date("2024-13-01") is None


def test_add_years_handles_the_leap_day() -> None:
    assert add_years(D(2024, 2, 29), 1) == D(2025, 2, 28)
    assert add_years(D(2020, 3, 11), 5) == D(2025, 3, 11)


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 12, 31)))
def test_every_iso_date_reads_back(day: datetime.date) -> None:
    found = parse_date(f"Date of issue: {day.isoformat()}")
    assert found is not None and found.date == day


# --------------------------------------------------------------------------- standards


@pytest.mark.parametrize(
    ("text", "family", "part", "edition"),
    [
        ("EN IEC 62368-1:2020+A11:2020", "62368", "1", "2020"),
        ("UL 62368-1", "62368", "1", None),
        ("EN 60335-1 ed.3:2012+A13:2018", "60335", "1", "2012"),  # HARDWARIO DoC
        ("IEC 60335-2-23:2016", "60335", "2-23", "2016"),
        ("EN 300 328 V2.2.2", "300328", "", "V2.2.2"),  # Teknikio DoC
        ("ETSI EN 301 489-17 V3.2.4", "301489", "17", "V3.2.4"),
        ("EN 55014-1 ed.4:2017; device cat. B", "CISPR14", "1", "2017"),
        ("IEC CISPR22:2008 Sixth Edition.", "CISPR22", "", "2008"),  # Red Pitaya DoC
        ("EN 149:2001+A1:2009", "149", "", "2001"),  # ECM certificate
        ("ASTM F963-23", "F963", "", "2023"),
        ("IEC 62133-2:2017", "62133", "2", "2017"),
        ("GB 4943.1-2022", "4943", "1", "2022"),
        ("FCC Rules Part 15.247: Frequency Hopping", "FCC15", "C", None),  # HTW BLE report
        ("Applicable standards: FCC CFR Title 47 Part 15 Subpart B", "FCC15", "B", None),
        ("UN 38.3", "UN38.3", "", None),
    ],
)
def test_standard_references_parse_to_family_part_and_edition(
    text: str, family: str, part: str, edition: str | None
) -> None:
    ref = parse_standard(text)
    assert ref is not None
    assert (ref.family, ref.part, ref.edition) == (family, part, edition)


def test_report_numbers_and_reference_numbers_are_not_standards() -> None:
    assert parse_standards("Report No.: L330805KS034-M1") == []  # Sporton certificate
    assert parse_standards("TDF Reference Number: EN330805") == []
    assert parse_standards("Tel: 86-755-26715499") == []


def test_the_prefix_and_edition_do_not_matter_for_coverage() -> None:
    report = parse_standard("IEC 62368-1:2018")
    doc = parse_standard("EN IEC 62368-1:2020+A11:2020")
    ul = parse_standard("UL 62368-1")
    assert report and doc and ul
    assert report.covers(doc) and ul.covers(doc)
    family_only = parse_standard("EN 60335")  # headset DoC lists the family only
    assert family_only and parse_standard("IEC 60335-2-23")
    assert parse_standard("IEC 60335-2-23").covers(family_only)  # type: ignore[union-attr]
    assert not report.covers(parse_standard("EN 62368-3"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("Hair Dryer 2200W", "household_appliance"),
        ("air fryer", "household_appliance"),  # KEYS certificate
        ("Straightening comb", "household_appliance"),  # DACE SDoC
        ("Daily protective mask", "ppe"),  # ECM certificate
        ("USB Charger", "charger_adapter"),
        ("Bluetooth wireless headset", "radio_device"),  # headset DoC
        ("2.4GHz Wi-Fi & BT IoT Module", "radio_device"),  # Espressif module
        ("LED Desk Lamp", "luminaire"),
        ("Teddy bear plush toy", "toy"),
        ("Power Bank 10000mAh", "battery"),
        ("CHESTER", None),
        ("Lightweight backpack", None),  # "light" is a word, not a prefix
    ],
)
def test_product_names_map_to_categories(name: str, category: str | None) -> None:
    assert category_of(name) == category


def test_the_packaged_table_has_every_category_and_a_source_for_every_standard() -> None:
    table = load_table()
    assert {c.name for c in table.categories} == set(CATEGORIES)
    for category in table.categories:
        for entry in category.standards:
            assert entry.source, (category.name, entry.pattern)
    assert table.fits("toy", parse_standard("EN 71-3:2019+A1:2021"))  # type: ignore[arg-type]
    assert table.fits("household_appliance", parse_standard("IEC 60335-2-23"))  # type: ignore[arg-type]
    assert table.fits("household_appliance", parse_standard("EN 55014-1"))  # type: ignore[arg-type]
    assert table.fits("toy", parse_standard("EN 55014-1")) is None  # type: ignore[arg-type]
    assert table.fits("household_appliance", parse_standard("EN 71-1")) is None  # type: ignore[arg-type]
    assert table.fits("radio_device", parse_standard("FCC Part 15.247"))  # type: ignore[arg-type]


# --------------------------------------------------------------------------- marketplaces


@pytest.mark.parametrize(
    ("value", "country", "region"),
    [
        ("A1PA6795UKMFR9", "DE", Region.EU),
        ("DE", "DE", Region.EU),
        ("amazon.de", "DE", Region.EU),
        ("https://www.amazon.fr/", "FR", Region.EU),
        ("[marketplace_id=A13V1IB3VIYZZH]", "FR", Region.EU),
        ("UK", "GB", Region.UK),
        ("amazon.co.uk", "GB", Region.UK),
        ("ATVPDKIKX0DER", "US", Region.OTHER),
        ("amazon.com", "US", Region.OTHER),
        ("a28r8c7nbkewea", "IE", Region.EU),
    ],
)
def test_a_marketplace_is_an_id_a_country_code_or_a_domain(
    value: str, country: str, region: Region
) -> None:
    place = resolve(value)
    assert place is not None
    assert (place.country, place.region) == (country, region)


def test_unknown_marketplaces_resolve_to_none() -> None:
    assert resolve("amazon.xyz") is None
    assert resolve("ZZ") is None
    assert resolve("") is None


def test_eu_and_eea_membership_is_data() -> None:
    assert is_eu("NO") and is_eu("CY") and is_eu("el")
    assert not is_eu("GB") and not is_eu("CH") and not is_eu("CN")
    assert region_of("UK") == Region.UK


def test_countries_are_read_from_address_text() -> None:
    assert countries_in("U Jezu 525/4, 460 01 Liberec, CZECHIA") == ["CZ"]
    assert countries_in("Baoan District, Shenzhen") == ["CN"]
    assert countries_in("Brooklyn, NY 11205 USA") == ["US"]


# --------------------------------------------------------------------------- addresses


@pytest.mark.parametrize(
    "lines",
    [
        # ECM certificate header (Italian)
        ["Via Ca’ Bella, 243 – Loc. Castello di Serravalle – 40053 Valsamoggia (BO) - ITALY"],
        ["U Jezu 525/4, 460 01 Liberec, CZECHIA"],  # HARDWARIO (Czech)
        ["Address: 19 Morris Ave Building 128", "Brooklyn, NY 11205 USA"],  # Teknikio, wrapped
        [
            "Manufacturer address：Room 301, Building 3, Nanchang Huafeng Industrial Park, "
            "Nanchang Community, Xixiang Street, Baoan District, Shenzhen"
        ],  # headset DoC (Chinese maker, English)
        ["Crownstone B.V., Stationsplein 45, D1.118, 3013 AK Rotterdam"],  # Dutch, no country
        ["Velika pot 21, Sl-5250 Solkan, Slovenia"],  # Red Pitaya
        ["Hauptstraße 5, 10115 Berlin, Deutschland"],
        ["12 rue de la Paix, 75002 Paris, France"],
        ["广东省深圳市宝安区西乡街道固戍路123号"],
    ],
)
def test_postal_addresses_in_english_german_french_and_chinese(lines: list[str]) -> None:
    found = find_postal_addresses(lines)
    assert len(found) == 1
    assert (found[0].first_line, found[0].last_line) == (0, len(lines) - 1)


@pytest.mark.parametrize(
    "line",
    [
        "Pinout LTD",  # Altruist label artwork: name, no address
        "Made in Cyprus",
        "Input: 5V ⎓ 1 A",
        "Model: ES-ALTRUIST-INST-1",
        "Report No.: CHTEW22090076 Page: 2 of 18 Date of issue: 2022-09-21",
        "Tel: 86-755-26715499 E-mail: cs@szhtw.com.cn Website: Http: //www.szhtw.com.cn",
        "CID: 04998511, VAT: CZ04998511",
        "220-240V~ 50/60Hz 1500W",
    ],
)
def test_lines_that_are_not_postal_addresses(line: str) -> None:
    assert not is_postal_address(line)
    assert find_postal_addresses([line]) == []


def test_electronic_addresses_from_real_headers() -> None:
    found = find_electronic_addresses(
        [
            "+39 051 6705141  +39 051 6705156  info@entecerma.it  www.entecerma.it",  # ECM
            "Tel: 86-755-26715499 E-mail: cs@szhtw.com.cn Website: Http: //www.szhtw.com.cn",
            "© Invent-abling LLC 2022 Registered EIN 46-2411256 e-mail:hello@teknikio.com",
            "Web: hardwario.com",
            "not an address: foo@bar",
        ]
    )
    assert [(a.kind, a.normalised) for a in found] == [
        ("email", "info@entecerma.it"),
        ("web", "www.entecerma.it"),
        ("email", "cs@szhtw.com.cn"),
        ("web", "www.szhtw.com.cn"),
        ("email", "hello@teknikio.com"),
        ("web", "hardwario.com"),
    ]
    assert found[1].domain == "entecerma.it" and found[0].domain == "entecerma.it"


def test_email_validation_is_syntax_only() -> None:
    assert valid_email("Support@Example.COM") == "support@example.com"
    assert valid_email("no-at-sign.example.com") is None
    assert valid_email("two@@example.com") is None


def test_a_responsible_person_block_over_several_lines() -> None:
    (person,) = find_responsible_persons(
        [
            "EC REP",
            "Lotus NL B.V.",
            "Koningin Julianaplein 10, 1e Verd,",
            "2595AA, The Hague, Netherlands",
        ]
    )
    assert person.complete and person.name == "Lotus NL B.V."
    assert person.address is not None and person.address.country == "NL"
    assert (person.address.first_line, person.address.last_line) == (2, 3)


def test_a_responsible_person_on_one_line() -> None:
    (person,) = find_responsible_persons(
        ["EU REP: Example GmbH, Hauptstraße 5, 10115 Berlin, Germany"]
    )
    assert person.complete and person.name == "Example GmbH"


def test_the_real_headset_doc_names_a_representative_without_address() -> None:
    # "EU authorand Regresentative" (sic) in doc_eu_headset_895B: a name, no address.
    (person,) = find_responsible_persons(["EU authorand Regresentative：SUCCESS COURIER SL"])
    assert person.name == "SUCCESS COURIER SL"
    assert not person.complete


# --------------------------------------------------------------------------- report metadata


def test_report_numbers_by_label() -> None:
    assert [
        (n.kind, n.value) for n in numbers_in("Report No. : QHJ2206002801/EN Page 1 of 32")
    ] == [("report", "QHJ2206002801/EN")]
    assert [(n.kind, n.value) for n in numbers_in("Test Report no. JX-003-215-4321EN")] == [
        ("cited", "JX-003-215-4321EN")
    ]
    assert [(n.kind, n.value) for n in numbers_in("Certificate No.: CTEW2209008101")] == [
        ("certificate", "CTEW2209008101")
    ]
    assert [
        n.value for n in numbers_in("Report No. ........: CHTEW22090076 Report Verification:")
    ] == ["CHTEW22090076"]
    assert [n.value for n in numbers_in("报告编号：SZ2024-0815")] == ["SZ2024-0815"]


def test_same_report_number_allows_a_language_suffix_only() -> None:
    assert same_number("QHJ2206002801/EN", "QHJ2206002801")
    assert same_number("CHTEW22090076", "chtew 22090076")
    assert not same_number("CHTEW22090076", "CHTEW22090067")
    assert not same_number("GTS2026010271F01", "GTS2026010271E02")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Report No.: CHTEW22090076 Page: 2 of 18 Date of issue: 2022-09-21", (2, 18)),
        ("and the signatures of compiler and approver. Page 1 of 24", (1, 24)),
        ("Page 3 / 12", (3, 12)),
        ("Seite 4 von 9", (4, 9)),
        ("第 2 页 共 18 页", (2, 18)),
        ("共18页 第3页", (3, 18)),
        ("1. TEST STANDARDS AND REPORT VERSION 3", None),
        ("Page 19 of 18", None),
    ],
)
def test_page_x_of_y(line: str, expected: tuple[int, int] | None) -> None:
    assert page_of(line) == expected


def test_a_page_header_says_number_page_date_and_standards() -> None:
    meta = read_page(
        [
            "Report No.: CHTEW22090076 Page: 3 of 18 Date of issue: 2022-09-21",
            "‒ FCC Rules Part 15.247: Frequency Hopping, Direct Spread Spectrum",
        ],
        3,
    )
    assert [n.value for n in meta.numbers_of("report")] == ["CHTEW22090076"]
    assert meta.page_of == (3, 18)
    assert meta.issued is not None and meta.issued.date == D(2022, 9, 21)
    assert [s.name for s in meta.standards] == ["FCC Part 15 Subpart C"]


def test_the_real_ecm_certificate_expired_on_10_march_2025() -> None:
    lines = [
        "Test Report no. JX-003-215-4321EN",
        "Date of issue 11 March 2020",
        "Chief Manager",
        "Marco Morina",
        "Expiry date 10 March 2025",
    ]
    meta = read_page(lines, 1)
    assert meta.valid_until is not None and meta.valid_until.date == D(2025, 3, 10)
    assert meta.issued is not None and meta.issued.date == D(2020, 3, 11)


@pytest.mark.parametrize(
    ("lines", "kind"),
    [
        (
            ["EC DECLARATION OF CONFORMITY", "EU authorand Regresentative：SUCCESS COURIER SL"],
            "declaration",
        ),
        (
            ["Guangdong KEYS Testing Technology Co., Ltd.", "CERTIFICATE OF CONFORMITY"],
            "certificate",
        ),
        (["Test Verification of Conformity", "Certificate No.: CTEW2209008101"], "certificate"),
        (["Page: 1 of 18", "TEST REPORT", "For Bluetooth-LE"], "test_report"),
        (
            ["Global United Technology Services Co., Ltd.", "Report No.: GTS2026010271F01"],
            "test_report",
        ),
        (["HARDWARIO a.s."], None),
    ],
)
def test_document_type_from_the_title_lines(lines: list[str], kind: str | None) -> None:
    assert document_type(lines) == kind


@pytest.mark.real
@pytest.mark.skipif(REAL is None, reason="../shared/real-reports is not present")
def test_real_documents_types_and_numbers() -> None:
    import pypdfium2 as pdfium

    assert REAL is not None
    expected = {
        "ccic_rohs_CHESTER_QHJ2206002801.pdf": ("test_report", "QHJ2206002801/EN", (1, 32)),
        "htw_fcc15247_ble_CHESTER_CHTEW22090076.pdf": ("test_report", "CHTEW22090076", (1, 18)),
        "keys_ce_lvd_coc_air-fryer_RS-AF1268Y.pdf": ("certificate", "KEYS240520123001LD-01", None),
        "hardwario_ec_doc_CHESTER.pdf": ("declaration", None, None),
    }
    for name, (kind, number, position) in expected.items():
        pdf = pdfium.PdfDocument(str(REAL / "reports" / name))
        try:
            lines = pdf[0].get_textpage().get_text_range().splitlines()
        finally:
            pdf.close()
        meta = read_page(lines, 1)
        assert document_type(lines) == kind, name
        assert (meta.numbers[0].value if meta.numbers else None) == number, name
        if position is not None:
            assert meta.page_of == position, name


@given(
    body=st.sampled_from(["EN", "IEC", "EN IEC", "UL", "BS EN", "IEC/EN"]),
    family=st.integers(min_value=60000, max_value=63999),
    part=st.integers(min_value=1, max_value=99),
    year=st.integers(min_value=1990, max_value=2030),
)
def test_any_prefixed_reference_parses_to_the_same_family_part_and_edition(
    body: str, family: int, part: int, year: int
) -> None:
    ref = parse_standard(f"Tested to {body} {family}-{part}:{year}+A11:{year}")
    assert ref is not None
    assert (ref.family, ref.part, ref.edition, ref.amendments) == (
        str(family),
        str(part),
        str(year),
        (f"A11:{year}",),
    )
    assert ref.covers(parse_standard(f"IEC {family}-{part}"))  # type: ignore[arg-type]


@given(st.text(alphabet="ABCDEFGHJK0123456789-/ ", min_size=8, max_size=20))
def test_report_number_comparison_ignores_case_spaces_and_punctuation(number: str) -> None:
    from consistency.fields.report_meta import normalise_number

    assert normalise_number(normalise_number(number)) == normalise_number(number)
    if len(normalise_number(number)) >= 1:
        assert same_number(number, number.lower().replace("-", " "))


def test_a_title_can_name_several_categories() -> None:
    from consistency.fields.standards import categories_of

    assert categories_of("Hair Dryer with LED Light") == ("luminaire", "household_appliance")
    assert categories_of("USB Charger") == ("charger_adapter", "av_it_equipment")


@given(st.text(max_size=200))
def test_the_readers_never_raise_on_any_text(text: str) -> None:
    """Whatever OCR returns, the readers return values (possibly none), never an exception."""
    find_dates(text)
    parse_standards(text)
    category_of(text)
    resolve(text)
    countries_in(text)
    find_postal_addresses(text.splitlines())
    find_electronic_addresses(text.splitlines())
    find_responsible_persons(text.splitlines())
    read_page(text.splitlines(), 1)
    document_type(text.splitlines())


def test_same_report_number_forgives_ocr_confusions_only_when_ocr() -> None:
    assert same_number("CHTEW22O90076", "CHTEW22090076", ocr=True)
    assert not same_number("CHTEW22O90076", "CHTEW22090076")
    assert not same_number("CHTEW22090067", "CHTEW22090076", ocr=True)
