"""The product name a box or a rating label prints without a label: its headline line.

A product name stands out by size.  Lines that stand out but are never a product name
are skipped: label lines and values already read, ratings (`220-240V~ 50Hz 1800W`),
warnings, certification marks (`CE FC RoHS`), an energy label's legends (`耗能低`,
`中国能效标识`), and the brand (a lone capitalised word, or the value of a `Brand:`
label).  Chinese headlines (`电吹风`) are found as well as Latin ones: a bilingual box
names its product in both scripts.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

import attrs

from consistency.extract.ocr.engine import is_cjk
from consistency.fields.product_types import product_type
from consistency.fields.vocabulary import LabelClass, classify
from consistency.model import BBox, Evidence, Field, Role
from consistency.words import Line, PageText, split_on_gaps

#: Electrical ratings and other spec lines that are never a product name.
_RATING = re.compile(
    r"\d\s*(?:-\s*\d+\s*)?(?:v|w|hz|a|mah|ah|kw|va|wh|°c|mm|cm|kg|g)\b|~|\d+\s*/\s*\d+\s*hz",
    re.I,
)
#: Warnings, instructions and legends printed in big type on cartons and energy labels.
_NEVER_A_NAME = re.compile(
    r"\b(?:warning|caution|danger|attention|keep|do not|don't|made in|product of|fragile|"
    r"this side up|handle with care|recycl\w*|contents?|includes?|www\.|https?:|"
    r"patents?|pat\.|listed|serial|complies|comply|fcc|device|"
    r"energy label|rating label|energy|efficiency)|警告|注意|小心|标识|標識|耗能|能耗|能效|"
    r"效率|等级|國家|国家|标准|依据|生产|制造|产地|产品名称|功率|类型|類型|容量|制冷|制热|"
    r"^(?:by|de|for|with|from|of|and|or|to)\b|^made\W*$|"
    # "Made in / Vietnam" set on two lines: a country alone is where, not what.
    r"^(?:china|p\.?r\.?c\.?|vietnam|viet nam|malaysia|taiwan|thailand|indonesia|india|"
    r"mexico|japan|korea|philippines|cambodia|bangladesh|turkey|germany|usa|u\.s\.a\.|"
    r"great britain|united kingdom|england|italy|france|poland|hungary|czech republic)\W*$",
    re.I,
)
#: Certification and conformity marks: a line made of them is no product name.
MARKS = frozenset(
    {
        "CE", "FC", "FCC", "ROHS", "UKCA", "UKNI", "WEEE", "CCC", "CQC", "UL", "CUL", "ETL",
        "GS", "TUV", "TÜV", "CB", "PSE", "KC", "RCM", "EAC", "SAA", "BSMI", "NOM", "IC",
        "ERP", "REACH", "CSA", "DOE", "ENERGY STAR", "VDE", "BS", "LFGB",
    }
)  # fmt: skip
#: A product name stands out: its line is at least this much taller than the median line.
NAME_HEIGHT_RATIO = 1.15
#: A Chinese headline must stand out more: energy labels set their legends and spec
#: labels ("输入功率（W）", "中等") a little larger than the body, and name no product.
CJK_NAME_HEIGHT_RATIO = 1.3
#: "The body's size": glyphs without descenders ("Desk Fan") measure a little under the
#: median word height of the label's lines.
BODY_SIZE_SHARE = 0.9
#: A name set in the body's size is short: a longer line is a sentence or a spec.
MAX_NAME_WORDS = 5
#: A line naming a known product type may hold a few more words (brand, series, speed:
#: "NETGEAR AC1600 Wi-Fi Cable Modem Router").
MAX_KNOWN_NAME_WORDS = 8
#: Words further apart than this many word heights stand in different columns.
COLUMN_GAP = 1.5
#: An unlabelled guess must be read at least this well to be worth comparing.
MIN_NAME_CONFIDENCE = 0.75
#: ... or this well when it names a product type the lexicon knows: words that make a
#: known product's name were read right more often than their confidence says.
MIN_KNOWN_NAME_CONFIDENCE = 0.6
#: A Chinese product name is short (电吹风, 电热水壶, 空调室内机); longer lines are sentences.
MAX_CJK_NAME_CHARS = 12


def _line_height(line: Line) -> float:
    """The median word height: robust to one tall glyph or a skewed line's bbox."""
    return statistics.median(w.bbox.bottom - w.bbox.top for w in line.words)


