"""Extractors for packaging and product-label photos (and label artwork PDFs).

A photo is OCR'd by the engines of `ocr.photo_engines`, in order, and its lines go
through the one shared label grammar (`consistency.fields.grammar.read_fields`) exactly
like a test report's.  On top of the grammar this module adds what only photos need:

- engine fall-through: when the first engine did not find a model number, or found it
  with a confidence under `thresholds.ocr_confidence`, the next engine reads the photo
  and the better result is kept, so a clear photo costs one tesseract pass and only a
  hard one pays for RapidOCR;
- the product name, which packaging prints as its largest line without a label;
- barcodes (EAN/UPC) as `Field.PRODUCT_ID`.

Values carry the engine's word confidence, a bounding box in pixels of the upright
image, and `page_size=(width, height)`.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

from consistency.config import Config
from consistency.errors import DocumentError
from consistency.extract import barcode, ocr
from consistency.fields import normalise
from consistency.model import Document, Evidence, Field, Kind, Role
from consistency.words import Line, PageText

#: Suffixes read as photos; anything else Pillow can open is read too.
PHOTO_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".bmp", ".gif", ".heic", ".heif"}
)

#: Electrical ratings and other spec lines that are never a product name.
_RATING = re.compile(
    r"\d\s*(?:-\s*\d+\s*)?(?:v|w|hz|a|mah|ah|kw|va|wh|°c|mm|cm|kg|g)\b|~|\d+\s*/\s*\d+\s*hz",
    re.I,
)
#: Warnings and instructions printed in big type on cartons.
_WARNING = re.compile(
    r"\b(?:warning|caution|danger|attention|keep|do not|don't|made in|product of|fragile|"
    r"this side up|handle with care|recycl\w*|contents?|includes?|www\.|https?:|"
    r"energy label|rating label)|警告|注意|小心|标识|標識",
    re.I,
)
#: A product name stands out: its line is at least this much taller than the median line.
_NAME_HEIGHT_RATIO = 1.3


def extract_packaging(document: Document, config: Config) -> list[Evidence]:
    """The registered extractor for packaging photos (box sides, cartons)."""
    return extract_label(document, config)


def extract_product(document: Document, config: Config) -> list[Evidence]:
    """The registered extractor for photos of the product's own rating label."""
    return extract_label(document, config)


def extract_label(document: Document, config: Config) -> list[Evidence]:
    """Every value on one photo or label-artwork PDF, main values first per field."""
    path = document.path
    if not path.is_file():
        raise DocumentError(str(path), "file not found")
    if _is_pdf(path):
        return _extract_artwork_pdf(document, config)
    if path.suffix.lower() in (".heic", ".heif"):
        _require_heif(path)
    image = ocr.open_image(path, config)
    result = read_photo(document, config)
    found = list(result.evidence)
    found += barcode.read_barcodes(
        image, [result.page], document=document, extractor=result.extractor
    )
    return found


def _evidence_tuple(values: Iterable[Evidence]) -> tuple[Evidence, ...]:
    return tuple(values)


@attrs.frozen
class PhotoReading:
    """What one engine read on a photo: its page of text and the evidence found in it."""

    engine: str
    page: PageText
    evidence: tuple[Evidence, ...] = attrs.field(converter=_evidence_tuple)

    @property
    def extractor(self) -> str:
        """The extractor name shown with every value (`image/tesseract`)."""
        return f"image/{self.engine}"

    def model(self) -> Evidence | None:
        """The main model number read, if any."""
        return next(
            (e for e in self.evidence if e.field == Field.MODEL_NUMBER and e.role == Role.MAIN),
            None,
        )

    def rank(self, config: Config, expected: frozenset[Field]) -> tuple[int, int, float]:
        """Sort key of a reading: a sure model, then expected fields found, then confidence."""
        model = self.model()
        threshold = config.thresholds.ocr_confidence / 100
        sure = int(model is not None and model.confidence >= threshold)
        fields = {e.field for e in self.evidence if e.role == Role.MAIN}
        return sure, len(fields & expected), model.confidence if model else 0.0


def read_photo(document: Document, config: Config) -> PhotoReading:
    """OCR a photo with the configured engines in order, stopping at the first sure read.

    The next engine is tried only when no model number was found, its confidence is
    under `thresholds.ocr_confidence`, or a field the source is expected to show
    (`expect`) is missing; of all readings the best ranked is returned.
    """
    engines = config.ocr.photo_engines or ("tesseract",)
    expected = config.expect.get(document.kind, frozenset({Field.MODEL_NUMBER}))
    threshold = config.thresholds.ocr_confidence / 100
    best: PhotoReading | None = None
    for name in engines:
        reading = read_with(document, config, name)
        if best is None or reading.rank(config, expected) > best.rank(config, expected):
            best = reading
        if _sure(best, expected, threshold):
            break
    assert best is not None
    if not _sure(best, expected, threshold):
        zoomed = _read_zoomed(document, config, best, engines, expected)
        if zoomed is not None and zoomed.rank(config, expected) > best.rank(config, expected):
            best = zoomed
    return best


