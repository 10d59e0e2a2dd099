"""Identity values a photo prints without a label the grammar could read.

A rating label names its maker in a line of its own ("SONY CORPORATION" under the rating
block), and OCR misreads short labels far more often than the values after them
(`型号: DRY-1858` read as `#5: DRY-1858`).  The shared grammar rightly reads neither as
a labelled pair; a photo still shows the value, and calling the field "not shown" would
send a good label back for reprinting.  This module proposes those values:

- a model code after a label nobody knows (the label was misread) or on a line of its
  own, only when no labelled model was read ("a labelled model wins over an unlabelled
  code").  Its confidence is capped under the OCR threshold: the label that would say it
  *is* the model was not read, so the value can confirm the reference or leave the field
  unverified (CR402), never raise a mismatch on its own;
- a company line with a legal form (CORPORATION, Co., Ltd., GmbH, LLC, Inc., 有限公司)
  anywhere on the photo, only when no labelled maker was read: a rating label or a box
  prints no company but its maker (an importer or distributor carries a label of its own,
  which the grammar reads).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

from consistency.extract.photo.mending import without_misread_label
from consistency.extract.photo.product_name import MARKS
from consistency.fields import clean, normalise
from consistency.fields.product_types import product_type
from consistency.fields.values import (
    LEGAL_FORM,
    RATING,
    address_like,
    clean_value,
    company_like,
    cut_company,
    has_cjk,
    model_like,
)
from consistency.fields.vocabulary import LabelClass, classify, label_shaped
from consistency.model import BBox, Document, Evidence, Field, Role
from consistency.words import Line, PageText, split_on_gaps

#: A head before a separator that may be a misread label: short (`#5`, `AUS`, `Model/#!5`).
_HEAD = re.compile(r"^\s*(?P<head>[^:：]{1,12}?)\s*[:：]\s*(?P<value>\S.*)$")
#: A rating with its symbols lost ("5V⎓1A" read "5V1A", "DC5V1A", "Input 12V 2A 5.5L").
_GLUED_RATING = re.compile(
    r"^(?:input|output|in|out|dc|ac|rated)*(?:\d+(?:[.,]\d+)?(?:v|a|w|hz|mah|ah|ma|va|kw|wh|l|mm|cm|kg|g)(?:dc|ac)?)+$",
    re.I,
)
#: A code standing among words: letters and digits joined ("DVP-NS575P", "KF-35GW/Y").
_JOINED_CODE = re.compile(r"^(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9]+(?:[-/.][A-Za-z0-9()]+)+$")
#: One token of a model code: letters, digits and the joiners models use.
_CODE_TOKEN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-./()+]*$")
#: A model code holds this many letters and digits at least (shorter is a unit or a count).
MIN_CODE_CHARS = 4
#: ... of which this many digits at least: a word with one digit is a misread word ("0SER").
MIN_CODE_DIGITS = 2
#: A letters-only part of a spaced code is a prefix this short at most.
MAX_PREFIX_CHARS = 4
#: ... and at most this many words (`AF 3949`, `DVP NS575P`); more is a sentence.
MAX_CODE_WORDS = 3
#: A model label glued to the code after it.
_GLUED_LABEL = re.compile(r"^(?:mod|model|m/n|type)(?:\.|[:：])\s*(?=[A-Z0-9]{2})", re.I)
#: A date inside a code-like token ("DATESK-28.10.96").
_DATE = re.compile(r"\d{1,2}[./]\d{1,2}[./]\d{2,4}")
#: An abbreviated label glued to its number ("V.C-70796", "S.N.-123").
_ABBREVIATED_LABEL = re.compile(r"^[A-Za-z]{1,2}\.[A-Za-z]{1,2}\.?\s*[-:]")
#: A specification with its unit ("16GB", "2.4GHz", "1080p"): never a model.
_SPEC_TOKEN = re.compile(
    r"^\d+(?:[.,]\d+)?(?:gb|tb|mb|kb|ghz|mhz|khz|mp|mm|cm|ml|kg|mah|wh|hz|p|k|bit)$", re.I
)
#: Words that announce a number, not a model.
_NUMBER_WORDS = frozenset({"no", "nr", "nº", "num", "ref", "id", "cert", "file", "e"})
#: Lines that print dates, batches and serials look like codes but are none of the model
#: ("S/N", "PN:"; a bare "PN-3256" or "SN-2000" is a model's own prefix).
_NOT_A_MODEL = re.compile(
    r"\b(?:s/n|serial|lot|batch|date|made\s+in|www|http|fcc\s*id|ic\s*:|"
    r"patent|pat\.?|ean|upc|gtin|sku|p/n|part|service\s+(?:tag|code)|mac|imei|"
    r"wlan|wi-?fi\s+key|password|pin)\b|\b(?:sn|pn)\s*[:：]",
    re.I,
)
#: Lines that name a company in a role other than the maker's, never the maker itself.
_OTHER_PARTY = re.compile(
    r"\b(?:import\w*|distribut\w*|for\b|exclusively|licen[cs]\w*|trademark|tm\b|"
    r"authori[sz]ed|representative|test\w*|laborator\w*|certif\w*)|进口|经销|代理",
    re.I,
)
#: A MAC address: twelve hex digits, bare or in pairs ("0060644DEB23", "28:C2:DD:7A:2E:29"),
#: mostly digits (a model of twelve letters and digits has more letters than A-F).
_MAC = re.compile(r"^(?=(?:[^0-9]*[0-9]){6})(?:[0-9A-F]{2}[:-]?){5}[0-9A-F]{2}$", re.I)
#: Words further apart than this many word heights stand in different columns.
COLUMN_GAP = 1.5
#: A company name has at most this many words (a longer line is a sentence about one).
MAX_COMPANY_WORDS = 10


def _overlaps(a: BBox, b: BBox) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.top < b.bottom and b.top < a.bottom


def code_of(text: str) -> str | None:
    """The model code a value is, or None: a few tokens with letters and digits."""
    # A model label glued to its code ("MOD.JS5526N", "Type:XK-1" read without a space).
    value = _GLUED_LABEL.sub("", text.strip(" .,;"))
    words = value.split()
    if not words or len(words) > MAX_CODE_WORDS or has_cjk(value):
        return None
    if _GLUED_RATING.match(re.sub(r"[\s⎓~=/-]", "", value)):
        return None
    if not all(_CODE_TOKEN.match(w) for w in words) or RATING.search(value):
        return None
    if any(w.casefold().rstrip(".") in _NUMBER_WORDS for w in words):
        return None  # "NO. 2054339": a listing or certificate number
    if _DATE.search(value) or _ABBREVIATED_LABEL.match(value):
        return None  # "DATE 28.10.96", "V.C-70796" (výrobní číslo): a date, a serial
    if any(_SPEC_TOKEN.match(w) for w in words):
        return None  # "16GB VRAM", "2.4GHz": a specification
    # A spaced code's parts hold digits or are a short prefix ("AF 3949", "DVP NS575P");
    # a word beside a code ("LISTED 9C06", "Input 12V") makes it no model.
    if len(words) > 1 and any(
        len(w) > MAX_PREFIX_CHARS and not any(c.isdigit() for c in w) for w in words
    ):
        return None
    alnum = [ch for ch in value if ch.isalnum()]
    if len(alnum) < MIN_CODE_CHARS or value.upper() in MARKS:
        return None
    digits = sum(ch.isdigit() for ch in alnum)
    if digits < MIN_CODE_DIGITS or digits == len(alnum):
        return None  # digits only are a GTIN, a date or a serial; a lone digit is OCR's O
    if _MAC.match(value):
        return None  # "0060644DEB23": a MAC address under its label, read on a line apart
    if len(words) > 1 and not any(c.isdigit() for c in words[0]):
        # A joined code after a letters-only word stands alone ("SREG KF-35GW/Y-IA(R2)":
        # a legend OCR merged in); a short prefix of a spaced code stays ("AF 3949").
        joined = [w for w in words[1:] if _JOINED_CODE.match(w)]
        if joined:
            return joined[0]
    return value if model_like(value) else None


def _unknown_head(head: str) -> bool:
    """True when a line's head may be a misread model label: no label of another field.

    `#5` for 型号 is no label at all; `Model/#!5` still names a model but is no label
    the grammar takes (half of it unread).
    """
    return classify(head) in (None, LabelClass.MODEL_NUMBER) and len(head.split()) <= 2


def segments(line: Line) -> list[Line]:
    """A photo line cut where words stand far apart: columns the grouping merged.

    A rating label sets its blocks side by side ("OUVRIR" of a warning, then "SONY
    CORPORATION MADE IN MALAYSIA"); a gap wider than `COLUMN_GAP` word heights parts them.
    """
    if not line.words:
        return []
    height = statistics.median(w.bbox.bottom - w.bbox.top for w in line.words)
    return split_on_gaps(line, COLUMN_GAP * height)


def _orphan_model_labels(page: PageText) -> list[BBox]:
    """Boxes of model labels that stand without a value ("MODEL NO." above the code)."""
    boxes = []
    for line in page.lines:
        for part in segments(line):
            words = part.words
            # "MODEL NO." alone, or beside words of another column ("MODEL NO. U.S. Patent").
            for count in (3, 2, 1):
                head = clean(" ".join(w.text for w in words[:count])).rstrip(":： ")
                rest = " ".join(w.text for w in words[count:])
                if (
                    len(words) >= count
                    and head
                    and classify(head) == LabelClass.MODEL_NUMBER
                    and not any(ch.isdigit() for ch in rest)
                ):
                    boxes.append(Line(words[:count], part.page).bbox)
                    break
    return boxes


def _near(label: BBox, value: BBox) -> float:
    """How far a value lies from a label it may belong to (right of it or below it)."""
    height = label.bottom - label.top
    below = value.top >= label.top and value.x0 < label.x1 + height and value.x1 > label.x0
    right = abs(value.top - label.top) < height and value.x0 >= label.x0
    if not (below or right):
        return float("inf")
    return abs(value.top - label.top) + max(0.0, value.x0 - label.x1)


def model_codes(page: PageText, evidence: Sequence[Evidence]) -> list[tuple[Line, str, str]]:
    """(segment, code, head) of the model codes a photo prints without a readable label.

    Empty when a labelled model was read.  Codes on lines already read as a value, on
    lines that print serials, dates or part numbers, are skipped; a code under or right
    of a model label that got no value ("MODEL NO." above "DVP-NS575P") comes first, the
    others in reading order.
    """
    if any(e.field == Field.MODEL_NUMBER and e.relation != "unlabelled" for e in evidence):
        return []
    used = [e.bbox for e in evidence if e.bbox is not None]
    found: list[tuple[Line, str, str]] = []
    for line in page.lines:
        if _NOT_A_MODEL.search(clean(line.text)) or any(_overlaps(line.bbox, b) for b in used):
            continue
        headed = headline_code(line)
        if headed is not None:
            found.append(headed)
            continue
        for part in segments(line):
            text = clean(part.text)
            match = _HEAD.match(text)
            if match is not None:
                head = match.group("head").strip()
                code = code_of(match.group("value")) if _unknown_head(head) else None
                if code is not None:
                    found.append((part, code, head))
                continue
            code = code_of(text)
            if code is not None:
                found.append((part, code, ""))
                continue
            # A code among other words the grouping set on its line ("SONY® DVP-NS575P
            # 4,577,216"): one token of its own, with a joiner or a letter-digit mix.
            for word in part.words:
                token = word.text.strip(" .,;")
                if _JOINED_CODE.match(token) and code_of(token) is not None:
                    found.append((Line((word,), part.page), token, ""))
    labels = _orphan_model_labels(page)
    if labels:
        found.sort(key=lambda item: min(_near(box, item[0].bbox) for box in labels))
    return found


#: A code heading a line, then a dash and the product it is ("NP804n - Wireless N 300
#: Router", "XK-1 – Hair Dryer").
_HEADLINE = re.compile(r"^(?P<code>\S+)\s+[-–—]\s+(?P<name>\S.*)$")


#: A product line in capitals with its version, alone on a line: "XIOH - version 5",
#: "ACME X2 v3".
_PRODUCT_VERSION = re.compile(
    r"^(?P<line>[A-Z][A-Z0-9]{2,}(?:\s[A-Z0-9]{1,6})?)\s*[-–—]?\s*(?i:version|ver\.?|v)\s*"
    r"(?P<version>\d+(?:\.\d+)*)$"
)


#: What carries a version without being a product line.
_NOT_A_PRODUCT_LINE = re.compile(
    r"^(?:firmware|software|hardware|fw|sw|hw|bios|rev|revision|pcb|board|app|os|ios|android)\b",
    re.I,
)


def headline_code(part: Line) -> tuple[Line, str, str] | None:
    """(words, code, "") of a headline that names the model, then the product after a dash.

    A header line prints the model and the product type together; the code is the model
    only when what follows the dash names a product type the lexicon knows.
    """
    text = clean(part.text)
    version = _PRODUCT_VERSION.match(text)
    if (
        version is not None
        and classify(version.group("line")) is None
        and not _NOT_A_PRODUCT_LINE.match(version.group("line"))
    ):
        # A product line with its version ("XIOH - version 5") names the model itself.
        return part, f"{version.group('line')} version {version.group('version')}", ""
    match = _HEADLINE.match(text)
    if match is None:
        return None
    code = code_of(match.group("code"))
    if code is None or product_type(clean_words(match.group("name"))) is None:
        return None
    return Line(part.words[:1], part.page), code, ""


def clean_words(text: str) -> str:
    """Text without OCR's stray quotes and lone marks between words ("'Wireless ' N")."""
    words = (w.strip("'‘’\"“”`|") for w in text.split())
    return " ".join(w for w in words if w)


def _company(text: str) -> str:
    """The company a line names: up to its last legal form ("SONY CORPORATION MADE IN...")."""
    end = None
    for match in LEGAL_FORM.finditer(text):
        if end is None or not text[end : match.start()].strip(" ,;&"):
            end = match.end()
        else:
            break
    value = text[:end] if end is not None else text
    return cut_company(clean_value(value))


def _starts_with_label(text: str) -> bool:
    """True when a line opens with a label of a party or an identity field.

    Only the opening words count: a company's own name may hold label words
    ("... Electrical Appliance Company Limited" reads as a product-name label whole).
    """
    words = text.split()
    heads = [" ".join(words[:count]) for count in (1, 2) if count < len(words)]
    return any(
        classify(head) not in (None, LabelClass.OTHER) and label_shaped(head) for head in heads
    )


def maker_lines(page: PageText, evidence: Sequence[Evidence]) -> list[tuple[Line, str]]:
    """(segment, company) of the company lines a photo prints with no label before them.

    Empty when a maker was read under a label.  A line that names another party
    (`Imported by`, `for`, a lab) or an address is skipped.
    """
    if any(e.field == Field.MANUFACTURER and e.relation != "unlabelled" for e in evidence):
        return []
    used = [
        e.bbox
        for e in evidence
        if e.bbox is not None and not (e.field == Field.MANUFACTURER and e.relation == "unlabelled")
    ]
    found: list[tuple[Line, str]] = []
    for line in page.lines:
        for part in segments(line):
            text = clean(part.text)
            if any(_overlaps(part.bbox, b) for b in used):
                continue
            match = _HEAD.match(text)
            if match is not None:
                head = match.group("head").strip()
                if classify(head) is not None or len(head.split()) > 2:
                    continue  # a known label of another party, or a sentence
                text = match.group("value")
                # The name's own words: their confidence is the value's, not the
                # misread label's ("jcif§:" read at 0 %).
                after = next(
                    (i + 1 for i, w in enumerate(part.words) if re.search(r"[:：]", w.text)), 0
                )
                if 0 < after < len(part.words):
                    part = Line(part.words[after:], part.page)
            # A misread maker label glued before the name is no part of it (nor an address).
            text = without_misread_label(text)
            if (
                not company_like(text)
                or address_like(text)
                or _OTHER_PARTY.search(text)
                or len(text.split()) > MAX_COMPANY_WORDS
                or _starts_with_label(text)
            ):
                continue
            company = _company(text)
            if sum(ch.isalpha() for ch in company) >= 3 and company_like(company):
                found.append((part, company))
    return found


def unlabelled_evidence(
    field: Field,
    raw: str,
    line: Line,
    *,
    page: PageText,
    document: Document,
    extractor: str,
    note: str,
    role: Role = Role.MAIN,
    confidence: float | None = None,
    label: str | None = None,
    relation: str = "unlabelled",
) -> Evidence:
    """A value a photo's stage read from one line (relation `unlabelled` unless said).

    Every such reading of a photo - a model code, a maker line, the headline that names
    the product, a model named in words after its label - is built here, so its
    provenance is always the same: the line's box in the level frame, the photo's engine
    as `how_read`, the note saying why.
    """
    return Evidence(
        field=field,
        raw=raw,
        normalised=normalise(field, raw),
        source=document.kind,
        file=str(document.path),
        extractor=extractor,
        page=page.page,
        bbox=line.bbox,
        label=label,
        confidence=line.confidence if confidence is None else confidence,
        role=role,
        page_size=(page.width, page.height),
        note=note,
        how_read=page.how_read,
        relation=relation,
    )


def code_evidence(
    line: Line,
    code: str,
    head: str,
    *,
    page: PageText,
    document: Document,
    extractor: str,
    ceiling: float,
) -> Evidence:
    """A model code with no readable label, its confidence capped under `ceiling`."""
    note = (
        f"a code after a label that could not be read ('{head}')"
        if head
        else "a code printed on a line of its own, no label"
    )
    return unlabelled_evidence(
        Field.MODEL_NUMBER,
        code,
        line,
        page=page,
        document=document,
        extractor=extractor,
        note=note,
        confidence=min(line.confidence, ceiling),
    )


def maker_evidence(
    line: Line, company: str, role: Role, *, page: PageText, document: Document, extractor: str
) -> Evidence:
    """A company line with no label before it, as the photo's maker."""
    return unlabelled_evidence(
        Field.MANUFACTURER,
        company,
        line,
        page=page,
        document=document,
        extractor=extractor,
        note="a company line on the label, no label before it",
        role=role,
    )


#: "MADE IN GREAT BRITAIN", "Made in China": where a nameplate says it was made.
_MADE_IN = re.compile(r"^\W*made\s+in\b", re.I)
#: A wordmark is one word of this many letters at least ("SMITHS", "GRUNDFOS").
MIN_WORDMARK_LETTERS = 4


def wordmark_maker(page: PageText, evidence: Sequence[Evidence]) -> tuple[Line, str] | None:
    """(line, name) of a maker's wordmark set right above "MADE IN <country>".

    A nameplate signs its maker that way ("SMITHS" over "MADE IN GREAT BRITAIN"): one
    word, letters only, in the line just above and over the "made in" line, that is no
    label, mark or product type.  None when a maker was read otherwise.
    """
    if any(e.field == Field.MANUFACTURER for e in evidence):
        return None
    lines = page.lines
    for index in range(1, len(lines)):
        made, above = lines[index], lines[index - 1]
        if not _MADE_IN.match(clean(made.text)) or len(above.words) != 1:
            continue
        height = made.bbox.bottom - made.bbox.top
        if made.bbox.top - above.bbox.bottom > height or not (
            made.bbox.x0 <= (above.bbox.x0 + above.bbox.x1) / 2 <= made.bbox.x1
        ):
            continue
        name = clean_words(clean(above.text)).strip(" .,;®™")
        if (
            len(name) < MIN_WORDMARK_LETTERS
            or not name.isalpha()
            or not (name.isupper() or name.istitle())
            or name.upper() in MARKS
            or classify(name) is not None
            or product_type(name) is not None
        ):
            continue
        return above, name
    return None
