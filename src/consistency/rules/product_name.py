"""Product-name rules (CR3xx): is it the same kind of product everywhere?"""

from __future__ import annotations

from typing import ClassVar

from consistency.model import Field, Severity
from consistency.rules._compare import FieldMismatchRule


class ProductNameMismatch(FieldMismatchRule):
    """A source names a different product from the listing (or, without one, the report).

    Listing titles carry brand and marketing words; those do not matter.  What the
    product *is* does: the head noun and the words that qualify it.

    Bad:
        listing "VOLTIQ Smart Wi-Fi Plug", report "Smart Power Strip";
        listing "LED Floor Lamp", report "LED Desk Lamp".

    Good:
        listing "VOLTIQ Wi-Fi Smart Outlet Plug, Compatible with Alexa", report "Smart Wi-Fi Plug".
    """

    code = "CR301"
    name = "product-name-mismatch"
    severity = Severity.ERROR
    field: ClassVar[Field | None] = Field.PRODUCT_NAME