def _read_zoomed(
    document: Document,
    config: Config,
    reading: PhotoReading,
    engines: Sequence[str],
    expected: frozenset[Field],
) -> PhotoReading | None:
    """Read again on a crop of where the text is, when the whole photo gave no model.

    A small label far from the camera holds text too small for either engine once the
    photo is scaled to the size they read well; cropped to the label, the same text is
    several times larger.  Boxes are mapped back to the whole photo.
    """
    import tempfile

    words = [w for line in reading.page.lines for w in line.words]
    if len(words) < 2 or not reading.page.width or not reading.page.height:
        return None
    x0 = min(w.bbox.x0 for w in words)
    top = min(w.bbox.top for w in words)
    x1 = max(w.bbox.x1 for w in words)
    bottom = max(w.bbox.bottom for w in words)
    width, height = reading.page.width, reading.page.height
    margin_x, margin_y = 0.15 * (x1 - x0) + 20, 0.15 * (bottom - top) + 20
    box = (
        max(0, int(x0 - margin_x)),
        max(0, int(top - margin_y)),
        min(int(width), int(x1 + margin_x)),
        min(int(height), int(bottom + margin_y)),
    )
    area = (box[2] - box[0]) * (box[3] - box[1])
    if area <= 0 or area > 0.6 * width * height:
        return None  # the text already fills the photo: zooming gains nothing
    image = ocr.open_image(document.path, config)
    crop = image.crop(box)
    best: PhotoReading | None = None
    threshold = config.thresholds.ocr_confidence / 100
    with tempfile.TemporaryDirectory(prefix="consistency-zoom-") as tmp:
        crop_path = Path(tmp) / "label.png"
        crop.save(crop_path, compress_level=1)
        crop_doc = Document(crop_path, document.kind)
        for name in engines:
            found = read_with(crop_doc, config, name)
            if best is None or found.rank(config, expected) > best.rank(config, expected):
                best = found
            if _sure(best, expected, threshold):
                break
    if best is None:
        return None
    dx, dy = float(box[0]), float(box[1])
    moved = tuple(
        attrs.evolve(
            e,
            file=str(document.path),
            page_size=(width, height),
            bbox=(
                attrs.evolve(
                    e.bbox,
                    x0=e.bbox.x0 + dx,
                    x1=e.bbox.x1 + dx,
                    top=e.bbox.top + dy,
                    bottom=e.bbox.bottom + dy,
                )
                if e.bbox
                else None
            ),
            note=(e.note + "; " if e.note else "") + "read on a crop of the label",
        )
        for e in best.evidence
    )
    return PhotoReading(best.engine, reading.page, moved)


def _sure(reading: PhotoReading, expected: frozenset[Field], threshold: float) -> bool:
    """True when a reading needs no second engine: a confident model and every expected field.

    A missing expected field (no manufacturer on a packaging photo) is worth a second
    engine: reported as `missing`, it would ask the seller for a fix they may not need.
    """
    model = reading.model()
    if model is None or model.confidence < threshold:
        return False
    found = {e.field for e in reading.evidence if e.role == Role.MAIN}
    return expected <= found


def read_with(document: Document, config: Config, engine_name: str) -> PhotoReading:
    """One engine's reading of a photo: grammar fields plus the unlabelled product name."""
    from consistency.fields.grammar import read_fields

    page = ocr.ocr_image(document.path, config, "photo", engine_name=engine_name)
    extractor = f"image/{engine_name}"
    evidence = [
        attrs.evolve(e, page=None)
        for e in read_fields([page], document=document, extractor=extractor)
    ]
    # Only packaging prints a headline product name; on a rating label the largest line
    # is a brand or the label's own title ("中国能效标识"), which would only be noise.
    if (
        document.kind == Kind.PACKAGING
        and any(e.field == Field.MODEL_NUMBER for e in evidence)
        and not any(e.field == Field.PRODUCT_NAME and e.role == Role.MAIN for e in evidence)
    ):
        name = product_name_line(page, evidence)
        # An unlabelled guess is only worth comparing when it reads as words: a logo
        # misread as "ill" would raise a false product-name mismatch.
        if (
            name is not None
            and name.confidence >= 0.75
            and sum(ch.isalpha() for ch in name.text) >= 4
            and any(len(w.text) >= 4 and w.text.isalpha() for w in name.words)
        ):
            evidence.append(_name_evidence(name, page, document, extractor))
    return PhotoReading(engine_name, page, evidence)


def _name_evidence(line: Line, page: PageText, document: Document, extractor: str) -> Evidence:
    raw = line.text.strip()
    return Evidence(
        field=Field.PRODUCT_NAME,
        raw=raw,
        normalised=normalise(Field.PRODUCT_NAME, raw),
        source=document.kind,
        file=str(document.path),
        extractor=extractor,
        page=None,
        bbox=line.bbox,
        label=None,
        confidence=line.confidence,
        role=Role.MAIN,
        page_size=(page.width, page.height),
        note="the largest unlabelled line of the photo",
        how_read=page.how_read,
    )


def _line_height(line: Line) -> float:
    """The median word height: robust to one tall glyph or a skewed line's bbox."""
    return statistics.median(w.bbox.bottom - w.bbox.top for w in line.words)


