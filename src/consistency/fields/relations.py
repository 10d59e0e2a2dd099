"""Spatial relations between a label and its value, and the parsing of labels on a line.

The key-value layer sees a page as lines of positioned words.  This module finds the
*labels* on a line (`Model No.:`, `型号 Model`, `Manufacturer's name ACME GMBH`, a label
cell standing alone) and answers the geometric questions the relations ask: which
segment of a line lies right of a label (a cell of an unruled table or a two-column
layout), which line lies close below another, whether a line is a caption in
parentheses.  What wins among the candidate values is decided in `fields.candidates`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from consistency.fields import clean
from consistency.fields.vocabulary import LabelClass, classify, is_issued_to, label_shaped
from consistency.words import Line, Word, split_on_gaps, words_in_span

#: A separator between label and value: a colon (maybe after dotted leaders), leaders, a
#: spaced dash, a tab, or the `#` of "Model #HSTNS-PL01".
_SEPARATOR = re.compile(
    r"\s*(?:[.·…_]{2,}\s*)?[:：﹕]\s*|\s*[.·…_]{3,}\s*|\s+[-–]\s+|\t|\s*#\s*(?=[A-Z0-9])"
)
#: A value made of leaders, dots or nothing.
_LEADERS = re.compile(r"^[\s.·…_:：]*$")
#: Dotted leaders as OCR reads them: dots, then junk it made of the rest of the dots
#: ("Sample Model............25055 :", "Address.........e+e+e+4+++2.:").
_OCR_LEADERS = re.compile(r"(?<=\w)[.·…_,]{3,}[^\s:：]{0,14}(?=\s*[:：])")

#: Labels that may stand without a separator before their value ("Model XK-2041B").
_BARE_LABELS = re.compile(
    r"^(?P<label>model\s*(?:no\.?|number|#)?|mod\.|m/n|type|art\.?\s*no\.?|型号|型號|"
    r"manufactured\s+by|made\s+by|mfr\.?|mfd\.?\s+by|made\s+for|distributed\s+by|imported\s+by|"
    r"manufacturer)\s+(?P<value>\S.*)$",
    re.I,
)

#: Words that continue a heading, not start a value ("PRODUCT DETAILS", "Client Information").
_HEADING_WORDS = frozenset(
    [
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
    ]
)

#: Label classes whose values identify the product or a party (the rest end values).
IDENTITY_CLASSES = frozenset(
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

#: Words sit ~0.25 em apart; a gap over this many line heights separates cells or columns.
_CELL_GAP_EM = 1.3
#: A value below its label may start this many line heights below the label's line (and
#: overlap it a little: wrapped cells centre their value between two label lines).
_BELOW_MAX_EM = 2.5
_BELOW_OVERLAP_EM = 0.8


@attrs.frozen
class Segment:
    """A run of words on one line, between wide gaps (a cell or a column)."""

    words: tuple[Word, ...]
    page: int

    @property
    def text(self) -> str:
        """The segment's words joined by single spaces."""
        return " ".join(w.text for w in self.words)

    @property
    def clean_text(self) -> str:
        """The text with each word unicode-normalised (`…` is `...`): what labels are read in."""
        return " ".join(clean(w.text) or "_" for w in self.words)

    @property
    def x0(self) -> float:
        """The left edge of the segment."""
        return self.words[0].bbox.x0

    def words_in(self, start: int, end: int) -> tuple[Word, ...]:
        """The words overlapping the character span [start, end) of `clean_text`."""
        cleaned = [Word(clean(w.text) or "_", w.bbox) for w in self.words]
        inside = {id(c) for c in words_in_span(cleaned, start, end)}
        return tuple(w for w, c in zip(self.words, cleaned, strict=True) if id(c) in inside)


@attrs.frozen
class Pair:
    """A label found in a segment, with the span of its inline value (empty: none)."""

    label: str
    label_class: LabelClass
    start: int
    end: int

    @property
    def dangling(self) -> bool:
        """True when the label has no value beside it in its own segment."""
        return self.start >= self.end


