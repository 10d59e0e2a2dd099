"""A photo's text through the explicit stages, each timed, the result cached.

`read_photo_text(path, config)` opens the photo (EXIF orientation applied), runs the
stages of `consistency.extract.photo.stages`, decodes the barcodes' bars, and returns a
`PhotoText`: the text in the level frame, how that frame maps back to the photo, how
well the text regions were read, how many engine calls it took and how long each stage
took.  The result is cached by the photo's content, the engines and the parameters, so
a re-run neither decodes the photo nor loads a model.
"""

from __future__ import annotations

import resource
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs

from consistency.config import Config
from consistency.errors import DocumentError
from consistency.extract.ocr import cache as ocr_cache
from consistency.extract.ocr import rapid
from consistency.extract.ocr.engine import OcrEngine, engine
from consistency.extract.ocr.images import open_image
from consistency.extract.ocr.scan import languages_for
from consistency.extract.photo import stages
from consistency.extract.photo.barcode import Gtin, decode_bars
from consistency.extract.photo.frame import Frame
from consistency.model import BBox
from consistency.words import PageText

#: Bump when a stage changes its output: part of every photo cache key.  2: the PP-OCR
#: sessions' optimisation level and the recogniser's batches (`ppocr.SETTINGS`) changed,
#: which moves some readings by a character; the detector runs whatever the engines.
PIPELINE_VERSION = 2
#: The order stages are reported in (benchmarks print one column each).
STAGES = ("models", "open", "detect", "orient", "deskew", "recognise", "lines", "barcode")


def _pairs(values: Mapping[str, Any] | Sequence[tuple[str, Any]]) -> tuple[tuple[str, Any], ...]:
    """Converter: a mapping or pairs as a tuple of pairs (frozen, ordered)."""
    items = values.items() if isinstance(values, Mapping) else values
    return tuple((str(k), v) for k, v in items)


def _gtins(values: Sequence[Gtin]) -> tuple[Gtin, ...]:
    """Converter that lets attrs accept any sequence (and mypy check the items)."""
    return tuple(values)


@attrs.frozen
class PhotoText:
    """What the stages read on one photo."""

    page: PageText  #: lines in the level frame (see `frame`)
    frame: Frame
    #: How well the text regions were read (0-1); None when no region yielded text.
    confidence: float | None
    regions: int  #: text regions detected
    #: Engine calls the reading took ("detect", "classify", "tesseract", "rapidocr").
    engine_calls: tuple[tuple[str, Any], ...] = attrs.field(converter=_pairs)
    bars: tuple[Gtin, ...] = attrs.field(converter=_gtins)  #: boxes in the photo frame
    #: Seconds per stage in this run (a cached run has only "cache").
    seconds: tuple[tuple[str, Any], ...] = attrs.field(default=(), converter=_pairs)
    cached: bool = False
    #: CPU seconds per stage in this run (user+sys of the process and of the engine
    #: processes it waited for): on a shared machine the wall clock measures neighbours too.
    cpu_seconds: tuple[tuple[str, Any], ...] = attrs.field(default=(), converter=_pairs)


def cpu_now() -> float:
    """CPU seconds so far: this process's threads and the engine processes it waited for."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


class _Clock:
    """Wall and CPU seconds per stage and engine calls, collected while one photo is read."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.calls: Counter[str] = Counter()

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start, cpu = time.perf_counter(), cpu_now()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start
            self.cpu[name] = self.cpu.get(name, 0.0) + cpu_now() - cpu

    def count(self, name: str) -> None:
        self.calls[name] += 1


def photo_engines(config: Config, engine_name: str | None = None) -> list[OcrEngine]:
    """The engines that read a photo's regions, in order: the one named, or the configured."""
    names = [engine_name] if engine_name else list(config.ocr.photo_engines or ("tesseract",))
    return [engine(name).for_purpose("photo") for name in names]


