"""Mend the punctuation OCR confuses where the label grammar depends on it.

A label's separator and a caption's brackets are what tell the grammar that a word is
a label: `型号：` and `(Product name)`.  On a scan, tesseract reads the full-width colon
of a Chinese label as a lone `;` (`型号 ;`, `委托单位 ;`), and a caption's closing
bracket as `}` or `]` (`(Product name}`), so the label is taken for a value.  Only these
unambiguous shapes are mended: a `;` standing alone as a word (a list's semicolon is
glued to the item before it), and a closing `}`/`]` whose line opened a `(` before it.

What is left of a dotted leader's closing colon is read as a lone tick or bar at a
confidence near zero (`型号 ‘ SB385 SB385F7`); standing between the label and its
value column it hides the column gap the grammar pairs them by, so it is dropped.
"""

from __future__ import annotations

from consistency.words import Line, PageText, Word

#: Lone words OCR gives for a label's colon.
_LONE_COLONS = frozenset({";", "；"})
_WRONG_CLOSERS = ("}", "]")
#: A lone mark (no letter or digit) read with less confidence than this is a leader's or
#: a rule's remains, never print: measured 0.01 for `‘` where a colon ended a leader.
STRAY_MARK_CONFIDENCE = 0.1


def _mended(words: tuple[Word, ...]) -> tuple[Word, ...]:
    out: list[Word] = []
    opened = 0
    for word in words:
        text = word.text
        if word.confidence < STRAY_MARK_CONFIDENCE and not any(ch.isalnum() for ch in text):
            continue
        if text in _LONE_COLONS:
            text = ":"
        if opened > 0 and text.endswith(_WRONG_CLOSERS) and "(" not in text[:-1]:
            text = text[:-1] + ")"
        opened += text.count("(") - text.count(")")
        out.append(word if text == word.text else Word(text, word.bbox, word.confidence))
    return tuple(out)


def mend_punctuation(page: PageText) -> PageText:
    """The page with OCR's misread label colons and caption brackets mended, stray marks
    dropped."""
    lines = [Line(_mended(line.words), line.page) for line in page.lines]
    lines = [line for line in lines if line.words]
    return PageText(page.page, page.width, page.height, lines, page.engine)
