"""Drop what OCR read from dotted leaders and rule remnants on a scanned page.

Forms print `Product Description ..........: Power Adapter`; tesseract reads a row of
leader dots as letters (`......cccsceeeees`, `sse`, `cassnavsrecsedcicnsenssinnves`) and
the label grammar then takes them for the value.  Such a read is flat: its box is a
dot's height, a fraction of any word's, while no letter or digit is that short (an
x-height word such as `ace` is still about two thirds of a capitalised one).

Leader dots read as dots stay glued to what OCR saw around them: `fabricante..........:.`,
`.........cceeeeeeeeeeeees,`, `name.........`.  The run of dots and whatever follows it
in the token is the leader; the token keeps what precedes the run, and a colon the
leader ended in (the label's separator).
"""

from __future__ import annotations

import re
import statistics

from consistency.words import Line, PageText, Word

#: A read whose box is lower than this share of the page's median word height is taken
#: for leader dots or a rule remnant (measured: leader reads 2 pt in 7 pt text, 0.29;
#: x-height words 0.6-0.75).
FLAT_SHARE = 0.45
#: Fewer words than this on a page give no trustworthy median: the page is left alone.
MIN_WORDS = 8


#: A run of dots (or ellipses) this long is a leader, never part of a label or a value.
_LEADER = re.compile(r"(?:\.{3,}|…+)")


def _without_leader(word: Word) -> Word | None:
    """The word with a leader run and the leader's misreads cut off; None when nothing
    of it is left."""
    found = _LEADER.search(word.text)
    if found is None:
        return word
    head, tail = word.text[: found.start()], word.text[found.end() :]
    text = head + (":" if ":" in tail or "：" in tail else "")
    return Word(text, word.bbox, word.confidence) if text else None


def _height(word: Word) -> float:
    return word.bbox.bottom - word.bbox.top


def _flat_read(word: Word, floor: float) -> bool:
    """A word with letters or digits in a box too low for any letter."""
    return _height(word) < floor and any(ch.isalnum() for ch in word.text)


def drop_leader_reads(page: PageText) -> PageText:
    """The page without what OCR read from leader dots or rule remnants (see module doc)."""
    words = [w for line in page.lines for w in line.words if any(c.isalnum() for c in w.text)]
    floor = 0.0
    if len(words) >= MIN_WORDS:
        floor = FLAT_SHARE * statistics.median(_height(w) for w in words)
    lines = []
    for line in page.lines:
        kept = []
        for word in line.words:
            if _flat_read(word, floor):
                continue
            tidy = _without_leader(word)
            if tidy is not None:
                kept.append(tidy)
        if kept:
            lines.append(Line(tuple(kept), line.page))
    return PageText(page.page, page.width, page.height, lines, page.engine)
