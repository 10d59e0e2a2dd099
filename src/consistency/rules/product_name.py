"""Product-name rules (CR3xx): is it the same kind of product everywhere?"""

from __future__ import annotations

from typing import ClassVar

from consistency.model import Field, Severity
from consistency.rules._compare import FieldMismatchRule
from consistency.rules.cases import bad, good


class ProductNameMismatch(FieldMismatchRule):
    """A source names a different product from the listing (or, without one, the report).

    Listing titles carry brand and marketing words; those do not matter.  What the
    product *is* does: the head noun and the words that qualify it.
    """

    code = "CR301"
    name = "product-name-mismatch"
    severity = Severity.ERROR
    field: ClassVar[Field | None] = Field.PRODUCT_NAME
    cases = (
        bad(
            'listing "VOLTARA 1.7L Electric Kettle", report "Hair Dryer"',
            {
                "listing": {"product_name": "VOLTARA 1.7L Electric Kettle"},
                "test_report": {"product_name": "Hair Dryer"},
            },
        ),
        good(
            'listing "VOLTIQ Wi-Fi Smart Outlet Plug, Compatible with Alexa", report '
            '"Smart Wi-Fi Plug"',
            {
                "listing": {
                    "product_name": "VOLTIQ Wi-Fi Smart Outlet Plug, Compatible with Alexa"
                },
                "test_report": {"product_name": "Smart Wi-Fi Plug"},
            },
        ),
    )