def _compute(path: Path, config: Config, engines: Sequence[OcrEngine]) -> PhotoText:
    clock = _Clock()
    with clock.stage("models"):
        rapid.load_detector()
        # Only the first engine surely runs; a later one loads when a region needs it.
        engines[0].warm_up()
    with clock.stage("open"):
        image = open_image(path, config)
        if image.mode != "RGB":
            image = image.convert("RGB")
    with clock.stage("detect"):
        regions = stages.detect(image, clock.count)
    with clock.stage("orient"):
        oriented = stages.orient(image, regions, clock.count)
    with clock.stage("deskew"):
        frame = Frame((float(image.width), float(image.height)), oriented.turns)
        frame = attrs.evolve(frame, skew=stages.deskew(oriented.quads))
    with clock.stage("recognise"):
        texts = stages.recognise(
            oriented.strips, engines, config, languages_for(config, "photo"), clock.count
        )
    with clock.stage("lines"):
        lines = stages.group_words(oriented.quads, texts, frame)
        used = sorted({t.engine for t in texts if t.engine}) or [engines[0].name]
        width, height = frame.size
        page = PageText(1, width, height, lines, "+".join(used))
    with clock.stage("barcode"):
        bars = decode_bars(image)
    return PhotoText(
        page,
        frame,
        stages.reading_confidence(texts),
        len(regions),
        sorted(clock.calls.items()),
        bars,
        [(name, clock.seconds.get(name, 0.0)) for name in STAGES],
        cpu_seconds=[(name, clock.cpu.get(name, 0.0)) for name in STAGES],
    )


def read_photo_text(path: Path, config: Config, *, engine_name: str | None = None) -> PhotoText:
    """The photo's text through every stage, from the cache when it was read before.

    Unreadable images raise `DocumentError` naming the file; a missing tesseract
    raises `EnvironmentProblem`.
    """
    if not path.is_file():
        raise DocumentError(str(path), "file not found")
    engines = photo_engines(config, engine_name)
    params = {
        "pipeline": PIPELINE_VERSION,
        "languages": languages_for(config, "photo"),
        "ocr_confidence": config.thresholds.ocr_confidence,
        "max_image_pixels": config.limits.max_image_pixels,
    }
    identity = " | ".join(e.identity() for e in engines)
    name = "photo:" + ">".join(e.name for e in engines)
    start, cpu = time.perf_counter(), cpu_now()
    try:
        result, cached = ocr_cache.cached_record(
            config,
            path,
            name,
            identity,
            params,
            lambda: _compute(path, config, engines),
            dump=photo_to_record,
            load=photo_from_record,
        )
    except DocumentError as exc:
        if exc.file != str(path):
            raise DocumentError(str(path), exc.reason, limit=exc.limit) from None
        raise
    if cached:
        result = attrs.evolve(
            result,
            seconds=[("cache", time.perf_counter() - start)],
            cpu_seconds=[("cache", cpu_now() - cpu)],
            cached=True,
        )
    return result


def photo_to_record(photo: PhotoText) -> dict[str, Any]:
    """The JSON record of a photo's reading (stage times are not kept: they are per run)."""
    return {
        "page": ocr_cache.page_to_record(photo.page),
        "frame": [*photo.frame.photo_size, photo.frame.turns, photo.frame.skew],
        "confidence": photo.confidence,
        "regions": photo.regions,
        "engine_calls": dict(photo.engine_calls),
        "bars": [[g.digits, g.symbology, _box(g.bbox), g.confidence, g.via] for g in photo.bars],
    }


def _box(box: BBox | None) -> list[float] | None:
    return None if box is None else [box.x0, box.top, box.x1, box.bottom]


def photo_from_record(record: Mapping[str, Any]) -> PhotoText:
    """The PhotoText of a `photo_to_record` record."""
    width, height, turns, skew = record["frame"]
    bars = [
        Gtin(str(d), str(s), None if b is None else BBox(*map(float, b)), float(c), str(v))
        for d, s, b, c, v in record["bars"]
    ]
    confidence = record["confidence"]
    return PhotoText(
        ocr_cache.page_from_record(record["page"]),
        Frame((float(width), float(height)), int(turns), float(skew)),
        None if confidence is None else float(confidence),
        int(record["regions"]),
        sorted((str(k), int(v)) for k, v in record["engine_calls"].items()),
        bars,
    )
