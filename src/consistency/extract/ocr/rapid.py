"""RapidOCR (PP-OCR on ONNX Runtime, offline models inside the wheel): detector and reader.

Three models, loaded once per process and only when used: the text **detector** (finds
text regions as quads: what the photo stages start from), the **recogniser** (reads
straightened strips, Chinese and English with one model) and the 0/180-degree
**direction classifier** (tells an upside-down strip).  RapidOCR's own pipeline is used
for whole images (`read`); the photo stages call the three models separately so that a
photo is detected once and only its text regions are read.

Measured facts (issue 3): RapidOCR reads best at 1280-1600 px on the long side; larger
inputs only cost time.
"""

from __future__ import annotations

import functools
import importlib.metadata
import math
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
from PIL import Image

from consistency.config import Config
from consistency.errors import EnvironmentProblem
from consistency.extract.ocr.engine import (
    Purpose,
    StripText,
    join_cjk_words,
    register,
    split_run,
    weighted_confidence,
)
from consistency.model import BBox
from consistency.words import Line, PageText, Word, group_lines

#: RapidOCR's best input size (long side, px); larger inputs only cost time.
RAPIDOCR_LONG_SIDE = 1600
#: The direction classifier's answer is only taken when it is at least this sure.
UPSIDE_DOWN_SCORE = 0.9

Quad = tuple[tuple[float, float], ...]

#: One ONNX session per model and process; the sessions are not re-entrant-safe.
_rapid_lock = threading.Lock()


@functools.cache
def _rapidocr() -> Any:
    """The process-wide RapidOCR instance (loading its models takes ~0.7 s)."""
    try:
        from rapidocr import RapidOCR
    except ImportError as exc:  # pragma: no cover - a broken install
        raise EnvironmentProblem(
            f"rapidocr cannot be imported ({exc}): run ./scripts/bootstrap.sh"
        ) from None
    return RapidOCR(params={"Global.use_cls": False, "Global.log_level": "error"})


def _bgr(image: Image.Image) -> Any:
    import numpy as np

    return np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])


@attrs.frozen
class Detection:
    """One text region found by the detector: its quad (clockwise from top-left), score."""

    quad: Quad
    score: float


def detect(image: Image.Image) -> list[Detection]:
    """Text regions of an image (quads in its pixels), in RapidOCR's reading order.

    The image should already be at detection size (`RAPIDOCR_LONG_SIDE`): the
    detector's own resizing is bypassed so that quads are in the given pixels.
    """
    engine = _rapidocr()
    with _rapid_lock:
        detector = engine._load_det_model()
        found = detector(_bgr(image))
    if found.boxes is None:
        return []
    scores = list(found.scores) if found.scores is not None else [1.0] * len(found.boxes)
    return [
        Detection(tuple((float(x), float(y)) for x, y in box[:4]), float(score))
        for box, score in zip(found.boxes, scores, strict=True)
    ]


def upside_down(strips: Sequence[Image.Image]) -> list[bool]:
    """For each strip, whether the direction classifier is sure it is upside down."""
    if not strips:
        return []
    engine = _rapidocr()
    with _rapid_lock:
        classifier = engine._load_cls_model()
        result = classifier([_bgr(s) for s in strips])
    return [label == "180" and float(score) >= UPSIDE_DOWN_SCORE for label, score in result.cls_res]


@attrs.frozen
class RapidOcrEngine:
    """RapidOCR as an engine: whole images through its pipeline, strips through its recogniser.

    It reads Chinese and English with one model, so `languages` is ignored.
    """

    long_side: int = RAPIDOCR_LONG_SIDE
    name: str = "rapidocr"

    def version(self) -> str:
        """Package version and the detection/recognition models it ships."""
        cfg = _rapidocr().cfg
        return (
            f"rapidocr {importlib.metadata.version('rapidocr')} "
            f"det={cfg.Det.ocr_version}-{cfg.Det.model_type} "
            f"rec={cfg.Rec.ocr_version}-{cfg.Rec.model_type} cls=off"
        )

    def identity(self) -> str:
        """The package and ONNX Runtime versions (the models ship inside the wheel)."""
        return (
            f"rapidocr {importlib.metadata.version('rapidocr')} "
            f"onnxruntime {importlib.metadata.version('onnxruntime')}"
        )

    def for_purpose(self, purpose: Purpose) -> RapidOcrEngine:
        """The same engine for photos and scans."""
        return self

    def read(
        self, path_or_image: Path | Image.Image, *, config: Config, languages: str
    ) -> PageText:
        """OCR one image with RapidOCR's whole pipeline; boxes in the given image's pixels."""
        from consistency.extract.ocr.images import open_image

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
                Image.Resampling.LANCZOS,
            )
        with _rapid_lock:
            result = _rapidocr()(_bgr(work))
        if result.boxes is None or result.txts is None or result.scores is None:
            return PageText(1, width, height, (), self.name)
        quads = [[(float(x) / scale, float(y) / scale) for x, y in box] for box in result.boxes]
        return rapid_page(
            quads, list(result.txts), [float(s) for s in result.scores], width, height, self.name
        )

    def recognise(
        self, strips: Sequence[Image.Image], *, config: Config, languages: str
    ) -> list[StripText]:
        """Read every strip with one batched call of the recogniser."""
        if not strips:
            return []
        from rapidocr.ch_ppocr_rec import TextRecInput

        engine = _rapidocr()
        with _rapid_lock:
            recogniser = engine._load_rec_model()
            result = recogniser(TextRecInput(img=[_bgr(s) for s in strips]))
        texts = list(result.txts or ())
        scores = [float(s) for s in (result.scores or ())]
        out = []
        for text, score in zip(texts, scores, strict=True):
            words = split_run(str(text), max(0.0, min(1.0, score)))
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
