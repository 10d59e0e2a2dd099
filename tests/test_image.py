"""The photo extractor: real OCR on generated and real label photos, through the grammar."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest
from PIL import Image, ImageOps

from consistency.config import Config
from consistency.errors import DocumentError
from consistency.extract.image import extract_packaging, extract_product
from consistency.fields import compare, normalise
from consistency.model import Document, Evidence, Field, HowRead, Kind, Reading, Role

ROOT = Path(__file__).resolve().parents[1]
PHOTOS = ROOT / "fixtures" / "photos"
TRUTH = json.loads((PHOTOS / "truth.json").read_text(encoding="utf-8"))
#: The shared real documents sit beside the repository (or beside the worktrees folder).
LABELS = next(
    (
        base / "shared" / "real-reports" / "labels"
        for base in (ROOT.parent, ROOT.parent.parent)
        if (base / "shared" / "real-reports").is_dir()
    ),
    ROOT.parent / "shared" / "real-reports" / "labels",
)

_results: dict[tuple[str, str], Reading] = {}


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    """Real engines, a private cache shared by this module's tests (each photo OCR'd once)."""
    return Config(cache_dir=tmp_path_factory.mktemp("ocr-cache"))


def _read(path: Path, config: Config, kind: Kind = Kind.PACKAGING) -> Reading:
    key = (str(path), kind.value)
    if key not in _results:
        extractor = extract_packaging if kind == Kind.PACKAGING else extract_product
        _results[key] = extractor(Document(path, kind), config)
    return _results[key]


def _extract(path: Path, config: Config, kind: Kind = Kind.PACKAGING) -> list[Evidence]:
    return list(_read(path, config, kind).evidence)


def _main(evidence: list[Evidence], field: Field) -> Evidence | None:
    return next((e for e in evidence if e.field == field and e.role == Role.MAIN), None)


def _labels_present() -> bool:
    return LABELS.is_dir()


real = pytest.mark.skipif(not _labels_present(), reason="../shared/real-reports is absent")

# --------------------------------------------------------------------------- generated photos

PHOTOS_WITH_MODEL = sorted(name for name, t in TRUTH.items() if t["model_number"])


@pytest.mark.ocr
@pytest.mark.parametrize("name", PHOTOS_WITH_MODEL)
@pytest.mark.slow
def test_model_number_is_read_from_each_committed_photo(name: str, config: Config) -> None:
    evidence = _extract(PHOTOS / name, config)
    model = _main(evidence, Field.MODEL_NUMBER)
    assert model is not None, [e.raw for e in evidence]
    # Judged as the rules judge OCR'd values: OCR's own confusions (I/l/1...) are allowed.
    assert compare(Field.MODEL_NUMBER, TRUTH[name]["model_number"], model.raw, ocr=True).agrees
    assert model.extractor in ("image/tesseract", "image/rapidocr", "image/rapidocr+tesseract")
    assert model.label is not None and model.page is None
    assert model.confidence >= config.thresholds.ocr_confidence / 100


@pytest.mark.ocr
@pytest.mark.parametrize("name", sorted(n for n, t in TRUTH.items() if t["manufacturer"]))
def test_manufacturer_is_read_from_each_committed_photo(name: str, config: Config) -> None:
    maker = _main(_extract(PHOTOS / name, config), Field.MANUFACTURER)
    assert maker is not None
    assert maker.normalised == normalise(Field.MANUFACTURER, TRUTH[name]["manufacturer"])


@pytest.mark.ocr
@pytest.mark.parametrize(
    "name", ["easy_kettle.jpg", "easy_fan.jpg", "medium_drill.jpg", "hard_heater.jpg"]
)
def test_packaging_product_name_is_the_largest_unlabelled_line(name: str, config: Config) -> None:
    product = _main(_extract(PHOTOS / name, config), Field.PRODUCT_NAME)
    assert product is not None
    assert product.raw == TRUTH[name]["product_name"]
    assert product.label is None


@pytest.mark.ocr
def test_values_carry_boxes_in_upright_image_pixels(config: Config) -> None:
    path = PHOTOS / "hard_kettle.jpg"  # stored sideways with an EXIF orientation tag
    model = _main(_extract(path, config), Field.MODEL_NUMBER)
    assert model is not None and model.bbox is not None
    with Image.open(path) as raw:
        upright = ImageOps.exif_transpose(raw)
        assert model.page_size == (float(upright.width), float(upright.height))
        crop = upright.convert("L").crop(
            (int(model.bbox.x0), int(model.bbox.top), int(model.bbox.x1), int(model.bbox.bottom))
        )
    low, high = crop.getextrema()  # type: ignore[misc]
    assert high - low > 100  # the box holds print, not a flat background


@pytest.mark.ocr
def test_distributor_is_not_taken_for_the_manufacturer(config: Config) -> None:
    evidence = _extract(PHOTOS / "easy_distributor.jpg", config)
    assert _main(evidence, Field.MANUFACTURER) is None
    distributor = _main(evidence, Field.DISTRIBUTOR)
    assert distributor is not None and distributor.raw == "Homewell Trading GmbH"


@pytest.mark.ocr
def test_a_carton_without_model_or_maker_yields_nothing_identifying(config: Config) -> None:
    """No model, no maker; the product type it prints in its headline is its name."""
    evidence = _extract(PHOTOS / "easy_no_model.jpg", config)
    assert {e.field for e in evidence} <= {Field.BRAND, Field.PRODUCT_NAME}
    name = _main(evidence, Field.PRODUCT_NAME)
    assert name is not None and name.raw == TRUTH["easy_no_model.jpg"]["product_name"]


@pytest.mark.ocr
def test_barcode_on_a_photo_becomes_a_product_id(config: Config) -> None:
    ids = [e for e in _extract(PHOTOS / "easy_kettle.jpg", config) if e.field == Field.PRODUCT_ID]
    assert [(e.raw, e.label) for e in ids] == [(TRUTH["easy_kettle.jpg"]["ean13"], "EAN-13")]


@pytest.mark.ocr
def test_a_product_label_shows_its_product_name_too(config: Config) -> None:
    evidence = _extract(PHOTOS / "easy_fan.jpg", config, Kind.PRODUCT)
    assert _main(evidence, Field.MODEL_NUMBER) is not None
    product = _main(evidence, Field.PRODUCT_NAME)
    assert product is not None and product.raw == TRUTH["easy_fan.jpg"]["product_name"]


@pytest.mark.ocr
def test_a_photo_reading_carries_its_lines_type_and_confidence(config: Config) -> None:
    reading = _read(PHOTOS / "easy_kettle.jpg", config)
    assert reading.doc_type == "packaging"
    assert reading.confidence is not None and reading.confidence > 0.8
    model_line = next(line for line in reading.lines if "XK-2041B" in line.text)
    assert model_line.how_read == HowRead.OCR and model_line.page is None
    assert model_line.bbox is not None and 0 < model_line.confidence <= 1
    assert _read(PHOTOS / "easy_fan.jpg", config, Kind.PRODUCT).doc_type == "label"


@pytest.mark.ocr
@pytest.mark.slow
def test_tesseract_alone_reads_a_label_that_shows_its_model_with_good_confidence(
    tmp_path: Path,
) -> None:
    """`--ocr-engine tesseract` on a clear label: the model, and a confidence that says so."""
    config = attrs.evolve(
        Config(cache=False), ocr=attrs.evolve(Config().ocr, photo_engines=("tesseract",))
    )
    reading = extract_product(Document(PHOTOS / "easy_fan.jpg", Kind.PRODUCT), config)
    model = _main(list(reading.evidence), Field.MODEL_NUMBER)
    assert model is not None and model.extractor == "image/tesseract"
    assert compare(
        Field.MODEL_NUMBER, TRUTH["easy_fan.jpg"]["model_number"], model.raw, ocr=True
    ).agrees
    assert reading.confidence is not None and reading.confidence >= 0.6
    assert all(e.confidence > 0 for e in reading.evidence)


def test_a_damaged_photo_is_a_document_error(tmp_path: Path) -> None:
    path = tmp_path / "box.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0 truncated")
    with pytest.raises(DocumentError):
        extract_packaging(Document(path, Kind.PACKAGING), Config(cache=False))


# --------------------------------------------------------------------------- real labels


@pytest.mark.ocr
@pytest.mark.real
@real
@pytest.mark.slow
def test_hp_power_supply_label_shows_model_ps_3701_1c(config: Config) -> None:
    evidence = _extract(LABELS / "hp_psu_PS-3701-1C_label_bigjohnson.jpg", config, Kind.PRODUCT)
    models = [e.normalised for e in evidence if e.field == Field.MODEL_NUMBER]
    assert normalise(Field.MODEL_NUMBER, "PS-3701-1C") in models


@pytest.mark.ocr
@pytest.mark.real
@real
@pytest.mark.slow
def test_carton_without_model_or_manufacturer_yields_nothing(config: Config) -> None:
    """MANIFEST L6: CE/WEEE pictograms and French recycling text, no identity at all -
    and read well enough to say so ("not shown", not "unread")."""
    reading = _read(LABELS / "polkahome_packaging_CE_no_model_NEGATIVE.jpg", config)
    assert list(reading.evidence) == []
    assert reading.confidence is not None
    assert reading.confidence >= config.thresholds.ocr_confidence / 100


@pytest.mark.ocr
@pytest.mark.real
@real
@pytest.mark.slow
def test_worn_nameplate_gives_no_garbage_model(config: Config) -> None:
    """MANIFEST L2: the stamped CODE KCA/1903 is barely legible; wrong values are worse."""
    evidence = _extract(
        LABELS / "smiths_azimuth_gyro_KCA-1903_label_DavidJRichards.jpg", config, Kind.PRODUCT
    )
    models = {e.normalised for e in evidence if e.field == Field.MODEL_NUMBER}
    assert models <= {normalise(Field.MODEL_NUMBER, "KCA/1903")}


@pytest.mark.ocr
@pytest.mark.real
@real
@pytest.mark.slow
def test_chinese_energy_label_model_is_read(config: Config) -> None:
    evidence = _extract(
        LABELS / "china_energy_label_KF-35GW_Y-IA_R2_crop_YIJIANGS.jpg", config, Kind.PRODUCT
    )
    model = _main(evidence, Field.MODEL_NUMBER)
    assert model is not None
    assert model.normalised == normalise(Field.MODEL_NUMBER, "KF-35GW/Y-IA(R2)")


@pytest.mark.real
@real
def test_label_artwork_pdf_is_read_from_its_text_layer(config: Config) -> None:
    evidence = _extract(
        LABELS / "altruist_insight_label_artwork_ES-ALTRUIST-INST-1.pdf", config, Kind.PRODUCT
    )
    model = _main(evidence, Field.MODEL_NUMBER)
    assert model is not None and model.raw == "ES-ALTRUIST-INST-1"
    assert model.confidence == 1.0
    # The module's FCC ID printed on the label is not the product's model.
    assert all("2AC7Z" not in e.raw for e in evidence)


@pytest.mark.ocr
@pytest.mark.slow
def test_a_small_label_far_from_the_camera_is_read_on_a_crop(tmp_path: Path) -> None:
    """Text too small once the whole photo is scaled for OCR is read again on a crop of it,
    with boxes mapped back to the whole photo."""
    from PIL import ImageDraw, ImageFont

    photo = Image.new("RGB", (6000, 4500), (200, 190, 170))
    draw = ImageDraw.Draw(photo)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 22)
    draw.rectangle((4000, 3200, 4500, 3400), fill="white")
    draw.text((4020, 3260), "Model No.: XK-2041B", font=font, fill="black")
    draw.text((4020, 3300), "Manufacturer: Ningbo ACME Co., Ltd.", font=font, fill="black")
    path = tmp_path / "far label.jpg"
    photo.save(path, quality=90)
    config = attrs.evolve(
        Config(), cache=False, ocr=attrs.evolve(Config().ocr, photo_engines=("tesseract",))
    )
    evidence = extract_product(Document(path, "product"), config).evidence
    model = next(e for e in evidence if e.field == Field.MODEL_NUMBER)
    assert model.raw == "XK-2041B"
    assert model.file == str(path)
    assert (
        model.bbox is not None and 4000 <= model.bbox.x0 <= 4500 and 3200 <= model.bbox.top <= 3400
    )


@pytest.mark.ocr
def test_a_bilingual_box_gives_its_english_and_chinese_names_never_brand_or_marks(
    tmp_path: Path,
) -> None:
    """The box's headline in both scripts is evidence (电吹风 is compared by product type
    downstream); the brand and the certification marks beside it never are."""
    from PIL import ImageDraw, ImageFont

    latin = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    cjk = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
    box = Image.new("RGB", (1600, 1100), (250, 248, 240))
    draw = ImageDraw.Draw(box)
    rows = [
        ("NEXLUX  CE  FC  RoHS", latin, 64),
        ("Hair Dryer", latin, 110),
        ("电吹风", cjk, 100),
        ("Model: HD-2200", latin, 44),
        ("220-240V~ 50Hz 2200W", latin, 44),
        ("Manufacturer: Ningbo Nexlux Electric Co., Ltd.", latin, 44),
    ]
    top = 60
    for text, font, size in rows:
        draw.text((80, top), text, font=ImageFont.truetype(font, size), fill=(20, 20, 20))
        top += int(size * 1.6)
    path = tmp_path / "bilingual box.jpg"
    box.save(path, quality=92)
    reading = extract_packaging(Document(path, Kind.PACKAGING), Config(cache=False))
    names = [(e.raw, e.role) for e in reading.evidence if e.field == Field.PRODUCT_NAME]
    assert names == [("Hair Dryer", Role.MAIN), ("电吹风", Role.ALTERNATE)]
    model = _main(list(reading.evidence), Field.MODEL_NUMBER)
    assert model is not None and model.raw == "HD-2200"


@pytest.mark.ocr
def test_a_photo_with_no_text_at_all_is_unread_not_read_well(tmp_path: Path) -> None:
    """Nothing read is no evidence that the label lacks a model: confidence 0 ("unread")."""
    path = tmp_path / "blank.jpg"
    Image.new("RGB", (1200, 900), (128, 120, 110)).save(path, quality=90)
    reading = extract_product(Document(path, Kind.PRODUCT), Config(cache=False))
    assert list(reading.evidence) == [] and list(reading.lines) == []
    assert reading.confidence == 0.0
