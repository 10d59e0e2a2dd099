"""Model numbers: identifier-aware normalisation and comparison.

Case, spaces, hyphens, dots, slashes and brackets never matter (`XK-2041B` = `xk 2041b`);
every letter and digit does (`XK-2041B` vs `XK-2014B` is a mismatch however high a fuzzy
score would be).  OCR'd values may differ by characters OCR confuses (O/0, I/1/l, S/5,
B/8, Z/2, G/6, rn/m) without being a mismatch; a regional suffix (`HS105(US)` vs `HS105`)
is reported on its own.
"""

from __future__ import annotations

import re
import unicodedata

from consistency.fields import clean
from consistency.i18n import N_
from consistency.model import Comparison, Level

#: Separators that do not distinguish models.
_SEPARATORS = re.compile(r"[\s\-_./\\()\[\]{}#:,'\"+·・]")

#: Characters OCR confuses, mapped to one representative.
_OCR_CLASSES = str.maketrans(
    {
        "O": "0",
        "Q": "0",
        "D": "0",
        "I": "1",
        "L": "1",
        "|": "1",
        "!": "1",
        "J": "1",
        "S": "5",
        "B": "8",
        "Z": "2",
        "G": "6",
    }
)

#: Regional/market suffixes seen after a model: HS105(US), XK-20-EU, ABC/UK.
REGION_SUFFIXES = frozenset(
    {
        "US",
        "USA",
        "EU",
        "UK",
        "GB",
        "AU",
        "AUS",
        "JP",
        "JPN",
        "CN",
        "DE",
        "FR",
        "IT",
        "ES",
        "CA",
        "KR",
        "IN",
        "BR",
        "MX",
        "NA",
        "EUR",
        "UKCA",
        "XJ",
        "INT",
        "NZ",
    }
)


def normalise(raw: str) -> str:
    """Upper-case letters and digits only (full-width forms folded first)."""
    text = _SEPARATORS.sub("", clean(raw))
    # Combining marks left by NFKC (a spacing accent becomes space + mark) would compose
    # with a letter only on a second pass; they never distinguish models.
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", text).upper()


def ocr_fold(normalised: str) -> str:
    """Fold OCR-confusable characters to one class each (after `normalise`)."""
    return normalised.replace("RN", "M").replace("VV", "W").translate(_OCR_CLASSES)


def split_region(raw: str) -> tuple[str, str | None]:
    """Split a trailing regional suffix: `HS105(US)` -> (`HS105`, `US`)."""
    text = clean(raw)
    match = re.match(r"^(.*?\w)\s*[-/_ (\[]\s*([A-Za-z]{2,4})\s*[)\]]?$", text)
    if match and match.group(2).upper() in REGION_SUFFIXES:
        return match.group(1), match.group(2).upper()
    return text, None


def compare(reference: str, other: str, *, ocr: bool = False) -> Comparison:
    """Compare two model numbers at the strongest level that holds."""
    if reference == other:
        return Comparison.because(Level.EXACT, 100.0, N_("identical"))
    a, b = normalise(reference), normalise(other)
    if a and a == b:
        return Comparison.because(
            Level.NORMALISED,
            100.0,
            N_("same letters and digits; only case, spaces or punctuation differ"),
        )
    if ocr and a and ocr_fold(a) == ocr_fold(b):
        return Comparison.because(
            Level.OCR_CONFUSABLE,
            95.0,
            N_("differ only in characters OCR confuses (O/0, I/1, S/5, B/8...)"),
        )
    from rapidfuzz.distance import Indel

    score = Indel.normalized_similarity(a, b) * 100
    return Comparison.because(
        Level.DIFFERENT,
        score,
        N_("letters or digits differ ({a} vs {b}); every character of a model counts"),
        a=a,
        b=b,
    )


def regional_variant(reference: str, other: str) -> str | None:
    """The suffix when two models differ only by a regional suffix, else None."""
    base_a, region_a = split_region(reference)
    base_b, region_b = split_region(other)
    if region_a == region_b:
        return None
    if normalise(base_a) == normalise(base_b):
        return region_a or region_b
    return None