def _is_label_line(line: Line) -> bool:
    text = line.text
    head = re.split(r"[:：]", text, maxsplit=1)[0]
    if head != text:
        return True
    words = text.split()
    # A label may start a line without a colon ("MOD. PB-350Z", "Type XK-1"); a word that
    # is only a spec's label ("Power" of "Power Bank") starts a name when no value follows.
    for n in (1, 2, 3):
        if n > len(words):
            break
        found = classify(" ".join(words[:n]))
        rest = " ".join(words[n:])
        if found is not None and (found != LabelClass.OTHER or any(c.isdigit() for c in rest)):
            return True
    return False


#: Two boxes are one text when they share this much of the lower one's height: the boxes
#: of neighbouring lines on a tilted photo overlap by a few pixels.
SAME_TEXT_SHARE = 0.5


def _overlaps(a: BBox, b: BBox) -> bool:
    shared = min(a.bottom, b.bottom) - max(a.top, b.top)
    lower = min(a.bottom - a.top, b.bottom - b.top)
    return a.x0 < b.x1 and b.x0 < a.x1 and shared > SAME_TEXT_SHARE * lower


def _cjk_share(text: str) -> float:
    chars = [c for c in text if not c.isspace()]
    return sum(is_cjk(c) for c in chars) / len(chars) if chars else 0.0


#: A model code heading a name, joined by a dash ("NP804n - Wireless N 300 Router").
_CODE_HEAD = re.compile(r"^(?=[^\s]*\d)(?=[^\s]*[A-Za-z])[A-Za-z0-9][\w\-./()]*$")


def without_marks(line: Line) -> Line | None:
    """The line without certification marks at its ends, a model code heading it before a
    dash, and OCR's stray quotes and lone marks; None when nothing remains."""
    words = [w for w in line.words if any(ch.isalnum() for ch in w.text)]
    if len(words) >= 2 and _CODE_HEAD.match(words[0].text):
        dash = next((i for i, w in enumerate(line.words) if w.text in ("-", "–", "—")), None)
        if dash == 1:
            words = words[1:]
    words = [
        attrs.evolve(w, text=w.text.strip("'‘’\"“”`|")) if w.text[:1] in "'‘’\"“”`" else w
        for w in words
    ]
    while words and words[-1].text.upper().strip(".,;") in MARKS:
        words.pop()
    while words and words[0].text.upper().strip(".,;") in MARKS:
        words.pop(0)
    return Line(tuple(words), line.page) if words else None


def _plain(line: Line, used: Sequence[BBox], brands: set[str]) -> bool:
    """True for a line that may be a product name (not a label, rating, mark or brand)."""
    text = line.text.strip()
    if line.confidence < 0.5 or _RATING.search(text) or _NEVER_A_NAME.search(text):
        return False
    if _is_label_line(line) or any(_overlaps(w.bbox, box) for w in line.words for box in used):
        return False
    if text.upper() in brands:
        return False
    if _cjk_share(text) >= 0.6:
        return 2 <= len(text.replace(" ", "")) <= MAX_CJK_NAME_CHARS
    letters = sum(ch.isalpha() for ch in text)
    return letters >= 3 and letters >= 0.6 * len(text.replace(" ", ""))


def _is_brand_like(line: Line) -> bool:
    """A lone capitalised Latin word is how brands are printed (`VOLTARA`, `SONY`), unless
    it is a product type with its space lost (`POWERSUPPLY`)."""
    return (
        len(line.words) == 1
        and line.text.isupper()
        and _cjk_share(line.text) < 0.6
        and product_type(line.text) is None
    )


