"""Escaping input-derived text for the output formats, one copy each.

Values come from strangers' files (a listing title, a report's OCR text): control
characters are dropped and markup characters escaped before they reach a page.
"""

from __future__ import annotations

import html
import re

#: C0 and C1 control characters except tab, newline and carriage return.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def esc(text: object) -> str:
    """Escape any input-derived text for HTML content and attribute values."""
    return html.escape(CONTROL.sub("", str(text)), quote=True)
