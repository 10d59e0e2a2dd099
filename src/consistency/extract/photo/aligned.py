"""A model printed under its label beats a code far across the label's line.

A moulded or printed label sets "Model:" on a line of its own and the model on the next
line, aligned under it; whatever stands at the far end of the label's line (a date code
`2511H` right-aligned to the block's edge, a lot number) belongs to another column.  The
shared grammar reads the nearest value on the label's line first; on a photo, where the
gap between the label and that value is several word heights wide and a code stands
right under the label, aligned with it, the code under the label is the model and the
far value is kept as an alternate reading.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

import attrs

from consistency.extract.photo.unlabelled import code_of, segments
from consistency.fields import normalise
from consistency.model import BBox, Evidence, Field, Role
from consistency.words import Line, PageText

#: A value further right of its label than this many word heights stands in another column.
FAR_GAP_EM = 3.0
#: A value under a label is aligned with it when their left edges are this close (heights).
ALIGNED_EM = 1.0
#: The line under the label starts at most this many label heights below its bottom.
BELOW_EM = 1.5


def _same_box(a: BBox, b: BBox) -> bool:
    return abs(a.x0 - b.x0) < 1 and abs(a.top - b.top) < 1


def _height(line: Line) -> float:
    return statistics.median(w.bbox.bottom - w.bbox.top for w in line.words)


def _label_and_value_line(page: PageText, value: BBox) -> tuple[int, Line] | None:
    """The index of the line holding the value and the label's words before it."""
    for index, line in enumerate(page.lines):
        at = next((i for i, w in enumerate(line.words) if _same_box(w.bbox, value)), None)
        if at:
            return index, Line(line.words[:at], line.page)
    return None


def prefer_aligned_below(page: PageText, evidence: Sequence[Evidence]) -> list[Evidence]:
    """The evidence with a far-right model replaced by the code aligned under its label.

    Only the main model read right of its label (`right` or `cell`) is looked at; the
    value it replaces stays as an alternate, so nothing read is lost.
    """
    out = list(evidence)
    for position, found in enumerate(out):
        if (
            found.field != Field.MODEL_NUMBER
            or found.role != Role.MAIN
            or found.relation not in ("right", "cell")
            or found.bbox is None
        ):
            continue
        located = _label_and_value_line(page, found.bbox)
        if located is None:
            return out
        index, label = located
        height = _height(label)
        if found.bbox.x0 - label.words[-1].bbox.x1 < FAR_GAP_EM * height:
            return out
        below = _aligned_code(page, index, label, height)
        if below is None:
            return out
        line, code = below
        if normalise(Field.MODEL_NUMBER, code) == found.normalised:
            return out
        moved = attrs.evolve(
            found,
            raw=code,
            normalised=normalise(Field.MODEL_NUMBER, code),
            bbox=line.bbox,
            confidence=line.confidence,
            relation="below",
            note="the code aligned under the label; the value far across its line is "
            "another column's",
        )
        kept = attrs.evolve(found, role=Role.ALTERNATE, note="far across the label's line")
        return [*out[:position], moved, kept, *out[position + 1 :]]
    return out


def _aligned_code(
    page: PageText, index: int, label: Line, height: float
) -> tuple[Line, str] | None:
    """The code on the next line that starts under the label, or None."""
    if index + 1 >= len(page.lines):
        return None
    nxt = page.lines[index + 1]
    if nxt.bbox.top - label.bbox.bottom > BELOW_EM * height:
        return None
    for part in segments(nxt):
        if abs(part.bbox.x0 - label.bbox.x0) > ALIGNED_EM * height:
            continue
        code = code_of(part.text)
        if code is not None:
            return part, code
    return None
