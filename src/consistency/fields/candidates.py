"""The key-value layer: every (label, value) pair a page offers, scored, the best kept.

For each label on a page (found by `fields.relations`), every spatial relation proposes
a value: `right` of the label on its line, the next `cell` of a ruled or unruled table
or two-column layout, `below` it, beside the first line of a label `wrapped` over two
lines, `above` a vertically centred label, above a `caption` in parentheses.  Each
proposal is scored by the relation's weight and the value's shape for the label's class
(`fields.values`); context removes what is not the product's (support-equipment
sections, "Refer to module" lines, tables of contents).  The best proposal per label
becomes a `Candidate` that remembers its relation and score.  Lines that no label
claims may still name the maker: a company line near the identity block (`unlabelled`)
or "We, <company>, declare under our sole responsibility" (`sentence`).

A new layout is a new relation or weight here, never a new code path.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from consistency.fields import clean
from consistency.fields.captions import caption_column, from_caption
from consistency.fields.context import skip_context, unlabelled
from consistency.fields.continuation import extend
from consistency.fields.relations import (
    IDENTITY_CLASSES,
    Pair,
    ParsedPage,
    Segment,
    caption,
    close_below,
    segment_at,
)
from consistency.fields.scoring import MIN_SCORE, RELATION_WEIGHT, Candidate, shape_score
from consistency.fields.values import (
    COMPANY_CLASSES,
    LEGAL_FORM,
    address_like,
    clean_value,
    is_label_word,
    latin_tail,
)
from consistency.fields.vocabulary import LabelClass, classify, label_shaped
from consistency.words import Line, Word, words_in_span

#: A company value that is only its legal form: its name wrapped onto the line above.
_ONLY_LEGAL = re.compile(
    r"^(?:co\.?\s*,?\s*ltd\.?|company\s+limited|limited|ltd\.?|inc\.?|llc|gmbh|corp\.?|"
    r"s\.?r\.?l\.?|b\.?v\.?|有限公司)$",
    re.I,
)
#: A line that is a field of its own ("Compliance Folder Reference: P24519LR"), which a
#: label above it cannot take as its value.
_OWN_FIELD = re.compile(r"^[A-Za-z][A-Za-z '’/()-]{1,40}[:：]\s*\S")
#: The name field of a party's block: "Company: Pinout Limited", "Name: ACME GmbH".
_NAME_FIELD = re.compile(
    r"^(?:company(?:\s+name)?|name|legal\s+name|organi[sz]ation|firm)\s*[:：]\s*(?=\S)", re.I
)
_BULLET_ONLY = re.compile(r"^\s*[-–•·*▪●]\s*$")


#: A relation's proposal for a label: (score, value, value words, relation, label text).
_Proposal = tuple[float, str, tuple[Word, ...], str, str]


def _option(
    cls: LabelClass, label: str, value: str, words: Sequence[Word], relation: str
) -> _Proposal | None:
    """A relation's value for a label, scored; None when the value cannot be that field's."""
    value = clean_value(clean(value))
    shape = shape_score(cls, value)
    if shape is None or not words:
        return None
    return RELATION_WEIGHT[relation] + shape, value, tuple(words), relation, label


def _proposals(page: ParsedPage, index: int, position: int, pair: Pair) -> list[_Proposal]:
    """Every value the relations propose for one label, scored."""
    seg = page.parts[index][position]
    cls = pair.label_class
    seg_text = seg.clean_text
    found = []
    if not pair.dangling:
        words = seg.words_in(pair.start, pair.end)
        value, words = _with_wrapped_head(
            cls, clean_value(seg_text[pair.start : pair.end]), words, page, index
        )
        found.append(_option(cls, pair.label, value, words, "right"))
        if found[-1] is None and cls in COMPANY_CLASSES:
            # An address beside a vertically centred label: the name is on the line above.
            label_words = Segment(seg.words_in(0, pair.start) or seg.words[:1], seg.page)
            found.append(_above(page, index, label_words, cls, pair.label))
        return [f for f in found if f is not None]
    following = page.parts[index][position + 1 :]
    if following and not page.pairs[index][position + 1]:
        nxt = following[0]
        value, words = _with_wrapped_head(cls, clean_value(nxt.text), nxt.words, page, index)
        found.append(_option(cls, pair.label, value, words, "cell"))
        if found[-1] is None and cls in COMPANY_CLASSES:
            # An address in the next cell of a vertically centred label: the name is above.
            found.append(_above(page, index, seg, cls, pair.label))
    found.append(column_value(page, index, seg, cls, pair.label))
    if not following:
        found.append(_wrapped(page, index, seg, cls, pair.label))
        found.append(_above(page, index, seg, cls, pair.label))
        found.append(_below(page, index, seg, cls, pair.label))
        found.append(_misaligned_cell(page, index, seg, cls, pair.label))
        found.append(_run_on(page, index, seg, cls, pair.label))
    return [f for f in found if f is not None]


#: A label at the end of a line of prose takes the head of the next line as its value,
#: up to the first of these (`(Sample model:` / `CHESTER) is copper alloy, ...`).
_RUN_ON_END = re.compile(r"[,;)）(（]|\s(?:is|are|was|and|which|with)\s")
#: Words, at most, of a run-on value: longer heads are sentences, not values.
_RUN_ON_WORDS = 5
#: Words, at least, before the label on its line: a label alone on its line has a value
#: below it (`_below`), not a run-on.
_RUN_ON_PROSE = 3


def _run_on(
    page: ParsedPage, index: int, seg: Segment, cls: LabelClass, label: str
) -> _Proposal | None:
    """A value wrapped to the next line of prose: `(Applicant: ACME, Sample model:` /
    `CHESTER) is copper alloy ...`.  The label ends its line after some words, and the
    next line starts at the paragraph's margin with the value."""
    following = index + 1
    while following < len(page.lines) and not any(
        ch.isalnum() for ch in page.lines[following].text
    ):
        following += 1  # OCR's stray punctuation between the lines (",")
    if (
        following >= len(page.lines)
        or following in page.taken
        or page.labels_on(following)
        or cls not in IDENTITY_CLASSES
        or len(seg.text.split()) - len(label.split()) < _RUN_ON_PROSE
    ):
        return None
    line, nxt = page.lines[index], page.lines[following]
    height = max(line.bbox.bottom - line.bbox.top, 1.0)
    if not close_below(line, nxt) or abs(nxt.bbox.x0 - line.bbox.x0) > height:
        return None
    end = _RUN_ON_END.search(nxt.text)
    head = nxt.text[: end.start()].rstrip() if end else ""
    if not head or len(head.split()) > _RUN_ON_WORDS:
        return None
    return _option(cls, label, head, words_in_span(nxt.words, 0, len(head)), "run-on")


