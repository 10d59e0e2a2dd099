"""Values a photo prints without a label read: model codes, maker lines, and what they decide.

Unit tests on positioned lines (the module around the engine), then real OCR on rendered
rating labels and on the real Sony label photo, down to the field statuses and CR401/CR403.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from PIL import Image, ImageDraw, ImageFont

from consistency.config import Config
from consistency.extract.image import extract_product
from consistency.extract.photo.unlabelled import maker_lines, model_codes
from consistency.fields import normalise
from consistency.model import BBox, Document, Evidence, Field, Kind, Role
from consistency.words import Line, PageText, Word

ROOT = Path(__file__).resolve().parents[1]
REAL_FILES = ROOT / "tests" / "real" / "files"
LATIN = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _line(text: str, top: float, height: float = 20.0, x: float = 10.0) -> Line:
    words = []
    for token in text.split():
        width = len(token) * height * 0.6
        words.append(Word(token, BBox(x, top, x + width, top + height), 0.95))
        x += width + height * 0.4
    return Line(tuple(words))


def _page(*texts: str) -> PageText:
    return PageText(
        1,
        1000,
        40 * len(texts) + 20,
        [_line(t, 10 + 40 * i) for i, t in enumerate(texts)],
        "rapidocr",
    )


def _labelled_model(raw: str, top: float) -> Evidence:
    return Evidence(
        field=Field.MODEL_NUMBER,
        raw=raw,
        normalised=normalise(Field.MODEL_NUMBER, raw),
        source=Kind.PRODUCT,
        file="label.jpg",
        extractor="image/rapidocr",
        bbox=BBox(10, top, 300, top + 20),
        label="Model",
        relation="right",
    )


def test_a_code_after_a_misread_label_is_a_model_candidate() -> None:
    """型号 read as "#5" or "Model/#!5": the code after it is still the model shown."""
    page = _page("CENDRA", "Blow Dryer", "#5: DRY-1858", "220-240V~ 50/60Hz 1800W")
    assert [code for _, code, _ in model_codes(page, [])] == ["DRY-1858"]
    page = _page("Model/#!5: RS-AF-167C9", "Made in China")
    assert [code for _, code, _ in model_codes(page, [])] == ["RS-AF-167C9"]


def test_a_joined_code_after_a_stray_word_stands_alone() -> None:
    """OCR merges a legend's word before the code; a spaced code keeps its prefix."""
    page = _page("SREG KF-35GW/Y-IA(R2)")
    assert [code for _, code, _ in model_codes(page, [])] == ["KF-35GW/Y-IA(R2)"]
    page = _page("AF 3949")
    assert [code for _, code, _ in model_codes(page, [])] == ["AF 3949"]


def test_a_model_label_glued_to_its_code_is_cut_off() -> None:
    """ "MOD.JS5526N" read without a space: the code is JS5526N; "MODEM-2000X" stays whole."""
    assert [code for _, code, _ in model_codes(_page("MOD.JS5526N"), [])] == ["JS5526N"]
    assert [code for _, code, _ in model_codes(_page("MODEM-2000X"), [])] == ["MODEM-2000X"]


def test_a_labelled_model_wins_over_an_unlabelled_code() -> None:
    page = _page("Model: PS-3701-1C", "HSTNS-PL01", "Part No.: 382175-501")
    assert model_codes(page, [_labelled_model("PS-3701-1C", 10)]) == []


def test_ratings_serials_labels_of_other_fields_and_misread_words_are_no_codes() -> None:
    page = _page(
        "Input 5V1A",  # 5V⎓1A with its symbol lost
        "DC5V1A",
        "S/N: AB12345678",
        "Batch: 2024A11",
        "Made in China 2024",
        "0SER",  # OCR's junk of a French word: one digit is no code
        "Brand: VOLT4R",
        "3-088-263-01",  # digits only: a part or serial number
        "DATESK-28.10.96",  # a date stamped after its label
        "V.C-70796",  # an abbreviated serial-number label glued to its number
        "16GB VRAM",  # a specification
    )
    assert model_codes(page, []) == []


