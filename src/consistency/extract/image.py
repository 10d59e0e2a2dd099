"""Extractors for packaging and product-label photos (and label artwork PDFs).

A photo is read by the explicit stages of `consistency.extract.photo` (detect once,
orient, deskew, recognise only the text regions, group lines in the level frame), and
its lines go through the one shared label grammar
(`consistency.fields.grammar.read_fields`) exactly like a test report's.  On top of the
grammar this module adds what only photos need: the unlabelled product name
(`photo.product_name`) and barcodes (EAN/UPC) as `Field.PRODUCT_ID`.

The extractors return a `Reading`: the evidence (boxes in pixels of the photo as
displayed, `page=None`, `page_size=(width, height)`), the photo's text lines, its
`doc_type` ("packaging" or "label") and `confidence`, how well its text regions were
read, so that a photo read badly is "unread", never "does not show the model".
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from pathlib import Path

import attrs

from consistency.config import Config
from consistency.errors import DocumentError
from consistency.extract.ocr import ocr_pdf_page
from consistency.extract.photo import barcode, unlabelled
from consistency.extract.photo.aligned import prefer_aligned_below
from consistency.extract.photo.frame import Frame
from consistency.extract.photo.mending import respaced_company, without_misread_label
from consistency.extract.photo.named_model import named_model_evidence
from consistency.extract.photo.product_name import MARKS, name_lines, spaced_name
from consistency.extract.photo.reader import PhotoText, read_photo_text
from consistency.fields import normalise
from consistency.fields.grammar import read_fields
from consistency.fields.product_types import mend_ocr_words, product_type
from consistency.fields.values import company_like
from consistency.model import (
    BBox,
    Document,
    Evidence,
    Field,
    HowRead,
    Kind,
    Reading,
    Role,
    TextLine,
)
from consistency.words import Line, PageText, Word, group_lines

#: How far under the OCR threshold an unlabelled code's confidence is capped.
_UNDER_THRESHOLD = 0.01

#: Share of odd words (fragments, inner capitals, stray digits) that makes a name noise.
GARBLED_SHARE = 0.5

#: Suffixes read as photos; anything else Pillow can open is read too.
PHOTO_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".bmp", ".gif", ".heic", ".heif"}
)


def doc_type(document: Document) -> str:
    """What a photo shows: "packaging" for a box, "label" for the product's rating label."""
    return "packaging" if document.kind == Kind.PACKAGING else "label"


def extract_packaging(document: Document, config: Config) -> Reading:
    """The registered extractor for packaging photos (box sides, cartons)."""
    return extract_label(document, config)


def extract_product(document: Document, config: Config) -> Reading:
    """The registered extractor for photos of the product's own rating label."""
    return extract_label(document, config)


@attrs.frozen
class PhotoResult:
    """A photo's `Reading` with what the stages measured (for benchmarks and `--debug`)."""

    reading: Reading
    photo: PhotoText
    fields_seconds: float


def extract_label(document: Document, config: Config) -> Reading:
    """Every value on one photo or label-artwork PDF, main values first per field."""
    path = document.path
    if not path.is_file():
        raise DocumentError(str(path), "file not found")
    if _is_pdf(path):
        return _extract_artwork_pdf(document, config)
    return read_photo(document, config).reading


def read_photo(
    document: Document, config: Config, *, engine_name: str | None = None
) -> PhotoResult:
    """Read one photo through the stages, then its fields; timings kept for benchmarks."""
    path = document.path
    if path.suffix.lower() in (".heic", ".heif"):
        _require_heif(path)
    photo = read_photo_text(path, config, engine_name=engine_name)
    start = time.perf_counter()
    page = photo.page
    extractor = f"image/{page.engine}"
    evidence = read_fields([page], document=document, extractor=extractor)
    evidence = with_unlabelled(page, evidence, document, extractor, config)
    gtins = barcode.read_gtins(
        photo.bars, (_in_photo_frame(line, photo.frame) for line in page.lines)
    )
    size = photo.frame.photo_size
    found = [_to_photo(e, photo.frame) for e in evidence] + barcode.barcode_evidence(
        gtins, document=document, extractor=extractor, page_size=size
    )
    lines = [
        TextLine(line.text, None, photo.frame.to_photo(line.bbox), HowRead.OCR, line.confidence)
        for line in page.lines
    ]
    reading = Reading(
        document,
        found,
        lines,
        doc_type(document),
        confidence=photo.confidence if photo.confidence is not None else 0.0,
    )
    return PhotoResult(reading, photo, time.perf_counter() - start)