#: Two words start in one column when their left edges are this many line heights apart.
_COLUMN_EM = 0.6
#: Rows of a table whose cells do not line up (a scan's value cell centred beside a
#: label cell) put the value's line at most this many line heights above or below.
_MISALIGNED_EM = 1.2
#: A misaligned cell is a little less sure than a cell on the label's own line.
_MISALIGNED_PENALTY = 0.1


def _misaligned_cell(
    page: ParsedPage, index: int, seg: Segment, cls: LabelClass, label: str
) -> _Proposal | None:
    """The next cell of a row whose cells do not line up: right of the label, on a
    neighbouring line that has nothing under the label and no label of its own."""
    line = page.lines[index]
    height = max(line.bbox.bottom - line.bbox.top, 1.0)
    centre = (line.bbox.top + line.bbox.bottom) / 2
    right_edge = seg.words[-1].bbox.x1
    for other in (index + 1, index - 1):
        if not 0 <= other < len(page.lines) or other in page.taken or page.labels_on(other):
            continue
        near = page.lines[other]
        if abs((near.bbox.top + near.bbox.bottom) / 2 - centre) > _MISALIGNED_EM * height:
            continue
        parts = page.parts[other]
        if parts[0].x0 <= right_edge:
            continue  # that line has words under the label: another row, not this cell
        found = _option(cls, label, parts[0].text, parts[0].words, "cell")
        if found is not None:
            return (found[0] - _MISALIGNED_PENALTY, *found[1:])
    return None


