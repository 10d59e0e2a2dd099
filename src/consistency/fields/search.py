"""Listing-guided search: find a listing value in a document's text lines, and say what it is there.

Extraction reads whatever a document prints under its labels; search asks the other
question — does this document print the listing's model, maker or product anywhere, and
in what role?  Where both agree a value is confirmed; where they disagree the field is
unverified rather than a false mismatch.

Matching is token-level and identifier-aware.  A line is cut into pieces (runs of
letters and digits; each CJK character is a piece); a value matches a run of whole
pieces whose letters and digits, concatenated, are the value's.  So separators, case
and full-width forms never matter (`TJ 9411` = `TJ-9411` = `ＴＪ９４１１`), but a model
never matches inside a longer identifier: listing `DR-15` is not found in `DR-15-12`
(a hyphen joins pieces into one identifier) nor in `DR-150` (a piece is never cut).
OCR confusions (O/0, I/1/l, S/5, B/8, Z/2, G/6) are forgiven only on lines read by OCR;
on a text layer `CHE5TER` is not `CHESTER`.

The role of a hit comes from its context: the label before it on its line (or alone on
the line above or below), a list under a main label, a support-equipment section or a
"Refer to module" note, or nothing (running text).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence

import attrs

from consistency.fields import clean, manufacturer, model_number, product_name, product_types
from consistency.fields.product_types import Relation
from consistency.fields.vocabulary import DISTRACTOR_HEADINGS, LABEL_WORDS, LabelClass, classify
from consistency.model import Field, HowRead, TextLine


class HitRole(enum.StrEnum):
    """What a found value is in its document, from its context."""

    MAIN = "main"  #: under the field's own label (on its line, or alone above/below it)
    SERIES = "series"  #: under a listed/series/additional-models label
    LIST = "list"  #: one of several values under the field's main label
    SUPPORT = "support"  #: support/auxiliary equipment, a test instrument, an embedded module
    APPLICANT = "applicant"  #: under an applicant / certificate-holder label
    TRADE_MARK = "trade_mark"  #: under a trade mark / brand label
    FACTORY = "factory"  #: under a factory / manufacturing-site label
    OTHER = "other"  #: anywhere else (running text, another field's label)


@attrs.frozen
class Hit:
    """One place where a listing value was found in a document's text."""

    #: The line it was found on, and its position among the lines searched.
    line: TextLine
    index: int
    #: The matched text as read (after Unicode normalisation: full-width folded).
    text: str
    role: HitRole
    #: The label or heading whose context gave the role, if any.
    label: str | None = None
    #: Characters forgiven as OCR confusions, as (read, listing) pairs: `(("5", "S"),)`.
    forgiven: tuple[tuple[str, str], ...] = ()
    #: For a product name found by its type rather than its wording: the lexicon term.
    term: str | None = None

    @property
    def ocr_forgiven(self) -> bool:
        """True when the hit holds only because OCR confusions were forgiven."""
        return bool(self.forgiven)


#: Characters OCR confuses, each mapped to one representative (same table as model numbers).
_OCR_CLASS = {
    "O": "0",
    "Q": "0",
    "D": "0",
    "I": "1",
    "L": "1",
    "J": "1",
    "S": "5",
    "B": "8",
    "Z": "2",
    "G": "6",
}

#: Characters that join two pieces into one identifier when nothing else separates them
#: (`DR-15-12`, `V1.2`, `A+B`): a model is never found inside such an identifier.
_JOINERS = frozenset("-._+#*~'")

#: A piece after or before a slash that is this short belongs to the identifier
#: (`KF-35GW/Y-IA`); longer ones are another item of a list (`QL-01/QL-02`).
SHORT_SLASH_PIECE = 1

#: A rating glued to a model by a text layer that lost a space (`QL-021200W` for
#: `QL-02 1200W`); accepted only when the line also prints a rating of that shape apart.
_GLUED_RATING = re.compile(r"^\d{2,5}(?:W|KW|V|VA|MAH|WH)$")

#: Legal forms, letters only, that may follow a company name, glued by a text layer that
#: lost its spaces (`SportingGoodsCo.`, `HARDWARIOa.s.`) or printed apart.
_LEGAL_FORMS = frozenset(
    {
        "CO",
        "LTD",
        "COLTD",
        "COLIMITED",
        "COMPANYLIMITED",
        "LIMITED",
        "INC",
        "LLC",
        "LLP",
        "CORP",
        "CORPORATION",
        "GMBH",
        "GMBHCOKG",
        "AG",
        "KG",
        "SA",
        "SAS",
        "SARL",
        "SRL",
        "SPA",
        "BV",
        "NV",
        "AS",
        "SRO",
        "DOO",
        "OY",
        "AB",
        "PLC",
        "PTYLTD",
        "SPZOO",
        "SDNBHD",
    }
)

