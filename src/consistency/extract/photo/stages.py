"""The stages of reading a photo, each a plain function of the previous stage's output.

1. `detect`: RapidOCR's detector finds the text regions once, on a copy scaled to its
   best size; when the text is too small there, once more on a zoomed crop of it.
2. `orient`: whole quarter turns from the regions' own direction (EXIF was applied when
   the photo was opened), then 0 or 180 degrees from the direction classifier.
3. `deskew`: the text angle, a length-weighted median over the regions' long edges.
4. `cut_strips`: each region straightened into a horizontal strip at full resolution.
5. `recognise`: the strips read by the first configured engine in one call; strips it
   read badly are read by the next engine (again one call), and the better kept.
6. `group_words`: words placed on their regions, levelled, grouped into lines.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence

import attrs
from PIL import Image

from consistency.config import Config
from consistency.extract.ocr.engine import OcrEngine, StripText, join_cjk_words
from consistency.extract.ocr.quads import cut_strip
from consistency.extract.ocr.rapid import RAPIDOCR_LONG_SIDE, upside_down
from consistency.extract.ocr.rapid import detect as rapid_detect
from consistency.extract.photo.frame import (
    Frame,
    Quad,
    along,
    bbox_of,
    edge_angle,
    quad_size,
    reading_order,
    turn_quad,
    unturn_quad,
)
from consistency.words import Line, Word, group_lines

#: Regions whose text is shorter than this (detection pixels) are read again on a zoomed
#: crop: every engine loses text under ~12 px (issue 3), and detection loses it first.
ZOOM_BELOW_PX = 14.0
#: Zooming only pays when the text sits in a part of the photo (a label far away).
ZOOM_MAX_AREA = 0.5
#: Text in less than this share of the photo is zoomed into whatever its detected size:
#: at detection scale a small label's lines merge into one blob of the card.
ZOOM_SMALL_AREA = 0.05
#: Zoom only when the photo has at least this much more resolution than the detector saw.
ZOOM_MIN_GAIN = 1.5
#: A region at least this many times longer than tall has a trustworthy direction.
ELONGATED = 2.0
#: Skews smaller than this (degrees) are left alone: grouping copes with them.
MIN_SKEW_DEGREES = 0.5
#: Strips shown to the direction classifier (the longest ones: it is cheap, not free).
ORIENTATION_SAMPLE = 12
#: Share of sampled strips the classifier must call upside down to turn the photo.
UPSIDE_DOWN_SHARE = 0.6
#: Regions narrower or lower than this (full-resolution px) are specks, not text.
MIN_REGION_PX = 4.0


@attrs.frozen
class Region:
    """A text region: its quad in the photo frame (full resolution) and detector score."""

    quad: Quad
    score: float


def working_copy(
    image: Image.Image, long_side: int = RAPIDOCR_LONG_SIDE
) -> tuple[Image.Image, float]:
    """The image scaled down to the detector's size, and the scale used (<= 1)."""
    scale = min(1.0, long_side / max(image.size))
    if scale >= 1.0:
        return image, 1.0
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0), scale


def _regions(image: Image.Image, offset: tuple[float, float], scale: float) -> list[Region]:
    """Detected regions of a (scaled) image, quads mapped to full-resolution photo pixels."""
    found = []
    for detection in rapid_detect(image):
        quad = tuple((offset[0] + x / scale, offset[1] + y / scale) for x, y in detection.quad)
        ordered = reading_order(quad)
        width, height = quad_size(ordered)
        if width >= MIN_REGION_PX and height >= MIN_REGION_PX:
            found.append(Region(ordered, detection.score))
    return found


def detect(image: Image.Image, count: Callable[[str], None]) -> list[Region]:
    """Text regions of the photo (photo frame, full resolution).

    Detection runs on a copy scaled to the detector's best size.  When the text found is
    small there, or sits in a small part of the photo (a label far from the camera), and
    the photo has the resolution for it, that part is detected again at a larger scale
    and its regions replace the first ones.
    """
    work, scale = working_copy(image)
    count("detect")
    regions = _regions(work, (0.0, 0.0), scale)
    if scale * ZOOM_MIN_GAIN > 1.0 or not regions:
        return regions
    points = [p for r in regions for p in r.quad]
    box = bbox_of(points, image.width, image.height)
    margin = 0.1 * max(box.x1 - box.x0, box.bottom - box.top) + 20
    left, top = max(0, int(box.x0 - margin)), max(0, int(box.top - margin))
    right = min(image.width, int(box.x1 + margin))
    bottom = min(image.height, int(box.bottom + margin))
    share = (right - left) * (bottom - top) / (image.width * image.height)
    heights = [min(quad_size(r.quad)) * scale for r in regions]
    small_text = statistics.median(heights) < ZOOM_BELOW_PX
    if share > ZOOM_MAX_AREA or not (small_text or share < ZOOM_SMALL_AREA):
        return regions
    crop = image.crop((left, top, right, bottom))
    zoomed, zoom_scale = working_copy(crop)
    count("detect")
    again = _regions(zoomed, (float(left), float(top)), zoom_scale)
    return again or regions


