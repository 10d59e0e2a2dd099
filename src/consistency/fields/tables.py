"""Ruled tables read cell by cell: the `cell` relation where the table's rules say it.

pdfplumber finds a page's ruled tables; each row of `label | value` cells (or two such
pairs) becomes a candidate, scored like every other pair.  A column table of other
equipment (a header row of labels, or a support-unit heading) is skipped whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from consistency.fields import clean
from consistency.fields.continuation import models_only
from consistency.fields.relations import IDENTITY_CLASSES, cell_label
from consistency.fields.scoring import RELATION_WEIGHT, Candidate, shape_score
from consistency.fields.values import (
    COMPANY_CLASSES,
    LEGAL_FORM,
    MODEL_CLASSES,
    clean_value,
    latin_tail,
    translated_name,
)
from consistency.fields.vocabulary import DISTRACTOR_HEADINGS, LabelClass
from consistency.words import Word


def table_candidates(
    rows: Sequence[Sequence[tuple[str, tuple[Word, ...]]]], page: int, *, start_order: int = 0
) -> tuple[list[Candidate], set[Word]]:
    """Label/value pairs from a ruled table's cells (label cells may wrap over lines).

    Rows of `label | value` (or two such pairs) are read; a column table of other
    equipment (a row of three or more labels, or a support-unit heading) is skipped.
    Returns the candidates and the words they used (or all words of a skipped table),
    which line parsing must not read again; other cells are left to line parsing.
    """
    out: list[Candidate] = []
    used: set[Word] = set()
    order = start_order
    for row in rows:
        texts = [text for text, _ in row if text.strip()]
        if any(DISTRACTOR_HEADINGS.search(" ".join(t.split())) for t in texts) or _header(texts):
            return [], {w for r in rows for _, words in r for w in words}
    for row in rows:
        cells = [(text, words) for text, words in row if text.strip()]
        for i in range(0, len(cells) - 1, 2):
            label_text, label_words = cells[i]
            value_text, value_words = cells[i + 1]
            cls = cell_label(label_text)
            if cls is None or cls not in IDENTITY_CLASSES:
                continue
            value = _cell_value(cls, value_text)
            shape = shape_score(cls, value)
            if shape is None:
                continue
            label = " ".join(label_text.split()).rstrip(":： ")
            out.append(
                Candidate(
                    cls,
                    label,
                    value,
                    value_words,
                    page,
                    order,
                    "cell",
                    round(RELATION_WEIGHT["cell"] + shape, 3),
                )
            )
            used.update(label_words)
            used.update(value_words)
            order += 1
    return out, used


def _cell_value(cls: LabelClass, text: str) -> str:
    """A ruled cell's value: a company's first line (and its wrapped legal form), or all."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if cls in MODEL_CLASSES and _one_model_per_line(lines):
        return clean_value(clean(", ".join(lines)))  # "5174Y9" / "MK517P4": a list
    if cls not in COMPANY_CLASSES and cls != LabelClass.BRAND:
        return clean_value(clean(" ".join(lines)))
    value, rest = (lines[0], lines[1:]) if lines else ("", [])
    if rest and translated_name(value, rest[0]):
        value, rest = f"{value} {rest[0]}", rest[1:]
    if (
        rest
        and not LEGAL_FORM.search(latin_tail(value))
        and LEGAL_FORM.search(rest[0])
        and len(rest[0]) < _WRAPPED_FORM_CHARS
    ):
        value = f"{value} {rest[0]}"
    return clean_value(clean(value))


def _one_model_per_line(lines: Sequence[str]) -> bool:
    """True for a cell listing models one per line, not one model wrapped at a joiner
    (`KF-35GW/Y-` / `IA(R2)`) nor words that wrap (`SWITCHING` / `ADAPTER`)."""
    return (
        len(lines) > 1
        and not any(line.endswith(("-", "/", "_", ".")) for line in lines[:-1])
        and all(models_only(line) for line in lines)
    )


#: A company name's wrapped last line (its legal form) is short.
_WRAPPED_FORM_CHARS = 40


def _header(texts: Sequence[str]) -> bool:
    """True for a column table's header row: three cells or more with two labels side by
    side (`Supplier | Manufacturer`), where `label | value | label | value` alternates, and
    no label followed by a value with digits."""
    if len(texts) < 3:
        return False
    labels = [cell_label(t) is not None for t in texts]
    adjacent = any(labels[i] and labels[i + 1] for i in range(len(texts) - 1))
    return adjacent and not any(
        labels[i] and not labels[i + 1] and re.search(r"\d", texts[i + 1])
        for i in range(len(texts) - 1)
    )