#: Notes that put a value on other equipment: an embedded module, a support unit.
_SUPPORT_CUES = re.compile(
    r"refer(?:s|red)?\s+to\s+(?:the\s+)?module|integrated\s+(?:radio\s+)?module|"
    r"\bcontains\s+(?:fcc|ic)\s*id|module\s+(?:fcc|ic)\s*id|\bhost\s+device|"
    r"support(?:ing)?\s+(?:unit|equipment|device)|auxiliary\s+equipment|"
    r"used\s+(?:as|for)\s+(?:the\s+)?(?:test|support)|模块|模組|陪测|辅助设备",
    re.I,
)

#: A numbered section heading ("5.4 Deviation from Standards"): ends a support section.
_SECTION_HEADING = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+[^\d\s][^\d]{0,60}$")

#: How far back a support-equipment heading still governs a hit (a table of test
#: instruments runs over a page or two of rows).
SUPPORT_SCAN = 60

#: How many label-less lines a list of models may run on under its label (the air
#: fryer certificate lists 13 models over 4 lines).
LIST_SCAN = 15

#: Words of a label, at most, looked at before a value ("Model/Type reference").
MAX_LABEL_WORDS = 6

_MAIN_LABEL = {
    Field.MODEL_NUMBER: LabelClass.MODEL_NUMBER,
    Field.MANUFACTURER: LabelClass.MANUFACTURER,
    Field.PRODUCT_NAME: LabelClass.PRODUCT_NAME,
}

_ROLE_OF_LABEL = {
    LabelClass.SERIES_MODELS: HitRole.SERIES,
    LabelClass.APPLICANT: HitRole.APPLICANT,
    LabelClass.BRAND: HitRole.TRADE_MARK,
    LabelClass.FACTORY: HitRole.FACTORY,
}


@attrs.frozen
class _Piece:
    start: int
    end: int
    text: str  #: upper case

    @property
    def cjk(self) -> bool:
        return len(self.text) == 1 and product_types.is_cjk(self.text)


def _pieces(text: str) -> list[_Piece]:
    """Runs of letters and digits; each CJK character on its own."""
    out: list[_Piece] = []
    for run in re.finditer(r"[^\W_]+", text):
        start = run.start()
        latin_start: int | None = None
        for offset, ch in enumerate(run.group()):
            position = start + offset
            if product_types.is_cjk(ch):
                if latin_start is not None:
                    out.append(_Piece(latin_start, position, text[latin_start:position].upper()))
                    latin_start = None
                out.append(_Piece(position, position + 1, ch))
            elif latin_start is None:
                latin_start = position
        if latin_start is not None:
            out.append(_Piece(latin_start, run.end(), text[latin_start : run.end()].upper()))
    return out


def _ocr(text: str) -> str:
    return "".join(_OCR_CLASS.get(ch, ch) for ch in text)


def _forgiven(read: str, wanted: str) -> tuple[tuple[str, str], ...]:
    return tuple((r, w) for r, w in zip(read, wanted, strict=True) if r != w)


def _joined(gap: str, left: _Piece, right: _Piece) -> bool:
    """True when `gap` joins two pieces into one identifier (`DR-15-12`, `KF-35GW/Y`)."""
    if not gap or any(ch.isspace() for ch in gap):
        return False
    if set(gap) <= _JOINERS:
        return True
    if gap == "/":
        return min(len(left.text), len(right.text)) <= SHORT_SLASH_PIECE
    # A bracket straight after a model opens a suffix of it ("HS105(US)").
    return gap.startswith("(")


def _target(field: Field, value: str) -> str:
    """The letters and digits a value must match, upper case."""
    if field == Field.MODEL_NUMBER:
        return model_number.normalise(value)
    if field in (Field.MANUFACTURER, Field.APPLICANT, Field.FACTORY, Field.BRAND):
        return manufacturer.normalise(value).replace(" ", "").upper()
    return "".join(product_name.tokens(value)).replace(" ", "").upper()


def _internal_gap_ok(gap: str) -> bool:
    # "TJ 9411" is one model split by a space; "DR-15, 12" is two values.
    return not re.search(r"[,;:|、]", gap)


