"""Words laid out on a page by hand, for the label-value layer's tests.

Each cell is (x, text); its words are placed from x at `CHAR` points per character on
line `row`, `LEADING` points apart, as a born-digital text layer would give them.
"""

from __future__ import annotations

from consistency.fields.grammar import read_fields
from consistency.model import BBox, Document, Evidence
from consistency.words import Line, PageText, Word

#: Width of one character and height of one line, in points.
CHAR = 5.0
HEIGHT = 10.0
#: Vertical distance between consecutive lines.
LEADING = 14.0


def line(row: int, *cells: tuple[float, str]) -> Line:
    """One line: each cell is (x, text), its words placed from x at 5 pt per character."""
    words: list[Word] = []
    top = row * LEADING
    for x, text in cells:
        for token in text.split():
            width = CHAR * len(token)
            words.append(Word(token, BBox(x, top, x + width, top + HEIGHT)))
            x += width + CHAR
    return Line(words, 1)


def evidence(*lines: Line) -> list[Evidence]:
    """Every value the label-value layer reads from one page of these lines."""
    page = PageText(1, 600, 800, lines, "pdfplumber")
    return read_fields([page], document=Document("r.pdf", "test_report"), extractor="t")


def values(*lines: Line) -> dict[str, list[tuple[str, str]]]:
    """The values read per field, as (raw, role) in reading order."""
    found: dict[str, list[tuple[str, str]]] = {}
    for ev in evidence(*lines):
        found.setdefault(ev.field.value, []).append((ev.raw, ev.role.value))
    return found
