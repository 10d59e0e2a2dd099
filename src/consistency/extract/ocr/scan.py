"""Whole images through one engine: scanned PDF pages and images of documents.

- `ocr_image(path, config, purpose)` reads an image of a certificate or report
  (`purpose="scan"`), or a whole photo without the photo stages (`purpose="photo"`);
- `ocr_pdf_page(path, page_number, config)` reads one page of a scanned PDF, with word
  boxes in PDF points so that they line up with pdfplumber's.

Photos of packaging and labels go through the explicit stages of
`consistency.extract.photo` instead (detect once, read only the text regions).
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

from PIL import Image

from consistency.config import Config
from consistency.errors import DocumentError
from consistency.extract.ocr import cache as ocr_cache
from consistency.extract.ocr import second
from consistency.extract.ocr.deskew import deskew
from consistency.extract.ocr.dots import remove_leader_dots
from consistency.extract.ocr.engine import OcrEngine, Purpose, engine
from consistency.extract.ocr.images import open_image, render_pdf_page
from consistency.extract.ocr.leaders import drop_leader_reads
from consistency.extract.ocr.lighting import flatten_lighting
from consistency.extract.ocr.punctuation import mend_punctuation
from consistency.extract.ocr.rulings import remove_rules
from consistency.model import BBox
from consistency.words import Line, PageText, Word

#: Small images (screenshots, crops) carry small text: below this long side they are
#: doubled, because engines want ~20-30 px text.
SMALL_IMAGE_PX = 1000
#: Bump when preparation (scaling, deskew, rule removal) changes: part of every cache key.
PREPARATION_VERSION = 16


def languages_for(config: Config, purpose: Purpose) -> str:
    """Tesseract languages for a purpose: `ocr.photo_languages` or `ocr.languages`."""
    return config.ocr.photo_languages if purpose == "photo" else config.ocr.languages


def engine_for(purpose: Purpose, config: Config, engine_name: str | None = None) -> OcrEngine:
    """The engine named, else the first configured for the purpose, set up for it."""
    names = config.ocr.photo_engines if purpose == "photo" else config.ocr.scan_engines
    name = engine_name or (names[0] if names else "tesseract")
    return engine(name).for_purpose(purpose)


def _prepare(image: Image.Image, config: Config, purpose: Purpose) -> tuple[Image.Image, float]:
    """Grey, scaled to a size engines read well; scans straightened, table rules removed."""
    width, height = image.size
    pixels = width * height
    scale = 1.0
    if pixels > config.limits.max_ocr_pixels:
        scale = math.sqrt(config.limits.max_ocr_pixels / pixels)
    elif max(width, height) < SMALL_IMAGE_PX:
        scale = 2.0
    grey = image.convert("L")
    if scale != 1.0:
        grey = grey.resize(
            (max(1, round(width * scale)), max(1, round(height * scale))), Image.Resampling.LANCZOS
        )
    if purpose == "scan":
        grey = _straightened(grey)
    return grey, scale


def _straightened(grey: Image.Image) -> Image.Image:
    """A scanned page with even lighting, turned straight, its rules and leaders removed.

    In this order: shading would pass for ink in the skew estimate and for rules, and a
    skewed rule is no long straight run.
    """
    straight, _ = deskew(flatten_lighting(grey))
    return remove_leader_dots(remove_rules(straight))


def _tidied(page: PageText) -> PageText:
    """A scanned page's OCR without leader reads, with its label punctuation mended."""
    return mend_punctuation(drop_leader_reads(page))


def _read_prepared(
    chosen: OcrEngine, image: Image.Image, config: Config, languages: str
) -> PageText:
    with tempfile.TemporaryDirectory(prefix="consistency-ocr-") as tmp:
        # A file keeps pytesseract from re-encoding; PNG level 1 is fast and lossless.
        work = Path(tmp) / "page.png"
        image.save(work, compress_level=1)
        return chosen.read(work, config=config, languages=languages)


def _scaled(
    page: PageText, sx: float, sy: float, width: float, height: float, number: int
) -> PageText:
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
            number,
        )
        for line in page.lines
    ]
    return PageText(number, width, height, lines, page.engine)


def _renamed(exc: DocumentError, path: Path) -> DocumentError:
    """The error naming the user's file, not a temporary one."""
    if exc.file != str(path):
        return DocumentError(str(path), exc.reason, limit=exc.limit)
    return exc


def ocr_image(
    path: Path, config: Config, purpose: Purpose, *, engine_name: str | None = None
) -> PageText:
    """OCR a whole image, cached; boxes in pixels of the image as displayed (EXIF applied).

    `engine_name` defaults to the first engine configured for the purpose
    (`ocr.photo_engines` / `ocr.scan_engines`).  Unreadable images raise
    `DocumentError`; a missing tesseract raises `EnvironmentProblem`.
    """
    chosen = engine_for(purpose, config, engine_name)
    languages = languages_for(config, purpose)
    params = {
        "prep": PREPARATION_VERSION,
        "purpose": purpose,
        "languages": languages,
        "max_ocr_pixels": config.limits.max_ocr_pixels,
        "second": second.identity(config) if purpose == "scan" else "",
    }

    def compute() -> PageText:
        try:
            image = open_image(path, config)
            prepared, scale = _prepare(image, config, purpose)
            page = _read_prepared(chosen, prepared, config, languages)
            if purpose == "scan":
                page = second.better_page(page, prepared, config)
        except DocumentError as exc:
            raise _renamed(exc, path) from None
        if purpose == "scan":
            page = _tidied(page)
        return _scaled(page, 1 / scale, 1 / scale, image.width, image.height, 1)

    if not path.is_file():
        raise DocumentError(str(path), "file not found")
    return ocr_cache.cached_page(config, path, chosen.name, chosen.identity(), params, compute)


def ocr_pdf_page(path: Path, page_number: int, config: Config) -> PageText:
    """OCR one page of a scanned PDF with `ocr.scan_engines[0]`, boxes in PDF points.

    The page is rendered at `ocr.scan_dpi` and straightened (`deskew`); word boxes are
    converted back to points (top-left origin, like pdfplumber) so that geometry from a
    text layer and from OCR can be mixed.  The boxes are those of the straightened page:
    a few degrees off the scan's pixels, but in rows as they were printed, which is what
    the label grammar pairs by.  Cached by file content, page, dpi and engine.
    """
    chosen = engine_for("scan", config)
    dpi = config.ocr.scan_dpi
    params = {
        "prep": PREPARATION_VERSION,
        "pdf_page": page_number,
        "dpi": dpi,
        "languages": config.ocr.languages,
        "second": second.identity(config),
    }

    def compute() -> PageText:
        image, width_pt, height_pt = render_pdf_page(path, page_number, dpi)
        pixels = image.width * image.height
        if pixels > config.limits.max_ocr_pixels:
            factor = math.sqrt(config.limits.max_ocr_pixels / pixels)
            image = image.resize(
                (int(image.width * factor), int(image.height * factor)), Image.Resampling.LANCZOS
            )
        straight = _straightened(image)
        page = _read_prepared(chosen, straight, config, config.ocr.languages)
        page = _tidied(second.better_page(page, straight, config))
        return _scaled(
            page, width_pt / image.width, height_pt / image.height, width_pt, height_pt, page_number
        )

    if not path.is_file():
        raise DocumentError(str(path), "file not found")
    try:
        return ocr_cache.cached_page(config, path, chosen.name, chosen.identity(), params, compute)
    except DocumentError as exc:
        raise _renamed(exc, path) from None
