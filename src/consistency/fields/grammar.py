"""The one label grammar: positioned text lines in, labelled field values out.

Every text source — a PDF text layer, pypdfium2 text, tesseract or RapidOCR words —
arrives as `Line`s of `Word`s, and this module finds the values printed under known
labels in all the layouts real reports use:

- `Label: value`, full-width colons, dotted leaders (`Model No. ....... : XK-2041B`);
- table cells and two-column covers (label and value split by a wide gap, several
  pairs on one line);
- a label alone with its value on the next line, or a value above its caption
  (`(Name, type or model)`, the EN ISO/IEC 17050-1 layout);
- bilingual labels in either order (`型号 Model:`, `Model No. (型号):`);
- lists of models with a wattage after each (`RS-AF1268Y 1500W, QL-01 1500W`).

It skips what is not the product's: support/auxiliary equipment lists, "Refer to
module FCC ID" lines, table header rows; and it resolves `Same as applicant`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import attrs

from consistency.fields import clean, normalise
from consistency.fields.vocabulary import (
    DISTRACTOR_HEADINGS,
    EMPTY_VALUES,
    SAME_AS_APPLICANT,
    LabelClass,
    classify,
    is_weak,
    label_shaped,
)
from consistency.model import BBox, Document, Evidence, Field, HowRead, Role
from consistency.words import (
    Line,
    PageText,
    Word,
    split_on_gaps,
    tuple_of_words,
    words_bbox,
    words_confidence,
    words_in_span,
)

#: A separator between label and value: a colon (maybe after dotted leaders), or leaders.
_SEPARATOR = re.compile(r"\s*(?:[.·…_]{2,}\s*)?[:：﹕]\s*|\s*[.·…_]{3,}\s*|\s+[-–]\s+|\t")
#: A value made of leaders, dots or nothing.
_LEADERS = re.compile(r"^[\s.·…_:：]*$")
#: Lines that mention other equipment's identity ("Refer to module FCC ID: ...").
_DISTRACTOR_LINE = re.compile(
    r"^\W*(?:refer\s+to|contains?\s+(?:fcc|ic)\s+id|module\s+fcc\s+id|fcc\s+id\s+of\s+module)",
    re.I,
)
#: A numbered section heading ends a distractor section ("4.5 Testing environment").
_SECTION_HEADING = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[A-Z]\.|[IVX]+\.)\s+\S")
#: Electrical ratings printed after models in lists: 1500W, 220-240V, 50/60Hz, 5V 1A.
_RATING = re.compile(
    r"(?<![\w-])\d+(?:[.,]\d+)?\s*(?:-\s*\d+(?:[.,]\d+)?\s*)?"
    r"(?:k?W|V(?:AC|DC|a\.?c\.?|d\.?c\.?)?|Hz|mAh|Ah|A|VA|Wh|mA)(?![\w])",
    re.I,
)
#: Company legal forms, to cut an address printed after the name on the same line.
_LEGAL_END = re.compile(
    r"(?:co\.?\s*,?\s*ltd\.?|company\s+limited|limited|ltd\.?|inc\.?|llc|l\.l\.c\.|corp\.?|"
    r"corporation|gmbh(?:\s*&\s*co\.?\s*kg)?|s\.?a\.?s?\.?|s\.?r\.?l\.?|s\.?p\.?a\.?|b\.?v\.?|"
    r"n\.?v\.?|a\.s\.|d\.o\.o\.|s\.r\.o\.|oy|ab|plc|pty\.?\s*ltd\.?|ag|kg|sdn\.?\s*bhd\.?|"
    r"有限公司|股份有限公司|厂)",
    re.I,
)

#: Label classes that become evidence, with their field.
_FIELD_OF: dict[LabelClass, Field] = {
    LabelClass.PRODUCT_NAME: Field.PRODUCT_NAME,
    LabelClass.MODEL_NUMBER: Field.MODEL_NUMBER,
    LabelClass.SERIES_MODELS: Field.MODEL_NUMBER,
    LabelClass.MANUFACTURER: Field.MANUFACTURER,
    LabelClass.APPLICANT: Field.APPLICANT,
    LabelClass.FACTORY: Field.FACTORY,
    LabelClass.BRAND: Field.BRAND,
    LabelClass.DISTRIBUTOR: Field.DISTRIBUTOR,
}

#: Labels that may stand without a separator before their value ("Model XK-2041B").
_BARE_LABELS = re.compile(
    r"^(?P<label>model\s*(?:no\.?|number|#)?|mod\.|type|art\.?\s*no\.?|型号|型號|"
    r"manufactured\s+by|made\s+by|mfr\.?|mfd\.?\s+by|made\s+for|distributed\s+by|imported\s+by|"
    r"manufacturer)\s+(?P<value>\S.*)$",
    re.I,
)


@attrs.frozen
class Candidate:
    """A value found under a label, before it becomes `Evidence`."""

    label_class: LabelClass
    label: str
    value: str
    words: tuple[Word, ...] = attrs.field(converter=tuple_of_words)
    page: int
    order: int
    #: How the value was found: inline, cell, below, caption, bare.
    via: str

    @property
    def bbox(self) -> BBox | None:
        """The box around the value's words."""
        return words_bbox(self.words)

    @property
    def confidence(self) -> float:
        """The lowest confidence of the value's words."""
        return words_confidence(self.words)


