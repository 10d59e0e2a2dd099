"""Text regions as quads: their corners in reading order, their size, their strip.

A detector reports a region as four corners in no particular order; everything after
it (orientation, deskew, cutting a strip to read) needs them clockwise from where the
text starts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PIL import Image

Point = tuple[float, float]
#: Four corners, clockwise, the first at the top left of the text as it reads.
Quad = tuple[Point, Point, Point, Point]


def reading_order(quad: Sequence[Point]) -> Quad:
    """The quad's corners clockwise (on screen) from the one where its text starts.

    The text runs along the quad's long sides; of the two long sides, the one pointing
    right (or, for vertical runs, down) is the top edge.  A quad is taken as it is
    drawn: which way up its text is, is the orientation stage's business.
    """
    pts = list(quad[:4])
    # Make the order clockwise on screen (positive shoelace area with y down).
    area = sum(pts[i][0] * pts[(i + 1) % 4][1] - pts[(i + 1) % 4][0] * pts[i][1] for i in range(4))
    if area < 0:
        pts.reverse()

    def length(i: int) -> float:
        a, b = pts[i], pts[(i + 1) % 4]
        return math.hypot(b[0] - a[0], b[1] - a[1])

    long_first = length(0) + length(2) >= length(1) + length(3)
    candidates = (0, 2) if long_first else (1, 3)

    def rightness(i: int) -> float:
        a, b = pts[i], pts[(i + 1) % 4]
        dx, dy = b[0] - a[0], b[1] - a[1]
        # Rightwards first; a vertical run reads downwards.
        return dx + 0.001 * dy

    start = max(candidates, key=rightness)
    ordered = pts[start:] + pts[:start]
    return (ordered[0], ordered[1], ordered[2], ordered[3])


def quad_size(quad: Quad) -> tuple[float, float]:
    """The quad's length along its text and its height across it."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = quad
    width = (math.hypot(x1 - x0, y1 - y0) + math.hypot(x2 - x3, y2 - y3)) / 2
    height = (math.hypot(x3 - x0, y3 - y0) + math.hypot(x2 - x1, y2 - y1)) / 2
    return width, height


def cut_strip(image: Image.Image, quad: Sequence[Point]) -> Image.Image:
    """The region straightened into a horizontal strip (its text left to right)."""
    ordered = (quad[0], quad[1], quad[2], quad[3])
    width, height = quad_size(ordered)
    size = (max(1, round(width)), max(1, round(height)))
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = ordered
    # PIL's QUAD data: source corners upper-left, lower-left, lower-right, upper-right.
    return image.transform(
        size,
        Image.Transform.QUAD,
        (x0, y0, x3, y3, x2, y2, x1, y1),
        Image.Resampling.BILINEAR,
    )
