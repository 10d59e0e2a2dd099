"""Output languages: every human sentence goes through `translator(lang)`.

Messages are English msgids marked with `_()` where they are written (rules, formats), so
Babel can extract them; catalogues live under `consistency/locale/<lang>/LC_MESSAGES/`.
Values read from documents, rule codes, statuses and JSON keys are never translated.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Callable
from pathlib import Path

#: The gettext domain of the catalogues shipped with the package.
DOMAIN = "consistency"
#: Where compiled catalogues live (package data).
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
#: Output languages users can choose; English is the source language of every msgid.
LANGUAGES: tuple[str, ...] = ("en", "zh")


def _identity(message: str) -> str:
    return message


@functools.cache
def translator(lang: str = "en") -> Callable[[str], str]:
    """The `gettext` function for one output language (English: the msgid itself)."""
    if lang == "en":
        return _identity
    catalogue = gettext.translation(
        DOMAIN, localedir=LOCALE_DIR, languages=[_gettext_code(lang)], fallback=True
    )
    return catalogue.gettext


def _gettext_code(lang: str) -> str:
    """`zh` is Simplified Chinese: the catalogue folder is `zh_Hans`."""
    return {"zh": "zh_Hans"}.get(lang, lang)
