"""Drop what OCR read from dotted leaders and rule remnants on a scanned page.

Forms print `Product Description ..........: Power Adapter`; tesseract reads a row of
leader dots as letters (`......cccsceeeees`, `sse`, `cassnavsrecsedcicnsenssinnves`) and
the label grammar then takes them for the value.  Such a read is flat: its box is a
dot's height, a fraction of any word's, while no letter or digit is that short (an
x-height word such as `ace` is still about two thirds of a capitalised one).
"""

from __future__ import annotations

import statistics

from consistency.words import Line, PageText, Word

#: A read whose box is lower than this share of the page's median word height is taken
#: for leader dots or a rule remnant (measured: leader reads 2 pt in 7 pt text, 0.29;
#: x-height words 0.6-0.75).
FLAT_SHARE = 0.45
#: Fewer words than this on a page give no trustworthy median: the page is left alone.
MIN_WORDS = 8


def _height(word: Word) -> float:
    return word.bbox.bottom - word.bbox.top


def _flat_read(word: Word, floor: float) -> bool:
    """A word with letters or digits in a box too low for any letter."""
    return _height(word) < floor and any(ch.isalnum() for ch in word.text)


def drop_flat_reads(page: PageText) -> PageText:
    """The page without words read from leader dots or rule remnants (see module doc)."""
    words = [w for line in page.lines for w in line.words if any(c.isalnum() for c in w.text)]
    if len(words) < MIN_WORDS:
        return page
    floor = FLAT_SHARE * statistics.median(_height(w) for w in words)
    if not any(_flat_read(w, floor) for w in words):
        return page
    lines = []
    for line in page.lines:
        kept = tuple(w for w in line.words if not _flat_read(w, floor))
        if kept:
            lines.append(Line(kept, line.page))
    return PageText(page.page, page.width, page.height, lines, page.engine)
