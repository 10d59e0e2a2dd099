"""Geometry of a photo's stages: text quads, quarter turns, the deskewed frame and back.

Three frames of pixel coordinates, all at the photo's full resolution:

- the **photo** frame: the image as displayed (EXIF orientation applied); evidence
  boxes are given in it;
- the **upright** frame: the photo turned by whole quarter turns so that its text reads
  left to right;
- the **level** frame: the upright frame rotated about its centre by the text's skew, so
  that text lines are horizontal.  Lines are grouped and the label grammar reads in it.

`Frame` maps boxes from the level frame back to the photo frame.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import attrs

from consistency.extract.ocr.quads import Point, Quad, quad_size, reading_order
from consistency.model import BBox

__all__ = ["Frame", "Point", "Quad", "quad_size", "reading_order"]


def rotate_about(point: Point, centre: Point, degrees: float) -> Point:
    """`point` turned by `degrees` (counter-clockwise on screen, y down) about `centre`."""
    rad = math.radians(degrees)
    cos, sin = math.cos(rad), math.sin(rad)
    dx, dy = point[0] - centre[0], point[1] - centre[1]
    return centre[0] + dx * cos + dy * sin, centre[1] - dx * sin + dy * cos


def quarter_turn(point: Point, size: tuple[float, float]) -> Point:
    """A point of an image of `size` after the image is turned 90 degrees counter-clockwise."""
    x, y = point
    return y, size[0] - x


def turned_size(size: tuple[float, float], turns: int) -> tuple[float, float]:
    """The size of an image after `turns` quarter turns."""
    return (size[1], size[0]) if turns % 2 else size


def turn_points(points: Sequence[Point], size: tuple[float, float], turns: int) -> list[Point]:
    """Points of an image of `size` after `turns` counter-clockwise quarter turns."""
    turned = list(points)
    current = size
    for _ in range(turns % 4):
        turned = [quarter_turn(p, current) for p in turned]
        current = (current[1], current[0])
    return turned


def turn_quad(quad: Quad, size: tuple[float, float], turns: int) -> Quad:
    """A quad after `turns` quarter turns, its corners re-ordered for reading."""
    return reading_order(turn_points(quad, size, turns))


def unturn_quad(quad: Quad, photo_size: tuple[float, float], turns: int) -> Quad:
    """An upright-frame quad back in the photo frame, its corners in the same order."""
    points = turn_points(quad, turned_size(photo_size, turns), (4 - turns % 4) % 4)
    return (points[0], points[1], points[2], points[3])


def edge_angle(a: Point, b: Point) -> float:
    """The direction of the edge a->b in degrees, counter-clockwise on screen (y down)."""
    return math.degrees(math.atan2(-(b[1] - a[1]), b[0] - a[0]))


def along(quad: Quad, start: float, end: float) -> Quad:
    """The part of a quad between two fractions of its length (a word of a text run)."""
    (tlx, tly), (trx, try_), (brx, bry), (blx, bly) = quad

    def top(f: float) -> Point:
        return tlx + (trx - tlx) * f, tly + (try_ - tly) * f

    def bottom(f: float) -> Point:
        return blx + (brx - blx) * f, bly + (bry - bly) * f

    return top(start), top(end), bottom(end), bottom(start)


def bbox_of(points: Sequence[Point], width: float, height: float) -> BBox:
    """The enclosing box of some points, clipped to an image of the given size."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return BBox(
        max(0.0, min(xs)),
        max(0.0, min(ys)),
        min(float(width), max(max(xs), 0.0)),
        min(float(height), max(max(ys), 0.0)),
    )


@attrs.frozen
class Frame:
    """How the level frame relates to the photo: quarter turns, then a skew rotation."""

    photo_size: tuple[float, float]
    turns: int = 0  #: counter-clockwise quarter turns from the photo to the upright frame
    skew: float = 0.0  #: degrees the upright frame is rotated to level the text

    @property
    def size(self) -> tuple[float, float]:
        """Width and height of the upright (and level) frame."""
        return turned_size(self.photo_size, self.turns)

    def level(self, point: Point) -> Point:
        """A point of the upright frame in the level frame."""
        w, h = self.size
        return rotate_about(point, (w / 2, h / 2), -self.skew)

    def to_photo(self, box: BBox) -> BBox:
        """A box of the level frame as the enclosing box in the photo frame."""
        w, h = self.size
        corners = [(box.x0, box.top), (box.x1, box.top), (box.x1, box.bottom), (box.x0, box.bottom)]
        upright = [rotate_about(p, (w / 2, h / 2), self.skew) for p in corners]
        # Undo the quarter turns: the remaining counter-clockwise turns to a full circle.
        points = turn_points(upright, self.size, (4 - self.turns % 4) % 4)
        return bbox_of(points, *self.photo_size)
