"""A model named in words after its label: the brand, then the product line's name.

Some makers name a model in words, not a code: `机器型号： Anycubic Kobra Neo`.  The shared
grammar rightly wants a model to look like an identifier (a digit, capitals in one word),
or a report's "Model: see below" would be a model.  On a photo, a value of a few
capitalised words after a model label is a model when it starts with the maker's own
name as the photo prints it elsewhere (the company line, the logo): a brand and a product
line name a model the way `DEBIX Model B` does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from consistency.extract.photo.unlabelled import unlabelled_evidence
from consistency.fields import clean
from consistency.fields.values import company_like, model_end
from consistency.fields.vocabulary import LabelClass, classify
from consistency.model import Document, Evidence, Field
from consistency.words import Line, PageText

#: A label, its separator and the value after it on one line.
_LABELLED = re.compile(r"^\s*(?P<label>[^:：]{1,16}?)\s*[:：]\s*(?P<value>\S.*)$")
#: A named model has this many words: the brand and one to three words of the line's name.
MIN_WORDS, MAX_WORDS = 2, 4
#: The brand word is at least this long (a two-letter word is no one's name).
MIN_BRAND_LETTERS = 4


def _brand_words(page: PageText, skip: Line) -> set[str]:
    """Words the photo prints as its maker's name: company lines and lone wordmarks."""
    words: set[str] = set()
    for line in page.lines:
        if line is skip:
            continue
        text = clean(line.text)
        tokens = [t.strip(".,;®™") for t in text.split()]
        if company_like(text) or len(tokens) <= 2:
            words.update(t.casefold() for t in tokens if len(t) >= MIN_BRAND_LETTERS)
    return words


def named_models(page: PageText) -> list[tuple[Line, str, str]]:
    """(line, model, label) of models named in words after a model label."""
    found = []
    for line in page.lines:
        match = _LABELLED.match(clean(line.text))
        if match is None or classify(match.group("label")) != LabelClass.MODEL_NUMBER:
            continue
        value = model_end(match.group("value"))
        words = value.split()
        if not MIN_WORDS <= len(words) <= MAX_WORDS or not all(
            w.isalpha() and w[:1].isupper() for w in words
        ):
            continue
        if words[0].casefold() in _brand_words(page, line) and classify(value) is None:
            found.append((line, value, match.group("label")))
    return found


def named_model_evidence(
    page: PageText, evidence: Sequence[Evidence], document: Document, extractor: str
) -> list[Evidence]:
    """Evidence for the first model named in words, when no model was read otherwise."""
    if any(e.field == Field.MODEL_NUMBER for e in evidence):
        return []
    for line, value, label in named_models(page)[:1]:
        return [
            unlabelled_evidence(
                Field.MODEL_NUMBER,
                value,
                line,
                page=page,
                document=document,
                extractor=extractor,
                note="a model named in words: the maker's name, then the product line's",
                label=label,
                relation="right",
            )
        ]
    return []