def with_unlabelled(
    page: PageText,
    evidence: Sequence[Evidence],
    document: Document,
    extractor: str,
    config: Config,
) -> list[Evidence]:
    """The grammar's evidence plus what the photo prints without a label it read.

    A model code and a maker line are proposed only where no labelled one was read
    (`photo.unlabelled`); a company line the grammar took whole is replaced by its
    company.  The headline is the product name only where no name was labelled, and on
    a photo that shows no identity only when it names a product type the lexicon knows
    (a carton with a logo alone yields no guessed name).
    """
    kept = prefer_aligned_below(page, [e for e in evidence if not _only_marks(e)])
    kept += named_model_evidence(page, kept, document, extractor)
    out = [_doubted(e, config) for e in kept]
    # Capped under the OCR threshold: a code whose label was not read may confirm the
    # reference, or leave the field unverified, never raise a mismatch alone.
    ceiling = config.thresholds.ocr_confidence / 100 - _UNDER_THRESHOLD
    for line, code, head in unlabelled.model_codes(page, kept)[:1]:
        out.append(
            unlabelled.code_evidence(
                line,
                code,
                head,
                page=page,
                document=document,
                extractor=extractor,
                ceiling=ceiling,
            )
        )
    makers = unlabelled.maker_lines(page, kept)
    if makers:
        out = [e for e in out if not (e.field == Field.MANUFACTURER and e.relation == "unlabelled")]
    for index, (line, company) in enumerate(makers):
        role = Role.MAIN if index == 0 else Role.ALTERNATE
        out.append(
            unlabelled.maker_evidence(
                line, company, role, page=page, document=document, extractor=extractor
            )
        )
    wordmark = unlabelled.wordmark_maker(page, out)
    if wordmark is not None:
        # Capped like an unlabelled code: a brand may sign a plate its maker did not.
        out.append(
            unlabelled.unlabelled_evidence(
                Field.MANUFACTURER,
                wordmark[1],
                wordmark[0],
                page=page,
                document=document,
                extractor=extractor,
                note="a wordmark over 'Made in', no label",
                confidence=min(wordmark[0].confidence, ceiling),
            )
        )
    identity = any(e.field in (Field.MODEL_NUMBER, Field.MANUFACTURER) for e in out)
    if not any(e.field == Field.PRODUCT_NAME for e in out):
        main_taken = False
        for line in name_lines(page, out):
            name = spaced_name(line.text.strip())
            if page.how_read == HowRead.OCR:
                name = mend_ocr_words(name)
            known = product_type(name) is not None
            if not (identity or known):
                # A box that shows no identity names its product only in words the
                # lexicon knows ("ZigBee Bridge" under the brand); anything else is a guess.
                continue
            # An unlabelled headline that names no product type we know ("Straightening
            # lron" as OCR read it, a brand's slogan) cannot be compared: kept as a weaker
            # reading, so it never turns a verified name into "unverified".
            main = not main_taken and known
            main_taken = main_taken or main
            role = Role.MAIN if main else Role.ALTERNATE
            out.append(
                unlabelled.unlabelled_evidence(
                    Field.PRODUCT_NAME,
                    name,
                    line,
                    page=page,
                    document=document,
                    extractor=extractor,
                    note="the headline of the photo, unlabelled",
                    role=role,
                )
            )
    return out


def _only_marks(evidence: Evidence) -> bool:
    """A value made of certification marks ("CE UKCA RoHS" under an empty "Made by:")."""
    words = evidence.raw.replace(",", " ").split()
    return bool(words) and all(w.upper().strip(".;") in MARKS for w in words)