@attrs.frozen
class _Segment:
    """A run of words on a line with the character offset of each word in `text`."""

    words: tuple[Word, ...]
    page: int

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def words_in(self, start: int, end: int) -> tuple[Word, ...]:
        """The words overlapping the character span [start, end) of `text`."""
        return words_in_span(self.words, start, end)


def _gap_threshold(line: Line) -> float:
    heights = sorted(w.bbox.bottom - w.bbox.top for w in line.words)
    height = heights[len(heights) // 2] if heights else 10.0
    # Words are ~0.25 em apart; a gap over ~1.3 em separates columns or table cells.
    return max(1.3 * height, 6.0)


def _segments(line: Line) -> list[_Segment]:
    parts = split_on_gaps(line, _gap_threshold(line))
    merged: list[_Segment] = []
    for part in parts:
        # A lone separator (":" or leaders) belongs to the label before it.
        if merged and _LEADERS.match(part.text):
            merged[-1] = _Segment(merged[-1].words + part.words, line.page)
        else:
            merged.append(_Segment(part.words, line.page))
    return merged


def _label_before(text: str, end: int) -> tuple[int, LabelClass] | None:
    """A known label ending at `end` (1-6 words long), longest first: (start, class)."""
    head = text[:end].rstrip()
    words = list(re.finditer(r"\S+", head))
    for count in range(min(6, len(words)), 0, -1):
        start = words[-count].start()
        label = head[start:]
        found = classify(label)
        if (
            found is not None
            and _looks_like_label(label)
            and (found in (LabelClass.OTHER, LabelClass.ADDRESS) or label_shaped(label))
        ):
            return start, found
    return None


def _looks_like_label(label: str) -> bool:
    """Labels are short and mostly letters; values with colons inside are not labels."""
    letters = sum(ch.isalpha() for ch in label)
    return (
        0 < len(label) <= 60
        and letters >= 0.6 * len(label.replace(" ", ""))
        and not re.search(r"\d{3,}", label)
    )


def _split_pairs(text: str) -> list[tuple[str, LabelClass | None, int, int]]:
    """Split a segment into (label, class, value_start, value_end) pairs.

    A segment may hold several pairs (`Model No.: XK-1 Brand: VOLTIQ`); a label is the
    text before a separator that the vocabulary knows.  A segment that is only a label
    yields a pair with an empty value span, to be filled from a neighbour.
    """
    pairs: list[tuple[str, LabelClass | None, int, int]] = []
    text = _blank_leaders(text)
    seps = [m for m in _SEPARATOR.finditer(text) if m.start() > 0]
    first: tuple[int, int, str, LabelClass] | None = None
    for sep in seps[:4]:
        found = _label_before(text, sep.start())
        if found is not None and found[0] == _leading_noise(text):
            first = (sep.start(), sep.end(), text[found[0] : sep.start()].strip(), found[1])
            break
    if first is None:
        bare = text.strip().rstrip(":：.·…_ ").strip()
        cls = classify(bare) if _looks_like_label(bare) and label_shaped(bare) else None
        if cls is not None:
            return [(bare, cls, len(text), len(text))]
        bare_pair = _label_run(text)
        if bare_pair is not None:
            return [bare_pair]
        match = _BARE_LABELS.match(text.strip())
        if match:
            label = match.group("label")
            cls = classify(label)
            first_token = match.group("value").split()[0]
            # Without a separator only an identifier-like value makes "Model X" a pair.
            identifier = bool(re.search(r"\d", first_token)) or first_token.isupper()
            if cls is not None and (cls != LabelClass.MODEL_NUMBER or identifier):
                offset = text.index(match.group("value"))
                return [(label, cls, offset, len(text))]
        return []
    _, value_start, label, cls = first
    # Look for a further label inside the value: "XK-1 Brand: VOLTIQ".
    rest_seps = [m for m in _SEPARATOR.finditer(text, value_start) if m.start() > value_start]
    cut = len(text)
    for sep in rest_seps:
        found = _label_before(text, sep.start())
        if found is not None and found[0] > value_start:
            cut = found[0]
            break
    pairs.append((label, cls, value_start, cut))
    if cut < len(text):
        for sub_label, sub_cls, s, e in _split_pairs(text[cut:]):
            pairs.append((sub_label, sub_cls, s + cut, e + cut))
    return pairs


#: Words that continue a heading, not start a value ("PRODUCT DETAILS", "Client Information").
_HEADING_WORDS = frozenset(
    {
        "details",
        "detail",
        "information",
        "info",
        "declaration",
        "conformity",
        "certification",
        "certificate",
        "category",
        "approved",
        "approval",
        "use",
        "usage",
        "description",
        "data",
        "summary",
        "specification",
        "specifications",
        "overview",
        "body",
        "authorization",
        "list",
        "report",
        "results",
        "result",
        "identification",
        "particulars",
        "profile",
        "registration",
    }
)

_IDENTITY_CLASSES = frozenset(
    {
        LabelClass.PRODUCT_NAME,
        LabelClass.MODEL_NUMBER,
        LabelClass.SERIES_MODELS,
        LabelClass.MANUFACTURER,
        LabelClass.APPLICANT,
        LabelClass.FACTORY,
        LabelClass.BRAND,
        LabelClass.DISTRIBUTOR,
    }
)


def _label_run(text: str) -> tuple[str, LabelClass | None, int, int] | None:
    """A label printed without a separator before its value: `Manufacturer's name ACME GMBH`.

    The label is the longest run of leading label words that the vocabulary knows; the
    value must start with a capital or a digit, so body text ("Product safety is ...")
    is not mistaken for a pair.
    """
    words = list(re.finditer(r"\S+", text))
    if not words or text.lstrip().startswith("(") or len(words) > 14:
        return None
    for count in range(min(5, len(words) - 1), 0, -1):
        label = text[: words[count - 1].end()]
        rest_start = words[count].start()
        rest = text[rest_start:]
        first = text[rest_start]
        if not (first.isupper() or first.isdigit()):
            continue
        next_word = words[count].group().casefold().strip(".,:;")
        if next_word in _HEADING_WORDS or classify(f"{label} {next_word}") in (
            LabelClass.OTHER,
            LabelClass.ADDRESS,
        ):
            continue
        # Headings are capitals throughout ("PRODUCT DETAILS"); a value in capitals after
        # a label in capitals counts only when it looks like an identifier.
        if label.isupper() and rest.isupper() and not re.search(r"\d", rest):
            continue
        if not all(label_shaped(w.group()) for w in words[:count]):
            continue
        cls = classify(label)
        if cls in _IDENTITY_CLASSES:
            return label.strip(), cls, rest_start, len(text)
    return None


#: Dotted leaders as OCR reads them: dots, then junk it made of the rest of the dots
#: ("Sample Model............25055 :", "Address.........e+e+e+4+++2.:").
_OCR_LEADERS = re.compile(r"(?<=\w)[.·…_,]{3,}[^\s:：]{0,14}(?=\s*[:：])")


def _blank_leaders(text: str) -> str:
    """Dotted leaders (and OCR's junk inside them) as spaces, offsets unchanged."""
    return _OCR_LEADERS.sub(lambda m: " " * len(m.group()), text)


def _leading_noise(text: str) -> int:
    """Offset of the first letter: bullets and numbering before a label are not part of it."""
    match = re.match(r"^[\s\W\d]*?(?=[^\W\d_])", text)
    return match.end() if match else 0


def _is_empty(value: str) -> bool:
    return not value.strip() or bool(EMPTY_VALUES.match(value)) or bool(_LEADERS.match(value))


#: Values that start like a sentence fragment ("is Responsible to start the ...").
_FRAGMENT = re.compile(r"^(?:is|are|was|were|shall|must|has|have|of|to|and|which|that|or)\b")


def _model_like(text: str) -> bool:
    if sum(ch.isalnum() for ch in text) < 2:
        return False
    return bool(re.search(r"\d", text)) or (
        bool(re.search(r"[A-Z]", text))
        and " " not in text
        and not re.fullmatch(r"[A-Z]?[a-z]+", text)
    )


def plausible(label_class: LabelClass, value: str) -> bool:
    """False for values that cannot be what their label announces.

    Table-of-contents lines give page numbers ("Product Description 5"), headings end in
    a colon, body text gives sentence fragments; a model number has a digit or capitals.
    """
    text = value.strip()
    if _is_empty(text) or text.endswith((":", "：")) or _FRAGMENT.match(text):
        return False
    if text.startswith(("[", "☐", "☒", "□", "■")):
        return False
    # A value that is itself a label is a header cell or the next row's label.
    if label_shaped(text) and classify(text) not in (None, LabelClass.OTHER):
        return False
    if label_class in (LabelClass.MODEL_NUMBER, LabelClass.SERIES_MODELS):
        if any("\u3040" <= ch <= "\u9fff" for ch in text):
            return True
        # Without a digit a model is a code in capitals ("CHESTER", "STEMlab"), never an
        # ordinary word ("Approved", "the").
        return any(_model_like(model) for model in split_models(text))
    if label_class in (
        LabelClass.MANUFACTURER,
        LabelClass.APPLICANT,
        LabelClass.FACTORY,
        LabelClass.DISTRIBUTOR,
    ) and text.startswith(("(", "（")):
        return False
    return not re.fullmatch(r"[\d\s.,-]{1,6}", text)


def _clean_value(value: str) -> str:
    value = value.strip().strip("…·_").strip()
    # Bullets, and the remains of table rules an OCR engine reads as "|" or "[".
    value = re.sub(r"^[*•·●▪■◆>»\-–|\[‘]+\s*", "", value)
    value = re.sub(r"\s*[|\]]+$", "", value)
    value = re.sub(r"^[:：\s.]+", "", value)
    value = re.sub(r"[\s.…·_]{3,}$", "", value)
    return value.strip().rstrip(",;，；").strip()


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
        if any(DISTRACTOR_HEADINGS.search(" ".join(t.split())) for t in texts) or (
            len(texts) >= 3 and all(_cell_label(t) is not None for t in texts)
        ):
            return [], {w for r in rows for _, words in r for w in words}
    for row in rows:
        cells = [(text, words) for text, words in row if text.strip()]
        for i in range(0, len(cells) - 1, 2):
            label_text, _ = cells[i]
            value_text, value_words = cells[i + 1]
            cls = _cell_label(label_text)
            if cls is None or cls in (LabelClass.OTHER, LabelClass.ADDRESS):
                continue
            lines_of_value = [ln.strip() for ln in value_text.splitlines() if ln.strip()]
            if cls in (
                LabelClass.MANUFACTURER,
                LabelClass.APPLICANT,
                LabelClass.FACTORY,
                LabelClass.DISTRIBUTOR,
                LabelClass.BRAND,
            ):
                value = lines_of_value[0] if lines_of_value else ""
                if (
                    len(lines_of_value) > 1
                    and not _LEGAL_END.search(value)
                    and _LEGAL_END.search(lines_of_value[1])
                    and len(lines_of_value[1]) < 40
                ):
                    value = f"{value} {lines_of_value[1]}"
            else:
                value = " ".join(lines_of_value)
            value = _clean_value(clean(value))
            if not plausible(cls, value):
                continue
            out.append(
                Candidate(
                    cls,
                    " ".join(label_text.split()).rstrip(":： "),
                    value,
                    value_words,
                    page,
                    order,
                    "table",
                )
            )
            used.update(cells[i][1])
            used.update(value_words)
            order += 1
    return out, used


def _cell_label(text: str) -> LabelClass | None:
    label = clean(" ".join(text.split())).rstrip(":：.·… ").strip()  # "Product Name:" cells
    if not label or not _looks_like_label(label) or not label_shaped(label):
        return None
    return classify(label)


def find_candidates(lines: Sequence[Line], *, start_order: int = 0) -> list[Candidate]:
    """Every labelled value on the given lines, in reading order."""
    out: list[Candidate] = []
    order = start_order
    in_distractor = False
    pending: list[tuple[str, LabelClass, Line, float]] = []  # labels waiting for a value below
    previous_line: Line | None = None
    consumed_previous = True
    bullets: tuple[int, Line] | None = None
    for index, line in enumerate(lines):
        consumed_before = len(out)
        text = clean(line.text)
        if not text:
            continue
        if DISTRACTOR_HEADINGS.search(text) and len(text.split()) <= 12:
            in_distractor = True
            pending = []
            previous_line = line
            continue
        if in_distractor:
            if _SECTION_HEADING.match(text) and not DISTRACTOR_HEADINGS.search(text):
                in_distractor = False
            else:
                previous_line = line
                continue
        if _DISTRACTOR_LINE.match(text):
            previous_line = line
            continue
        caption = _caption(text)
        if caption is not None and previous_line is not None:
            out.extend(_from_caption(caption, previous_line, order))
            order += 1
            previous_line = line
            continue
        segments = _segments(line)
        parsed = [(seg, _split_pairs(clean(seg.text))) for seg in segments]
        labels_on_line = sum(len(p) for _, p in parsed)
        dangling_count = sum(1 for _, p in parsed for (_, _, s, e) in p if s >= e)
        # A header row of a column table ("Equipment | Manufacturer | Model"): its values are
        # rows of other equipment, never the product's.
        if dangling_count >= 2 and dangling_count == labels_on_line:
            pending = []
            previous_line = line
            continue
        if pending and labels_on_line == 0:
            label, cls, label_line, x0 = pending.pop(0)
            if _close_below(label_line, line):
                seg = (
                    _segment_at([g for g in segments if not _BULLET_ONLY.match(g.text)], x0)
                    or segments[-1]
                )
                value = _clean_value(seg.text)
                if plausible(cls, value) and classify(value) is None:
                    out.append(Candidate(cls, label, value, seg.words, line.page, order, "below"))
                    order += 1
                    if _BULLET.match(text) and cls in (
                        LabelClass.MODEL_NUMBER,
                        LabelClass.SERIES_MODELS,
                    ):
                        bullets = (len(out) - 1, line)
            pending = []
            previous_line = line
            continue
        if (
            bullets is not None
            and labels_on_line == 0
            and _BULLET.match(text)
            and _close_below(bullets[1], line)
        ):
            # A list of models under "Models:", one bullet per line.
            index = bullets[0]
            item = _clean_value(text)
            out[index] = attrs.evolve(
                out[index],
                value=f"{out[index].value}; {item}",
                words=(*out[index].words, *line.words),
            )
            bullets = (index, line)
            previous_line = line
            continue
        bullets = None
        pending = []
        for position, (seg, pairs) in enumerate(parsed):
            seg_text = clean(seg.text)
            for label, maybe_cls, start, end in pairs:
                if maybe_cls is None:
                    continue
                cls = maybe_cls
                if start >= end:
                    # Label alone: its value is the next segment on the line, or the line below.
                    nxt = parsed[position + 1] if position + 1 < len(parsed) else None
                    if nxt is not None and not nxt[1]:
                        value, cell_words = _with_wrapped_head(
                            cls, _clean_value(nxt[0].text), nxt[0].words, previous_line, line
                        )
                        if plausible(cls, value):
                            out.append(
                                Candidate(cls, label, value, cell_words, line.page, order, "cell")
                            )
                            order += 1
                        continue
                    if nxt is None:
                        above = _value_above(cls, seg, previous_line, consumed_previous)
                        if above is not None:
                            out.append(
                                Candidate(
                                    cls,
                                    label,
                                    _clean_value(above.text),
                                    above.words,
                                    line.page,
                                    order,
                                    "above",
                                )
                            )
                            order += 1
                        elif cls in _IDENTITY_CLASSES:
                            pending.append((label, cls, line, seg.words[0].bbox.x0))
                    continue
                value, words = _with_wrapped_head(
                    cls,
                    _clean_value(seg_text[start:end]),
                    seg.words_in(start, end),
                    previous_line,
                    line,
                )
                if not plausible(cls, value):
                    continue
                out.append(
                    Candidate(
                        cls,
                        label,
                        value,
                        words,
                        line.page,
                        order,
                        "inline" if start < len(seg_text) else "cell",
                    )
                )
                order += 1
        # Values that continue on the next lines (model lists ending in a comma, wrapped cells).
        if out and out[-1].page == line.page and index + 1 < len(lines):
            out[-1] = _continue(out[-1], line, lines[index + 1 :])
        consumed_previous = len(out) > consumed_before or labels_on_line > 0
        previous_line = line
    return out


_COMPANY_CLASSES = frozenset(
    {LabelClass.MANUFACTURER, LabelClass.APPLICANT, LabelClass.FACTORY, LabelClass.DISTRIBUTOR}
)
_ONLY_LEGAL = re.compile(
    r"^(?:co\.?\s*,?\s*ltd\.?|company\s+limited|limited|ltd\.?|inc\.?|llc|gmbh|corp\.?|"
    r"s\.?r\.?l\.?|b\.?v\.?|有限公司)$",
    re.I,
)


def _with_wrapped_head(
    cls: LabelClass, value: str, words: tuple[Word, ...], previous: Line | None, line: Line
) -> tuple[str, tuple[Word, ...]]:
    """A company value that is only its legal form, completed from the line above.

    "Certificate's  Chongqing Zaisheng Technology" / "Holder:  Co., Ltd.": label and name
    wrap together, so the name starts on the line above the label's last line.
    """
    if not words or cls not in _COMPANY_CLASSES or not _ONLY_LEGAL.match(value):
        return value, words
    head = _words_right_of(previous, words[0].bbox.x0, line)
    if not head:
        return value, words
    return f"{' '.join(w.text for w in head)} {value}", (*head, *words)


def _words_right_of(previous: Line | None, x0: float, line: Line) -> tuple[Word, ...]:
    """The words of the line above that start at or right of `x0` (a wrapped value's head)."""
    if previous is None or not _close_below(previous, line):
        return ()
    head = tuple(w for w in previous.words if w.bbox.x0 >= x0 - 3)
    if not head or classify(" ".join(w.text for w in head)) is not None:
        return ()
    return head


def _value_above(
    cls: LabelClass, label: _Segment, previous: Line | None, consumed: bool
) -> _Segment | None:
    """A company name printed on the line above its vertically centred label.

    Two-line table cells (name, then address) centre the label between the lines, so
    the label shares a line with the address and the name sits above it.
    """
    if (
        previous is None
        or consumed
        or cls not in (LabelClass.MANUFACTURER, LabelClass.APPLICANT, LabelClass.FACTORY)
    ):
        return None
    # A label wrapped over two lines with the value beside its first line:
    # "NAME OF  Guangzhou ... Co., Ltd." / "APPLICANT".
    parts = _segments(previous)
    if len(parts) == 2 and parts[0].words[0].bbox.x0 <= label.words[0].bbox.x0 + 2:
        joined = f"{parts[0].text} {label.text}"
        if (
            label_shaped(joined)
            and classify(joined) == cls
            and _close_below(previous, Line(label.words, label.page))
        ):
            value = _clean_value(parts[1].text)
            if plausible(cls, value):
                return parts[1]
    if not _close_below(previous, Line(label.words, label.page)):
        return None
    right = [w for w in previous.words if w.bbox.x0 > label.words[-1].bbox.x1 - 1]
    if not right or len(right) != len(previous.words):
        return None
    segment = _Segment(tuple(right), previous.page)
    text = _clean_value(segment.text)
    if not plausible(cls, text) or not _LEGAL_END.search(text):
        return None
    return segment


def _segment_at(segments: Sequence[_Segment], x0: float) -> _Segment | None:
    for seg in segments:
        if seg.words[-1].bbox.x1 >= x0 - 2:
            return seg
    return None


def _close_below(upper: Line, lower: Line) -> bool:
    """True when `lower` follows `upper` closely enough to be its value."""
    if upper.page != lower.page:
        return False
    height = max(upper.bbox.bottom - upper.bbox.top, 1.0)
    # Wrapped cells centre the value between label lines, so the value may overlap a
    # little with the label line above it.
    return -0.8 * height <= lower.bbox.top - upper.bbox.bottom <= 2.5 * height


def _continue(candidate: Candidate, line: Line, following: Sequence[Line]) -> Candidate:
    """Append wrapped continuation lines to a value when the layout says they belong to it."""
    if not candidate.words or candidate.via == "caption":
        return candidate
    value = candidate.value
    words = list(candidate.words)
    x0 = candidate.words[0].bbox.x0
    last = line
    for nxt in following[:6]:
        text = clean(nxt.text)
        if not text or not _close_below(last, nxt):
            break
        first_x = nxt.words[0].bbox.x0
        # Continuations start under the value, not under the label.
        if abs(first_x - x0) > 0.6 * max(nxt.bbox.bottom - nxt.bbox.top, 6.0) + 4:
            break
        if _split_pairs(text) or _caption(text) is not None:
            break
        if candidate.label_class in (LabelClass.MODEL_NUMBER, LabelClass.SERIES_MODELS):
            # A model list wraps after a separator ("QL-03 1300W," / next line "QL-04").
            if not re.search(r"[,;、，/]\s*$", clean(last.text)):
                break
            value = value.rstrip() + ","
        elif candidate.label_class in (
            LabelClass.MANUFACTURER,
            LabelClass.APPLICANT,
            LabelClass.FACTORY,
        ):
            # A company name wraps only when its legal form is still to come.
            if _LEGAL_END.search(value) or not _LEGAL_END.search(text) or len(text) > 40:
                break
        elif candidate.label_class == LabelClass.PRODUCT_NAME:
            if len(text.split()) > 5 or value.endswith(".") or re.search(r"\d{2,}", text):
                break
        else:
            break
        value = f"{value} {text}" if not value.endswith(("/", "-")) else value + text
        words.extend(nxt.words)
        last = nxt
    if value == candidate.value:
        return candidate
    return attrs.evolve(candidate, value=value, words=tuple(words))


_BULLET = re.compile(r"^\s*[-–•·*▪●]\s+\S")
_BULLET_ONLY = re.compile(r"^\s*[-–•·*▪●]\s*$")

_CAPTION = re.compile(r"^\(([^()]{3,80})\)$")


def _caption(text: str) -> str | None:
    """The inside of a caption line such as `(Name, type or model, batch or serial number)`."""
    match = _CAPTION.match(text.strip())
    if match and classify(match.group(1)) not in (None, LabelClass.OTHER, LabelClass.ADDRESS):
        return match.group(1)
    if match and re.search(r"name|type|model|supplier|manufacturer", match.group(1), re.I):
        return match.group(1)
    return None


def _from_caption(caption: str, value_line: Line, order: int) -> list[Candidate]:
    """Values printed above a caption; a caption naming both name and model splits the line."""
    value = _clean_value(clean(value_line.text))
    if _is_empty(value) or _split_pairs(value):
        return []
    lowered = caption.casefold()
    words = value_line.words
    if re.search(r"\b(type|model)\b", lowered) and re.search(r"\bname\b", lowered):
        name, model = split_name_and_model(value)
        found = []
        if model:
            found.append(
                Candidate(
                    LabelClass.MODEL_NUMBER,
                    f"({caption})",
                    model,
                    words,
                    value_line.page,
                    order,
                    "caption",
                )
            )
        if name:
            found.append(
                Candidate(
                    LabelClass.PRODUCT_NAME,
                    f"({caption})",
                    name,
                    words,
                    value_line.page,
                    order,
                    "caption",
                )
            )
        return found
    cls = classify(caption)
    if cls is None or cls in (LabelClass.OTHER, LabelClass.ADDRESS):
        return []
    return [Candidate(cls, f"({caption})", value, words, value_line.page, order, "caption")]


_IDENTIFIER = re.compile(r"^(?=[^\s]*\d)[A-Za-z0-9][A-Za-z0-9\-./()+#]*[A-Za-z0-9)]$")


def split_name_and_model(text: str) -> tuple[str, str]:
    """Split `Crownstone Plug — ACR01B2C` into its name and its model identifier."""
    parts = re.split(r"\s+[—–-]\s+|\s*[,:;]\s+", text, maxsplit=1)
    if len(parts) == 2 and _IDENTIFIER.match(parts[1].split()[0] if parts[1].split() else ""):
        return parts[0].strip(), parts[1].split()[0]
    tokens = text.split()
    for i in range(len(tokens) - 1, -1, -1):
        if _IDENTIFIER.match(tokens[i]) and not _RATING.fullmatch(tokens[i]):
            return " ".join(tokens[:i]).strip(" -—–,"), tokens[i]
    return text, ""


_TEMPLATE = re.compile(
    r"(?P<stem>[A-Za-z][\w\-]*)\s+(?P<var>[A-Z])\s*[;,:]\s*where\s+(?P=var)\s+"
    r"(?:can\s+be|is|are|=|stands\s+for)\s+(?P<items>.*?)"
    r"(?=;\s*[A-Za-z][\w\-]*\s+[A-Z]\s*[;,:]\s*where\b|$)",
    re.I,
)


def split_models(value: str) -> list[str]:
    """The models in one model value: lists, wattages and explanations removed.

    `RS-AF1268Y 1500W, QL-01 1500W` -> [`RS-AF1268Y`, `QL-01`]; `V1 or V1.x (where "x"
    represents ...)` -> [`V1`, `V1.x`]; `KF-35GW/Y-IA(R2)` stays whole.
    """
    # Templates: "STEMlab X; where X can be 125-10, 125-14" -> STEMlab 125-10, STEMlab 125-14.
    expanded = [
        f"{m.group('stem')} {item}"
        for m in _TEMPLATE.finditer(value)
        for item in split_models(m.group("items"))
    ]
    if expanded:
        return expanded
    text = re.sub(r"\((?:where|see|note|e\.g\.|i\.e\.)[^)]*\)?", " ", value, flags=re.I)
    # Remarks in brackets ("(only differ in colour and model name)"): a bracket holding
    # lower-case words is prose, not a model suffix like "(US)" or "(R2)".
    text = re.sub(r"[(（][^()（）]*\b[a-z]{2,}\s+[a-z]{2,}[^()（）]*(?:[)）]|$)", " ", text)
    text = re.sub(
        r"[（(]\s*(?:main|basic|primary|主型号|主)\s*(?:model)?\s*[)）]", " ", text, flags=re.I
    )
    pieces = re.split(
        r"\s*[,;、，；]\s*|\s+(?:and|or|&|und|et|y|e|和|及|或)\s+|\s+/\s+|\s{3,}", text
    )
    models: list[str] = []
    for piece in pieces:
        piece = _RATING.sub(" ", piece)
        piece = " ".join(piece.split()).strip(" .:-–—")
        if not piece or _is_empty(piece):
            continue
        # A list item is a model when it has a digit or is one short word ("CHESTER").
        if len(piece) > 40:
            continue
        models.extend(_expand_shorthand(piece, models))
    return models


_RANGE = re.compile(
    r"^(?P<a>[\w\-./()]*?)(?P<x>[A-Z]|\d+)\s*[~～]\s*(?P<b>[\w\-./()]*?)(?P<y>[A-Z]|\d+)$"
)


def _expand_shorthand(piece: str, before: list[str]) -> list[str]:
    """`SP-100A~SP-100F` -> SP-100A ... SP-100F; `XK-2041A/B/C` and a bare `B` after
    `XK-2041A` -> XK-2041B: the ways reports abbreviate a family of models."""
    match = _RANGE.match(piece)
    if match and (not match.group("b") or match.group("b") == match.group("a")):
        x, y, stem = match.group("x"), match.group("y"), match.group("a")
        if x.isalpha() and y.isalpha() and x < y and ord(y) - ord(x) <= 25:
            return [f"{stem}{chr(c)}" for c in range(ord(x), ord(y) + 1)]
        if (
            x.isdigit()
            and y.isdigit()
            and int(x) < int(y)
            and int(y) - int(x) <= 30
            and len(x) == len(y)
        ):
            return [f"{stem}{n:0{len(x)}d}" for n in range(int(x), int(y) + 1)]
    slash = re.fullmatch(r"(?P<stem>[\w\-.]*\d)(?P<first>[A-Z])(?:/[A-Z])+", piece)
    if slash:
        letters = piece[len(slash.group("stem")) :].split("/")
        return [f"{slash.group('stem')}{letter}" for letter in letters]
    if re.fullmatch(r"[A-Z]{1,2}", piece) and before:
        previous = before[-1]
        suffix = re.search(r"[A-Z]{1,2}$", previous)
        if suffix and len(suffix.group()) == len(piece) and re.search(r"\d", previous):
            return [previous[: -len(piece)] + piece]
    return [piece]


def _cut_company(value: str) -> str:
    """A company name without the address printed after it on the same line."""
    for match in _LEGAL_END.finditer(value):
        rest = value[match.end() :]
        if re.match(r"^\s*[,;]?\s*$", rest):
            return value
        if re.match(r"^\s*[,;]\s*\S", rest) and re.search(r"\d", rest):
            return value[: match.end()].strip()
    return value


def read_fields(
    pages: Sequence[PageText],
    *,
    document: Document,
    extractor: str,
    candidates: Sequence[Candidate] | None = None,
) -> list[Evidence]:
    """Evidence for every labelled field on the pages, main values first per field."""
    lines = [line for page in pages for line in page.lines]
    found = list(candidates) if candidates is not None else find_candidates(lines)
    sizes = {p.page: (p.width, p.height) for p in pages}
    how = {p.page: p.how_read for p in pages}
    return assemble(found, document=document, extractor=extractor, page_sizes=sizes, page_how=how)


def assemble(
    candidates: Iterable[Candidate],
    *,
    document: Document,
    extractor: str,
    page_sizes: dict[int, tuple[float, float]] | None = None,
    page_how: dict[int, HowRead] | None = None,
) -> list[Evidence]:
    """Turn candidates into evidence: split model lists, resolve `Same as applicant`,
    order main values first and drop duplicates."""
    sizes = page_sizes or {}
    ordered = sorted(candidates, key=lambda c: (c.page, c.order))
    applicants = [
        c
        for c in ordered
        if c.label_class == LabelClass.APPLICANT and not SAME_AS_APPLICANT.match(c.value)
    ]
    evidence: list[Evidence] = []
    seen: set[tuple[Field, str]] = set()
    main_taken: set[Field] = set()

    def add(field: Field, raw: str, cand: Candidate, role: Role, note: str | None = None) -> None:
        raw = raw.strip()
        if not raw or _is_empty(raw):
            return
        key = (field, normalise(field, raw))
        if not key[1] or key in seen:
            return
        seen.add(key)
        if role == Role.MAIN and field in main_taken:
            role = Role.SERIES if field == Field.MODEL_NUMBER else Role.ALTERNATE
        if role == Role.MAIN:
            main_taken.add(field)
        evidence.append(
            Evidence(
                field=field,
                raw=raw,
                normalised=key[1],
                source=document.kind,
                file=str(document.path),
                extractor=extractor,
                page=cand.page,
                bbox=cand.bbox,
                label=cand.label,
                confidence=cand.confidence,
                role=role,
                page_size=sizes.get(cand.page),
                note=note,
                how_read=(page_how or {}).get(cand.page, HowRead.TEXT),
            )
        )

    # Main values of every field first, then series models, so a report's main model
    # always comes before the models it merely lists.
    for cand in ordered:
        field = _FIELD_OF.get(cand.label_class)
        if field is None or cand.label_class == LabelClass.SERIES_MODELS:
            continue
        if field == Field.MODEL_NUMBER:
            for i, model in enumerate(split_models(cand.value)):
                add(field, model, cand, Role.MAIN if i == 0 else Role.SERIES)
        elif field in (
            Field.MANUFACTURER,
            Field.APPLICANT,
            Field.FACTORY,
            Field.DISTRIBUTOR,
            Field.BRAND,
        ):
            if SAME_AS_APPLICANT.match(cand.value):
                if field == Field.APPLICANT or not applicants:
                    continue
                source = applicants[0]
                add(
                    field,
                    _cut_company(source.value),
                    source,
                    Role.MAIN,
                    note=f"'{cand.label}: {cand.value}' resolved to the applicant",
                )
                continue
            add(field, _cut_company(cand.value), cand, Role.MAIN)
        elif not is_weak(cand.label, cand.label_class):
            add(field, cand.value, cand, Role.MAIN)
    for cand in ordered:
        if is_weak(cand.label, cand.label_class) and _FIELD_OF.get(cand.label_class):
            add(_FIELD_OF[cand.label_class], cand.value, cand, Role.ALTERNATE)
    if applicants and Field.MANUFACTURER not in main_taken:
        # No manufacturer is named: certificates often name only the holder or grantee,
        # usually the maker.  Shown as a weaker reading, never as the manufacturer itself.
        add(
            Field.MANUFACTURER,
            _cut_company(applicants[0].value),
            applicants[0],
            Role.ALTERNATE,
            note=f"no manufacturer is named; this is the {applicants[0].label}",
        )
    for cand in ordered:
        if cand.label_class == LabelClass.SERIES_MODELS:
            for model in split_models(cand.value):
                add(Field.MODEL_NUMBER, model, cand, Role.SERIES)
    field_rank = {f: i for i, f in enumerate(Field)}
    role_rank = {Role.MAIN: 0, Role.SERIES: 1, Role.ALTERNATE: 2}
    return sorted(evidence, key=lambda e: (field_rank[e.field], role_rank[e.role]))


def identity_complete(candidates: Sequence[Candidate]) -> bool:
    """True once a model, a maker (or the applicant it refers to) and a name were read."""
    classes = {c.label_class for c in candidates}
    has_maker = LabelClass.MANUFACTURER in classes
    if any(
        SAME_AS_APPLICANT.match(c.value)
        for c in candidates
        if c.label_class == LabelClass.MANUFACTURER
    ):
        has_maker = LabelClass.APPLICANT in classes
    return LabelClass.MODEL_NUMBER in classes and has_maker and LabelClass.PRODUCT_NAME in classes
