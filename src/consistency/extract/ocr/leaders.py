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
#: What is left of a leader once its dots are whitened is read as a short, unsure word
#: (`copa` at confidence 0.32 in `Product Description copa Power Adapter`): lower than
#: this share of the median height and below `REMNANT_CONFIDENCE`, in small letters only.
REMNANT_SHARE = 0.8
REMNANT_CONFIDENCE = 0.4
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


def _remnant(word: Word, median: float) -> bool:
    """A short, unsure word of small letters only: what OCR makes of a leader's remains."""
    return (
        word.confidence < REMNANT_CONFIDENCE
        and _height(word) < REMNANT_SHARE * median
        and word.text.isalpha()
        and word.text.islower()
    )


def drop_leader_reads(page: PageText) -> PageText:
    """The page without what OCR read from leader dots or rule remnants (see module doc)."""
    words = [w for line in page.lines for w in line.words if any(c.isalnum() for c in w.text)]
    median = 0.0
    if len(words) >= MIN_WORDS:
        median = statistics.median(_height(w) for w in words)
    floor = FLAT_SHARE * median
    lines = []
    for line in page.lines:
        kept = []
        for word in line.words:
            if _flat_read(word, floor) or _remnant(word, median):
                continue
            tidy = _without_leader(word)
            if tidy is not None:
                kept.append(tidy)
        if kept:
            lines.append(Line(tuple(kept), line.page))
    return PageText(page.page, page.width, page.height, lines, page.engine)
