"""OCR engines behind one interface, and the two ways the pipeline uses them.

- `ocr_image(path, config, purpose)` reads a photo of packaging or a product label
  (`purpose="photo"`) or an image of a certificate (`purpose="scan"`);
- `ocr_pdf_page(path, page_number, config)` reads one page of a scanned PDF, with word
  boxes in PDF points so that they line up with pdfplumber's.

Engines (`engine(name)`): `tesseract` (pytesseract `image_to_data`; the default for
scanned documents and the baseline everywhere) and `rapidocr` (PP-OCR detection and
recognition on ONNX Runtime, models inside the wheel; it finds text regions first, which
is what photos need).  Every engine returns a `PageText` whose word boxes are in pixels
of the image it was given and whose confidences are in [0, 1]; the helpers here undo
their own scaling and rotation so that callers get pixels of the original image as
displayed (after its EXIF orientation).

Measured facts this module relies on (issue 3): the Debian tesseract is built with
OpenMP and runs 2-9x slower on 2 cores unless `OMP_THREAD_LIMIT=1`; pytesseract
re-encodes a PIL image as PNG (1.5-2 s at 12 MP) where a file path costs nothing;
RapidOCR reads best at 1280-1600 px on the long side with its direction classifier off;
text under about 12 px tall is lost by every engine.
"""

from __future__ import annotations

import functools
import math
import os
import shutil
import tempfile
import threading
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

import attrs
from PIL import Image, ImageFilter, ImageOps, UnidentifiedImageError

from consistency.config import Config
from consistency.errors import DocumentError, EnvironmentProblem
from consistency.extract import cache as ocr_cache
from consistency.model import BBox
from consistency.words import Line, PageText, Word, group_lines

Purpose = Literal["photo", "scan"]

TESSERACT_MISSING = (
    "tesseract is not installed: run ./scripts/bootstrap.sh or sudo apt-get install "
    "tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim"
)

#: Text shorter than this many pixels is not read reliably by any engine (issue 3).
MIN_TEXT_PX = 12
#: RapidOCR's best input size (long side, px); larger inputs only cost time.
RAPIDOCR_LONG_SIDE = 1600
#: Tesseract reads photos well up to this many pixels; more only costs time.
TESSERACT_PHOTO_PIXELS = 6_000_000
#: Skews smaller than this (degrees) are left alone: tesseract copes, rotating blurs.
MIN_DESKEW_DEGREES = 0.6
#: Bump when preparation (scaling, deskew, line grouping) changes: part of every cache key.
PREPARATION_VERSION = 3
#: Formats leptonica (tesseract's image library) reads straight from the file.
_LEPTONICA_FORMATS = frozenset({"JPEG", "PNG", "TIFF", "BMP", "PPM", "WEBP", "GIF"})

_CJK_RANGES = (
    (0x3000, 0x303F),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFF00, 0xFFEF),
)


# --------------------------------------------------------------------------- engines


@runtime_checkable
class OcrEngine(Protocol):
    """An OCR engine: reads one image and returns positioned words with confidences."""

    @property
    def name(self) -> str:
        """The engine's name as configured (`tesseract`, `rapidocr`)."""
        ...

    def version(self) -> str:
        """The engine's identity for cache keys (binary/package and model versions)."""
        ...

    def read(
        self, path_or_image: Path | Image.Image, *, config: Config, languages: str
    ) -> PageText:
        """Words of the image, boxes in its pixels, confidence 0-1, grouped into lines."""
        ...


@contextmanager
def _single_thread_openmp() -> Iterator[None]:
    """Run the tesseract child with OMP_THREAD_LIMIT=1 unless the user set it.

    pytesseract has no way to pass an environment to its subprocess, so the variable is
    set for the call and restored afterwards.
    """
    previous = os.environ.get("OMP_THREAD_LIMIT")
    if previous is None:
        os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("OMP_THREAD_LIMIT", None)


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in _CJK_RANGES)


def join_cjk_words(line: Line) -> Line:
    """Join neighbouring words that are both Chinese: tesseract splits CJK text per glyph.

    Chinese is written without spaces, so `型 号 ：` is the label `型号：`.
    """
    merged: list[Word] = []
    for word in line.words:
        if (
            merged
            and word.text
            and merged[-1].text
            and _is_cjk(merged[-1].text[-1])
            and _is_cjk(word.text[0])
        ):
            prev = merged[-1]
            merged[-1] = Word(
                prev.text + word.text,
                prev.bbox.union(word.bbox),
                min(prev.confidence, word.confidence),
            )
        else:
            merged.append(word)
    return Line(tuple(merged), line.page)