def test_a_model_prefix_that_spells_a_serial_or_part_label_is_still_a_model() -> None:
    """ "PN-3256" (a power bank) and "SN-2000X" are models; "PN:" and "S/N" announce numbers."""
    page = _page("AUS: PN-3256")
    assert [code for _, code, _ in model_codes(page, [])] == ["PN-3256"]
    page = _page("S/N: AB12345678", "PN: 12AB-34", "SN-2000X")
    assert [code for _, code, _ in model_codes(page, [])] == ["SN-2000X"]


def test_a_code_under_an_orphan_model_label_comes_first() -> None:
    """Sony: "MODEL NO." stands alone, the code sits under it; another code comes earlier."""
    page = PageText(
        1,
        1000,
        200,
        [
            _line("LISTED 9C06", 10, x=600),
            _line("MODEL NO.", 50, x=300),
            _line("DVP-NS575P", 90, x=310),
        ],
        "tesseract",
    )
    assert next(code for _, code, _ in model_codes(page, [])) == "DVP-NS575P"


def test_an_unlabelled_company_line_is_the_maker_cut_where_a_merged_column_starts() -> None:
    """ "OUVRIR" of a warning beside "SONY CORPORATION MADE IN MALAYSIA": the company only."""
    words = (
        Word("OUVRIR", BBox(0, 10, 390, 150), 0.9),
        Word("SONY", BBox(660, 10, 900, 150), 0.9),
        Word("CORPORATION", BBox(930, 10, 1540, 150), 0.9),
        Word("MADE", BBox(1655, 10, 1900, 150), 0.9),
        Word("IN", BBox(1940, 10, 2030, 150), 0.9),
        Word("MALAYSIA", BBox(2066, 10, 2540, 150), 0.9),
    )
    page = PageText(1, 3000, 400, [Line(words)], "tesseract")
    assert [company for _, company in maker_lines(page, [])] == ["SONY CORPORATION"]


def test_other_parties_and_addresses_are_never_the_unlabelled_maker() -> None:
    page = _page(
        "Imported by: Nordhaus Elektro GmbH",
        "Distributed for ACME Inc.",
        "No. 5 Industrial Road, Shenzhen Co., Ltd.",
        "Tested by Shenzhen Testing Co., Ltd.",
    )
    assert maker_lines(page, []) == []


# --------------------------------------------------------------------------- real OCR


def _render_label(path: Path, rows: list[str]) -> Path:
    """A flat rating label, every line in one size (as rating labels are printed)."""
    font = ImageFont.truetype(LATIN, 34)
    card = Image.new("RGB", (1300, 80 + 56 * len(rows)), (245, 244, 238))
    draw = ImageDraw.Draw(card)
    for index, text in enumerate(rows):
        draw.text((60, 40 + 56 * index), text, font=font, fill=(25, 25, 25))
    card.save(path, quality=92)
    return path


@pytest.mark.ocr
@pytest.mark.slow
@pytest.mark.parametrize("engine", ["tesseract", "rapidocr"])
def test_a_rating_label_set_in_one_size_gives_all_three_fields(tmp_path: Path, engine: str) -> None:
    """M/N label, an unlabelled maker line and the product name in the body's size."""
    path = _render_label(
        tmp_path / "rating label.jpg",
        [
            "Power Bank",
            "M/N: PB-9510",
            "Rated capacity 10000mAh",
            "Shenzhen Voltara Technology Co., Ltd.",
            "Made in China",
        ],
    )
    config = attrs.evolve(
        Config(cache=False), ocr=attrs.evolve(Config().ocr, photo_engines=(engine,))
    )
    evidence = extract_product(Document(path, Kind.PRODUCT), config).evidence
    main = {e.field: e for e in evidence if e.role == Role.MAIN}
    assert main[Field.MODEL_NUMBER].raw == "PB-9510"
    assert main[Field.MODEL_NUMBER].label == "M/N"
    assert main[Field.MANUFACTURER].raw == "Shenzhen Voltara Technology Co., Ltd."
    assert main[Field.MANUFACTURER].relation == "unlabelled"
    assert main[Field.PRODUCT_NAME].raw == "Power Bank"