def _is_label_line(line: Line) -> bool:
    from consistency.fields.vocabulary import classify

    text = line.text
    head = re.split(r"[:：]", text, maxsplit=1)[0]
    if head != text:
        return True
    words = text.split()
    # A label may start a line without a colon ("MOD. PB-350Z", "Type XK-1").
    return any(classify(" ".join(words[:n])) is not None for n in (1, 2, 3) if n <= len(words))


def product_name_line(page: PageText, evidence: Sequence[Evidence] = ()) -> Line | None:
    """The line that is the product name: the tallest plain-words line, if one stands out.

    Skipped: label lines, lines holding a value already read, ratings
    (`220-240V~ 50Hz`), warnings, lines that are mostly digits or low-confidence.
    None when no line is clearly taller than the rest (a uniform rating label has no
    headline, and guessing would only add noise).
    """
    lines = [line for line in page.lines if line.words]
    if len(lines) < 2:
        return None
    median = statistics.median(_line_height(line) for line in lines)
    used = [e.bbox for e in evidence if e.bbox is not None]
    candidates = []
    for line in lines:
        text = line.text.strip()
        letters = sum(ch.isalpha() for ch in text)
        if letters < 3 or letters < 0.6 * len(text.replace(" ", "")):
            continue
        if line.confidence < 0.5 or _RATING.search(text) or _WARNING.search(text):
            continue
        if _is_label_line(line) or any(_overlaps(line.bbox, box) for box in used):
            continue
        candidates.append(line)
    if not candidates:
        return None
    best = max(candidates, key=_line_height)
    if _line_height(best) < _NAME_HEIGHT_RATIO * median:
        return None
    # A short all-capitals word as tall as the rest is usually the brand; prefer a
    # multi-word line of comparable size just under or over it.
    if len(best.words) == 1 and best.text.isupper():
        peers = [
            c
            for c in candidates
            if c is not best and len(c.words) > 1 and _line_height(c) >= 0.75 * _line_height(best)
        ]
        if peers:
            best = max(peers, key=_line_height)
    return best


def _overlaps(a: object, b: object) -> bool:
    from consistency.model import BBox

    assert isinstance(a, BBox) and isinstance(b, BBox)
    return a.x0 < b.x1 and b.x0 < a.x1 and a.top < b.bottom and b.top < a.bottom


def _is_pdf(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(1024).lstrip().startswith(b"%PDF")


def _require_heif(path: Path) -> None:
    """HEIC photos need the pillow-heif plugin; say so instead of 'not an image'."""
    try:
        from pillow_heif import register_heif_opener  # type: ignore[import-not-found]
    except ImportError:
        raise DocumentError(
            path.name,
            "HEIC/HEIF photos need the pillow-heif package (pip install pillow-heif), "
            "or export the photo as JPEG",
        ) from None
    register_heif_opener()


def _extract_artwork_pdf(document: Document, config: Config) -> list[Evidence]:
    """Label artwork delivered as a PDF: its text layer (OCR when it has none)."""
    from consistency.fields.grammar import read_fields

    pages = _artwork_pages(document.path, config)
    engines = "+".join(sorted({p.engine for p in pages})) or "pdfplumber"
    extractor = f"image/{engines}"
    evidence = read_fields(pages, document=document, extractor=extractor)
    if (
        pages
        and document.kind == Kind.PACKAGING
        and any(e.field == Field.MODEL_NUMBER for e in evidence)
        and not any(e.field == Field.PRODUCT_NAME for e in evidence)
    ):
        line = product_name_line(pages[0], evidence)
        if line is not None:
            evidence.append(
                attrs.evolve(
                    _name_evidence(line, pages[0], document, extractor), page=pages[0].page
                )
            )
    return evidence


def _artwork_pages(path: Path, config: Config) -> list[PageText]:
    try:
        from consistency.extract.pdf import pdf_pages
    except ImportError:  # the PDF extractor is optional for label artwork
        return _plumber_pages(path, config)
    return pdf_pages(path, config)


def _plumber_pages(path: Path, config: Config) -> list[PageText]:
    """A minimal pdfplumber reading (words grouped into lines), OCR for pages without text."""
    import pdfplumber

    from consistency.model import BBox
    from consistency.words import Word, group_lines

    pages: list[PageText] = []
    try:
        with pdfplumber.open(path) as pdf:
            for number, page in enumerate(pdf.pages[: config.limits.max_pages], start=1):
                words = [
                    Word(w["text"], BBox(w["x0"], w["top"], w["x1"], w["bottom"]))
                    for w in page.extract_words()
                ]
                if words:
                    pages.append(
                        PageText(
                            number,
                            float(page.width),
                            float(page.height),
                            group_lines(words, number),
                            "pdfplumber",
                        )
                    )
                else:
                    pages.append(ocr.ocr_pdf_page(path, number, config))
    except DocumentError:
        raise
    except Exception as exc:  # pdfminer raises many types for damaged files
        raise DocumentError(str(path), f"cannot read the PDF: {exc}") from None
    return pages