def _find_in_line(
    field: Field, target: str, line: TextLine, text: str
) -> list[tuple[int, int, tuple[tuple[str, str], ...]]]:
    """Spans (start, end) of `target` in `text`, with the OCR confusions forgiven."""
    pieces = _pieces(text)
    ocr = line.how_read == HowRead.OCR
    wanted = _ocr(target) if ocr else target
    identifier = field == Field.MODEL_NUMBER
    found: list[tuple[int, int, tuple[tuple[str, str], ...]]] = []
    for first in range(len(pieces)):
        if identifier and first > 0:
            gap = text[pieces[first - 1].end : pieces[first].start]
            if _joined(gap, pieces[first - 1], pieces[first]) and not gap.startswith("("):
                continue
        read = ""
        for last in range(first, len(pieces)):
            if last > first and not _internal_gap_ok(
                text[pieces[last - 1].end : pieces[last].start]
            ):
                break
            piece = pieces[last].text
            folded = _ocr(piece) if ocr else piece
            so_far = (_ocr(read) if ocr else read) + folded
            if wanted.startswith(so_far):
                read += piece
                if so_far == wanted:
                    if identifier and last + 1 < len(pieces):
                        gap = text[pieces[last].end : pieces[last + 1].start]
                        if _joined(gap, pieces[last], pieces[last + 1]):
                            break
                    found.append((pieces[first].start, pieces[last].end, _forgiven(read, target)))
                    break
                continue
            rest_wanted = wanted[len(_ocr(read) if ocr else read) :]
            if folded.startswith(rest_wanted) and rest_wanted:
                remainder = piece[len(rest_wanted) :]
                if field != Field.MODEL_NUMBER:
                    # A glued legal form may run on past the piece ("HARDWARIOa.s.").
                    after = re.match(r"\S*", text[pieces[last].end :])
                    remainder += re.sub(r"[^A-Za-z]", "", after.group() if after else "").upper()
                if _glued_tail_ok(field, remainder, text):
                    end = pieces[last].start + len(rest_wanted)
                    read += piece[: len(rest_wanted)]
                    found.append((pieces[first].start, end, _forgiven(read, target)))
            break
    return found


def _glued_tail_ok(field: Field, remainder: str, text: str) -> bool:
    """A glued rest of a piece that may follow the value: a rating or a legal form."""
    if field == Field.MODEL_NUMBER:
        if not _GLUED_RATING.match(remainder):
            return False
        digits = len(remainder) - len(re.sub(r"^\d+", "", remainder))
        unit = remainder[digits:]
        # The same shape printed apart ("1500W" beside "QL-021200W"): same unit, same
        # number of digits, so that "QL-0" is not read out of "QL-021200W".
        return bool(re.search(rf"(?<![\w-])\d{{{digits}}}\s?{unit}\b", text, re.I))
    if field in (Field.MANUFACTURER, Field.APPLICANT, Field.FACTORY):
        return remainder in _LEGAL_FORMS
    return False


def _legal_tail(text: str, end: int) -> int:
    """The end of a legal form printed after a company name ("Co., Ltd.", "a.s."), else `end`."""
    match = re.match(r"[\s,.]*((?:[A-Za-z]{1,11}[.,]*\s*){1,4})", text[end:])
    if not match:
        return end
    words = match.group(1)
    best = end
    letters = ""
    for piece in re.finditer(r"[A-Za-z]+[.,]?", words):
        letters += re.sub(r"[^A-Za-z]", "", piece.group()).upper()
        if letters in _LEGAL_FORMS:
            best = end + match.start(1) + piece.end()
        elif not any(form.startswith(letters) for form in _LEGAL_FORMS):
            break
    return best


def _label_before(prefix: str) -> tuple[LabelClass, str, bool] | None:
    """The label printed before a value on its line ("Model No. ......:"), and whether the
    value is one of a list after it ("Model No.: RS-AF1268Y 1500W, QL-01 1500W")."""
    stripped = prefix.rstrip(" \t.:…·_|-—=>")
    listed = False
    if ":" in prefix:
        head, tail = prefix.rsplit(":", 1)
        if tail.strip() and _continuation(tail):
            stripped, listed = head.rstrip(" \t.:…·_|-—=>"), True
        elif ":" in stripped:
            stripped = stripped.rsplit(":", 1)[1].strip()
    if ":" in stripped:
        stripped = stripped.rsplit(":", 1)[1].strip()
    words = stripped.split()
    for size in range(min(MAX_LABEL_WORDS, len(words)), 0, -1):
        candidate = " ".join(words[-size:])
        label_class = classify(candidate)
        if label_class is not None:
            return label_class, candidate, listed
    return None


