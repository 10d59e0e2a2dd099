"""Values that run on over the next lines: wrapped lists, names and bullet lists.

A value found beside or under its label may continue below it: a model list that wraps
after a separator or prints one model per line under its first model, a company name
whose legal form is still to come (also after a Chinese name, whose Latin name follows
on the next lines), a bullet list of models.  A continuation starts under the value (a
company name in a sentence may wrap to the line's margin), holds no label and is not a
caption.
"""

from __future__ import annotations

import re

import attrs

from consistency.fields import clean
from consistency.fields.relations import (
    ParsedPage,
    caption,
    close_below,
)
from consistency.fields.scoring import Candidate
from consistency.fields.values import (
    COMPANY_CLASSES,
    LEGAL_FORM,
    MODEL_CLASSES,
    RATING,
    address_like,
    clean_value,
    has_cjk,
    is_name_start,
    latin_tail,
    translated_name,
)
from consistency.fields.vocabulary import LabelClass
from consistency.words import Line

#: "Same as" whose "applicant" OCR put on the next line.
_SAME_AS_HEAD = re.compile(r"^same(?:\s+as)?(?:\s+the)?$", re.I)
_SAME_AS_TAIL = re.compile(r"^(?:as\s+)?(?:the\s+)?(?:applicant|above|client)\b", re.I)

_BULLET = re.compile(r"^\s*[-–•·*▪●]\s+\S")


def extend(cand: Candidate, page: ParsedPage, index: int) -> Candidate:
    """A value that continues on the next lines: a wrapped list, name or bullet list."""
    if cand.relation == "caption":
        return cand
    value, words = cand.value, list(cand.words)
    last = page.lines[index]
    bullets = cand.label_class in MODEL_CLASSES and _BULLET.match(clean(last.text))
    for j in range(index + 1, min(index + 7, len(page.lines))):
        nxt = page.lines[j]
        text = clean(nxt.text)
        if not text or not close_below(last, nxt):
            break
        if _SAME_AS_HEAD.match(value) and _SAME_AS_TAIL.match(text):
            value, last = f"{value} {text}", nxt
            words.extend(nxt.words)
            page.taken.add(j)
            break
        if page.labels_on(j):
            break
        if caption(text) is not None:
            break
        after = page.lines[j + 1] if j + 1 < len(page.lines) else None
        ahead = clean(after.text) if after is not None and close_below(nxt, after) else ""
        joined = _continuation(cand, value, text, last, nxt, bool(bullets), ahead)
        if joined is None:
            break
        value = joined
        words.extend(nxt.words)
        page.taken.add(j)
        last = nxt
    if value == cand.value:
        return cand
    return attrs.evolve(cand, value=value, words=tuple(words))


def _continuation(
    cand: Candidate, value: str, text: str, last: Line, nxt: Line, bullets: bool, ahead: str = ""
) -> str | None:
    """`value` continued by the next line's `text`, or None when the line is not part of it."""
    if bullets:
        return f"{value}; {clean_value(text)}" if _BULLET.match(text) else None
    # Continuations start under the value, not under the label; a company's name in a
    # sentence ("...of the manufacturer: Dongguan Jinhong Electrical" / "Appliance Company
    # Limited") wraps to the line's margin, where only its legal form may follow.
    tolerance = 0.6 * max(nxt.bbox.bottom - nxt.bbox.top, 6.0) + 4
    start = nxt.words[0].bbox.x0
    if abs(start - cand.words[0].bbox.x0) > tolerance:
        at_margin = abs(start - last.bbox.x0) <= tolerance
        if not (at_margin and cand.label_class in COMPANY_CLASSES and _legal_tail(value, text)):
            return None
    if cand.label_class in MODEL_CLASSES:
        # A model list wraps after a separator ("QL-03 1300W," / next line "QL-04"), or
        # prints one model per line under the first ("FN-7283" / "FN-7289" / ...).
        if not re.search(r"[,;、，/]\s*$", clean(last.text)) and not models_only(text, value):
            return None
        return value.rstrip() + ", " + text
    if cand.label_class in (LabelClass.MANUFACTURER, LabelClass.APPLICANT, LabelClass.FACTORY):
        if translated_name(value, text):
            return f"{value} {text}"
        # A company name wraps only when its legal form is still to come (in its Latin
        # part, for a bilingual name).
        # (A bilingual name's Latin part may wrap whole onto the next line.)
        longest = _MAX_BILINGUAL_TAIL if has_cjk(value) else _MAX_NAME_TAIL
        if _middle_of_name(value, text, ahead):
            return f"{value} {text}"
        if (
            LEGAL_FORM.search(latin_tail(value))
            or not LEGAL_FORM.search(text)
            or len(text) > longest
            or address_like(text)
        ):
            return None
    elif cand.label_class == LabelClass.PRODUCT_NAME:
        if len(text.split()) > 5 or value.endswith(".") or re.search(r"\d{2,}", text):
            return None
    else:
        return None
    return value + text if value.endswith(("/", "-")) else f"{value} {text}"


#: The words, at most, of a company name's wrapped tail ("Appliance Company Limited").
_NAME_TAIL_LINE_WORDS = 5
#: The characters, at most, of a company name's wrapped rest; after a Chinese name the whole
#: Latin name may follow ("厦门创新电器制造有限公司 / XIAMEN" / "CHUANGXIN ... CO., LTD.").
_MAX_NAME_TAIL = 40
_MAX_BILINGUAL_TAIL = 90


def _legal_tail(value: str, text: str) -> bool:
    """True when `text` ends a company name that `value` began: the legal form still to come."""
    return (
        not LEGAL_FORM.search(latin_tail(value))
        and bool(LEGAL_FORM.search(text))
        and len(text.split()) <= _NAME_TAIL_LINE_WORDS
        and not address_like(text)
    )


def _middle_of_name(value: str, text: str, ahead: str) -> bool:
    """True for a line in the middle of a company name wrapped over three lines: words of
    a name without its legal form, which the line after brings ("... / XIAMEN" /
    "CHUANGXIN ELECTRIC APPLIANCE" / "MANUFACTURING CO.,LTD.")."""
    return (
        not LEGAL_FORM.search(latin_tail(value))
        and not LEGAL_FORM.search(text)
        and is_name_start(text)
        and _legal_tail(f"{value} {text}", ahead)
    )


#: A line of a model list: identifiers (maybe with a rating), no label, no colon, no prose.
_LIST_CHUNKS = re.compile(r"[\s,;、，；]+")


def models_only(text: str, before: str = "") -> bool:
    """True for a line that holds only models ("FN-7289", "TYO-02 1200W, TYO-03"): the next
    line of a list printed one model per line under its first model.  A number alone is a
    model of the list when a model before it carries that number ("232T3" / "232")."""
    if ":" in text or "：" in text or has_cjk(text):
        return False
    chunks = [c for c in _LIST_CHUNKS.split(text) if c]
    models = [c for c in chunks if not RATING.fullmatch(c)]
    return bool(models) and all(
        IDENTIFIER_CHUNK.fullmatch(c) or (re.fullmatch(r"\d{3,}", c) and c in before)
        for c in models
    )


#: An item of a model list, which may be digits only after a full model ("WP471H, 471").
LIST_ITEM = re.compile(r"(?=\S*\d)[A-Za-z0-9][\w\-./()+#]*")
#: One identifier of a list: letters and digits with a digit, joined by the usual joiners.
IDENTIFIER_CHUNK = re.compile(r"(?=\S*\d)(?=\S*[A-Za-z])[A-Za-z0-9][\w\-./()+#]*")