def _doubted(evidence: Evidence, config: Config) -> Evidence:
    """A value mended of what OCR did to it, or marked as read in doubt.

    A maker loses a misread label glued before it (`生产老名标广东美的...`) and gets back
    the spaces OCR lost (`ShenzhenSonoffTechnologiesCo.,Ltd.`).  A model read with an
    unbalanced bracket ("YM 221)" for YM221J) is read in doubt: a stray bracket is a
    glyph OCR misread, not the model's, so the value can confirm the reference or leave
    the field unverified, never raise a mismatch alone.
    """
    raw = evidence.raw
    ceiling = config.thresholds.ocr_confidence / 100 - _UNDER_THRESHOLD
    if evidence.field == Field.MANUFACTURER:
        mended = without_misread_label(raw)
        if evidence.how_read == HowRead.OCR:
            mended = respaced_company(mended)
        if mended != raw:
            raw = mended
            evidence = attrs.evolve(
                evidence, raw=raw, normalised=normalise(Field.MANUFACTURER, raw)
            )
        head, colon, tail = raw.rpartition(":")
        if colon and company_like(tail) and not company_like(head) and len(head.split()) <= 2:
            # A misread label left before the name ("fill jcif§: Zhongshan Weike ... Limited").
            raw = tail.strip()
            evidence = attrs.evolve(
                evidence, raw=raw, normalised=normalise(Field.MANUFACTURER, raw)
            )
        if not company_like(raw) and _garbled(raw):
            return attrs.evolve(
                evidence,
                confidence=min(evidence.confidence, ceiling),
                note="words OCR made of another script or of noise: read in doubt",
            )
        return evidence
    if evidence.field != Field.MODEL_NUMBER or raw.count("(") == raw.count(")"):
        return evidence
    return attrs.evolve(
        evidence,
        confidence=min(evidence.confidence, ceiling),
        note="an unbalanced bracket: a glyph read in doubt",
    )


def _garbled(name: str) -> bool:
    """True for a name OCR made of noise or of another script ("MN Th eine sER SARA RE 5)").

    Names are words; noise is short fragments, capitals inside lower case, stray digits
    and brackets.  Half of the words odd is noise.
    """
    words = [w for w in name.split() if any(ch.isalnum() for ch in w)]
    odd = [
        w
        for w in words
        if len(w.strip(".,&")) <= 2
        or re.search(r"[a-z][A-Z]", w)
        or re.search(r"[\d()\[\]{}§|]", w)
    ]
    return len(words) >= 2 and len(odd) >= GARBLED_SHARE * len(words)


def _in_photo_frame(line: Line, frame: Frame) -> Line:
    """A level-frame line with its word boxes in the photo frame (for barcode digits)."""
    return Line(
        tuple(Word(w.text, frame.to_photo(w.bbox), w.confidence) for w in line.words), line.page
    )


def _to_photo(evidence: Evidence, frame: Frame) -> Evidence:
    """Evidence of the level frame with its box in photo pixels, no page, the photo's size."""
    return attrs.evolve(
        evidence,
        page=None,
        bbox=frame.to_photo(evidence.bbox) if evidence.bbox is not None else None,
        page_size=frame.photo_size,
    )


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


def _extract_artwork_pdf(document: Document, config: Config) -> Reading:
    """Label artwork delivered as a PDF: its text layer (OCR when it has none)."""
    pages = _artwork_pages(document.path, config)
    engines = "+".join(sorted({p.engine for p in pages})) or "pdfplumber"
    extractor = f"image/{engines}"
    evidence = read_fields(pages, document=document, extractor=extractor)
    if pages:
        evidence = with_unlabelled(pages[0], evidence, document, extractor, config)
    lines = [
        TextLine(line.text, page.page, line.bbox, page.how_read, line.confidence)
        for page in pages
        for line in page.lines
    ]
    ocr_words = [w for p in pages if p.how_read == HowRead.OCR for ln in p.lines for w in ln.words]
    confidence = sum(w.confidence for w in ocr_words) / len(ocr_words) if ocr_words else 1.0
    return Reading(
        document, evidence, lines, doc_type(document), pages=len(pages), confidence=confidence
    )


def _artwork_pages(path: Path, config: Config) -> list[PageText]:
    """A minimal pdfplumber reading (words grouped into lines), OCR for pages without text.

    Label artwork is one or two pages of vector text: the report extractor's page
    choice (identity pages, headers) has nothing to choose from here.
    """
    import pdfplumber

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
                    pages.append(ocr_pdf_page(path, number, config))
    except DocumentError:
        raise
    except Exception as exc:  # pdfminer raises many types for damaged files
        raise DocumentError(str(path), f"cannot read the PDF: {exc}") from None
    return pages
