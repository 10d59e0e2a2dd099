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


def N_(message: str) -> str:
    """Mark `message` as a msgid for Babel without translating it now (gettext_noop).

    Used where the sentence is written in a layer that has no output language (a field's
    comparison reason) and translated later, when a report is rendered.
    """
    return message


#: Words that reach `_()` as variables (a severity, a value's role), so Babel cannot see
#: them at their call: marked here so the catalogues hold them.
VARIABLE_MSGIDS: tuple[str, ...] = (
    N_("error"),
    N_("warning"),
    N_("info"),
    N_("series"),
    N_("alternate"),
    N_("main"),
    # document kinds (SARIF location messages, JUnit details) and the JUnit source labels
    N_("listing"),
    N_("test_report"),
    N_("packaging"),
    N_("product"),
    N_("Product"),
    # why a field is unverified (rules.context.Reason), shown beside the status
    N_("single source"),
    N_("cannot compare"),
    N_("OCR confusion forgiven"),
    N_("suffix difference"),
    N_("unreadable witness"),
    N_("read with low confidence"),
    # field keys (model.Field), shown where a format names a field by its key
    N_("product_name"),
    N_("model_number"),
    N_("brand"),
    N_("applicant"),
    N_("factory"),
    N_("distributor"),
    N_("product_id"),
    N_("sku"),
    N_("postal_address"),
    N_("electronic_address"),
    N_("responsible_person"),
    N_("marketplace"),
    N_("safety_attestation"),
    N_("compliance_media"),
    N_("report_number"),
    N_("issued"),
    N_("valid_until"),
    N_("standard"),
    # the name of a package with no SKU or folder
    N_("package"),
    # product categories (fields.standards.CATEGORY_NAMES), said in readiness findings
    N_("a toy"),
    N_("a charger or power adapter"),
    N_("a household appliance"),
    N_("a battery"),
    N_("a luminaire or lamp"),
    N_("a radio device"),
    N_("audio/video or IT equipment"),
    N_("personal protective equipment"),
    N_("another product"),
    # fixed notes readers attach to a value (Evidence.note), shown in the HTML page; a note
    # built from values stays as its reader wrote it
    N_("model found inside the listing title"),
    N_("read on a crop of the label"),
    N_("the largest unlabelled line of the photo"),
    N_("decoded from the bars"),
    # comparison levels, shown in the HTML page beside the reason
    N_("exact"),
    N_("normalised"),
    N_("ocr-confusable"),
    N_("fuzzy"),
    N_("unverifiable"),
    N_("different"),
)


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