def _below(
    page: ParsedPage, index: int, seg: Segment, cls: LabelClass, label: str
) -> _Proposal | None:
    """The cell under a label alone on its line (not a line holding labels of its own)."""
    if index + 1 >= len(page.lines) or page.labels_on(index + 1):
        return None
    line, nxt = page.lines[index], page.lines[index + 1]
    if not close_below(line, nxt) or cls not in IDENTITY_CLASSES:
        return None
    parts = [g for g in page.parts[index + 1] if not _BULLET_ONLY.match(g.text)]
    target = segment_at(parts, seg.x0) or page.parts[index + 1][-1]
    value = clean_value(clean(target.text))
    words = target.words
    named = _NAME_FIELD.match(value)
    if named and cls in COMPANY_CLASSES:
        # A party heading ("Manufacturer") over its block's "Company: Pinout Limited".
        value = value[named.end() :]
        words = tuple(w for w in words if w.bbox.x0 > words[0].bbox.x1)
    elif (
        is_label_word(value)
        or label_shaped(value)
        or caption(value) is not None
        or _OWN_FIELD.match(value)
    ):
        return None  # label words ("Made" of "Made" / "by:") are no value
    return _option(cls, label, value, words, "below")


#: A label of a number ("Report No.", "Informe n.º", "报告编号"): whole, never a label's head.
_NUMBERED_LABEL = re.compile(
    r"(?<![A-Za-z])(?:no|nr|n°|nº|n\.[oº]?|number|numero|número|numéro|nummer)(?![A-Za-z])|编号|番号|號碼|号码",
    re.I,
)
#: Words, at most, of a wrapped label's tail that is no label by itself ("by:", "site:"),
#: and of one printed without a separator in a table that uses none ("by").
_FRAGMENT_WORDS = 3
_BARE_FRAGMENT_WORDS = 2
#: A value's column starts at least this far (points) right of its label's.
_VALUE_INDENT = 20.0


def _wrapped_fragment(page: ParsedPage, index: int, page_no: int, order: int) -> Candidate | None:
    """A label wrapped so that neither half is a label alone: "Made  Dongguan ... CO.,LTD."
    / "by:", "Production  ACME Co., Ltd." / "site:".  The tail is a short fragment of
    label words ending with its colon; read with the head, it is a label of its own."""
    text = clean(page.lines[index].text)
    if (
        page.labels_on(index)
        or len(page.parts[index]) != 1
        or len(text.split()) > _FRAGMENT_WORDS
        or index == 0
        or index - 1 in page.taken
    ):
        return None
    head_index, between = index - 1, None
    tail_x = page.parts[index][0].x0
    if (
        index >= 2
        and len(page.parts[index - 1]) == 1
        and page.parts[index - 1][0].x0 > tail_x + _VALUE_INDENT
        and index - 2 not in page.taken
    ):
        # The value wrapped too, between the label's two lines: "Nombre  Hangzhou ... CO.,"
        # / "LTD" (in the value's column) / "del fabricante:".
        head_index, between = index - 2, page.parts[index - 1][0]
    parts = page.parts[head_index]
    if len(parts) != 2 or page.labels_on(head_index):
        return None
    if not text.endswith((":", "：")) and (
        len(text.split()) > _BARE_FRAGMENT_WORDS
        or parts[0].text.rstrip().endswith((":", "："))
        or not label_shaped(text)
    ):
        return None  # a table without separators wraps "Made" / "by" bare
    if abs(parts[0].x0 - tail_x) > 2:
        return None
    if between is not None and abs(between.x0 - parts[1].x0) > 2:
        return None
    lines = [page.lines[i] for i in range(head_index, index + 1)]
    if not all(close_below(a, b) for a, b in itertools.pairwise(lines)):
        return None
    joined = f"{parts[0].text} {text}".rstrip(":： ")
    cls = classify(joined)
    if cls not in IDENTITY_CLASSES or not label_shaped(joined):
        return None
    value_text, value_words = parts[1].text, parts[1].words
    if between is not None:
        value_text, value_words = f"{value_text} {between.text}", value_words + between.words
    found = _option(cls, joined, value_text, value_words, "wrapped")
    if found is None:
        return None
    score, value, words, relation, label = found
    page.taken.update(range(head_index, index))
    return Candidate(cls, label, value, words, page_no, order, relation, round(score, 3))


