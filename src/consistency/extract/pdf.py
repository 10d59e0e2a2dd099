"""Test reports: PDFs with a text layer (pdfplumber), without one (OCR), or images.

Only the pages needed to find the identity are read: pages are parsed in order and
reading stops after the page on which product name, model and manufacturer have all
been found (a 120-page report costs a few pages).  A page whose text layer pdfminer
cannot decode (`(cid:12)` glyph soup, no text) falls back to pypdfium2's text, then OCR.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from consistency.config import Config
from consistency.errors import DocumentError
from consistency.extract.sniff import sniff
from consistency.fields.grammar import (
    Candidate,
    find_candidates,
    identity_complete,
    read_fields,
    table_candidates,
)
from consistency.fields.vocabulary import LabelClass
from consistency.model import BBox, Document, Evidence
from consistency.words import Line, PageText, Word, group_lines, lines_from_text

#: Share of `(cid:N)` glyphs above which a text layer is treated as undecodable.
_CID_LIMIT = 0.05
_CID = re.compile(r"\(cid:\d+\)")
_IDENTITY = {
    LabelClass.PRODUCT_NAME,
    LabelClass.MODEL_NUMBER,
    LabelClass.MANUFACTURER,
    LabelClass.APPLICANT,
}


@attrs.frozen
class PdfReadStats:
    """What reading a PDF cost: for benchmarks and `--debug` output."""

    pages_total: int
    pages_read: int
    engines: tuple[str, ...]


def _open_pdf(path: Path) -> object:
    import pdfplumber

    try:
        return pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many unrelated types on broken files
        name = type(exc).__name__
        if (
            "Password" in name
            or "Encrypt" in name
            or "encrypt" in str(exc).lower()
            or "Password" in repr(exc.args)
        ):
            raise DocumentError(
                str(path),
                "the PDF is encrypted (password protected); "
                "export an unprotected copy from the lab's portal",
            ) from None
        raise DocumentError(
            str(path),
            f"the PDF cannot be opened ({name}: {exc}); "
            "it may be truncated or corrupt — download it again",
        ) from None


def _image_coverage(page: object) -> float:
    """Share of the page covered by its largest image, for pages that look scanned.

    A scan is one page-sized image (a few at most); born-digital reports that draw a
    page-sized background or template image carry many more images.
    """
    try:
        images = page.images  # type: ignore[attr-defined]
        area = float(page.width) * float(page.height)  # type: ignore[attr-defined]
    except Exception:
        return 0.0
    if len(images) > 4:
        return 0.0
    best = 0.0
    for image in images:
        width = abs(float(image["x1"]) - float(image["x0"]))
        height = abs(float(image["bottom"]) - float(image["top"]))
        best = max(best, width * height / area if area else 0.0)
    return best


_WORDLIKE = re.compile(r"^[A-Za-z][a-z]+[.,:;)]?$|^[A-Z]{2,}[.,:;)]?$|^[\d.,:/()%-]+$")


def layer_quality(page_text: PageText) -> float:
    """Share of tokens that look like words or numbers: an OCR layer's noise lowers it.

    Scanners' own OCR leaves tokens like `Typc`, `!redpito!do`, `taclOly`; a sound layer
    is mostly clean words.
    """
    tokens = [w.text for line in page_text.lines for w in line.words]
    if not tokens:
        return 0.0
    return sum(bool(_WORDLIKE.match(t)) for t in tokens) / len(tokens)


@attrs.frozen
class _Table:
    """A ruled table's cells as (text, words) rows, and its box to keep lines out of it."""

    bbox: BBox
    rows: tuple[tuple[tuple[str, tuple[Word, ...]], ...], ...]


