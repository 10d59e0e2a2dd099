"""Retail barcodes (EAN-13, EAN-8, UPC-A, UPC-E) on packaging photos, as product ids.

Two readings are combined because each fails where the other works (issue 3, 33
blurred photo barcodes): zxing-cpp decoded the bars on 6 of them, OCR read the digits
printed under the bars on all 33.  The photo stages decode the bars once per photo
(cached with the photo's text); the printed digits are found in the photo's lines.  Every number is kept only if its GS1 check digit is
right, so a misread digit never becomes a product id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import attrs
from PIL import Image

from consistency.fields import normalise
from consistency.model import BBox, Document, Evidence, Field, HowRead
from consistency.words import Line, words_in_span

#: Symbology names used as evidence labels, by GTIN length.
_LABEL_BY_LENGTH = {8: "EAN-8", 12: "UPC-A", 13: "EAN-13", 14: "GTIN-14"}
#: Printed digits: groups of digits separated by single spaces, 8-14 digits in all
#: ("6 901234 567892", "0 12345 67890 5", "12345670").
_PRINTED = re.compile(r"(?<![\d-])\d(?:[ ]?\d){7,13}(?![\d-])")


@attrs.frozen
class Gtin:
    """A barcode number that passed its check digit, with where and how it was read."""

    digits: str
    symbology: str
    bbox: BBox | None
    confidence: float
    via: str  #: "bars" (zxing-cpp) or "digits" (OCR of the printed number)


def gs1_check_digit(body: str) -> int:
    """The GS1 check digit for the digits before it (weights 3,1,3,... from the right)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def gs1_valid(digits: str) -> bool:
    """True for an 8, 12, 13 or 14 digit GTIN whose last digit is its check digit."""
    return (
        digits.isdigit()
        and len(digits) in _LABEL_BY_LENGTH
        and gs1_check_digit(digits[:-1]) == int(digits[-1])
    )


def upce_to_upca(upce: str) -> str:
    """Expand an 8-digit UPC-E (number system, 6 digits, check) to its UPC-A form."""
    ns, d, check = upce[0], upce[1:7], upce[7]
    last = d[5]
    if last in "012":
        body = d[0:2] + last + "0000" + d[2:5]
    elif last == "3":
        body = d[0:3] + "00000" + d[3:5]
    elif last == "4":
        body = d[0:4] + "00000" + d[4]
    else:
        body = d[0:5] + "0000" + last
    return ns + body + check


def decode_bars(image: Image.Image) -> list[Gtin]:
    """Decode retail barcodes from the full-resolution image with zxing-cpp."""
    import zxingcpp

    retail = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.EANUPC)
    found: list[Gtin] = []
    gray = image.convert("L")
    for result in zxingcpp.read_barcodes(gray, formats=retail):
        digits = "".join(ch for ch in result.text if ch.isdigit())
        symbology = str(result.format)
        if symbology == "UPC-E" and len(digits) == 8:
            digits = upce_to_upca(digits)
        if not gs1_valid(digits):
            continue
        pos = result.position
        xs = [pos.top_left.x, pos.top_right.x, pos.bottom_left.x, pos.bottom_right.x]
        ys = [pos.top_left.y, pos.top_right.y, pos.bottom_left.y, pos.bottom_right.y]
        found.append(Gtin(digits, symbology, BBox(min(xs), min(ys), max(xs), max(ys)), 1.0, "bars"))
    return found


def digits_from_text(lines: Iterable[Line]) -> list[Gtin]:
    """GTINs printed as digits in OCR text (under the bars), check digit verified."""
    found: list[Gtin] = []
    for line in lines:
        text = line.text
        for match in _PRINTED.finditer(text):
            digits = match.group().replace(" ", "")
            if not gs1_valid(digits):
                continue
            words = list(words_in_span(line.words, match.start(), match.end()))
            bbox = words[0].bbox if words else None
            for word in words[1:]:
                bbox = bbox.union(word.bbox) if bbox else word.bbox
            confidence = min((w.confidence for w in words), default=line.confidence)
            found.append(Gtin(digits, _LABEL_BY_LENGTH[len(digits)], bbox, confidence, "digits"))
    return found


def read_gtins(bars: Sequence[Gtin], lines: Iterable[Line]) -> list[Gtin]:
    """Every distinct valid GTIN from the bars and from the printed digits, bars first.

    A number read both ways is kept once (from the bars, with the higher confidence).
    """
    found = list(bars) + digits_from_text(lines)
    seen: dict[str, Gtin] = {}
    for gtin in found:
        key = gtin.digits.zfill(14)
        if key not in seen:
            seen[key] = gtin
    return list(seen.values())


def barcode_evidence(
    gtins: Iterable[Gtin],
    *,
    document: Document,
    extractor: str,
    page_size: tuple[float, float] | None,
) -> list[Evidence]:
    """`Field.PRODUCT_ID` evidence for each GTIN, labelled with its symbology."""
    evidence = []
    for gtin in gtins:
        label = (
            gtin.symbology
            if gtin.symbology in ("EAN-13", "EAN-8", "UPC-A", "UPC-E")
            else _LABEL_BY_LENGTH.get(len(gtin.digits), "GTIN")
        )
        evidence.append(
            Evidence(
                field=Field.PRODUCT_ID,
                raw=gtin.digits,
                normalised=normalise(Field.PRODUCT_ID, gtin.digits),
                source=document.kind,
                file=str(document.path),
                extractor=f"{extractor}+{gtin.via}",
                page=None,
                bbox=gtin.bbox,
                label=label,
                confidence=gtin.confidence,
                page_size=page_size,
                how_read=HowRead.BARCODE if gtin.via == "bars" else HowRead.OCR,
                note="decoded from the bars"
                if gtin.via == "bars"
                else "read from the digits printed under the bars (check digit verified)",
            )
        )
    return evidence