#: The class a wrapped label may have, read whole, for the class of its half that is
#: dangling: "Autres" / "modèles:" is a series label though "modèles" alone is a model's.
_WRAPPED_CLASSES: dict[LabelClass, set[LabelClass]] = {
    LabelClass.MODEL_NUMBER: {LabelClass.MODEL_NUMBER, LabelClass.SERIES_MODELS},
}


def _wrapped(
    page: ParsedPage, index: int, seg: Segment, cls: LabelClass, label: str
) -> _Proposal | None:
    """A label wrapped over two lines with its value beside the first line.

    "NAME OF   Guangzhou ... Co., Ltd." / "APPLICANT"; "Test item  Baby Monitor" /
    "description".  The first line's head and this label read together as one label.
    """
    for other in (index - 1, index + 1):
        if not 0 <= other < len(page.lines) or other in page.taken:
            continue
        upper, lower = sorted((index, other))
        parts = page.parts[other]
        if len(parts) != 2 or abs(parts[0].x0 - seg.x0) > 2:
            continue
        head_part = parts[0].text.rstrip()
        if head_part.endswith((":", "：")) and classify(head_part) not in (None, cls):
            continue  # a whole label of its own: "Report No. : X" over "EUT Description"
        if not close_below(page.lines[upper], page.lines[lower]):
            continue
        head, tail = (parts[0].text, seg.text) if other < index else (seg.text, parts[0].text)
        if head.rstrip().endswith((":", "：")):
            continue  # a label closed by its separator is whole, no wrapped label's head
        joined = f"{head} {tail}".replace(" :", ":").rstrip(":： ")
        if not label_shaped(joined) or classify(joined) not in _WRAPPED_CLASSES.get(cls, {cls}):
            continue
        if other < index and _NUMBERED_LABEL.search(clean(parts[0].text)):
            continue  # a numbered label with its value ("Report No. X"), no label's head
        found = _option(cls, joined, parts[1].text, parts[1].words, "wrapped")
        if found is not None:
            return found
    return None


def _above(
    page: ParsedPage, index: int, seg: Segment, cls: LabelClass, label: str
) -> _Proposal | None:
    """A company name on the line above its vertically centred label.

    Two-line table cells (name, then address) centre the label between the lines, so
    the label shares a line with the address and the name sits above it.
    """
    if index == 0 or index - 1 in page.taken or cls not in COMPANY_CLASSES:
        return None
    above, line = page.lines[index - 1], page.lines[index]
    if page.labels_on(index - 1) or not close_below(above, line):
        return None
    right = [w for w in above.words if w.bbox.x0 > seg.words[-1].bbox.x1 - 1]
    if not right or len(right) != len(above.words):
        return None
    value = " ".join(w.text for w in right)
    if not LEGAL_FORM.search(value):
        return None
    head = _wrapped_name_head(page, index - 1, right, seg.words[-1].bbox.x1)
    if head:
        value, right = " ".join(w.text for w in (*head, *right)), [*head, *right]
    return _option(cls, label, value, right, "above")


def _wrapped_name_head(
    page: ParsedPage, index: int, tail: Sequence[Word], after: float
) -> list[Word]:
    """The first line of a name whose wrapped last line is `tail` on line `index`: the
    words right of `after` on the line above, starting in the tail's column, with no
    legal form yet (`Hangzhou Anke Intelligent` / `Technology Co., Ltd.`)."""
    if index == 0 or index - 1 in page.taken:
        return []
    above, line = page.lines[index - 1], page.lines[index]
    if not close_below(above, line):
        return []
    words = [w for w in above.words if w.bbox.x0 > after - 1]
    height = max(line.bbox.bottom - line.bbox.top, 1.0)
    if not words or abs(words[0].bbox.x0 - tail[0].bbox.x0) > _COLUMN_EM * height:
        return []
    text = " ".join(w.text for w in words)
    if (
        LEGAL_FORM.search(latin_tail(text))
        or not any(ch.isalpha() for ch in text)
        or address_like(text)
    ):
        return []
    return words