def _label_alone(text: str) -> tuple[LabelClass, str] | None:
    """The label a line holds when it holds only a label ("Manufacturer/Factory:")."""
    stripped = text.strip().rstrip(" .:…·_|-")
    if not stripped or len(stripped.split()) > MAX_LABEL_WORDS:
        return None
    label_class = classify(stripped)
    if label_class is None or label_class == LabelClass.OTHER:
        return None
    # "Product Name CHESTER" classifies as a label but holds a value: not alone.  A label
    # ends with its colon, or is made of label words only ("MANUFACTURER (Name,").
    words = [w for w in re.split(r"[\s/()（）:：,.;]+", stripped) if w]
    if text.strip().endswith(":") or all(
        w.casefold() in LABEL_WORDS or classify(w) is not None for w in words
    ):
        return label_class, stripped
    return None


def _model_like(chunk: str) -> bool:
    chunk = chunk.strip("()[]")
    return (
        bool(re.fullmatch(r"[\w\-./()+#]+", chunk))
        and bool(re.search(r"\d", chunk))
        and bool(re.search(r"[A-Za-z]|\d-\d", chunk))
        and not product_types.is_rating(chunk.casefold())
    )


def _chunks(text: str) -> list[str]:
    return [c for c in re.split(r"[\s,;、，；]+", text) if c]


def _continuation(text: str) -> bool:
    """True for a line that only continues a list of models ("TYO-02 1200W,TYO-03 1400W").

    A line with a colon holds a label of its own ("Input:5V 0.6A") and continues nothing.
    """
    if ":" in text or "：" in text:
        return False
    chunks = _chunks(text)
    return bool(chunks) and all(
        _model_like(c) or product_types.is_rating(c.casefold()) for c in chunks
    )


def _in_support_section(lines: Sequence[TextLine], index: int) -> str | None:
    """The support-equipment heading governing line `index`, if any."""
    for back in range(index, max(-1, index - SUPPORT_SCAN), -1):
        text = clean(lines[back].text)
        match = DISTRACTOR_HEADINGS.search(text)
        if match:
            return text
        if back != index and _SECTION_HEADING.match(text):
            return None
        if back != index:
            found = _label_before(text.split(":", 1)[0] + ":") if ":" in text else None
            value = text.split(":", 1)[1].strip() if ":" in text else ""
            if found and found[0] in _MAIN_LABEL.values() and value:
                return None
    return None


def _role_of_label(field: Field, label_class: LabelClass) -> HitRole:
    if _MAIN_LABEL.get(field) == label_class:
        return HitRole.MAIN
    return _ROLE_OF_LABEL.get(label_class, HitRole.OTHER)


def _main_or_list(field: Field, value_text: str, hit_text: str) -> HitRole:
    """MAIN when the label's value is the hit alone, LIST when it holds further models."""
    if field != Field.MODEL_NUMBER:
        return HitRole.MAIN
    hit = model_number.normalise(hit_text)
    others = [c for c in _chunks(value_text) if _model_like(c) and model_number.normalise(c) != hit]
    others = [c for c in others if not model_number.normalise(c).startswith(hit)]
    return HitRole.LIST if others else HitRole.MAIN


def role_of(
    field: Field, lines: Sequence[TextLine], index: int, start: int, end: int
) -> tuple[HitRole, str | None]:
    """The role of a value found at `start:end` of line `index`, and the label that says so."""
    text = clean(lines[index].text)
    cue = _SUPPORT_CUES.search(text)
    if cue:
        return HitRole.SUPPORT, cue.group()
    own = _label_before(text[:start])
    if own is not None and own[0] != LabelClass.OTHER:
        role = _role_of_label(field, own[0])
        if role == HitRole.MAIN and own[2] and field == Field.MODEL_NUMBER:
            role = HitRole.LIST
        elif role == HitRole.MAIN:
            block = text[start:]
            for after in lines[index + 1 : index + 1 + LIST_SCAN]:
                if not _continuation(clean(after.text)):
                    break
                block += " " + clean(after.text)
            role = _main_or_list(field, block, text[start:end])
        return role, own[1]
    heading = _in_support_section(lines, index)
    if heading is not None:
        return HitRole.SUPPORT, heading
    found = _label_from_neighbours(field, lines, index, text, start, end)
    if found is not None:
        return found
    return HitRole.OTHER, None


