"""Mend the punctuation OCR confuses where the label grammar depends on it.

A label's separator and a caption's brackets are what tell the grammar that a word is
a label: `型号：` and `(Product name)`.  On a scan, tesseract reads the full-width colon
of a Chinese label as a lone `;` (`型号 ;`, `委托单位 ;`), and a caption's closing
bracket as `}` or `]` (`(Product name}`), so the label is taken for a value.  Only these
unambiguous shapes are mended: a `;` standing alone as a word (a list's semicolon is
glued to the item before it), and a closing `}`/`]` whose line opened a `(` before it.
"""

from __future__ import annotations

from consistency.words import Line, PageText, Word

#: Lone words OCR gives for a label's colon.
_LONE_COLONS = frozenset({";", "；"})
_WRONG_CLOSERS = ("}", "]")


def _mended(words: tuple[Word, ...]) -> tuple[Word, ...]:
    out: list[Word] = []
    opened = 0
    for word in words:
        text = word.text
        if text in _LONE_COLONS:
            text = ":"
        if opened > 0 and text.endswith(_WRONG_CLOSERS) and "(" not in text[:-1]:
            text = text[:-1] + ")"
        opened += text.count("(") - text.count(")")
        out.append(word if text == word.text else Word(text, word.bbox, word.confidence))
    return tuple(out)


def mend_punctuation(page: PageText) -> PageText:
    """The page with OCR's misread label colons and caption brackets mended."""
    lines = [Line(_mended(line.words), line.page) for line in page.lines]
    return PageText(page.page, page.width, page.height, lines, page.engine)
