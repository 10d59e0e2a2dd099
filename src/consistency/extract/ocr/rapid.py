"""RapidOCR's PP-OCR models as an engine, and as the photo stages' detector and classifier.

Three models ship inside the `rapidocr` wheel and run on ONNX Runtime (`ppocr.py`): the
text **detector** (regions as quads: what the photo stages start from), the
**recogniser** (straightened strips, Chinese and English with one model) and the 0/180
degree **direction classifier**.  They are loaded once per process and only when used.

Measured facts (issue 3): PP-OCR detects best at 1280-1600 px on the long side; larger
inputs only cost time and memory.
"""

from __future__ import annotations

import importlib.metadata
import math
from collections.abc import Sequence
from pathlib import Path

import attrs
from PIL import Image

from consistency.config import Config
from consistency.extract.ocr import ppocr
from consistency.extract.ocr.engine import (
    Purpose,
    StripText,
    join_cjk_words,
    register,
    split_run,
    weighted_confidence,
)
from consistency.extract.ocr.images import open_image
from consistency.extract.ocr.quads import cut_strip, reading_order
from consistency.model import BBox
from consistency.words import Line, PageText, Word, group_lines

#: The detection size (long side, px).  Recognition reads strips at full resolution, so
#: detection only has to find the text: 1024 px finds 10 px text, costs half of 1280's
#: time, and keeps the detector's memory down (`ppocr.DET_MAX_PIXELS`); smaller text is
#: found by the zoom stage.
RAPIDOCR_LONG_SIDE = 1024
#: The direction classifier's answer is only taken when it is at least this sure.
UPSIDE_DOWN_SCORE = 0.9

Quad = tuple[tuple[float, float], ...]


@attrs.frozen
class Detection:
    """One text region found by the detector: its quad (clockwise from top-left), score."""

    quad: Quad
    score: float


def load_detector() -> None:
    """Load the detector and the direction classifier now, not in the middle of a stage.

    Loading takes ~0.3-1 s per process; doing it up front lets the stage timings show
    what each stage costs and what loading the models costs.
    """
    ppocr.load("det")
    ppocr.load("cls")


def detect(image: Image.Image) -> list[Detection]:
    """Text regions of an image (quads in its pixels, reading order), top to bottom."""
    return [Detection(reading_order(r.corners), r.score) for r in ppocr.detect(image)]


def upside_down(strips: Sequence[Image.Image]) -> list[bool]:
    """For each strip, whether the direction classifier is sure it is upside down."""
    return [
        degrees == 180 and score >= UPSIDE_DOWN_SCORE for degrees, score in ppocr.classify(strips)
    ]


def _version() -> str:
    return importlib.metadata.version("rapidocr")


@attrs.frozen
class RapidOcrEngine:
    """RapidOCR's PP-OCR models as an engine: whole images (detect, then read) and strips.

    It reads Chinese and English with one model, so `languages` is ignored.
    """

    long_side: int = RAPIDOCR_LONG_SIDE
    name: str = "rapidocr"

    def version(self) -> str:
        """Package version and the detection/recognition/classifier models it ships."""
        return f"rapidocr {_version()} {ppocr.model_names()}"

    def identity(self) -> str:
        """The package and ONNX Runtime versions, the model files and how they are run."""
        return (
            f"rapidocr {_version()} onnxruntime {importlib.metadata.version('onnxruntime')} "
            f"{ppocr.model_names()} {ppocr.SETTINGS}"
        )

    def for_purpose(self, purpose: Purpose) -> RapidOcrEngine:
        """The same engine for photos and scans."""
        return self

    def warm_up(self) -> None:
        """Load the recogniser model."""
        ppocr.load("rec")

    def read(
        self, path_or_image: Path | Image.Image, *, config: Config, languages: str
    ) -> PageText:
        """OCR one whole image: detect at the best size, read the regions at full size."""
        image = (
            path_or_image
            if isinstance(path_or_image, Image.Image)
            else open_image(path_or_image, config)
        )
        width, height = image.size
        scale = min(1.0, self.long_side / max(width, height))
        work = image.convert("RGB")
        if scale < 1.0:
            work = work.resize(
                (max(1, round(width * scale)), max(1, round(height * scale))),
                Image.Resampling.BILINEAR,
            )
        quads = [tuple((x / scale, y / scale) for x, y in d.quad) for d in detect(work)]
        full = image.convert("RGB")
        texts = self.recognise(
            [cut_strip(full, q) for q in quads], config=config, languages=languages
        )
        return rapid_page(
            quads, [t.text for t in texts], [t.confidence for t in texts], width, height, self.name
        )

    def recognise(
        self, strips: Sequence[Image.Image], *, config: Config, languages: str
    ) -> list[StripText]:
        """Read every strip with batched calls of the recogniser."""
        out = []
        for text, score in ppocr.recognise(strips):
            words = split_run(text, max(0.0, min(1.0, score)))
            out.append(StripText(words, weighted_confidence(words), self.name))
        return out


def _quad_angle(quad: Sequence[tuple[float, float]]) -> float:
    (x0, y0), (x1, y1) = quad[0], quad[1]
    return math.degrees(math.atan2(y1 - y0, x1 - x0))


def _rotate_point(x: float, y: float, degrees: float) -> tuple[float, float]:
    rad = math.radians(degrees)
    cos, sin = math.cos(rad), math.sin(rad)
    return x * cos - y * sin, x * sin + y * cos


def rapid_page(
    quads: Sequence[Sequence[tuple[float, float]]],
    texts: Sequence[str],
    scores: Sequence[float],
    width: float,
    height: float,
    engine_name: str = "rapidocr",
) -> PageText:
    """Turn RapidOCR's text-line quads into words and skew-aware lines (whole images).

    Each run is split into words along its top edge in proportion to character counts,
    and runs are grouped into lines in a frame rotated by the median run angle.
    """
    angles = sorted(_quad_angle(q) for q, t in zip(quads, texts, strict=True) if len(t) >= 3)
    skew = angles[len(angles) // 2] if angles else 0.0
    by_id: dict[int, Word] = {}
    upright: list[Word] = []
    for quad, text, score in zip(quads, texts, scores, strict=True):
        (tlx, tly), (trx, try_), (brx, bry), (blx, bly) = quad[:4]
        for span in split_run(text, score):
            a, b = span.start, span.end
            corners = [
                (tlx + (trx - tlx) * a, tly + (try_ - tly) * a),
                (tlx + (trx - tlx) * b, tly + (try_ - tly) * b),
                (blx + (brx - blx) * b, bly + (bry - bly) * b),
                (blx + (brx - blx) * a, bly + (bry - bly) * a),
            ]
            xs = [c[0] for c in corners]
            ys = [c[1] for c in corners]
            word = Word(
                span.text,
                BBox(
                    max(0.0, min(xs)), max(0.0, min(ys)), min(width, max(xs)), min(height, max(ys))
                ),
                max(0.0, min(1.0, score)),
            )
            turned = [_rotate_point(x, y, -skew) for x, y in corners]
            proxy = Word(
                span.text,
                BBox(
                    min(p[0] for p in turned),
                    min(p[1] for p in turned),
                    max(p[0] for p in turned),
                    max(p[1] for p in turned),
                ),
                word.confidence,
            )
            by_id[id(proxy)] = word
            upright.append(proxy)
    lines = [Line(tuple(by_id[id(w)] for w in line.words), 1) for line in group_lines(upright)]
    return PageText(1, width, height, [join_cjk_words(line) for line in lines], engine_name)


register(RapidOcrEngine())