def segments(line: Line) -> list[Segment]:
    """A line cut at wide gaps; a lone separator (":" or leaders) joins the label before it."""
    heights = sorted(w.bbox.bottom - w.bbox.top for w in line.words)
    height = heights[len(heights) // 2] if heights else 10.0
    merged: list[Segment] = []
    for part in split_on_gaps(line, max(_CELL_GAP_EM * height, 6.0)):
        if merged and (_LEADERS.match(part.text) or _spread_cjk_label(merged[-1].text, part.text)):
            merged[-1] = Segment(merged[-1].words + part.words, line.page)
        else:
            merged.append(Segment(part.words, line.page))
    return merged


_CJK_TAIL = re.compile(r"[\u3400-\u9fff]{1,4}$")
_CJK_HEAD = re.compile(r"^[\u3400-\u9fff]{1,4}(?=\s*[:：]|\s*$)")


def _spread_cjk_label(left: str, right: str) -> bool:
    """A Chinese label spread across its cell (`型      號：`, `申 請 者`): the gap inside
    it is as wide as a column gap, but the characters on both sides make one label."""
    tail = _CJK_TAIL.search(left)
    head = _CJK_HEAD.match(right)
    return bool(tail and head and classify(tail.group() + head.group()) is not None)


def looks_like_label(label: str) -> bool:
    """Labels are short and mostly letters; values with colons inside are not labels."""
    letters = sum(ch.isalpha() for ch in label)
    return (
        0 < len(label) <= 60
        and letters >= 0.6 * len(label.replace(" ", ""))
        and not re.search(r"\d{3,}", label)
    )


def cell_label(text: str) -> LabelClass | None:
    """The class of a text that is only a label ("Product Name:"), else None."""
    label = clean(" ".join(text.split())).rstrip(":：.·…# ").strip()
    if not label or not looks_like_label(label) or not label_shaped(label):
        return None
    return classify(label)


def _known_label(label: str) -> LabelClass | None:
    """The class of a text that can stand as a label, else None."""
    found = classify(label)
    if (
        found is not None
        and looks_like_label(label)
        and (
            found in (LabelClass.OTHER, LabelClass.ADDRESS)
            or label_shaped(label)
            or is_issued_to(label)
        )
    ):
        return found
    return None


def _label_before(text: str, end: int, after: int) -> tuple[int, LabelClass] | None:
    """A known label ending at `end` and starting after `after` (1-6 words), longest first.

    A label inside a value starts with a capital (or a CJK character): "a.s. Sample
    name" is the end of "HARDWARIO a.s." and then the label "Sample name".
    """
    head = text[:end].rstrip()
    words = [w for w in re.finditer(r"\S+", head) if w.start() > after]
    for count in range(min(6, len(words)), 0, -1):
        start = words[-count].start()
        if re.search(r"[:：]", head[start:]) or not re.match(r"[A-Z\u3040-\u9fff]", head[start]):
            continue  # a label never spans a separator, nor starts in lower case
        found = _known_label(head[start:])
        if found is not None:
            return start, found
    return None


def _blank_leaders(text: str) -> str:
    """Dotted leaders (and OCR's junk inside them) as spaces, offsets unchanged."""
    return _OCR_LEADERS.sub(lambda m: " " * len(m.group()), text)


#: Chinese list numbering before a label: `三、`, `（六）`, `十一.` (Chinese numerals are
#: letters to `\w`, so they need saying).
_CJK_NUMBERING = re.compile(r"^\s*[（(]?[一二三四五六七八九十]{1,3}\s*(?:[、.．]|[）)])\s*")


def _leading_noise(text: str) -> int:
    """Offset of the first letter: bullets and numbering before a label are not part of it."""
    numbered = _CJK_NUMBERING.match(text)
    skip = numbered.end() if numbered else 0
    match = re.match(r"^[\s\W\d]*?(?=[^\W\d_])", text[skip:])
    return skip + (match.end() if match else 0)


def split_pairs(text: str) -> list[Pair]:
    """The labels of a segment with their inline value spans.

    A segment may hold several pairs (`Model No.: XK-1 Brand: VOLTIQ`); a label is the
    text before a separator that the vocabulary knows.  A segment that is only a label
    gives a dangling pair, whose value a relation looks for elsewhere.
    """
    text = _blank_leaders(text)
    # The label starts the segment, bullets, numbering ("1.") or an opening bracket aside.
    lead = _leading_noise(text)
    first: tuple[int, str, LabelClass] | None = None
    for sep in [m for m in _SEPARATOR.finditer(text) if m.start() > lead][:4]:
        label = text[lead : sep.start()].strip()
        found = _known_label(label) if len(label.split()) <= 6 else None
        if found is not None:
            first = (sep.end(), label, found)
            break
    if first is None:
        return _unseparated(text)
    value_start, label, cls = first
    # A further label inside the value: "XK-1 Brand: VOLTIQ".
    cut = len(text)
    for sep in _SEPARATOR.finditer(text, value_start):
        if sep.start() <= value_start:
            continue
        inner = _label_before(text, sep.start(), value_start)
        if inner is not None:
            cut = inner[0]
            break
    pairs = [Pair(label, cls, value_start, cut)]
    if cut < len(text):
        pairs += [
            Pair(p.label, p.label_class, p.start + cut, p.end + cut)
            for p in split_pairs(text[cut:])
        ]
    return pairs


def _unseparated(text: str) -> list[Pair]:
    """A label alone, or a label printed without a separator before its value."""
    glued = _cjk_label_run(text)
    if glued is not None:
        return [glued]
    bare = text.strip().rstrip(":：.·…_# ").strip()
    cls = classify(bare) if looks_like_label(bare) and label_shaped(bare) else None
    if cls is not None:
        return [Pair(bare, cls, len(text), len(text))]
    run = _label_run(text)
    if run is not None:
        return [run]
    match = _BARE_LABELS.match(text.strip())
    if match:
        label = match.group("label")
        cls = classify(label)
        first_token = match.group("value").split()[0]
        # Without a separator only an identifier-like value makes "Model X" a pair.
        identifier = bool(re.search(r"\d", first_token)) or first_token.isupper()
        if cls is not None and (cls != LabelClass.MODEL_NUMBER or identifier):
            return [Pair(label, cls, text.index(match.group("value")), len(text))]
    return []


def _label_run(text: str) -> Pair | None:
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
        if cls in IDENTITY_CLASSES:
            return Pair(label.strip(), cls, rest_start, len(text))
    return None


#: Characters a Chinese or Japanese label ends with (名称, 型号, 制造商, 生产者, 地址, 品牌,
#: their Traditional forms, 型番...): a label glued to its value, or misread, still ends so.
CJK_LABEL_END = frozenset("称稱号號商者址牌标標式格名人厂廠番")
#: The longest Chinese label run looked for before a value printed without a gap.
_CJK_LABEL_MAX = 8


def _cjk_label_run(text: str) -> Pair | None:
    """A Chinese label glued to its value: `生产者名称广东美的制冷设备有限公司`.

    CJK text has no spaces, so the label is the longest leading run of CJK characters
    that the vocabulary knows and that ends like a label word, with a value after it.
    """
    stripped = text.strip()
    best: Pair | None = None
    for end in range(2, min(_CJK_LABEL_MAX, len(stripped) - 1) + 1):
        prefix = stripped[:end]
        if not all("\u3040" <= ch <= "\u9fff" for ch in prefix):
            break
        rest = stripped[end:]
        if len(rest) < 2 or classify(rest.lstrip("/／ ")) is not None:
            continue  # "生产者|名称" (or "产品型号|/M/N") is one label, not a label and its value
        cls = classify(prefix)
        if cls in IDENTITY_CLASSES and prefix[-1] in CJK_LABEL_END:
            start = text.index(prefix) + end
            best = Pair(prefix, cls, start, len(text))
    return best


def close_below(upper: Line, lower: Line) -> bool:
    """True when `lower` follows `upper` closely enough to hold its value."""
    if upper.page != lower.page:
        return False
    height = max(upper.bbox.bottom - upper.bbox.top, 1.0)
    gap = lower.bbox.top - upper.bbox.bottom
    return -_BELOW_OVERLAP_EM * height <= gap <= _BELOW_MAX_EM * height


def segment_at(parts: Sequence[Segment], x0: float) -> Segment | None:
    """The first segment that reaches `x0` (the cell under a label starting there)."""
    for seg in parts:
        if seg.words[-1].bbox.x1 >= x0 - 2:
            return seg
    return None


_CAPTION = re.compile(r"^\((.{3,80})\)$")


def caption(text: str) -> str | None:
    """The inside of a caption line: `(Name, type or model, batch or serial number)`.

    Captions may nest parentheses (`(Equipment Under Test (EUT))`); the inside must name
    a field, or it is a remark in brackets.
    """
    # OCR reads a caption's italic opening bracket as "{" or "[".
    match = _CAPTION.match(re.sub(r"^[{\[]", "(", text.strip()))
    if not match or match.group(1).count("(") != match.group(1).count(")"):
        return None
    inner = match.group(1)
    if classify(inner) not in (None, LabelClass.OTHER, LabelClass.ADDRESS):
        return inner
    if re.search(r"name|type|model|supplier|manufacturer|equipment|product", inner, re.I):
        return inner
    return None


@attrs.define
class ParsedPage:
    """One page's lines with their segments and labels, parsed once."""

    lines: Sequence[Line]
    parts: list[list[Segment]]
    pairs: list[list[list[Pair]]]
    #: Lines whose words became a value (so no other relation takes them again).
    taken: set[int] = attrs.field(factory=set)

    @classmethod
    def parse(cls, lines: Sequence[Line]) -> ParsedPage:
        """Segments and labels of every line."""
        parts = [segments(line) for line in lines]
        pairs = [[split_pairs(seg.clean_text) for seg in segs] for segs in parts]
        return cls(lines, parts, pairs)

    def labels_on(self, index: int) -> int:
        """How many labels line `index` holds."""
        return sum(len(p) for p in self.pairs[index])