@attrs.frozen
class TesseractEngine:
    """Tesseract through pytesseract's `image_to_data`, with a deliberate page segmentation.

    `psm=11` (sparse text, no order assumed) suits photos: labels are scattered blocks
    of differently sized text on a busy background.  `psm=3` (automatic layout) suits
    scanned documents.  Lines are rebuilt from word geometry afterwards either way.
    """

    psm: int = 11
    name: str = "tesseract"

    def version(self) -> str:
        """`tesseract <version>`; raises `EnvironmentProblem` when the binary is missing."""
        return f"tesseract {_tesseract_version()}"

    def read(
        self, path_or_image: Path | Image.Image, *, config: Config, languages: str
    ) -> PageText:
        """OCR one image; a path is handed to tesseract as is (no re-encoding)."""
        import pytesseract

        _tesseract_version()
        if isinstance(path_or_image, Image.Image):
            width, height = path_or_image.size
            source: Any = path_or_image
        else:
            with Image.open(path_or_image) as probe:
                width, height = probe.size
            source = str(path_or_image)
        try:
            with _single_thread_openmp():
                data = pytesseract.image_to_data(
                    source,
                    lang=languages,
                    config=f"--psm {self.psm}",
                    output_type=pytesseract.Output.DICT,
                    timeout=config.limits.ocr_timeout,
                )
        except pytesseract.TesseractNotFoundError:
            raise EnvironmentProblem(TESSERACT_MISSING) from None
        except RuntimeError as exc:  # pytesseract's timeout
            raise DocumentError(
                str(path_or_image) if isinstance(path_or_image, Path) else "<image>",
                f"OCR took longer than {config.limits.ocr_timeout:g} s (limits.ocr_timeout)",
                limit="ocr_timeout",
            ) from exc
        except pytesseract.TesseractError as exc:
            raise DocumentError(
                str(path_or_image) if isinstance(path_or_image, Path) else "<image>",
                f"tesseract could not read the image: {exc.message.strip()[:200]}",
            ) from exc
        words = []
        for text, conf, left, top, w, h in zip(
            data["text"],
            data["conf"],
            data["left"],
            data["top"],
            data["width"],
            data["height"],
            strict=True,
        ):
            conf_value = float(conf)
            if conf_value < 0 or not str(text).strip():
                continue
            words.append(
                Word(
                    str(text).strip(),
                    BBox(left, top, left + w, top + h),
                    max(0.0, min(1.0, conf_value / 100)),
                )
            )
        lines = [join_cjk_words(line) for line in group_lines(words)]
        return PageText(1, width, height, lines, self.name)


@functools.cache
def _tesseract_version() -> str:
    import pytesseract

    if shutil.which(str(pytesseract.pytesseract.tesseract_cmd)) is None:
        _tesseract_version.cache_clear()
        raise EnvironmentProblem(TESSERACT_MISSING)
    try:
        return str(pytesseract.get_tesseract_version())
    except (pytesseract.TesseractNotFoundError, OSError):
        _tesseract_version.cache_clear()
        raise EnvironmentProblem(TESSERACT_MISSING) from None


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