def _with_wrapped_head(
    cls: LabelClass, value: str, words: tuple[Word, ...], page: ParsedPage, index: int
) -> tuple[str, tuple[Word, ...]]:
    """A company value that is only its legal form, completed from the line above.

    "Certificate's  Chongqing Zaisheng Technology" / "Holder:  Co., Ltd.": label and name
    wrap together, so the name starts on the line above the label's last line.
    """
    if not words or cls not in COMPANY_CLASSES or not _ONLY_LEGAL.match(value) or index == 0:
        return value, words
    previous, line = page.lines[index - 1], page.lines[index]
    if not close_below(previous, line):
        return value, words
    head = tuple(w for w in previous.words if w.bbox.x0 >= words[0].bbox.x0 - 3)
    if not head or classify(" ".join(w.text for w in head)) is not None:
        return value, words
    return f"{' '.join(w.text for w in head)} {value}", (*head, *words)


def find_candidates(lines: Sequence[Line], *, start_order: int = 0) -> list[Candidate]:
    """Every labelled value on the given lines, best relation per label, in reading order."""
    page = ParsedPage.parse(lines)
    skipped = skip_context(lines)
    out: list[Candidate] = []
    order = start_order
    for index, line in enumerate(lines):
        if index in skipped or index in page.taken:
            continue
        inner = caption(clean(line.text))
        if inner is not None:
            for above in caption_column(page, index, skipped):
                found = from_caption(inner, above, order)
                out.extend(found)
                order += len(found)
            continue
        if _header_row(page, index):
            # A header row of a column table: its rows are other equipment's (support
            # units, a bill of materials' parts with their own makers) - unless it is the
            # product's own one-row table ("Product name | SKU" over the product).
            own = _own_table_row(page, index, order)
            out.extend(own)
            order += len(own)
            skipped |= _table_body(page, index)
            continue
        fragment = _wrapped_fragment(page, index, line.page, order)
        if fragment is not None:
            out.append(fragment)
            order += 1
            continue
        for position, pairs in enumerate(page.pairs[index]):
            for pair in pairs:
                if pair.label_class not in IDENTITY_CLASSES:
                    continue
                proposals = _proposals(page, index, position, pair)
                if not proposals:
                    continue
                score, value, words, relation, label = max(proposals, key=lambda p: p[0])
                if score < MIN_SCORE:
                    continue
                # A wrapped label is read whole: "Autres" / "modèles" announces series.
                wrapped = classify(label) if relation == "wrapped" else None
                cand = Candidate(
                    wrapped or pair.label_class,
                    label,
                    value,
                    words,
                    line.page,
                    order,
                    relation,
                    round(score, 3),
                )
                order += 1
                cand = extend(cand, page, _line_of(page, words, index))
                out.append(cand)
    return out + unlabelled(page, skipped, out, order)


#: A column table's body is at most this many lines (a bill of materials fills pages).
_TABLE_BODY_LINES = 80


def _header_row(page: ParsedPage, index: int) -> bool:
    """True for a column table's header: two or more labels alone in their cells, two of
    them side by side, none followed by a cell with a value's digits ("Report No. : |
    CHTEW22090076" is a pair)."""
    pairs = page.pairs[index]
    dangling = [p for ps in pairs for p in ps if p.dangling]
    if len(dangling) < 2 or len(dangling) != page.labels_on(index):
        return False
    if not any(pairs[i] and pairs[i + 1] for i in range(len(pairs) - 1)):
        return False  # "Product Name | Air Fryer | Brand | Huntrix": pairs side by side
    return not any(
        found and not pairs[position + 1] and re.search(r"\d", page.parts[index][position + 1].text)
        for position, found in enumerate(pairs[:-1])
    )


#: Columns of a product's own table (a table of other makers' parts has a maker column).
_OWN_COLUMNS = frozenset({LabelClass.PRODUCT_NAME, LabelClass.MODEL_NUMBER, LabelClass.BRAND})
#: A line with fewer letters and digits than this between a header and its row is OCR's
#: debris of a rule ("|"), not a row.
_ROW_MIN_CHARS = 3
#: ... and so is a short line OCR was unsure of ("=| 避 O13" from a rule and a stamp).
_DEBRIS_CONFIDENCE = 0.35
_DEBRIS_CHARS = 12
#: A header's row starts at most this many line heights below it.
_ROW_MAX_EM = 3.0


