"""Test reports: PDFs with a text layer (pdfplumber), without one (OCR), or images.

Only the pages needed to find the identity are read: pages are parsed in order and
reading stops after the page on which product name, model and manufacturer have all
been found (a 120-page report costs a few pages).

Each page's text source is chosen on its own, because a text layer can lie:

- `(cid:12)` glyph soup or no text at all (an image-only page inside a born-digital
  PDF): pypdfium2's text, else OCR of the page;
- words run together where pdfplumber drops the spaces that pypdfium2 keeps
  ("NnaoII65W"): words again with a tighter gap, else pypdfium2's text;
- a scan's own OCR layer (its glyphs are drawn invisible, text render mode 3): OCR
  characters, read again by our OCR when they are noisy.  A born-digital page drawn
  over a page-sized background image stays a text layer.

The extractor returns a `Reading`: the evidence, the text lines of the pages read (for
the listing-guided search), the document's type from its title and its page count.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from consistency.config import Config
from consistency.errors import DocumentError
from consistency.extract.bands import read_bands
from consistency.extract.sniff import sniff
from consistency.fields import clean
from consistency.fields.grammar import (
    Candidate,
    find_candidates,
    identity_complete,
    read_fields,
    table_candidates,
)
from consistency.fields.vocabulary import LabelClass
from consistency.model import BBox, Document, Evidence, HowRead, Reading, TextLine
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


#: Share of a page's text objects drawn invisible (render mode 3) above which its text is
#: a scan's OCR layer: scanners draw recognised text invisibly over the page image, while
#: a born-digital page's text is visible even over a page-sized background image.
_INVISIBLE_SHARE = 0.5
#: An OCR layer with fewer clean words than this is read again by our own OCR.
_NOISY_LAYER = 0.8
#: Text objects sampled per page: a scan's OCR layer is invisible throughout, so a sample
#: decides as well as a page of tens of thousands of objects, at a fraction of the time.
_RENDER_SAMPLE = 400
#: pdfium's text render mode for invisible text (PDF 32000-1, 9.3.6).
_RENDER_INVISIBLE = 3
#: pdfium finding this many times as many words as pdfplumber means pdfplumber ran words
#: together ("NnaoII65W"); the floor keeps a few merged words from switching sources.
_SPACES_RATIO = 1.25
_SPACES_FLOOR = 8


def _invisible_share(pdfium_page: Any) -> float:
    """Share of the page's text objects that are drawn invisible (an OCR layer's mark)."""
    import pypdfium2.raw as pdfium_c

    total = invisible = 0
    try:
        for obj in pdfium_page.get_objects(max_depth=3):
            if obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
                total += 1
                invisible += pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw) == _RENDER_INVISIBLE
                if total >= _RENDER_SAMPLE:
                    break
    except Exception:  # a damaged content stream: no evidence either way
        return 0.0
    return invisible / total if total else 0.0


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


def _plumber_page(page: object, number: int, options: dict[str, Any] | None = None) -> PageText:
    """A page's words from pdfplumber's text layer (turned upright on rotated pages)."""
    rotation = int(getattr(page, "rotation", 0) or 0) % 360
    width = float(page.width)  # type: ignore[attr-defined]
    height = float(page.height)  # type: ignore[attr-defined]
    settings = options or _WORD_OPTIONS
    if rotation in (90, 180, 270):
        from pdfplumber.utils.text import extract_words

        chars, width, height = _rotated_chars(page, rotation)
        words = extract_words(chars, **settings)
    else:
        words = page.extract_words(**settings)  # type: ignore[attr-defined]
    converted = [
        Word(w["text"], BBox(float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"])))
        for w in words
        if w["text"].strip()
    ]
    return PageText(number, width, height, group_lines(converted, number), "pdfplumber")


def _as_ocr_layer(page_text: PageText) -> PageText:
    """A scan's own OCR layer: its characters may be confused like any OCR's."""
    lines = [
        Line(tuple(attrs.evolve(w, confidence=0.9) for w in line.words), line.page)
        for line in page_text.lines
    ]
    return attrs.evolve(page_text, lines=lines, engine="pdf-ocr-layer")


#: Tighter word gaps for pages whose words pdfplumber ran together.
_TIGHT_WORD_OPTIONS: dict[str, Any] = {"x_tolerance": 1.0, "y_tolerance": 3}


def _word_count(page_text: PageText) -> int:
    return sum(len(line.words) for line in page_text.lines)


def _spaced(page: object, page_text: PageText, pdfium_text: PageText | None) -> PageText:
    """The page with its spaces back where pdfplumber ran words together, else as it was."""
    if pdfium_text is None:
        return page_text
    mine, theirs = _word_count(page_text), _word_count(pdfium_text)
    if theirs < _SPACES_RATIO * mine or theirs - mine < _SPACES_FLOOR:
        return page_text
    tight = _plumber_page(page, page_text.page, _TIGHT_WORD_OPTIONS)
    if _word_count(tight) >= theirs / _SPACES_RATIO:
        return tight
    return pdfium_text


def _text_usable(page_text: PageText) -> bool:
    text = " ".join(line.text for line in page_text.lines)
    letters = sum(ch.isalnum() for ch in text)
    if letters < 20:
        return False
    cids = len(_CID.findall(text))
    return cids / max(len(text.split()), 1) < _CID_LIMIT


def _pdfium_page(pdfium_doc: Any, number: int) -> PageText | None:
    """A page's text from pypdfium2 (lines without geometry), or None when it fails."""
    try:
        page = pdfium_doc[number - 1]
        width, height = page.get_size()
        text = page.get_textpage().get_text_range()
    except Exception:
        return None
    lines = lines_from_text(text.replace("\r\n", "\n").replace("\r", "\n"), number)
    return PageText(number, float(width), float(height), tuple(lines), "pypdfium2")