def name_lines(page: PageText, evidence: Sequence[Evidence] = ()) -> list[Line]:
    """The product-name lines of a photo: the Latin headline, then a Chinese one.

    A headline is the tallest candidate line when it is clearly taller than the median
    line (`NAME_HEIGHT_RATIO`); else, on a rating label set in one size, the first
    candidate line of at least the median size and a few words (brand, labels, ratings,
    marks and legends are never candidates).
    """
    lines = [line for line in page.lines if line.words]
    if len(lines) < 2:
        return []
    median = statistics.median(_line_height(line) for line in lines)
    used = [e.bbox for e in evidence if e.bbox is not None]
    brands = {e.raw.upper() for e in evidence if e.field == Field.BRAND}
    candidates = []
    for line in lines:
        # A name is one column's words: a label sets "CD/DVD PLAYER" beside a listing
        # mark and a patent number the grouping put on its line.
        height = _line_height(line)
        for part in split_on_gaps(line, COLUMN_GAP * height):
            cleaned = without_marks(part)
            if cleaned is not None and _plain(cleaned, used, brands):
                candidates.append(cleaned)
    found: list[Line] = []
    for cjk in (False, True):
        pool = [c for c in candidates if (_cjk_share(c.text) >= 0.6) == cjk]
        if not cjk:
            pool = [c for c in pool if not _is_brand_like(c)]
        ratio = CJK_NAME_HEIGHT_RATIO if cjk else NAME_HEIGHT_RATIO
        tall = [c for c in pool if _line_height(c) >= ratio * median]
        # A box sets its name tallest; a rating label sets it first, in the body's size.
        first = [
            c
            for c in pool
            if _line_height(c) >= BODY_SIZE_SHARE * median
            and len(c.text.split()) <= MAX_NAME_WORDS
            and ", " not in c.text  # clauses of a sentence, not a name
        ][:1]
        if tall:
            found.append(max(tall, key=_line_height))
        elif first and not cjk:
            found.append(first[0])
        if found and product_type(found[-1].text) is not None:
            continue
        # What stands out may be the maker's wordmark ("Sagemcom", "byYOGASLEEP"); the
        # first line in the body's size that names a product type we know is the name.
        known = [
            c
            for c in pool
            if _line_height(c) >= BODY_SIZE_SHARE * median
            and len(c.text.split()) <= MAX_KNOWN_NAME_WORDS
            and product_type(c.text) is not None
        ][:1]
        found.extend(c for c in known if c not in found)
    return [line for line in found if _worth_comparing(line)]


def _worth_comparing(line: Line) -> bool:
    """An unlabelled guess is only worth comparing when it reads as words.

    A logo misread as "ill" would raise a false product-name mismatch.
    """
    known = product_type(line.text) is not None
    if line.confidence < (MIN_KNOWN_NAME_CONFIDENCE if known else MIN_NAME_CONFIDENCE):
        return False
    if _cjk_share(line.text) >= 0.6:
        return True
    return sum(ch.isalpha() for ch in line.text) >= 4 and any(
        len(w.text) >= 4 and w.text.isalpha() for w in line.words
    )


def name_roles(lines: Sequence[Line], evidence: Sequence[Evidence]) -> list[tuple[Line, Role]]:
    """Each name line with its role: the first is main unless a labelled name was read."""
    labelled = any(e.field == Field.PRODUCT_NAME and e.role == Role.MAIN for e in evidence)
    out = []
    for index, line in enumerate(lines):
        main = index == 0 and not labelled
        out.append((line, Role.MAIN if main else Role.ALTERNATE))
    return out


def spaced_name(text: str) -> str:
    """A name with a product type's lost space put back (`POWERSUPPLY` -> `POWER SUPPLY`).

    Only a word in capitals that is exactly a lexicon term of several words, run
    together, is re-spaced; anything else is returned as it is.
    """
    found = product_type(text)
    if found is None or " " not in found.term:
        return text
    joined = found.term.replace(" ", "").casefold()
    words = text.split(" ")
    for index, word in enumerate(words):
        # Only a headline in capitals: "Hairdryer" is a spelling, "POWERSUPPLY" a lost space.
        if word.isupper() and word.casefold() == joined:
            words[index] = found.term.upper()
            return " ".join(words)
    return text
