"""The photo stages: geometry between frames, orientation, deskew, region fall-through,
and the whole chain on real engines (skewed, sideways and upside-down label photos)."""

from __future__ import annotations

import math
import random
import sys
from collections.abc import Sequence
from pathlib import Path

import attrs
import pytest
from PIL import Image

from consistency.config import Config
from consistency.extract.ocr.engine import Purpose, StripText, StripWord
from consistency.extract.photo import stages
from consistency.extract.photo.frame import Frame, reading_order, turn_quad
from consistency.extract.photo.reader import read_photo_text
from consistency.model import BBox
from consistency.words import PageText

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "fixtures"))

import photos  # noqa: E402

# --------------------------------------------------------------------------- geometry


def _tilted(x0: float, x1: float, y: float, degrees: float, height: float = 30.0) -> stages.Quad:
    slope = -math.tan(math.radians(degrees))  # counter-clockwise on screen: y goes up
    return (
        (x0, y + x0 * slope),
        (x1, y + x1 * slope),
        (x1, y + height + x1 * slope),
        (x0, y + height + x0 * slope),
    )


def test_corners_are_put_in_reading_order_whatever_order_they_come_in() -> None:
    quad = ((100.0, 50.0), (300.0, 50.0), (300.0, 80.0), (100.0, 80.0))
    shuffled = (quad[2], quad[1], quad[0], quad[3])  # counter-clockwise from bottom right
    assert reading_order(shuffled) == quad


def test_a_quarter_turn_makes_top_to_bottom_text_read_left_to_right() -> None:
    """A run drawn downwards on a sideways photo is a left-to-right run once turned."""
    down = reading_order(((500.0, 100.0), (530.0, 100.0), (530.0, 400.0), (500.0, 400.0)))
    turned = turn_quad(down, (800.0, 600.0), 1)
    (x0, y0), (x1, y1) = turned[0], turned[1]
    assert x1 - x0 > 250 and abs(y1 - y0) < 1


def test_a_level_frame_box_maps_back_onto_the_photo() -> None:
    """Boxes found in the level frame enclose the same spot of the photo as displayed."""
    for turns in range(4):
        frame = Frame((800.0, 600.0), turns, 6.0)
        spot = (500.0, 110.0)
        quad = turn_quad((spot, spot, spot, spot), (800.0, 600.0), turns)
        level = frame.level(quad[0])
        back = frame.to_photo(BBox(level[0] - 1, level[1] - 1, level[0] + 1, level[1] + 1))
        assert back.x0 <= spot[0] <= back.x1 and back.top <= spot[1] <= back.bottom
        assert back.x1 - back.x0 < 5


def test_deskew_is_the_length_weighted_angle_of_the_text() -> None:
    quads = [_tilted(100, 900, 100 + 60 * i, 8.0) for i in range(4)]
    quads.append(_tilted(100, 160, 400, -20.0))  # a short stray run does not outvote lines
    assert stages.deskew(quads) == pytest.approx(8.0, abs=0.05)
    assert stages.deskew([_tilted(100, 900, 100, 0.3)]) == 0.0  # too small to bother


def test_sideways_text_asks_for_a_quarter_turn() -> None:
    runs = [
        stages.Region(reading_order(((x, 100.0), (x + 30, 100.0), (x + 30, 700.0), (x, 700.0))), 1)
        for x in (100.0, 200.0, 300.0)
    ]
    assert stages.quarter_turns(runs) == 1
    flat = [stages.Region(_tilted(100, 700, 100, 0.0), 1.0)]
    assert stages.quarter_turns(flat) == 0


def test_lines_are_grouped_in_the_level_frame() -> None:
    """At 8 degrees the end of one line is as low as the start of the next: levelled first,
    `Manufacturer: NORDLICHT ELEKTRO GMBH` stays one line and takes nothing of the next."""
    frame = Frame((1600.0, 1200.0), 0, 8.0)
    quads = [
        _tilted(100, 1300, 600, 8.0),
        _tilted(100, 1300, 660, 8.0),
    ]
    texts = [
        StripText(
            [
                StripWord("Manufacturer:", 0.0, 0.35, 0.95),
                StripWord("NORDLICHT", 0.38, 0.65, 0.95),
                StripWord("ELEKTRO", 0.68, 0.85, 0.95),
                StripWord("GMBH", 0.88, 1.0, 0.95),
            ],
            0.95,
        ),
        StripText([StripWord("Road,", 0.0, 0.3, 0.9), StripWord("Shenzhen", 0.35, 1.0, 0.9)], 0.9),
    ]
    lines = stages.group_words(quads, texts, frame)
    assert [line.text for line in lines] == [
        "Manufacturer: NORDLICHT ELEKTRO GMBH",
        "Road, Shenzhen",
    ]


# --------------------------------------------------------------------------- recognition


@attrs.frozen
class _Engine:
    """A scripted engine: what it reads on each strip, and the calls it was given."""

    name: str
    answers: dict[int, tuple[str, float]]
    calls: list[list[int]]

    def version(self) -> str:
        return self.name

    def identity(self) -> str:
        return self.name

    def for_purpose(self, purpose: Purpose) -> _Engine:
        return self

    def warm_up(self) -> None:
        return None

    def read(self, path_or_image: object, *, config: Config, languages: str) -> PageText:
        raise AssertionError("photo regions are never read as a whole image")

    def recognise(
        self, strips: Sequence[Image.Image], *, config: Config, languages: str
    ) -> list[StripText]:
        ids = [s.width for s in strips]  # each strip's width is its id here
        self.calls.append(ids)
        out = []
        for strip_id in ids:
            text, confidence = self.answers.get(strip_id, ("", 0.0))
            words = [StripWord(text, 0.0, 1.0, confidence)] if text else []
            out.append(StripText(words, confidence, self.name))
        return out


