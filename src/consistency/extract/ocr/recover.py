"""Read again the text a scanned page's layout analysis dropped.

Tesseract's automatic layout (`--psm 3`) splits a form into column blocks and, on a
blurred or patterned scan, throws away a block it takes for a picture: a table's lone
value cell (`型式 | YK-117`: the label read, the model never), or a whole label column
on a guilloche background.  Either leaves a field with no value, and a document that
states nothing can never disagree.

So after the page is read, the ink that no sure word covers is found (rules and
leaders are already whitened), grouped into word-sized runs, and the runs are cut out
and read in ONE more engine call, as the photo stages read a label's text regions
(`OcrEngine.recognise`: strips read as one uniform block, no layout analysis to drop
them).  An unsure word (`Wit RA` at 0.2 for a label in a script the engine barely
reads) does not count as covering its ink, and gives way to a sure read of it.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

from PIL import Image

from consistency.config import Config
from consistency.extract.ocr.engine import OcrEngine, StripText, join_cjk_words
from consistency.model import BBox
from consistency.words import PageText, Word, group_lines

#: Grey level below which a pixel is ink (as the rule remover's).
INK_GREY = 140
#: Ink is joined into runs across gaps up to this share of the median word height (the
#: space between two words is ~0.3 of a capital's height; between columns, several).
JOIN_SHARE = 0.6
#: Around each word read, this share of the median height is taken as covered: its
#: glyphs' anti-aliased edges and a descender the box missed.
COVER_SHARE = 0.25
#: A run of missed ink is text when its height lies in this range of median word
#: heights: lower is a speck or a rule's remains, higher a stamp, logo or picture.
MIN_HEIGHT_SHARE = 0.55
MAX_HEIGHT_SHARE = 2.2
#: ... and it is at least this wide (a single narrow glyph, `1`, is half a height).
MIN_WIDTH_SHARE = 0.4
#: ... and its ink covers at least this share of its box (noise and a guilloche's
#: thin curves are sparse; print is dense).
MIN_INK_SHARE = 0.12
#: A word read with less confidence than this does not count as covering its ink.
UNSURE = 0.5
#: A word read again is kept when at least this sure (a fresh misread of noise is not).
KEEP = 0.6
#: Margin around a cut-out run, in median heights, so the engine sees whole glyphs.
PAD_SHARE = 0.3
#: At most this many runs are read again on a page: a page with more is a picture or a
#: pattern, not dropped text, and reading it would cost as much as the page.
MAX_RUNS = 40
#: Fewer words than this on a page give no median height to measure runs by.
MIN_WORDS = 5


def _median_height(page: PageText) -> float:
    heights = [
        w.bbox.bottom - w.bbox.top
        for line in page.lines
        for w in line.words
        if any(ch.isalnum() for ch in w.text)
    ]
    return statistics.median(heights) if len(heights) >= MIN_WORDS else 0.0


def _covered(gray: Any, page: PageText, height: float) -> Any:
    """The mask of pixels under a sure word's box (its edges included)."""
    import numpy as np

    covered = np.zeros(gray.shape, dtype=bool)
    cover = max(1, round(COVER_SHARE * height))
    rows, cols = gray.shape
    for line in page.lines:
        for w in line.words:
            if w.confidence < UNSURE:
                continue
            x0, top = max(0, int(w.bbox.x0) - cover), max(0, int(w.bbox.top) - cover)
            x1, bottom = min(cols, int(w.bbox.x1) + cover), min(rows, int(w.bbox.bottom) + cover)
            covered[top:bottom, x0:x1] = True
    return covered


def _missed_runs(gray: Any, covered: Any, height: float) -> list[BBox]:
    """Boxes of word-sized runs of ink outside the `covered` mask."""
    import cv2
    import numpy as np

    ink = ((gray < INK_GREY) & ~covered).astype(np.uint8)
    join = max(3, round(JOIN_SHARE * height))
    kernel = np.ones((max(1, round(height * 0.2)), join), dtype=np.uint8)
    joined = cv2.dilate(ink, kernel)
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    runs: list[BBox] = []
    for index in range(1, count):
        left, top, width, tall, _ = (int(v) for v in stats[index])
        # The dilation grew the run by half the kernel on each side.
        x0, x1 = left + join // 2, left + width - join // 2
        y0, y1 = top + kernel.shape[0] // 2, top + tall - kernel.shape[0] // 2
        box_h, box_w = y1 - y0, x1 - x0
        if not MIN_HEIGHT_SHARE * height <= box_h <= MAX_HEIGHT_SHARE * height:
            continue
        if box_w < MIN_WIDTH_SHARE * height:
            continue
        if ink[y0:y1, x0:x1].mean() < MIN_INK_SHARE:
            continue
        runs.append(BBox(x0, y0, x1, y1))
    return runs