def quarter_turns(regions: Sequence[Region]) -> int:
    """0 when the text runs left-right, 1 when it runs up-down (the photo is sideways).

    Decided by the length-weighted vote of elongated regions; which of the two ways up
    is then the direction classifier's call (`orient`).
    """
    across = down = 0.0
    for region in regions:
        width, height = quad_size(region.quad)
        if width < ELONGATED * height:
            continue
        angle = abs(edge_angle(region.quad[0], region.quad[1])) % 180
        if 45 <= angle <= 135:
            down += width
        else:
            across += width
    return 1 if down > across else 0


@attrs.frozen
class Oriented:
    """The photo's regions in the upright frame, their strips, and the quarter turns."""

    turns: int
    quads: tuple[Quad, ...]  #: upright frame
    photo_quads: tuple[Quad, ...]  #: photo frame, same reading order as `quads`
    strips: tuple[Image.Image, ...]


def orient(image: Image.Image, regions: Sequence[Region], count: Callable[[str], None]) -> Oriented:
    """Turn the regions upright: quarter turns from their direction, 180 from the classifier.

    Strips are cut from the photo itself (no rotated copy of a 12 MP image is made).
    """
    size = (float(image.width), float(image.height))
    turns = quarter_turns(regions)
    upright = [turn_quad(r.quad, size, turns) for r in regions]
    photo_quads = [unturn_quad(q, size, turns) for q in upright]
    strips = [cut_strip(image, q) for q in photo_quads]
    sample = sorted(range(len(strips)), key=lambda i: -strips[i].width)[:ORIENTATION_SAMPLE]
    sample = [i for i in sample if strips[i].width >= ELONGATED * strips[i].height]
    if sample:
        count("classify")
        flips = upside_down([strips[i] for i in sample])
        if sum(flips) >= UPSIDE_DOWN_SHARE * len(sample):
            turns = (turns + 2) % 4
            upright = [turn_quad(r.quad, size, turns) for r in regions]
            photo_quads = [unturn_quad(q, size, turns) for q in upright]
            strips = [s.rotate(180) for s in strips]
    return Oriented(turns, tuple(upright), tuple(photo_quads), tuple(strips))


def deskew(quads: Sequence[Quad]) -> float:
    """The text's angle (degrees, counter-clockwise) in the upright frame; 0 when small.

    The length-weighted median of the long edges of elongated regions: long lines say
    more about the page's angle than a two-letter word.
    """
    weighted = []
    for quad in quads:
        width, height = quad_size(quad)
        if width < ELONGATED * height:
            continue
        weighted.append((edge_angle(quad[0], quad[1]), width))
    if not weighted:
        return 0.0
    weighted.sort()
    half = sum(w for _, w in weighted) / 2
    seen = 0.0
    angle = weighted[-1][0]
    for value, weight in weighted:
        seen += weight
        if seen >= half:
            angle = value
            break
    return 0.0 if abs(angle) < MIN_SKEW_DEGREES else round(angle, 2)


def recognise(
    strips: Sequence[Image.Image],
    engines: Sequence[OcrEngine],
    config: Config,
    languages: str,
    count: Callable[[str], None],
) -> list[StripText]:
    """Every strip read by the first engine; those it read badly, by the next ones.

    "Badly" is a word read with a confidence under `thresholds.ocr_confidence`, or
    nothing read: one doubtful word (`Torgx` for `TORQX`) is enough, since it may be the
    value.  Each engine is called once per photo, on the strips still unsure; the
    reading with the higher character-weighted confidence is kept.
    """
    threshold = config.thresholds.ocr_confidence / 100
    results: list[StripText] = [StripText((), 0.0, "") for _ in strips]
    pending = list(range(len(strips)))
    for chosen in engines:
        if not pending:
            break
        count(chosen.name)
        read = chosen.recognise([strips[i] for i in pending], config=config, languages=languages)
        for index, text in zip(pending, read, strict=True):
            if text.words and text.confidence > results[index].confidence:
                results[index] = text
        pending = [i for i in pending if results[i].weakest < threshold]
    return results


def group_words(quads: Sequence[Quad], texts: Sequence[StripText], frame: Frame) -> list[Line]:
    """Words on their regions in the level frame, grouped into lines left to right."""
    width, height = frame.size
    words = []
    for quad, text in zip(quads, texts, strict=True):
        for span in text.words:
            corners = [frame.level(p) for p in along(quad, span.start, span.end)]
            words.append(Word(span.text, bbox_of(corners, width, height), span.confidence))
    return [join_cjk_words(line) for line in group_lines(words)]


def reading_confidence(texts: Sequence[StripText]) -> float | None:
    """How well the text regions were read: their character-weighted confidence.

    None when no region yielded text (nothing to judge).  Regions read as nothing at
    all are pictograms or texture far more often than text, so they do not count.
    """
    weighted = [(t.confidence, len(t.text.replace(" ", ""))) for t in texts if t.words]
    chars = sum(n for _, n in weighted)
    if not chars:
        return None
    return sum(c * n for c, n in weighted) / chars