def _label_from_neighbours(
    field: Field, lines: Sequence[TextLine], index: int, text: str, start: int, end: int
) -> tuple[HitRole, str | None] | None:
    """A label alone on the line above or below, or the label of a list this line continues."""
    page = lines[index].page
    alone_on_line = not text[:start].strip(" \t-•·*")
    for near in (index - 1, index + 1) if alone_on_line else ():
        if 0 <= near < len(lines) and lines[near].page == page:
            alone = _label_alone(clean(lines[near].text))
            if alone is not None:
                role = _role_of_label(field, alone[0])
                if role == HitRole.MAIN:
                    role = _main_or_list(field, text, text[start:end])
                return role, alone[1]
    if field != Field.MODEL_NUMBER or not _continuation(text):
        return None
    for back in range(index - 1, max(-1, index - 1 - LIST_SCAN), -1):
        above = clean(lines[back].text)
        if _continuation(above):
            continue
        label = _label_before(above.split(":", 1)[0] + ":") if ":" in above else None
        if label is not None and _role_of_label(field, label[0]) == HitRole.MAIN:
            return HitRole.LIST, label[1]
        if label is not None and label[0] == LabelClass.SERIES_MODELS:
            return HitRole.SERIES, label[1]
        return None
    return None


def find(field: Field | str, value: str, lines: Sequence[TextLine]) -> list[Hit]:
    """Every place `value` of `field` is printed in `lines`, with its role there.

    Model numbers, company names and product names are found by their letters and
    digits (see the module doc); a product name is also found by its product type
    ("Hair dryer" for a listing's "Ionic Blow Dryer"), the hit then naming the term.
    """
    wanted = Field(field)
    target = _target(wanted, value)
    hits: list[Hit] = []
    if not target:
        return hits
    folded_target = _ocr(target)
    for index, line in enumerate(lines):
        text = clean(line.text)
        # Most lines cannot hold the value at all: a cheap look at their letters first.
        compact = re.sub(r"[\W_]+", "", text).upper()
        if line.how_read == HowRead.OCR:
            if folded_target not in _ocr(compact):
                continue
        elif target not in compact:
            continue
        for start, found_end, forgiven in _find_in_line(wanted, target, line, text):
            end = found_end
            if wanted in (Field.MANUFACTURER, Field.APPLICANT, Field.FACTORY, Field.BRAND):
                end = _legal_tail(text, found_end)
            role, label = role_of(wanted, lines, index, start, end)
            hits.append(Hit(line, index, text[start:end], role, label, forgiven))
    if wanted == Field.PRODUCT_NAME:
        hits.extend(_type_hits(value, lines, {h.index for h in hits}))
        hits.sort(key=lambda h: h.index)
    return hits


def _type_hits(value: str, lines: Sequence[TextLine], seen: set[int]) -> list[Hit]:
    """Lines naming the listing's product type in other words."""
    listed = product_types.product_type(value)
    if listed is None:
        return []
    table = product_types.lexicon()
    related = [
        t
        for t in table.types.values()
        if product_types.relation(listed.type, t) != Relation.DIFFERENT
    ]
    terms = [u for t in related for u in table.term_units.get(t.key, [])]
    last_units = {u[-1] for u in terms if u}
    glued = {"".join(u) for u in terms if len("".join(u)) >= product_types.MIN_GLUED_TERM}
    hits: list[Hit] = []
    for index, line in enumerate(lines):
        if index in seen:
            continue
        # Only lines holding a word that can end a related term are placed.
        words = product_types.units(line.text)
        if not last_units.intersection(words) and not any(
            g in w for w in words if len(w) > product_types.MIN_GLUED_TERM for g in glued
        ):
            continue
        found = product_types.product_type(line.text)
        if found is None:
            continue
        if product_types.relation(listed.type, found.type) == Relation.DIFFERENT:
            continue
        text = clean(line.text)
        start = _term_start(text, found.term)
        # The role is the label's before the value the term sits in ("Product:Bluetooth...").
        colon = text.rfind(":", 0, start)
        if colon >= 0:
            start = colon + 1 + (len(text[colon + 1 :]) - len(text[colon + 1 :].lstrip()))
        role, label = role_of(Field.PRODUCT_NAME, lines, index, start, start)
        hits.append(Hit(line, index, found.term, role, label, (), found.term))
    return hits


def _term_start(text: str, term: str) -> int:
    """Where a term's first word sits in a line (0 when it cannot be pinned down)."""
    first = product_types.units(term)[0] if product_types.units(term) else ""
    folded = text.casefold()
    position = folded.find(first[: max(1, len(first) - 1)]) if first else -1
    return max(position, 0)