@pytest.mark.ocr
@pytest.mark.real
@pytest.mark.slow
@pytest.mark.skipif(
    not (REAL_FILES / "sony_label_photo_DVP-NS575P.jpg").is_file(),
    reason="tests/real/files is absent (git-ignored; see tests/real/README.md)",
)
@pytest.mark.parametrize("engine", ["tesseract", "rapidocr"])
def test_the_sony_label_gives_its_model_and_its_unlabelled_maker(engine: str) -> None:
    """Whatever engine the user picked: DVP-NS575P under "MODEL NO.", SONY CORPORATION."""
    config = attrs.evolve(
        Config(cache=False), ocr=attrs.evolve(Config().ocr, photo_engines=(engine,))
    )
    reading = extract_product(
        Document(REAL_FILES / "sony_label_photo_DVP-NS575P.jpg", Kind.PRODUCT), config
    )
    main = {e.field: e for e in reading.evidence if e.role == Role.MAIN}
    assert main[Field.MODEL_NUMBER].raw == "DVP-NS575P"
    # Its label was not read as a pair: it can confirm the listing, never contradict it.
    assert main[Field.MODEL_NUMBER].confidence < config.thresholds.ocr_confidence / 100
    assert main[Field.MANUFACTURER].raw == "SONY CORPORATION"
    assert Field.PRODUCT_NAME not in main or "Patent" not in main[Field.PRODUCT_NAME].raw


# --------------------------------------------------------------------------- CR401 or CR403


def _package(folder: Path, box_rows: list[str]) -> Path:
    """A listing (CSV) and one packaging photo rendered from `box_rows`."""
    folder.mkdir()
    (folder / "listing.csv").write_text(
        "sku,item_name,model,manufacturer\n"
        "VX-1,Voltara Hair Dryer,XK-2041B,Ningbo Voltara Electric Co. Ltd.\n",
        encoding="utf-8",
    )
    _render_label(folder / "box.jpg", box_rows)
    (folder / "consistency.toml").write_text(
        'sku = "VX-1"\nlisting = "listing.csv"\n\n[documents]\npackaging = ["box.jpg"]\n',
        encoding="utf-8",
    )
    return folder


@pytest.mark.ocr
@pytest.mark.slow
@pytest.mark.parametrize(
    ("engine", "below"),
    [("tesseract", "220-240V~ 50Hz"), ("rapidocr", "220-240V~ 50Hz"), ("rapidocr", "CE UKCA RoHS")],
)
def test_a_maker_label_whose_value_is_lost_is_unread_not_missing(
    tmp_path: Path, engine: str, below: str
) -> None:
    """The box prints "Manufacturer:" but its value was not read: CR403, never CR401 -
    and the rating or the marks under the label are never taken for the maker."""
    import consistency
    from consistency.case import load_case

    folder = _package(tmp_path / "lost", ["Hair Dryer", "Model: XK-2041B", "Manufacturer:", below])
    config = attrs.evolve(
        Config(cache=False), ocr=attrs.evolve(Config().ocr, photo_engines=(engine,))
    )
    report = consistency.check(load_case(folder), config=config)
    codes = {(f.code, f.field) for f in report.findings}
    assert ("CR401", Field.MANUFACTURER) not in codes
    assert ("CR403", Field.MANUFACTURER) in codes
    assert report.field("model_number").status.value == "consistent"
    assert report.field("manufacturer").status.value == "unverified"


@pytest.mark.ocr
@pytest.mark.slow
def test_a_box_read_well_without_a_maker_label_does_not_show_the_maker(tmp_path: Path) -> None:
    """No label for the maker on a sharp box: CR401 "does not show", as before."""
    import consistency
    from consistency.case import load_case

    folder = _package(tmp_path / "none", ["Hair Dryer", "Model: XK-2041B", "220-240V~ 50Hz"])
    report = consistency.check(load_case(folder), config=Config(cache=False))
    codes = {(f.code, f.field) for f in report.findings}
    assert ("CR401", Field.MANUFACTURER) in codes
    assert report.field("manufacturer").status.value == "missing"