@attrs.frozen
class RapidOcrEngine:
    """RapidOCR (PP-OCR text detection + recognition on ONNX Runtime, offline models).

    It reads Chinese and English with one model, so `languages` is ignored.  Images are
    scaled to 1600 px on the long side (its best size, measured) and boxes scaled back.
    """

    long_side: int = RAPIDOCR_LONG_SIDE
    name: str = "rapidocr"

    def version(self) -> str:
        """Package version and the detection/recognition models it ships."""
        import rapidocr

        cfg = _rapidocr().cfg
        return (
            f"rapidocr {getattr(rapidocr, '__version__', '?')} "
            f"det={cfg.Det.ocr_version}-{cfg.Det.model_type} "
            f"rec={cfg.Rec.ocr_version}-{cfg.Rec.model_type} cls=off"
        )

    def read(
        self, path_or_image: Path | Image.Image, *, config: Config, languages: str
    ) -> PageText:
        """OCR one image; boxes come back in the given image's pixels."""
        import numpy as np

        if isinstance(path_or_image, Image.Image):
            image = path_or_image
        else:
            image = open_image(path_or_image, config)
        width, height = image.size
        scale = min(1.0, self.long_side / max(width, height))
        work = image.convert("RGB")
        if scale < 1.0:
            work = work.resize(
                (max(1, round(width * scale)), max(1, round(height * scale))),
                Image.Resampling.LANCZOS,
            )
        bgr = np.ascontiguousarray(np.asarray(work)[:, :, ::-1])
        with _rapid_lock:  # one ONNX session per process; it is not re-entrant-safe
            result = _rapidocr()(bgr)
        if result.boxes is None or result.txts is None or result.scores is None:
            return PageText(1, width, height, (), self.name)
        quads = [[(float(x) / scale, float(y) / scale) for x, y in box] for box in result.boxes]
        return rapid_page(
            quads, list(result.txts), [float(s) for s in result.scores], width, height, self.name
        )


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
    """Turn RapidOCR's text-line quads into words and skew-aware lines.

    RapidOCR returns one quad per text run.  Each run is split into words along its top
    edge in proportion to character counts.  Runs are grouped into lines in a frame
    rotated by the median run angle, so that a label photographed a few degrees off
    still has `Model No.:` and its value on one line.
    """
    angles = sorted(_quad_angle(q) for q, t in zip(quads, texts, strict=True) if len(t) >= 3)
    skew = angles[len(angles) // 2] if angles else 0.0
    by_id: dict[int, Word] = {}
    upright: list[Word] = []
    for quad, text, score in zip(quads, texts, scores, strict=True):
        tokens = text.split()
        if not tokens:
            continue
        (tlx, tly), (trx, try_), (brx, bry), (blx, bly) = quad[:4]
        total = max(len(text), 1)
        pos = 0
        for token in tokens:
            start = text.index(token, pos)
            end = start + len(token)
            pos = end
            a, b = start / total, end / total
            corners = [
                (tlx + (trx - tlx) * a, tly + (try_ - tly) * a),
                (tlx + (trx - tlx) * b, tly + (try_ - tly) * b),
                (blx + (brx - blx) * b, bly + (bry - bly) * b),
                (blx + (brx - blx) * a, bly + (bry - bly) * a),
            ]
            xs = [c[0] for c in corners]
            ys = [c[1] for c in corners]
            word = Word(
                token,
                BBox(
                    max(0.0, min(xs)), max(0.0, min(ys)), min(width, max(xs)), min(height, max(ys))
                ),
                max(0.0, min(1.0, score)),
            )
            turned = [_rotate_point(x, y, -skew) for x, y in corners]
            proxy = Word(
                token,
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


_ENGINES: dict[str, OcrEngine] = {
    "tesseract": TesseractEngine(),
    "rapidocr": RapidOcrEngine(),
}


def engine(name: str) -> OcrEngine:
    """The OCR engine registered under `name` (`tesseract`, `rapidocr`)."""
    try:
        return _ENGINES[name.lower()]
    except KeyError:
        raise EnvironmentProblem(
            f"unknown OCR engine '{name}' (known: {', '.join(sorted(_ENGINES))})"
        ) from None


def engine_names() -> list[str]:
    """Every selectable OCR engine name, sorted."""
    return sorted(_ENGINES)


# --------------------------------------------------------------------------- images


def open_image(path: Path, config: Config) -> Image.Image:
    """Open and decode an image, upright per its EXIF orientation, as RGB or L.

    Pillow's decompression-bomb limit is `limits.max_image_pixels`; an image over it,
    or one that is not an image at all, is a `DocumentError` naming the problem.
    """
    Image.MAX_IMAGE_PIXELS = config.limits.max_image_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as raw:
                raw.load()
                image = _to_ocr_mode(ImageOps.exif_transpose(raw))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise DocumentError(
            str(path),
            f"image is larger than {config.limits.max_image_pixels:,} pixels "
            "(limits.max_image_pixels); a photo this large is refused as a possible "
            "decompression bomb",
            limit="max_image_pixels",
        ) from None
    except FileNotFoundError:
        raise DocumentError(str(path), "file not found") from None
    except UnidentifiedImageError:
        raise DocumentError(
            str(path),
            "not an image Pillow can read (damaged or another format under an image name)",
        ) from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise DocumentError(str(path), f"cannot decode the image: {exc}") from None
    return image


def _to_ocr_mode(image: Image.Image) -> Image.Image:
    """RGB or L, whatever the input (alpha over white, 16-bit, CMYK, palette)."""
    if image.mode in ("RGB", "L"):
        return image
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit greys: scale to 8 bits by the image's own range, not by clipping.
        import numpy as np

        arr = np.asarray(image, dtype=np.float64)
        lo, hi = float(arr.min()), float(arr.max())
        span = hi - lo or 1.0
        return Image.fromarray(((arr - lo) * 255.0 / span).astype(np.uint8), "L")
    if image.mode in ("1", "F"):
        return image.convert("L")
    return image.convert("RGB")


def estimate_skew(image: Image.Image, *, max_degrees: float = 8.0) -> float:
    """The angle (degrees, counter-clockwise) that makes text lines horizontal.

    Projection profile on an edge map of a ~900 px copy: rows of text give the
    sharpest row-sum histogram when lines are horizontal.  Edges make it work for
    dark-on-light and light-on-dark print alike.
    """
    import numpy as np

    gray = image.convert("L")
    factor = 900 / max(gray.size)
    if factor < 1:
        gray = gray.resize(
            (max(1, int(gray.width * factor)), max(1, int(gray.height * factor))),
            Image.Resampling.BILINEAR,
        )
    edges = gray.filter(ImageFilter.FIND_EDGES)
    arr = np.array(edges, dtype=np.float32)
    # The edge filter marks the image frame itself; that frame is no text line.
    arr[:2, :] = 0
    arr[-2:, :] = 0
    arr[:, :2] = 0
    arr[:, -2:] = 0
    mask = Image.fromarray(((arr > max(40.0, float(arr.mean()) * 3)) * 255).astype(np.uint8))

    def sharpness(angle: float) -> float:
        turned = np.asarray(
            mask.rotate(angle, Image.Resampling.NEAREST, expand=False), dtype=np.float32
        )
        rows = turned.sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    best = max(
        (a / 2 for a in range(int(-max_degrees * 2), int(max_degrees * 2) + 1)), key=sharpness
    )
    fine = max((best + d / 10 for d in range(-5, 6)), key=sharpness)
    return round(fine, 1)


@attrs.frozen
class _Prepared:
    """An image made ready for an engine, and how to map its boxes back."""

    image: Image.Image
    scale: float  #: prepared pixels per original pixel
    angle: float  #: degrees the original was rotated (counter-clockwise) before OCR
    original_size: tuple[int, int]

    def to_original(self, box: BBox) -> BBox:
        """A box in prepared pixels as the enclosing box in original pixels."""
        if not self.angle:
            s = self.scale
            return BBox(box.x0 / s, box.top / s, box.x1 / s, box.bottom / s)
        w, h = self.image.size
        ow, oh = self.original_size
        points = []
        for x, y in (
            (box.x0, box.top),
            (box.x1, box.top),
            (box.x1, box.bottom),
            (box.x0, box.bottom),
        ):
            # The picture was turned counter-clockwise about its centre (same canvas size):
            # turning each corner back about that centre undoes it.
            dx, dy = _rotate_point(x - w / 2, y - h / 2, self.angle)
            points.append(((dx + w / 2) / self.scale, (dy + h / 2) / self.scale))
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        return BBox(
            max(0.0, min(xs)), max(0.0, min(ys)), min(float(ow), max(xs)), min(float(oh), max(ys))
        )


def remove_rules(image: Image.Image, *, min_run: float = 0.04) -> Image.Image:
    """Whiten table ruling lines in a grey page image.

    Tesseract's layout analysis drops the text of ruled table cells (it takes the boxes
    for pictures), and reports put their identity block in exactly such tables.  A pixel
    belongs to a rule when it lies on a straight dark run longer than `min_run` of the
    page width (or height); letters are never that long.
    """
    import numpy as np

    gray = np.asarray(image.convert("L"))
    dark = gray < 140
    height, width = dark.shape

    def runs(mask: Any, length: int) -> Any:
        # Pixels covered by a window of `length` consecutive dark pixels along axis 1.
        cols = mask.shape[1]
        if cols < length:
            return np.zeros(mask.shape, dtype=bool)
        sums = np.cumsum(np.pad(mask.astype(np.int32), ((0, 0), (1, 0))), axis=1)
        full = (sums[:, length:] - sums[:, :-length]) == length  # window starting at j
        starts = np.cumsum(np.pad(full.astype(np.int32), ((0, 0), (1, 0))), axis=1)
        k = np.arange(cols)
        hi = np.minimum(k, cols - length) + 1
        lo = np.maximum(k - length + 1, 0)
        return (starts[:, hi] - starts[:, lo]) > 0

    horizontal = runs(dark, max(20, int(width * min_run)))
    vertical = runs(dark.T, max(20, int(height * min_run))).T
    rules = horizontal | vertical
    if not rules.any():
        return image.convert("L")
    # Thicken by a pixel so anti-aliased rule edges go too.
    rules[1:, :] |= rules[:-1, :]
    rules[:-1, :] |= rules[1:, :]
    rules[:, 1:] |= rules[:, :-1]
    rules[:, :-1] |= rules[:, 1:]
    cleaned = gray.copy()
    cleaned[rules] = 255
    return Image.fromarray(cleaned)


def _prepare_for_tesseract(image: Image.Image, config: Config, purpose: Purpose) -> _Prepared:
    """Grayscale, scaled so that text is a size tesseract reads, deskewed when tilted."""
    width, height = image.size
    pixels = width * height
    cap = min(
        config.limits.max_ocr_pixels,
        TESSERACT_PHOTO_PIXELS if purpose == "photo" else config.limits.max_ocr_pixels,
    )
    scale = 1.0
    if pixels > cap:
        scale = math.sqrt(cap / pixels)
    elif max(width, height) < 1000:
        # Small images (screenshots, crops) carry small text: tesseract wants ~20-30 px.
        scale = 2.0
    gray = image.convert("L")
    if scale != 1.0:
        gray = gray.resize(
            (max(1, round(width * scale)), max(1, round(height * scale))), Image.Resampling.LANCZOS
        )
    if purpose == "scan":
        gray = remove_rules(gray)
    angle = estimate_skew(gray) if purpose == "photo" else 0.0
    if abs(angle) < MIN_DESKEW_DEGREES:
        angle = 0.0
    if angle:
        gray = gray.rotate(angle, Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    return _Prepared(gray, scale, angle, (width, height))


def _needs_preparation(path: Path, config: Config, purpose: Purpose) -> bool:
    """False when tesseract can be given the file itself (the fast path)."""
    with Image.open(path) as probe:
        if probe.format not in _LEPTONICA_FORMATS or probe.mode not in ("RGB", "L"):
            return True
        if probe.getexif().get(0x0112, 1) != 1:
            return True
        width, height = probe.size
    cap = TESSERACT_PHOTO_PIXELS if purpose == "photo" else config.limits.max_ocr_pixels
    return width * height > min(cap, config.limits.max_ocr_pixels) or max(width, height) < 1000


def _languages(config: Config, purpose: Purpose) -> str:
    """Tesseract languages for a purpose: `ocr.photo_languages` or `ocr.languages`."""
    return config.ocr.photo_languages if purpose == "photo" else config.ocr.languages


def _read_with_tesseract(
    path: Path, config: Config, purpose: Purpose, chosen: OcrEngine
) -> PageText:
    image = open_image(path, config)
    prepared = _prepare_for_tesseract(image, config, purpose)
    if (
        purpose == "photo"
        and not prepared.angle
        and prepared.scale == 1.0
        and not _needs_preparation(path, config, purpose)
    ):
        page = chosen.read(path, config=config, languages=_languages(config, purpose))
        return attrs.evolve(page, width=image.width, height=image.height)
    with tempfile.TemporaryDirectory(prefix="consistency-ocr-") as tmp:
        # A file keeps pytesseract from re-encoding; PNG level 1 is fast and lossless.
        work = Path(tmp) / "page.png"
        prepared.image.save(work, compress_level=1)
        page = chosen.read(work, config=config, languages=_languages(config, purpose))
    return _map_back(page, prepared)


def _map_back(page: PageText, prepared: _Prepared) -> PageText:
    lines = [
        Line(
            tuple(Word(w.text, prepared.to_original(w.bbox), w.confidence) for w in line.words),
            line.page,
        )
        for line in page.lines
    ]
    ow, oh = prepared.original_size
    return PageText(page.page, ow, oh, lines, page.engine)


def _engine_for(purpose: Purpose, config: Config, engine_name: str | None) -> OcrEngine:
    names = config.ocr.photo_engines if purpose == "photo" else config.ocr.scan_engines
    name = engine_name or (names[0] if names else "tesseract")
    chosen = engine(name)
    if isinstance(chosen, TesseractEngine) and purpose == "scan":
        chosen = TesseractEngine(psm=3)
    return chosen


def ocr_image(
    path: Path, config: Config, purpose: Purpose, *, engine_name: str | None = None
) -> PageText:
    """OCR a photo or an image of a document, cached; boxes in original image pixels.

    `engine_name` defaults to the first engine configured for the purpose
    (`ocr.photo_engines` / `ocr.scan_engines`).  Unreadable images raise
    `DocumentError`; a missing tesseract raises `EnvironmentProblem`.
    """
    chosen = _engine_for(purpose, config, engine_name)
    params = {
        "prep": PREPARATION_VERSION,
        "purpose": purpose,
        "languages": _languages(config, purpose),
        "psm": getattr(chosen, "psm", None),
        "max_ocr_pixels": config.limits.max_ocr_pixels,
    }

    def compute() -> PageText:
        try:
            if isinstance(chosen, TesseractEngine):
                return _read_with_tesseract(path, config, purpose, chosen)
            image = open_image(path, config)
            return chosen.read(image, config=config, languages=_languages(config, purpose))
        except DocumentError as exc:
            if exc.file != str(path):
                raise DocumentError(str(path), exc.reason, limit=exc.limit) from None
            raise

    if not path.is_file():
        raise DocumentError(str(path), "file not found")
    return ocr_cache.cached_page(config, path, chosen.name, chosen.version(), params, compute)


# --------------------------------------------------------------------------- scanned PDFs


def render_pdf_page(path: Path, page_number: int, dpi: int) -> tuple[Image.Image, float, float]:
    """Render one 1-based page in grayscale; returns (image, width_pt, height_pt)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise DocumentError(str(path), f"cannot open the PDF: {exc}") from None
    try:
        if not 1 <= page_number <= len(pdf):
            raise DocumentError(str(path), f"has no page {page_number} ({len(pdf)} pages)")
        page = pdf[page_number - 1]
        width_pt, height_pt = page.get_size()
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        image = bitmap.to_pil().convert("L")
        page.close()
    finally:
        pdf.close()
    return image, float(width_pt), float(height_pt)


def ocr_pdf_page(path: Path, page_number: int, config: Config) -> PageText:
    """OCR one page of a scanned PDF with `ocr.scan_engines[0]`, boxes in PDF points.

    The page is rendered at `ocr.scan_dpi`; word boxes are converted back to points
    (top-left origin, like pdfplumber) so that geometry from a text layer and from OCR
    can be mixed.  Cached by file content, page, dpi and engine.
    """
    chosen = _engine_for("scan", config, None)
    dpi = config.ocr.scan_dpi
    params = {
        "prep": PREPARATION_VERSION,
        "pdf_page": page_number,
        "dpi": dpi,
        "languages": config.ocr.languages,
        "psm": getattr(chosen, "psm", None),
    }

    def compute() -> PageText:
        image, width_pt, height_pt = render_pdf_page(path, page_number, dpi)
        pixels = image.width * image.height
        if pixels > config.limits.max_ocr_pixels:
            factor = math.sqrt(config.limits.max_ocr_pixels / pixels)
            image = image.resize(
                (int(image.width * factor), int(image.height * factor)), Image.Resampling.LANCZOS
            )
        if isinstance(chosen, TesseractEngine):
            image = remove_rules(image)
            with tempfile.TemporaryDirectory(prefix="consistency-ocr-") as tmp:
                work = Path(tmp) / "page.png"
                image.save(work, compress_level=1)
                page = chosen.read(work, config=config, languages=config.ocr.languages)
        else:
            page = chosen.read(image, config=config, languages=config.ocr.languages)
        sx = width_pt / image.width
        sy = height_pt / image.height
        lines = [
            Line(
                tuple(
                    Word(
                        w.text,
                        BBox(w.bbox.x0 * sx, w.bbox.top * sy, w.bbox.x1 * sx, w.bbox.bottom * sy),
                        w.confidence,
                    )
                    for w in line.words
                ),
                page_number,
            )
            for line in page.lines
        ]
        return PageText(page_number, width_pt, height_pt, lines, page.engine)

    if not path.is_file():
        raise DocumentError(str(path), "file not found")
    try:
        return ocr_cache.cached_page(config, path, chosen.name, chosen.version(), params, compute)
    except DocumentError as exc:
        if exc.file != str(path):
            raise DocumentError(str(path), exc.reason, limit=exc.limit) from None
        raise


def small_text_share(page: PageText) -> float:
    """Share of words shorter than `MIN_TEXT_PX` (read, but likely misread)."""
    words = [w for line in page.lines for w in line.words]
    if not words:
        return 0.0
    return sum(1 for w in words if w.bbox.bottom - w.bbox.top < MIN_TEXT_PX) / len(words)
