"""Whiten dotted leaders on a scanned page before OCR.

`产品名称 ..........: Hollis Electric Water Kettle`: tesseract joins a row of leader
dots to the label before it and reads the pair as letters (`产品名舟 oolisElectric`,
`Pr sesasisicousureiannioicnan = WK-A5S7`), and the label is lost.  A leader is a row of
small blobs of ink, all of a dot's size, evenly spaced on one baseline over a distance
no word spans; a full stop or the dot of an `i` stands alone.  Such rows are whitened
(the colon that ends a leader is two dots one above the other, not on the row: it stays).
"""

from __future__ import annotations

from typing import Any

from PIL import Image

#: Grey level below which a pixel is ink.
INK_GREY = 160
#: A leader dot's largest side, as a share of the page width: 0.4 % is 10 px at 300 dpi
#: (a 1.5 pt dot); letters other than a full stop are larger.
MAX_DOT = 0.004
#: Gap bridged between two dots of one leader (share of the page width): 1.2 % is
#: 30 px at 300 dpi; leaders space their dots 2-5 pt apart.
DOT_GAP = 0.012
#: A row of dots is a leader when it runs at least this share of the page width:
#: 4 % is 100 px at 300 dpi, eight dots or more.
MIN_LEADER = 0.04


def remove_leader_dots(image: Image.Image) -> Image.Image:
    """A grey page with its dotted leaders whitened (see the module doc)."""
    import cv2
    import numpy as np

    gray = np.asarray(image.convert("L"))
    width = gray.shape[1]
    ink = (gray < INK_GREY).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if count <= 1:
        return image.convert("L")
    largest = max(2, round(width * MAX_DOT))
    sides = stats[:, [cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT]]
    small = (sides.max(axis=1) <= largest) & (stats[:, cv2.CC_STAT_AREA] >= 2)
    small[0] = False  # the background
    if not small.any():
        return image.convert("L")
    dots = small[labels]
    gap = max(3, round(width * DOT_GAP))
    bridged = cv2.morphologyEx(
        dots.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((1, gap), dtype=np.uint8)
    )
    leaders = _long_rows(bridged.astype(bool), max(gap + 1, round(width * MIN_LEADER)))
    on_leader = dots & leaders
    if not on_leader.any():
        return image.convert("L")
    # Whiten whole dots: every component that touches a leader row.
    leader_labels = np.unique(labels[on_leader])
    remove = np.isin(labels, leader_labels)
    cleaned = gray.copy()
    cleaned[remove] = 255
    return Image.fromarray(cleaned)


def _long_rows(mask: Any, length: int) -> Any:
    """Pixels on a horizontal run of at least `length` True pixels."""
    import numpy as np

    cols = mask.shape[1]
    if cols < length:
        return np.zeros(mask.shape, dtype=bool)
    sums = np.cumsum(np.pad(mask.astype(np.int32), ((0, 0), (1, 0))), axis=1)
    full = (sums[:, length:] - sums[:, :-length]) == length
    starts = np.cumsum(np.pad(full.astype(np.int32), ((0, 0), (1, 0))), axis=1)
    k = np.arange(cols)
    hi = np.minimum(k, cols - length) + 1
    lo = np.maximum(k - length + 1, 0)
    return (starts[:, hi] - starts[:, lo]) > 0