def test_only_regions_read_badly_go_to_the_next_engine_in_one_call() -> None:
    strips = [Image.new("L", (w, 10)) for w in (1, 2, 3)]
    calls: list[str] = []
    first = _Engine("first", {1: ("XK-1", 0.95), 2: ("X?-?", 0.3)}, [])
    second = _Engine("second", {2: ("XK-2", 0.9), 3: ("电吹风", 0.99)}, [])
    texts = stages.recognise(strips, [first, second], Config(), "eng", calls.append)
    assert [t.text for t in texts] == ["XK-1", "XK-2", "电吹风"]
    assert [t.engine for t in texts] == ["first", "second", "second"]
    assert first.calls == [[1, 2, 3]] and second.calls == [[2, 3]]
    assert calls == ["first", "second"]


def test_a_worse_second_reading_does_not_replace_the_first() -> None:
    strips = [Image.new("L", (1, 10))]
    first = _Engine("first", {1: ("XK-1", 0.5)}, [])
    second = _Engine("second", {1: ("XX", 0.2)}, [])
    texts = stages.recognise(strips, [first, second], Config(), "eng", lambda _: None)
    assert texts[0].text == "XK-1"


def test_reading_confidence_weighs_characters_and_ignores_regions_with_no_text() -> None:
    texts = [
        StripText([StripWord("Model:", 0, 0.5, 1.0), StripWord("XK-1", 0.5, 1, 0.5)], 0.8),
        StripText([], 0.0),
    ]
    assert stages.reading_confidence(texts) == pytest.approx((6 * 1.0 + 4 * 0.5) / 10)
    assert stages.reading_confidence([StripText([], 0.0)]) is None


# --------------------------------------------------------------------------- real engines


def _label_photo(tmp_path: Path, name: str, degrees: float, *, expand: bool = False) -> Path:
    spec = photos.LabelSpec(
        brand="VOLTARA",
        product_name="Hair Dryer",
        model_number="TJ-9411",
        manufacturer="NORDLICHT ELEKTRO GMBH",
        model_label="Model No.:",
        ean13=None,
        chinese_manufacturer=None,
    )
    card = photos.render_label_card(
        spec, width=1100, rng=random.Random(3), dark=False, small_print=False
    )
    photo = Image.new("RGB", (1800, 1350), (120, 110, 100))
    photo.paste(card, (300, 250))
    path = tmp_path / name
    photo.rotate(degrees, Image.Resampling.BICUBIC, expand=expand, fillcolor=(120, 110, 100)).save(
        path, quality=90
    )
    return path


@pytest.mark.ocr
@pytest.mark.slow
@pytest.mark.parametrize(
    ("degrees", "expand"),
    [(8.0, False), (-8.0, False), (90.0, True), (180.0, False), (270.0, True)],
)
def test_a_tilted_or_turned_box_reads_as_level_lines(
    tmp_path: Path, degrees: float, expand: bool
) -> None:
    path = _label_photo(tmp_path, f"box{degrees:g}.jpg", degrees, expand=expand)
    config = attrs.evolve(
        Config(cache=False), ocr=attrs.evolve(Config().ocr, photo_engines=("rapidocr",))
    )
    text = read_photo_text(path, config)
    lines = [line.text for line in text.page.lines]
    assert "Manufacturer: NORDLICHT ELEKTRO GMBH" in lines
    assert "Model No.: TJ-9411" in lines
    assert text.frame.turns == {90.0: 3, 180.0: 2, 270.0: 1}.get(degrees, 0)
    if abs(degrees) == 8.0:
        assert text.frame.skew == pytest.approx(degrees, abs=0.6)
    assert dict(text.engine_calls) == {"classify": 1, "detect": 1, "rapidocr": 1}
    assert text.confidence is not None and text.confidence > 0.9


@pytest.mark.ocr
@pytest.mark.slow
def test_tesseract_reads_every_region_of_a_photo_in_one_call(tmp_path: Path) -> None:
    path = _label_photo(tmp_path, "box.jpg", 3.0)
    config = attrs.evolve(
        Config(cache=False), ocr=attrs.evolve(Config().ocr, photo_engines=("tesseract",))
    )
    text = read_photo_text(path, config)
    assert dict(text.engine_calls)["tesseract"] == 1
    assert any(line.text == "Model No.: TJ-9411" for line in text.page.lines)
    assert text.confidence is not None and text.confidence > 0.8
    assert [name for name, _ in text.seconds] == [
        "models", "open", "detect", "orient", "deskew", "recognise", "lines", "barcode"
    ]  # fmt: skip
    # CPU per stage too (tesseract's own process counted in "recognise"): real work
    # where the engines ran, none in the pure geometry of deskewing.
    cpu = dict(text.cpu_seconds)
    assert list(cpu) == [name for name, _ in text.seconds]
    assert cpu["detect"] > 0.01 and cpu["recognise"] > 0.01 and cpu["deskew"] < 0.05


@pytest.mark.ocr
@pytest.mark.slow
def test_a_cached_photo_is_neither_decoded_nor_read_again(tmp_path: Path) -> None:
    path = _label_photo(tmp_path, "box.jpg", 0.0)
    config = Config(cache_dir=tmp_path / "cache")
    cold = read_photo_text(path, config)
    warm = read_photo_text(path, config)
    assert not cold.cached and warm.cached
    assert warm.page == cold.page and warm.frame == cold.frame and warm.bars == cold.bars
    assert warm.confidence == cold.confidence
    assert [name for name, _ in warm.seconds] == ["cache"]
    assert [name for name, _ in warm.cpu_seconds] == ["cache"]