def _tables(page: object, words: list[Word]) -> list[_Table]:
    """Ruled tables on a page (pdfplumber's line-based detection)."""
    try:
        found = page.find_tables()  # type: ignore[attr-defined]
    except Exception:
        return []
    tables: list[_Table] = []
    for table in found:
        x0, top, x1, bottom = (float(v) for v in table.bbox)
        rows = []
        for row in table.rows:
            cells = []
            for cell in row.cells:
                if cell is None:
                    continue
                cx0, ctop, cx1, cbottom = (float(v) for v in cell)
                inside = tuple(
                    w
                    for w in words
                    if w.bbox.x0 >= cx0 - 1
                    and w.bbox.x1 <= cx1 + 1
                    and w.bbox.top >= ctop - 1
                    and w.bbox.bottom <= cbottom + 1
                )
                text = "\n".join(line.text for line in group_lines(inside))
                cells.append((text, inside))
            rows.append(tuple(cells))
        tables.append(_Table(BBox(x0, top, x1, bottom), tuple(rows)))
    return tables


def page_candidates(page_text: PageText, tables: list[_Table], start: int) -> list[Candidate]:
    """Candidates from a page's ruled tables (cell by cell) and from its other lines."""
    found: list[Candidate] = []
    used: set[Word] = set()
    for table in tables:
        cells, words = table_candidates(table.rows, page_text.page, start_order=start + len(found))
        found.extend(cells)
        used |= words
    lines = list(page_text.lines)
    if used:
        lines = [Line(tuple(w for w in line.words if w not in used), line.page) for line in lines]
        lines = [line for line in lines if line.words]
    found.extend(find_candidates(lines, start_order=start + len(found)))
    return found


_WORD_OPTIONS: dict[str, Any] = {
    "x_tolerance": 3,
    "x_tolerance_ratio": 0.1,
    "y_tolerance": 3,
    "keep_blank_chars": False,
}


def _rotated_chars(page: object, rotation: int) -> tuple[list[dict[str, Any]], float, float]:
    """The characters of a `/Rotate`d page turned so that its lines run left to right.

    pdfplumber reports such a page's characters with the text running down (90) or up
    (270) the page; turning each box back makes the lines horizontal again, in a frame
    of the page's reported width and height.
    """
    width = float(page.width)  # type: ignore[attr-defined]
    height = float(page.height)  # type: ignore[attr-defined]
    turned: list[dict[str, Any]] = []
    for char in page.chars:  # type: ignore[attr-defined]
        x0, x1, top, bottom = (float(char[k]) for k in ("x0", "x1", "top", "bottom"))
        if rotation == 90:
            box = (top, bottom, height - x1, height - x0)
        elif rotation == 270:
            box = (width - bottom, width - top, x0, x1)
        else:  # 180
            box = (width - x1, width - x0, height - bottom, height - top)
        turned.append(
            {**char, "x0": box[0], "x1": box[1], "top": box[2], "bottom": box[3], "upright": True}
        )
    return turned, width, height