def test_a_maker_cut_inside_a_word_is_read_in_doubt_not_another_company() -> None:
    """A region the reader lost the end of ("Huizhou Ten") leaves the maker unverified."""
    from consistency.rules._photos import cut_short as _cut_short

    assert _cut_short("Huizhou Ten", "Huizhou Tengsheng Technology Co., Ltd.")
    assert not _cut_short("Huizhou", "Huizhou Tengsheng Technology Co., Ltd.")  # a whole word
    assert not _cut_short("Ningbo Acme Co., Ltd.", "Huizhou Tengsheng Technology Co., Ltd.")


def test_a_model_read_with_a_stray_bracket_is_read_in_doubt() -> None:
    """ "YM 221)" for YM221J: an unbalanced bracket is a misread glyph, so the value's
    confidence falls under the threshold (unverified at worst, never a mismatch)."""
    from consistency.extract.image import _doubted

    config = Config()
    stray = attrs.evolve(_labelled_model("YM 221)", 10), confidence=0.97)
    assert _doubted(stray, config).confidence < config.thresholds.ocr_confidence / 100
    whole = attrs.evolve(_labelled_model("KF-35GW/Y-IA(R2)", 10), confidence=0.97)
    assert _doubted(whole, config) == whole


def test_a_maker_made_of_noise_is_read_in_doubt_and_a_misread_label_is_cut_off() -> None:
    """Tesseract reads 制造商 as "fill jcif§:" and a Chinese name as Latin noise: the
    name after the junk is kept; noise cannot contradict the listing (unverified)."""
    from consistency.extract.image import _doubted

    config = Config()
    threshold = config.thresholds.ocr_confidence / 100

    def maker(raw: str) -> Evidence:
        return Evidence(
            field=Field.MANUFACTURER,
            raw=raw,
            normalised=normalise(Field.MANUFACTURER, raw),
            source=Kind.PACKAGING,
            file="box.jpg",
            extractor="image/tesseract",
            confidence=0.9,
            label="Manufactured by",
        )

    noise = _doubted(maker("MN Th eine sER SARA RE 5)"), config)
    assert noise.confidence < threshold
    cut = _doubted(
        maker("fill jcif§: Zhongshan Weike Electrical Appliance Company Limited"), config
    )
    assert cut.raw == "Zhongshan Weike Electrical Appliance Company Limited"
    assert cut.confidence == 0.9
    assert _doubted(maker("KESSLER AUDIO"), config).confidence == 0.9


def test_a_company_whose_name_holds_label_words_is_still_a_maker_line() -> None:
    """ "... Electrical Appliance Company Limited" and a Spanish "S.L." name a maker."""
    page = _page("Zhongshan Weike Electrical Appliance Company Limited", "Halden Brands S.L.")
    assert [company for _, company in maker_lines(page, [])] == [
        "Zhongshan Weike Electrical Appliance Company Limited",
        "Halden Brands S.L.",
    ]


@pytest.mark.ocr
def test_an_unlabelled_name_of_no_known_product_type_is_only_a_weaker_reading(
    tmp_path: Path,
) -> None:
    """A headline that names no product type cannot be compared: it must not leave the
    product name unverified, so it is an alternate; a known type stays the main name."""
    path = _render_label(tmp_path / "label.jpg", ["Quietwave Serenity", "M/N: QW-2210", "DC 5V 1A"])
    evidence = extract_product(Document(path, Kind.PRODUCT), Config(cache=False)).evidence
    names = [(e.raw, e.role) for e in evidence if e.field == Field.PRODUCT_NAME]
    assert names == [("Quietwave Serenity", Role.ALTERNATE)]
    path = _render_label(tmp_path / "fan.jpg", ["Desk Fan", "M/N: DF-8389", "DC 5V 1A"])
    evidence = extract_product(Document(path, Kind.PRODUCT), Config(cache=False)).evidence
    names = [(e.raw, e.role) for e in evidence if e.field == Field.PRODUCT_NAME]
    assert names == [("Desk Fan", Role.MAIN)]
