"""The listing formats we read, and what to tell a seller whose file is none of them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from consistency.errors import DocumentError, UsageError

#: Extractor names, one per format, as `Evidence.extractor` reports them.
FLAT_FILE = "flat-file"
TEMPLATE_2025 = "template-2025"
CATEGORY_LISTINGS = "category-listings"
ALL_LISTINGS_REPORT = "all-listings-report"
SP_API_JSON = "sp-api-json"
CSV = "csv"
SPREADSHEET = "spreadsheet"  #: a seller's own workbook with common headers

#: Each format as a sentence names it.
FORMAT_NAMES: Mapping[str, str] = {
    FLAT_FILE: "an Amazon flat file",
    TEMPLATE_2025: "an Amazon listing template",
    CATEGORY_LISTINGS: "a Category Listings Report",
    ALL_LISTINGS_REPORT: "an All Listings Report",
    SP_API_JSON: "SP-API JSON",
    CSV: "a seller's listing table",
    SPREADSHEET: "a seller's listing sheet",
}

#: Containers (`sniff.container`) read as workbooks: openpyxl for xlsx, calamine for the rest.
WORKBOOK_KINDS = frozenset({"xlsx", "xlsb", "xls", "ods"})

_EXPORT = (
    "export the listing from Seller Central (All Listings Report as .txt, or a Category "
    "Listings Report / template as .xlsx), or save your sheet as .xlsx, .xls, .ods or CSV"
)
_NO_PASSWORD = "open it in Excel and save it as .xlsx without a password"
_IMAGES = (".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff", ".bmp", ".webp", ".heic")

#: Files that are not listings: what they are, what to do instead, and the file name
#: endings under which giving one is a usage error rather than a damaged listing.
NOT_LISTINGS: Mapping[str, tuple[str, str, tuple[str, ...]]] = {
    "pdf": ("a PDF", _EXPORT, (".pdf",)),
    "image": ("an image", _EXPORT, _IMAGES),
    "html": ("an HTML or XML page (a failed download?)", _EXPORT, (".html", ".htm", ".xml")),
    "binary": (
        "a binary file",
        f"{_EXPORT} (expected .xlsx/.xlsm, tab-separated .txt, .csv or .json)",
        (),
    ),
    "docx": ("a Word document", _EXPORT, (".docx", ".docm")),
    "doc": ("a Word document", _EXPORT, (".doc",)),
    "odt": ("an OpenDocument text", _EXPORT, (".odt",)),
    "pptx": ("a PowerPoint presentation", _EXPORT, (".pptx",)),
    "numbers": (
        "an Apple Numbers spreadsheet (no well-kept Python library reads .numbers)",
        "in Numbers choose File > Export To > Excel (.xlsx) or CSV and give that file",
        (".numbers",),
    ),
    "encrypted": ("a password-protected (encrypted) workbook", _NO_PASSWORD, ()),
    "ole": (
        "an Office file in which no Excel workbook was found (damaged, password-protected "
        "or not a spreadsheet)",
        "open it in Excel and save it as .xlsx (without a password)",
        (),
    ),
    "zip": (
        "a zip archive that is not a workbook",
        "unzip it and give the listing file inside",
        (".zip",),
    ),
}


def not_a_listing_reason(kind: str) -> str:
    """What a file of container `kind` is and what to give instead, for messages."""
    what, instead, _ = NOT_LISTINGS[kind]
    return f"{what}, not a listing export; {instead}"


class WrongFormat(DocumentError):
    """A file whose content is a format that is not a listing we read (`NOT_LISTINGS`)."""

    def __init__(self, path: Path, kind: str) -> None:
        what, instead, _ = NOT_LISTINGS[kind]
        super().__init__(str(path), f"this is {what}, not a listing export we can read; {instead}")
        self.kind = kind


def not_a_listing(path: Path, kind: str) -> DocumentError | UsageError:
    """The error for a file whose content is not a listing format we read.

    When the file's name and content agree (`listing.numbers` holding a Numbers file) the
    user asked for something that cannot be done: a `UsageError` (exit 2).  When they do
    not (a PDF renamed .xlsx) the file is not what its name says: a `DocumentError`,
    reported as an unreadable document like any other damaged one.
    """
    error = WrongFormat(path, kind)
    if path.suffix.casefold() in NOT_LISTINGS[kind][2]:
        return UsageError(str(error))
    return error