def _plumber_page(page: object, number: int) -> PageText:
    rotation = int(getattr(page, "rotation", 0) or 0) % 360
    width = float(page.width)  # type: ignore[attr-defined]
    height = float(page.height)  # type: ignore[attr-defined]
    if rotation in (90, 180, 270):
        from pdfplumber.utils.text import extract_words

        chars, width, height = _rotated_chars(page, rotation)
        words = extract_words(chars, **_WORD_OPTIONS)
    else:
        words = page.extract_words(**_WORD_OPTIONS)  # type: ignore[attr-defined]
    converted = [
        Word(w["text"], BBox(float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"])))
        for w in words
        if w["text"].strip()
    ]
    page_text = PageText(number, width, height, group_lines(converted, number), "pdfplumber")
    if converted and _image_coverage(page) >= 0.8 and layer_quality(page_text) < 0.95:
        # A scan with an OCR layer of its own (born-digital pages with a background image
        # read cleanly): its characters may be confused like any OCR's.
        converted = [attrs.evolve(w, confidence=0.9) for w in converted]
        return PageText(number, width, height, group_lines(converted, number), "pdf-ocr-layer")
    return page_text


def _text_usable(page_text: PageText) -> bool:
    text = " ".join(line.text for line in page_text.lines)
    letters = sum(ch.isalnum() for ch in text)
    if letters < 20:
        return False
    cids = len(_CID.findall(text))
    return cids / max(len(text.split()), 1) < _CID_LIMIT


def _pdfium_page(path: Path, number: int) -> PageText | None:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
        try:
            page = pdf[number - 1]
            width, height = page.get_size()
            text = page.get_textpage().get_text_range()
        finally:
            pdf.close()
    except Exception:
        return None
    lines = lines_from_text(text.replace("\r\n", "\n").replace("\r", "\n"), number)
    return PageText(number, float(width), float(height), tuple(lines), "pypdfium2")


def _ocr_page(path: Path, number: int, config: Config) -> PageText | None:
    from consistency.extract import ocr

    return ocr.ocr_pdf_page(path, number, config)


def iter_pages(path: Path, config: Config) -> Iterator[PageText]:
    """Yield each page's text in order, choosing the best source for each page lazily."""
    for page_text, _ in iter_pages_with_tables(path, config):
        yield page_text


def iter_pages_with_tables(path: Path, config: Config) -> Iterator[tuple[PageText, list[_Table]]]:
    """Each page's text and, for text-layer pages, its ruled tables."""
    pdf = _open_pdf(path)
    try:
        pages = pdf.pages  # type: ignore[attr-defined]
        if not pages:
            raise DocumentError(str(path), "the PDF has no pages")
        for index, page in enumerate(pages, start=1):
            tables: list[_Table] = []
            try:
                page_text = _plumber_page(page, index)
                if page_text.engine == "pdfplumber":
                    tables = _tables(page, [w for ln in page_text.lines for w in ln.words])
            except Exception:
                page_text = PageText(index, 0.0, 0.0, (), "pdfplumber")
            if page_text.engine == "pdf-ocr-layer" and layer_quality(page_text) < 0.8:
                scanned = _ocr_page(path, index, config)
                if scanned is not None and _identity_score(scanned) >= _identity_score(page_text):
                    page_text = scanned
            elif not _text_usable(page_text):
                fallback = _pdfium_page(path, index)
                if fallback is not None and _text_usable(fallback):
                    page_text = fallback
                else:
                    scanned = _ocr_page(path, index, config)
                    if scanned is not None:
                        page_text = scanned
            yield page_text, (tables if page_text.engine == "pdfplumber" else [])
            page.close()  # frees pdfminer's layout cache
    finally:
        pdf.close()  # type: ignore[attr-defined]


def _identity_score(page_text: PageText) -> int:
    """How many identity fields a page's text yields (to choose between two readings)."""
    classes = {c.label_class for c in find_candidates(page_text.lines)}
    return len(classes & _IDENTITY)


def page_count(path: Path) -> int:
    """The number of pages of a PDF."""
    pdf = _open_pdf(path)
    try:
        return len(pdf.pages)  # type: ignore[attr-defined]
    finally:
        pdf.close()  # type: ignore[attr-defined]


def read_identity_pages(path: Path, config: Config) -> tuple[list[PageText], list[Candidate]]:
    """Read pages until the identity block is complete or the page limit is reached."""
    read: list[PageText] = []
    candidates: list[Candidate] = []
    for page_text, tables in iter_pages_with_tables(path, config):
        read.append(page_text)
        candidates.extend(page_candidates(page_text, tables, len(candidates)))
        if identity_complete(candidates) or len(read) >= config.limits.max_pages:
            break
    return read, candidates


def pdf_pages(path: Path, config: Config) -> list[PageText]:
    """All pages' text up to the page limit (for label artwork and other short PDFs)."""
    out: list[PageText] = []
    for page_text in iter_pages(path, config):
        out.append(page_text)
        if len(out) >= config.limits.max_pages:
            break
    return out


def extract_test_report(document: Document, config: Config) -> list[Evidence]:
    """The registered extractor for test reports, certificates and declarations."""
    kind = sniff(document.path)
    if kind == "image":
        from consistency.extract import ocr

        page = ocr.ocr_image(document.path, config, "scan")
        return read_fields([page], document=document, extractor=f"report/{page.engine}")
    if kind != "pdf":
        raise DocumentError(
            str(document.path), f"a test report must be a PDF or an image; this file is {kind}"
        )
    pages, candidates = read_identity_pages(document.path, config)
    engines = sorted({p.engine for p in pages})
    return read_fields(
        pages, document=document, extractor="report/" + "+".join(engines), candidates=candidates
    )