def _open_pdfium(path: Path) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except Exception:
        return None


def _ocr_page(path: Path, number: int, config: Config) -> PageText | None:
    from consistency.extract import ocr

    return ocr.ocr_pdf_page(path, number, config)


def iter_pages(path: Path, config: Config) -> Iterator[PageText]:
    """Yield each page's text in order, choosing the best source for each page lazily."""
    for page_text, _ in iter_pages_with_tables(path, config):
        yield page_text


def iter_pages_with_tables(path: Path, config: Config) -> Iterator[tuple[PageText, list[_Table]]]:
    """Each page's text from the best source for that page and, for text layers, its tables."""
    pdf = _open_pdf(path)
    pdfium_doc = _open_pdfium(path)
    try:
        pages = pdf.pages  # type: ignore[attr-defined]
        if not pages:
            raise DocumentError(str(path), "the PDF has no pages")
        for index, page in enumerate(pages, start=1):
            page_text = _best_source(path, page, index, pdfium_doc, config)
            tables: list[_Table] = []
            if page_text.engine == "pdfplumber":
                try:
                    tables = _tables(page, [w for ln in page_text.lines for w in ln.words])
                except Exception:
                    tables = []
            yield page_text, tables
            page.close()  # frees pdfminer's layout cache
    finally:
        pdf.close()  # type: ignore[attr-defined]
        if pdfium_doc is not None:
            pdfium_doc.close()


def _best_source(path: Path, page: object, index: int, pdfium_doc: Any, config: Config) -> PageText:
    """The page's text from whichever source tells the truth about it."""
    try:
        page_text = _plumber_page(page, index)
    except Exception:
        page_text = PageText(index, 0.0, 0.0, (), "pdfplumber")
    pdfium_page = None
    if pdfium_doc is not None:
        try:
            pdfium_page = pdfium_doc[index - 1]
        except Exception:
            pdfium_page = None
    invisible = pdfium_page is not None and _invisible_share(pdfium_page) >= _INVISIBLE_SHARE
    if page_text.lines and invisible:
        page_text = _as_ocr_layer(page_text)
        if layer_quality(page_text) < _NOISY_LAYER:
            scanned = _ocr_page(path, index, config)
            if scanned is not None and _identity_score(scanned) >= _identity_score(page_text):
                return scanned
        return page_text
    if not _text_usable(page_text):
        fallback = _pdfium_page(pdfium_doc, index) if pdfium_doc is not None else None
        if fallback is not None and _text_usable(fallback):
            return fallback
        scanned = _ocr_page(path, index, config)
        return scanned if scanned is not None else page_text
    if pdfium_doc is not None:
        return _spaced(page, page_text, _pdfium_page(pdfium_doc, index))
    return page_text


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


def read_identity_pages(path: Path, config: Config) -> tuple[list[PageText], list[Candidate], int]:
    """Read pages until the identity block is complete or the page limit is reached.

    Returns the pages read, their candidates and the PDF's page count.
    """
    read: list[PageText] = []
    candidates: list[Candidate] = []
    total = 0
    for page_text, tables in iter_pages_with_tables(path, config):
        read.append(page_text)
        candidates.extend(page_candidates(page_text, tables, len(candidates)))
        if identity_complete(candidates) or len(read) >= config.limits.max_pages:
            break
    total = page_count(path)
    return read, candidates, total


