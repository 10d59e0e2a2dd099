"""Context: which lines are not the product's, and makers that no label announces.

Support-equipment sections, "Refer to module FCC ID" lines and table-of-contents lines
name other things, so no relation reads them.  Lines that no label claims may still name
the maker: "We, <company>, declare under our sole responsibility" (`sentence`), or a
company line with a legal form near the identity block (`unlabelled`, a low weight).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from consistency.fields import clean
from consistency.fields.relations import ParsedPage
from consistency.fields.scoring import RELATION_WEIGHT, Candidate
from consistency.fields.values import (
    address_like,
    clean_value,
    company_like,
    cut_company,
    plausible,
)
from consistency.fields.vocabulary import DISTRACTOR_HEADINGS, LabelClass
from consistency.words import Line, Word

#: Lines that mention other equipment's identity ("Refer to module FCC ID: ...").
_DISTRACTOR_LINE = re.compile(
    r"^\W*(?:refer\s+to|contains?\s+(?:fcc|ic)\s+id|module\s+fcc\s+id|fcc\s+id\s+of\s+module)",
    re.I,
)
#: A numbered section heading ends a distractor section ("4.5 Testing environment").
_SECTION_HEADING = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[A-Z]\.|[IVX]+\.)\s+\S")
#: A table-of-contents line: a title, leaders, a page number ("Product Description .... 5").
_TOC_LINE = re.compile(r"[.·…_]{4,}\s*\d{1,3}\s*$")
#: "We, <company>, declare under our sole responsibility ..." (EN ISO/IEC 17050-1 DoCs).
_WE_DECLARE = re.compile(
    r"\bwe\s*,?\s+(?P<name>.+?)\s*,?\s*(?:\(|\bdeclares?\b|\bhereby\b|\bherewith\b)|"
    r"^(?P<maker>.+?)\s*,?\s+(?:hereby\s+)?declares?\s+under\s+(?:its|our|their)\s+sole",
    re.I,
)
#: "This declaration of conformity is issued under the sole responsibility of the
#: manufacturer: <company>" (Decision 768/2008/EC, Annex III): the maker after the colon
#: or on the next line.
_RESPONSIBLE_MAKER = re.compile(
    r"\bresponsibility\s+of\s+(?:the\s+)?(?:manufacturer|supplier)\s*[:：]\s*(?P<rest>.*)$", re.I
)
#: Company lines of the lab or body that issued the document, not the maker's.
_ISSUER = re.compile(
    r"test|laborator|certif|inspection|quality|metrology|compliance|notified|assessment", re.I
)
#: The words, at most, of a company name's wrapped tail ("Appliance Company Limited").
_NAME_TAIL_WORDS = 5
#: An unlabelled company line counts only this many lines from an identity value.
_NEAR_IDENTITY_LINES = 6


def skip_context(lines: Sequence[Line]) -> set[int]:
    """Lines that are not the product's: support-equipment sections, module lines, TOCs."""
    skipped: set[int] = set()
    in_distractor = False
    for index, line in enumerate(lines):
        text = clean(line.text)
        if DISTRACTOR_HEADINGS.search(text) and len(text.split()) <= 12:
            in_distractor = True
        elif in_distractor and _SECTION_HEADING.match(text):
            in_distractor = False
        if in_distractor or _DISTRACTOR_LINE.match(text) or _TOC_LINE.search(text):
            skipped.add(index)
    return skipped


#: An unlabelled company line OCR read less surely than this is no maker: a seal's or
#: a guilloche's debris can spell a legal form (`ies XX OY)`).
_UNLABELLED_CONFIDENCE = 0.5


def unlabelled(
    page: ParsedPage, skipped: set[int], found: Sequence[Candidate], order: int
) -> list[Candidate]:
    """Makers no label announces: "We, X, declare ..." and company lines near the identity."""
    used = {w for c in found for w in c.words}
    identity_lines = [
        i
        for i, line in enumerate(page.lines)
        for c in found
        if c.label_class in (LabelClass.MODEL_NUMBER, LabelClass.PRODUCT_NAME)
        and c.words
        and c.words[0] in line.words
    ]
    out: list[Candidate] = []
    for index, line in enumerate(page.lines):
        if index in skipped or any(w in used for w in line.words):
            continue
        text = clean(line.text)
        declared = _WE_DECLARE.search(text)
        said = declared and (declared.group("name") or declared.group("maker"))
        responsible = _responsible_maker(page, index, text)
        if responsible is not None:
            said, words = responsible
        else:
            words = line.words
        if said and company_like(said):
            name = cut_company(said.strip(" ,"))
            out.append(
                Candidate(
                    LabelClass.MANUFACTURER,
                    "under the sole responsibility of" if responsible else "We ... declare",
                    name,
                    words,
                    line.page,
                    order,
                    "sentence",
                    RELATION_WEIGHT["sentence"],
                )
            )
            order += 1
            continue
        if (
            page.labels_on(index)
            or line.confidence < _UNLABELLED_CONFIDENCE
            or not company_like(text)
            or address_like(text)
            or _ISSUER.search(text)
            or len(text.split()) > 10
            or not any(abs(index - i) <= _NEAR_IDENTITY_LINES for i in identity_lines)
            or not plausible(LabelClass.MANUFACTURER, text)
        ):
            continue
        out.append(
            Candidate(
                LabelClass.MANUFACTURER,
                "",
                cut_company(clean_value(text)),
                line.words,
                line.page,
                order,
                "unlabelled",
                RELATION_WEIGHT["unlabelled"],
            )
        )
        order += 1
    return out


def _responsible_maker(
    page: ParsedPage, index: int, text: str
) -> tuple[str, tuple[Word, ...]] | None:
    """The company named after "... under the sole responsibility of the manufacturer:",
    on the same line (its name may wrap onto the next) or alone on the next line."""
    match = _RESPONSIBLE_MAKER.search(text)
    if match is None:
        return None
    rest = match.group("rest").strip()
    words = page.lines[index].words
    following = page.lines[index + 1] if index + 1 < len(page.lines) else None
    nxt = clean(following.text) if following is not None else ""
    if following is None or page.labels_on(index + 1):
        return (rest, words) if rest else None
    if not rest:
        return nxt, following.words
    if not company_like(rest) and company_like(nxt) and len(nxt.split()) <= _NAME_TAIL_WORDS:
        return f"{rest} {nxt}", (*words, *following.words)
    return rest, words
