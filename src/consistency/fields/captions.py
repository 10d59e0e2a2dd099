"""Values above a caption in parentheses (EN ISO/IEC 17050-1 declarations of conformity).

"(Manufacturer's name)", "(Name, type or model, batch or serial number)": the value is
printed over its caption, in the caption's column.  A model caption may take a column
of models one per line; a maker's caption a name wrapped before its legal form; a
caption naming both name and model splits its line, unless the line is a list of models.
"""

from __future__ import annotations

import re

from consistency.fields import clean
from consistency.fields.continuation import IDENTIFIER_CHUNK, LIST_ITEM, models_only
from consistency.fields.manufacturer import GENERIC_WORDS
from consistency.fields.relations import (
    IDENTITY_CLASSES,
    ParsedPage,
    caption,
    close_below,
    split_pairs,
)
from consistency.fields.scoring import RELATION_WEIGHT, Candidate
from consistency.fields.values import (
    COMPANY_CLASSES,
    LEGAL_FORM,
    address_like,
    clean_value,
    has_cjk,
    plausible,
    split_models,
    split_name_and_model,
)
from consistency.fields.vocabulary import LabelClass, classify
from consistency.words import Line

#: How many lines above a caption its value may take (a DoC names one product per line).
_CAPTION_LINES = 3
#: A model caption's column of lines that hold only models may run this far up.
_CAPTION_LIST_LINES = 15


def caption_column(page: ParsedPage, index: int, skipped: set[int]) -> list[Line]:
    """The value lines above a caption: the words in the caption's column, nearest first.

    A DoC's left margin often holds unrelated text beside the value ("This Declaration
    of Conformity is based on..."), so only words from the caption's left edge on count
    (a value may be wider than its caption).
    """
    cap = page.lines[index]
    x0 = cap.bbox.x0
    below = cap
    found: list[Line] = []
    inner = caption(clean(cap.text)) or ""
    models = bool(re.search(r"\b(type|model)\b", clean(cap.text), re.I))
    company = classify(inner) in COMPANY_CLASSES
    limit = _CAPTION_LIST_LINES if models else _CAPTION_LINES
    for j in range(index - 1, max(index - 1 - limit, -1), -1):
        if j in skipped or j in page.taken:
            break
        column = [w for w in page.lines[j].words if w.bbox.x1 > x0]
        if not column:
            continue
        line = Line(tuple(column), cap.page)
        text = clean(line.text)
        if not close_below(line, below) or caption(text) or text.endswith((":", "：")):
            break
        if len(text.split()) > 10:
            break  # a sentence of body text, not a value
        if len(found) >= _CAPTION_LINES and not models_only(text):
            break  # past a DoC's few product lines, only a list of models runs on
        if found and not models:
            # A company's name wrapped before its legal form: one value over two lines
            # (not a labelled line, nor an address, above the name's tail).
            if page.labels_on(j) or address_like(text):
                break
            return [Line((*line.words, *found[0].words), cap.page)]
        found.append(line)
        page.taken.add(j)
        below = line
        if len(found) == 1 and not models and not (company and _name_tail(text)):
            break  # only a model caption lists several lines (one product each)
    return found[::-1]


#: The words, at most, left of a company name's tail once its legal form is gone.
_NAME_TAIL_WORDS = 2


def _name_tail(text: str) -> bool:
    """True for the last line of a wrapped company name ("Manufacturing CO.,LTD.")."""
    match = LEGAL_FORM.search(text)
    if match is None or has_cjk(text):
        return False
    head = re.sub(r"[^\w\s]", " ", text[: match.start()]).casefold().split()
    # Only industry words before the legal form: "Fenmore Products B.V." is a whole name.
    return len(head) <= _NAME_TAIL_WORDS and all(w in GENERIC_WORDS for w in head)


def from_caption(inner: str, value_line: Line, order: int) -> list[Candidate]:
    """Values printed above a caption; a caption naming both name and model splits the line."""
    # "We, Crownstone B.V." above "(Supplier's name)": the sentence's start is no name.
    value = re.sub(r"^we\s*,\s*", "", clean_value(clean(value_line.text)), flags=re.I)
    if not value or split_pairs(value):
        return []
    lowered = inner.casefold()
    words = value_line.words
    label = f"({inner})"
    weight = RELATION_WEIGHT["caption"]
    if re.search(r"\b(type|model)\b", lowered) and re.search(r"\bname\b", lowered):
        listed = split_models(value)
        if (
            len(listed) > 1
            and all(LIST_ITEM.fullmatch(m) for m in listed)
            and any(IDENTIFIER_CHUNK.fullmatch(m) for m in listed)
        ):
            # A list of models ("ZS-429 ZS-424P") names no product: every item is a model.
            return [
                Candidate(
                    LabelClass.MODEL_NUMBER,
                    label,
                    value,
                    words,
                    value_line.page,
                    order,
                    "caption",
                    weight,
                )
            ]
        name, model = split_name_and_model(value)
        found = []
        if model and plausible(LabelClass.MODEL_NUMBER, model):
            found.append(
                Candidate(
                    LabelClass.MODEL_NUMBER,
                    label,
                    model,
                    words,
                    value_line.page,
                    order,
                    "caption",
                    weight,
                )
            )
        if name and plausible(LabelClass.PRODUCT_NAME, name):
            found.append(
                Candidate(
                    LabelClass.PRODUCT_NAME,
                    label,
                    name,
                    words,
                    value_line.page,
                    order + 1,
                    "caption",
                    weight,
                )
            )
        return found
    cls = classify(inner)
    if cls is None and re.search(r"equipment|product", inner, re.I):
        cls = LabelClass.PRODUCT_NAME
    if cls is None or cls not in IDENTITY_CLASSES or not plausible(cls, value):
        return []
    return [Candidate(cls, label, value, words, value_line.page, order, "caption", weight)]