def _content_line(page: ParsedPage, start: int, above: Line) -> int | None:
    """The first line from `start` on with a row's content, close under `above`."""
    height = max(above.bbox.bottom - above.bbox.top, 1.0)
    for j in range(start, min(start + 3, len(page.lines))):
        line = page.lines[j]
        if line.bbox.top - above.bbox.bottom > _ROW_MAX_EM * height:
            return None
        debris = sum(ch.isalnum() for ch in line.text) < _ROW_MIN_CHARS or (
            line.confidence < _DEBRIS_CONFIDENCE and len(line.text) < _DEBRIS_CHARS
        )
        if not debris:
            return j
    return None


def column_value(
    page: ParsedPage, index: int, seg: Segment, cls: LabelClass, label: str
) -> _Proposal | None:
    """The cell under a column header of the product's own one-row table.

    The label sits in a row of labels (two at least: `Product name | SKU`); the next
    row with content (OCR's debris of rules aside) has no labels, and no second row
    follows in the label's column (a table of many rows lists other things).
    """
    if cls not in _OWN_COLUMNS or page.labels_on(index) < 2:
        return None
    row = _content_line(page, index + 1, page.lines[index])
    if row is None or row in page.taken or page.labels_on(row):
        return None
    left, right = seg.x0, seg.words[-1].bbox.x1

    def under(line: int) -> Segment | None:
        overlapping = [
            part
            for part in page.parts[line]
            if part.x0 <= right
            and part.words[-1].bbox.x1 >= left
            and sum(ch.isalnum() for ch in part.text) >= _ROW_MIN_CHARS
        ]
        return overlapping[0] if len(overlapping) == 1 else None

    target = under(row)
    if target is None:
        return None
    second = _content_line(page, row + 1, page.lines[row])
    if second is not None and len(page.parts[second]) >= page.labels_on(index):
        return None  # a second row of cells: a list of things, not the product's own row
    return _option(cls, label, target.text, target.words, "column")


def _own_table_row(page: ParsedPage, index: int, order: int) -> list[Candidate]:
    """Candidates from the one row under a header row of only the product's own columns."""
    labelled = [
        (page.parts[index][position], pair)
        for position, pairs in enumerate(page.pairs[index])
        for pair in pairs
    ]
    if not labelled or any(pair.label_class not in _OWN_COLUMNS for _, pair in labelled):
        return []
    out: list[Candidate] = []
    for seg, pair in labelled:
        found = column_value(page, index, seg, pair.label_class, pair.label)
        if found is None or found[0] < MIN_SCORE:
            continue
        score, value, words, relation, label = found
        out.append(
            Candidate(
                pair.label_class,
                label,
                value,
                words,
                seg.page,
                order + len(out),
                relation,
                round(score, 3),
            )
        )
    return out


def _table_body(page: ParsedPage, header: int) -> set[int]:
    """The rows under a column table's header: lines that follow closely, up to a gap
    or a key-value line; only for tables of three columns or more."""
    if len(page.parts[header]) < 3:
        return set()
    body: set[int] = set()
    previous = page.lines[header]
    for j in range(header + 1, min(header + 1 + _TABLE_BODY_LINES, len(page.lines))):
        line = page.lines[j]
        first = page.pairs[j][0]
        if not close_below(previous, line) or (first and ":" in page.parts[j][0].clean_text):
            break  # a gap, or a key-value line ("Model No.: X") after the table
        body.add(j)
        previous = line
    return body


def _line_of(page: ParsedPage, words: Sequence[Word], index: int) -> int:
    """The index of the line holding a value's last word (marks it taken)."""
    last = words[-1]
    for offset in (0, 1, -1):
        j = index + offset
        if 0 <= j < len(page.lines) and last in page.lines[j].words:
            if offset:
                page.taken.add(j)
            return j
    return index