def _strip(image: Image.Image, box: BBox, pad: int) -> tuple[Image.Image, BBox]:
    x0, top = max(0, int(box.x0) - pad), max(0, int(box.top) - pad)
    x1 = min(image.width, int(box.x1) + pad)
    bottom = min(image.height, int(box.bottom) + pad)
    cut = BBox(x0, top, x1, bottom)
    return image.crop((x0, top, x1, bottom)), cut


def _words(read: StripText, cut: BBox, box: BBox) -> list[Word]:
    width = cut.x1 - cut.x0
    return [
        Word(
            w.text,
            BBox(cut.x0 + w.start * width, box.top, cut.x0 + w.end * width, box.bottom),
            w.confidence,
        )
        for w in read.words
        if any(ch.isalnum() for ch in w.text)
    ]


def recover_missed(
    page: PageText,
    image: Image.Image,
    chosen: OcrEngine,
    config: Config,
    languages: str,
) -> PageText:
    """The page with the text its layout analysis dropped read again (boxes in `image`
    pixels); an unsure word under a run read again gives way to what was read there."""
    import numpy as np

    height = _median_height(page)
    if not height:
        return page
    gray = np.asarray(image.convert("L"))
    covered = _covered(gray, page, height)
    runs = _missed_runs(gray, covered, height)
    if not runs or len(runs) > MAX_RUNS:
        return page
    pad = max(2, round(PAD_SHARE * height))
    # The strips are cut from the page with the sure words whitened: a run beside them
    # would otherwise be read together with their glyphs, and those read twice.
    masked = Image.fromarray(np.where(covered, 255, gray).astype(np.uint8))
    cuts = [_strip(masked, box, pad) for box in runs]
    reads = chosen.recognise([strip for strip, _ in cuts], config=config, languages=languages)
    found = [
        word
        for box, (_, cut), read in zip(runs, cuts, reads, strict=True)
        for word in _words(read, cut, box)
        if word.confidence >= KEEP
    ]
    if not found:
        return page
    kept: list[Word] = []
    for line in page.lines:
        for word in line.words:
            under = [f for f in found if _overlaps(word.bbox, f.bbox)]
            if word.confidence >= UNSURE or not under:
                kept.append(word)
            elif _spanned(word.bbox, under) < SPANNED_SHARE:
                # Read again only in part: the whole unsure word stays, the part goes.
                kept.append(word)
                found = [f for f in found if f not in under]
    lines = [join_cjk_words(line) for line in group_lines([*kept, *found], page.page)]
    return PageText(page.page, page.width, page.height, lines, page.engine)


#: An unsure word gives way to the words read again over it when they span at least this
#: share of its width; read again only in part (`余姚市宝利电子有限` of `...有限公司`), it stays.
SPANNED_SHARE = 0.85


def _spanned(box: BBox, words: Sequence[Word]) -> float:
    """The share of the box's width between the leftmost and rightmost of the words."""
    left = max(box.x0, min(w.bbox.x0 for w in words))
    right = min(box.x1, max(w.bbox.x1 for w in words))
    return max(0.0, right - left) / max(box.x1 - box.x0, 1e-6)


#: An unsure word is under a word read again when this share of the smaller of the
#: two boxes is common to both: a Chinese word comes back glyph by glyph, each glyph a
#: small part of the unsure word it re-reads.
OVERLAP_SHARE = 0.3


def _overlaps(old: BBox, new: BBox) -> bool:
    width = min(old.x1, new.x1) - max(old.x0, new.x0)
    height = min(old.bottom, new.bottom) - max(old.top, new.top)
    if width <= 0 or height <= 0:
        return False
    smaller = min(
        (old.x1 - old.x0) * (old.bottom - old.top), (new.x1 - new.x0) * (new.bottom - new.top)
    )
    return width * height / max(smaller, 1e-6) >= OVERLAP_SHARE
