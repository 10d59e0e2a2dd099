"""What a photo's witness says when its text was read in part (rules helpers).

A photo is read by OCR, region by region; a region can be lost or cut short while the
rest reads well.  These checks keep such a photo from being reported as "not showing" a
field (CR401) or as naming another company (CR201) when it only was read in part.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from consistency.fields.vocabulary import LabelClass, classify
from consistency.model import Field, TextLine


def cut_short(value: str, reference: str) -> bool:
    """True when an OCR'd name is the reference cut inside a word ("Huizhou Ten" of
    "Huizhou Tengsheng Technology Co., Ltd."): a line the reader lost the end of, not
    another company."""
    read = " ".join(value.casefold().split())
    full = " ".join(reference.casefold().split())
    return (
        len(read) >= 4
        and len(read) < len(full)
        and full.startswith(read)
        and full[len(read)].isalnum()
        and read[-1].isalnum()
    )


#: The label classes that announce each compared field on a photo.
_FIELD_LABELS: Mapping[Field, frozenset[LabelClass]] = {
    Field.MODEL_NUMBER: frozenset({LabelClass.MODEL_NUMBER, LabelClass.SERIES_MODELS}),
    Field.MANUFACTURER: frozenset({LabelClass.MANUFACTURER}),
    Field.PRODUCT_NAME: frozenset({LabelClass.PRODUCT_NAME}),
}


def label_unread(field: Field, lines: Sequence[TextLine]) -> bool:
    """True when a photo prints the field's label but no value of it was read.

    "Not shown" (CR401) needs a photo read well with no label for the field on it; a
    label whose value OCR lost (the stamped line of a worn nameplate, a value in a region
    read as nothing) is "unread" instead.
    """
    classes = _FIELD_LABELS.get(field, frozenset())
    for line in lines:
        text = " ".join(line.text.split())
        head = re.split(r"[:：]", text, maxsplit=1)[0]
        words = head.split()
        heads = [head] if head != text else [text] + [" ".join(words[:n]) for n in (3, 2)]
        # A head cut before its object ("Product of" CHINA, "Made in") is no label.
        heads = [h for h in heads if h and h.split()[-1].casefold() not in ("of", "in", "for")]
        if any(len(h) <= 40 and classify(h) in classes for h in heads):
            return True
    return False
