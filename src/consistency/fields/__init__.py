"""Fields: the label vocabulary, the label grammar and one normaliser/comparator per field.

`normalise(field, raw)` is what every extractor stores as `Evidence.normalised`, and
`compare(field, a, b)` is what every rule uses, so a model number is normalised and
compared the same way whatever document it came from.
"""

from __future__ import annotations

import unicodedata

from consistency.fields import listing_headers
from consistency.model import Comparison, Field


def clean(raw: str) -> str:
    """Unicode-normalise a printed value: NFKC (full-width to ASCII), one space, no edges.

    Full-width forms are common in Chinese reports (`ＸＫ－２０４１Ｂ`, `（US）`).
    """
    if raw.isascii():
        return " ".join(raw.split())  # NFKC and the dashes below change no ASCII text
    text = unicodedata.normalize("NFKC", raw)
    text = text.replace("\u00a0", " ").replace("\u3000", " ")
    # Dashes of every width are the same hyphen to a reader.
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d":
        text = text.replace(dash, "-")
    return " ".join(text.split())


def normalise(field: Field | str, raw: str) -> str:
    """The comparison form of a value of `field`."""
    from consistency.fields import manufacturer, model_number, product_name

    wanted = Field(field)
    if wanted == Field.MODEL_NUMBER:
        return model_number.normalise(raw)
    if wanted in (
        Field.MANUFACTURER,
        Field.BRAND,
        Field.APPLICANT,
        Field.FACTORY,
        Field.DISTRIBUTOR,
    ):
        return manufacturer.normalise(raw)
    if wanted == Field.PRODUCT_NAME:
        return product_name.normalise(raw)
    if wanted == Field.PRODUCT_ID:
        return "".join(ch for ch in clean(raw) if ch.isalnum()).upper()
    if wanted == Field.MARKETPLACE:
        # `A1PA6795UKMFR9`, `DE` and `amazon.de` are one marketplace.
        return listing_headers.marketplace_code(raw) or clean(raw).casefold()
    return clean(raw).casefold()


def compare(
    field: Field | str,
    reference: str,
    other: str,
    *,
    ocr: bool = False,
    threshold: float | None = None,
) -> Comparison:
    """Compare two printed values of one field; `ocr` allows OCR's character confusions."""
    from consistency.fields import manufacturer, model_number, product_name

    wanted = Field(field)
    if wanted == Field.MODEL_NUMBER:
        return model_number.compare(reference, other, ocr=ocr)
    if wanted == Field.MANUFACTURER:
        return manufacturer.compare(reference, other, ocr=ocr, threshold=threshold)
    if wanted == Field.PRODUCT_NAME:
        # Product names compare as product types; the name threshold no longer applies.
        return product_name.compare(reference, other)
    raise ValueError(f"{wanted.value} is not a compared field")
