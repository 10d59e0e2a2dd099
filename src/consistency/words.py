"""Engine-neutral positioned text: what every text source hands to the label grammar.

pdfplumber words, pypdfium2 text, tesseract's `image_to_data` and RapidOCR boxes all
become `Word`s grouped into `Line`s, so `fields.grammar` never knows where its text
came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from consistency.model import BBox, HowRead


def tuple_of_words(values: Iterable[Word]) -> tuple[Word, ...]:
    """Converter that lets attrs accept any iterable (and mypy check the items)."""
    return tuple(values)


def _lines(values: Iterable[Line]) -> tuple[Line, ...]:
    """Converter that lets attrs accept any iterable (and mypy check the items)."""
    return tuple(values)


@attrs.frozen
class Word:
    """One word with its box and confidence (0-1; 1.0 for a text layer)."""

    text: str
    bbox: BBox
    confidence: float = 1.0


@attrs.frozen
class Line:
    """Words on one visual line of one page, left to right."""

    words: tuple[Word, ...] = attrs.field(converter=tuple_of_words)
    page: int = 1

    @property
    def text(self) -> str:
        """The line's words joined by single spaces."""
        return " ".join(w.text for w in self.words)

    @property
    def bbox(self) -> BBox:
        """The box around all words of the line."""
        box = words_bbox(self.words)
        assert box is not None, "a line has at least one word"
        return box

    @property
    def confidence(self) -> float:
        """The lowest word confidence on the line (a value is only as sure as its worst word)."""
        return words_confidence(self.words)


def words_bbox(words: Sequence[Word]) -> BBox | None:
    """The box around some words, or None for no words."""
    if not words:
        return None
    box = words[0].bbox
    for word in words[1:]:
        box = box.union(word.bbox)
    return box


def words_in_span(words: Sequence[Word], start: int, end: int) -> tuple[Word, ...]:
    """The words overlapping characters [start, end) of the words joined by single spaces."""
    out: list[Word] = []
    offset = 0
    for word in words:
        w_end = offset + len(word.text)
        if w_end > start and offset < end:
            out.append(word)
        offset = w_end + 1
    return tuple(out)


def words_confidence(words: Iterable[Word]) -> float:
    """The lowest confidence of some words: a value is only as sure as its worst word."""
    return min((w.confidence for w in words), default=1.0)


@attrs.frozen
class PageText:
    """All lines of one page (or one image), with the page size for crops."""

    page: int
    width: float
    height: float
    lines: tuple[Line, ...] = attrs.field(converter=_lines)
    #: The engine that produced the text: "pdfplumber", "pypdfium2", "tesseract", "rapidocr".
    engine: str = "pdfplumber"

    @property
    def how_read(self) -> HowRead:
        """Text layer or OCR, from the engine that produced the page (unknown engines: OCR)."""
        return ENGINE_HOW_READ.get(self.engine, HowRead.OCR)


#: How each engine obtains its characters.  A scan's own OCR layer ("pdf-ocr-layer") was
#: recognised from pixels by someone else's OCR, so its characters may be confused too.
ENGINE_HOW_READ: dict[str, HowRead] = {
    "pdfplumber": HowRead.TEXT,
    "pypdfium2": HowRead.TEXT,
    "pdf-ocr-layer": HowRead.OCR,
    "tesseract": HowRead.OCR,
    "rapidocr": HowRead.OCR,
}


def group_lines(
    words: Iterable[Word], page: int = 1, *, y_tolerance: float | None = None
) -> list[Line]:
    """Group words into lines by vertical overlap, each line sorted left to right.

    Two words share a line when their vertical centres are closer than half the
    smaller word height (or `y_tolerance`), which survives the slight baseline jitter
    of OCR output and of mixed CJK/Latin fonts.
    """
    ordered = sorted(words, key=lambda w: ((w.bbox.top + w.bbox.bottom) / 2, w.bbox.x0))
    rows: list[list[Word]] = []
    centres: list[float] = []
    heights: list[float] = []
    for word in ordered:
        centre = (word.bbox.top + word.bbox.bottom) / 2
        height = max(word.bbox.bottom - word.bbox.top, 1.0)
        if rows:
            tolerance = y_tolerance if y_tolerance is not None else min(height, heights[-1]) / 2
            if abs(centre - centres[-1]) <= tolerance:
                rows[-1].append(word)
                n = len(rows[-1])
                centres[-1] = (centres[-1] * (n - 1) + centre) / n
                heights[-1] = max(heights[-1], height)
                continue
        rows.append([word])
        centres.append(centre)
        heights.append(height)
    return [Line(tuple(sorted(row, key=lambda w: w.bbox.x0)), page) for row in rows]


def split_on_gaps(line: Line, gap: float) -> list[Line]:
    """Split a line where the horizontal gap between two words exceeds `gap`.

    Two-column layouts print `Model No.: XK-1  Brand: Y` on one visual line; table
    cells likewise.  Splitting on wide gaps recovers the columns.
    """
    parts: list[list[Word]] = [[line.words[0]]] if line.words else []
    for prev, word in zip(line.words, line.words[1:], strict=False):
        if word.bbox.x0 - prev.bbox.x1 > gap:
            parts.append([word])
        else:
            parts[-1].append(word)
    return [Line(tuple(p), line.page) for p in parts]


def lines_from_text(text: str, page: int = 1) -> list[Line]:
    """Lines without geometry (a plain-text layer): each text line becomes one `Line`.

    Boxes are synthetic (one unit per character, one line per row) so that code that
    looks at gaps still works; they are never shown as real positions.
    """
    lines: list[Line] = []
    for row, raw in enumerate(text.splitlines()):
        words: list[Word] = []
        col = 0
        for token in raw.split(" "):
            if token:
                words.append(Word(token, BBox(col, row * 10, col + len(token), row * 10 + 8)))
            col += len(token) + 1
        if words:
            lines.append(Line(tuple(words), page))
    return lines


def page_lines(pages: Sequence[PageText]) -> list[Line]:
    """Every line of every page, in reading order."""
    return [line for page in pages for line in page.lines]
