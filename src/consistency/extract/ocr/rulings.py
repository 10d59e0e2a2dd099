"""Whiten the ruling lines of a scanned page before OCR.

Tesseract's layout analysis takes ruled boxes for pictures and drops their text, and
reports print their identity block in exactly such tables.  What is left of a rule
matters as much: a fragment under a word is read as part of it ("Report Number" becomes
"RSET ANB"), and a fragment beside a cell is read as `|`, `_` or `ee`.  So a rule must go
whole, its blurred grey edges included.

A pixel is on a rule when it lies on a straight run of ink longer than `MIN_RUN` of the
page's width (or height) - no letter is that long - or on a run of ink-or-grey longer
than `MIN_GREY_RUN` of the width - longer than any word: the tops of a blurred row of
letters make grey runs a word long - and the run is thin: a band of such runs thicker
than `MAX_THICKNESS` is a shaded area or a solid bar, whose print must stay.
"""

from __future__ import annotations

from typing import Any

from PIL import Image

#: Grey level below which a pixel is ink.
INK_GREY = 140
#: Grey level below which a pixel may belong to a long rule.  Scanned rules are one or two
#: pixels of blurred grey (a 0.5 pt rule at 150 dpi, rendered at 300 dpi, peaks near
#: 150-190), so the bar is far above the ~128 an ink threshold would use; letters are
#: never long enough to pass as rules however light the bar.
RULE_GREY = 200
#: A rule is a straight run of ink at least this share of the page's width (or height).
MIN_RUN = 0.04
#: ... or a horizontal run of grey at least this share of the width: longer than any word
#: (a blurred word's x-height line is a grey run as long as the word).
MIN_GREY_RUN = 0.2
#: The shortest run in pixels whatever the page size.
MIN_RUN_PX = 20
#: A band of runs thicker than this share of the page's height (width, for vertical
#: rules) is a shaded cell or a bar, not a rule: 0.5 % of A4 at 300 dpi is 17 px, a 4 pt
#: bar; the thickest table rule in a report is ~1.5 pt.
MAX_THICKNESS = 0.005
#: Pixels added on each side of a rule, for its anti-aliased and blurred edges.
GROW_PX = 2


def _runs(mask: Any, length: int) -> Any:
    """Pixels on a run of at least `length` True pixels along axis 1 (an opening)."""
    import cv2
    import numpy as np

    if mask.shape[1] < length:
        return np.zeros(mask.shape, dtype=bool)
    kernel = np.ones((1, length), dtype=np.uint8)
    return cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_OPEN, kernel).astype(bool)


def _thin(rule: Any, thickness: int) -> Any:
    """The rule pixels whose band across the rule is at most `thickness` pixels.

    `rule` holds horizontal rules (runs along axis 1); the band is measured along axis 0.
    """
    import numpy as np

    thick = _runs(np.ascontiguousarray(rule.T), thickness + 1).T
    return rule & ~thick


def remove_rules(image: Image.Image) -> Image.Image:
    """A grey page image with its horizontal and vertical ruling lines whitened."""
    import cv2
    import numpy as np

    gray = np.asarray(image.convert("L"))
    ink = gray < INK_GREY
    candidate = gray < RULE_GREY
    height, width = candidate.shape
    horizontal = _runs(ink, max(MIN_RUN_PX, int(width * MIN_RUN))) | _runs(
        candidate, max(MIN_RUN_PX, int(width * MIN_GREY_RUN))
    )
    horizontal = _thin(horizontal, max(2, int(height * MAX_THICKNESS)))
    columns = np.ascontiguousarray(candidate.T)
    vertical = _runs(columns, max(MIN_RUN_PX, int(height * MIN_RUN)))
    vertical = _thin(vertical, max(2, int(width * MAX_THICKNESS))).T
    rules = horizontal | vertical
    if not rules.any():
        return image.convert("L")
    cross = cv2.getStructuringElement(cv2.MORPH_CROSS, (3, 3))
    rules = cv2.dilate(rules.astype(np.uint8), cross, iterations=GROW_PX).astype(bool)
    cleaned = gray.copy()
    cleaned[rules] = 255
    return Image.fromarray(cleaned)
