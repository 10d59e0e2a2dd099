"""What a (label, value) pair is worth: the relation's weight and the value's shape.

A `Candidate` is a pair that won for its label; its `score` is the weight of the spatial
relation that gave the value (`RELATION_WEIGHT`) plus how well the value's shape fits
the label's class (`shape_score`).  Tuning the layer means changing these numbers.
"""

from __future__ import annotations

import re

import attrs

from consistency.fields.values import (
    COMPANY_CLASSES,
    MODEL_CLASSES,
    company_like,
    model_like,
    plausible,
    split_models,
)
from consistency.fields.vocabulary import LabelClass
from consistency.model import BBox
from consistency.words import Word, tuple_of_words, words_bbox, words_confidence

#: How much each relation says by itself that a value belongs to a label: a value on the
#: label's line after a separator is surest; a line above a centred label least sure.
RELATION_WEIGHT: dict[str, float] = {
    "right": 1.0,
    "cell": 0.95,
    "caption": 0.9,
    "sentence": 0.9,
    "wrapped": 0.85,
    "column": 0.85,
    "below": 0.8,
    "run-on": 0.75,
    "above": 0.6,
    "unlabelled": 0.3,
}
#: Candidates below this score are dropped (a relation alone, with a poor value shape).
MIN_SCORE = 0.5


@attrs.frozen
class Candidate:
    """A (label, value) pair that won for its label, before it becomes `Evidence`."""

    label_class: LabelClass
    label: str
    value: str
    words: tuple[Word, ...] = attrs.field(converter=tuple_of_words)
    page: int
    order: int
    #: The spatial relation that gave the value: right, cell, below, wrapped, above...
    relation: str
    score: float = 1.0

    @property
    def bbox(self) -> BBox | None:
        """The box around the value's words."""
        return words_bbox(self.words)

    @property
    def confidence(self) -> float:
        """The lowest confidence of the value's words."""
        return words_confidence(self.words)


def shape_score(label_class: LabelClass, value: str) -> float | None:
    """How well a value's shape fits its label's class; None when it cannot be that value."""
    if not plausible(label_class, value):
        return None
    words = value.split()
    if label_class in MODEL_CLASSES:
        models = split_models(value)
        fit = sum(model_like(m) for m in models) / max(len(models), 1)
        return 0.1 * fit + (0.1 if re.search(r"\d", value) else 0.0) - (0.2 * (len(value) > 80))
    if label_class in COMPANY_CLASSES:
        return (0.15 if company_like(value) else 0.0) - (0.15 if len(words) > 14 else 0.0)
    if label_class == LabelClass.PRODUCT_NAME:
        return (-0.2 if company_like(value) else 0.0) - (0.1 if len(words) > 12 else 0.0)
    return 0.0