def pdf_pages(path: Path, config: Config) -> list[PageText]:
    """All pages' text up to the page limit (for label artwork and other short PDFs)."""
    out: list[PageText] = []
    for page_text in iter_pages(path, config):
        out.append(page_text)
        if len(out) >= config.limits.max_pages:
            break
    return out


#: Title words that say what a document is, most specific first: a "Declaration of
#: Conformity" may call itself a certificate elsewhere, and a certificate cites test reports.
_DOC_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "declaration",
        re.compile(
            r"declaration\s+of\s+conformity|\bs?doc\b|konformitätserklärung|"
            r"déclaration\s+de\s+conformité|符合性声明",
            re.I,
        ),
    ),
    (
        "certificate",
        re.compile(
            r"certificat|certification\s+record|grant\s+of\s+equipment|attestation|"
            r"verification\s+of\s+conformity|technical\s+acceptance|证书|證書|証明書",
            re.I,
        ),
    ),
    (
        "test_report",
        re.compile(r"test\s+report|report\s+no|trf\b|检测报告|测试报告|試験報告", re.I),
    ),
)
#: The title is among the first lines of the first page.
_TITLE_LINES = 25


def doc_type(pages: Sequence[PageText]) -> str:
    """ "declaration", "certificate" or "test_report", from the first page's title words."""
    head = [clean(line.text) for line in pages[0].lines[:_TITLE_LINES]] if pages else []
    for line in head:
        for name, pattern in _DOC_TYPES:
            if pattern.search(line):
                return name
    return "test_report"


def text_lines(pages: Sequence[PageText]) -> tuple[TextLine, ...]:
    """Every line of the pages read, with where and how it was read."""
    return tuple(
        TextLine(line.text, page.page, line.bbox, page.how_read, line.confidence)
        for page in pages
        for line in page.lines
    )


def extract_test_report(document: Document, config: Config) -> Reading:
    """The registered extractor for test reports, certificates and declarations."""
    kind = sniff(document.path)
    if kind == "image":
        from consistency.extract import ocr

        page = ocr.ocr_image(document.path, config, "scan")
        evidence = read_fields([page], document=document, extractor=f"report/{page.engine}")
        evidence = _second_reading(evidence, document, config, pdf=False)
        return Reading(document, evidence, text_lines([page]), doc_type([page]), 1)
    if kind != "pdf":
        raise DocumentError(
            str(document.path), f"a test report must be a PDF or an image; this file is {kind}"
        )
    pages, candidates, total = read_identity_pages(document.path, config)
    engines = sorted({p.engine for p in pages})
    evidence = read_fields(
        pages, document=document, extractor="report/" + "+".join(engines), candidates=candidates
    )
    evidence = _second_reading(evidence, document, config, pdf=True)
    lines = [*text_lines(pages), *_band_lines(document, config)]
    return Reading(document, evidence, lines, doc_type(pages), total)


def _second_reading(
    evidence: list[Evidence], document: Document, config: Config, *, pdf: bool
) -> list[Evidence]:
    """OCR-read identifiers checked by the second reader (`extract.ocr.second`)."""
    if not any(e.how_read == HowRead.OCR for e in evidence):
        return evidence
    from consistency.extract.ocr import images, second

    if not second.available(config):
        return evidence
    if pdf:
        return second.recheck(
            evidence,
            second.image_reader(
                lambda page, box: second.pdf_region(document.path, page, box), config
            ),
        )
    image = images.open_image(document.path, config)
    return second.recheck(
        evidence,
        second.image_reader(
            lambda _, box: image.crop(
                (round(box.x0), round(box.top), round(box.x1), round(box.bottom))
            ),
            config,
        ),
    )


#: The report self-checks that read every page's header and footer bands.
_BAND_RULES = ("CR601", "CR602", "CR603", "CR604", "CR605")


def _band_lines(document: Document, config: Config) -> tuple[TextLine, ...]:
    """Header and footer lines of every page (report number, "Page x of y", dates), read
    cheaply (docs/readiness.md), and only when a rule that needs them is enabled."""
    if not any(config.rule_enabled(code) for code in _BAND_RULES):
        return ()
    return read_bands(document.path, config).lines
