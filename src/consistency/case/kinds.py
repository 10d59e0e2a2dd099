"""One table of file kinds: what each file of a case folder is, from its suffix and name.

Every front end (the command line, `batch`, the pytest plugin, the Python API) classifies
files through this module, so a `.heic` photo or a notes `.csv` is treated the same way
everywhere.  Suffixes say which family a file belongs to; for photos the words of the
file name say what the photo shows; whether a CSV, JSON or text file is a listing export
is decided by its content (`consistency.extract.listing.probe`), never by its name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from consistency.model import Kind

#: The manifest's file name inside a case folder.
MANIFEST_NAME = "consistency.toml"

#: Families of files, by suffix (lower case).  `LISTING` files are listing exports when
#: their content looks like one; `PDF` files are test reports, certificates or
#: declarations; `IMAGE` files are photos or scans, sorted by the words of their names.
LISTING = "listing"
PDF = "pdf"
IMAGE = "image"

SUFFIXES: Mapping[str, str] = {
    ".xlsx": LISTING,
    ".xlsm": LISTING,
    ".xls": LISTING,
    ".ods": LISTING,
    ".numbers": LISTING,
    ".csv": LISTING,
    ".tsv": LISTING,
    ".txt": LISTING,
    ".json": LISTING,
    ".pdf": PDF,
    ".jpg": IMAGE,
    ".jpeg": IMAGE,
    ".png": IMAGE,
    ".tif": IMAGE,
    ".tiff": IMAGE,
    ".bmp": IMAGE,
    ".webp": IMAGE,
    ".gif": IMAGE,
    ".heic": IMAGE,
    ".heif": IMAGE,
}

#: Workbooks we read: one that does not read as a listing is still taken for the case's
#: listing when the case has no other (a broken export is a CR501 finding that says why,
#: not a file silently left out).  A `.csv` or `.json` may be anything (notes, an index).
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})
#: Spreadsheet formats that only a listing export would be saved in and that may not be
#: readable: when the probe cannot read one, the case cannot be checked (a usage error
#: naming the format and what to export instead).
OTHER_SPREADSHEET_SUFFIXES = frozenset({".xls", ".ods", ".numbers"})
#: What to export instead of a spreadsheet we cannot read.
EXPORT_ADVICE = "save or export the listing as .xlsx or .csv (Amazon's own formats)"

#: Why a file of another kind is not read, for the "file not used" finding (CR502).
UNUSED_REASONS: Mapping[str, str] = {
    ".doc": "a Word document is not read; save it as PDF",
    ".docx": "a Word document is not read; save it as PDF",
    ".odt": "a text document is not read; save it as PDF",
    ".rtf": "a text document is not read; save it as PDF",
    ".zip": "an archive is not opened; unpack it into the case folder",
    ".rar": "an archive is not opened; unpack it into the case folder",
    ".7z": "an archive is not opened; unpack it into the case folder",
    ".eml": "an e-mail is not read; save its attachments into the case folder",
    ".msg": "an e-mail is not read; save its attachments into the case folder",
}

#: Files that live in case folders but are not part of the package and are not reported:
#: the manifest, a project's configuration, the fixture generator's answer key.
IGNORED_NAMES = frozenset({MANIFEST_NAME, "pyproject.toml", "truth.json"})

# Words in a file name that say what a photo shows.  Packaging is tested first because
# a "box label" is a photo of the box, and report words before product words because a
# "test report label page" is a page of the report.  Each entry matches a whole word or
# a word that starts with it ("certificate" and "cert", "declaration" and "declar").
_PACKAGING_WORDS = ("box", "package", "packaging", "packag", "carton", "outer", "giftbox")
_REPORT_WORDS = ("report", "cert", "doc", "declar", "test", "coc")
# Chinese file names are common from factories: 包装 packaging, 外箱 outer carton,
# 报告 report, 证书 certificate (product photos are the default, so need no words).
_PACKAGING_CJK = ("包装", "外箱", "彩盒", "纸箱")
_REPORT_CJK = ("报告", "報告", "证书", "證書", "检测", "測試", "测试")

_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def family(path: Path) -> str | None:
    """The family of a file (`LISTING`, `PDF`, `IMAGE`) from its suffix, or None."""
    return SUFFIXES.get(path.suffix.lower())


def is_ignored(path: Path) -> bool:
    """True for files never reported: hidden files, Office lock files, READMEs, our own files."""
    name = path.name
    return (
        name.startswith((".", "~$")) or name in IGNORED_NAMES or name.upper().startswith("README")
    )


def _words(name: str) -> list[str]:
    """The lower-cased words of a file name, split on punctuation, digits and camelCase.

    Both splittings are kept: camelCase splits `TestReport`, plain splitting keeps
    `DoC` (declaration of conformity) whole.
    """
    stem = Path(name).stem
    camel = [w.lower() for w in _WORD.findall(stem)]
    plain = [w for w in re.split(r"[^0-9a-z]+", stem.lower()) if w]
    return camel + [w for w in plain if w not in camel]


def _says(words: Iterable[str], stems: Iterable[str]) -> bool:
    stems = tuple(stems)
    return any(w.startswith(stem) for w in words for stem in stems)


def document_kind(path: Path) -> Kind | None:
    """The kind of a PDF or image from its suffix and name; None for other files.

    - test_report: `.pdf`, and images whose name says report/certificate/doc/declaration/test;
    - packaging: images whose name says box/package/packaging/carton/outer;
    - product: every other image.  An unnamed photo (`IMG_1002.jpg`) is most often the
      unit or its rating label, and `product` expects the least (a model number), so a
      wrong guess costs the least.  Name it, or use a manifest, to say otherwise.
    """
    kind = family(path)
    if kind == PDF:
        return Kind.TEST_REPORT
    if kind != IMAGE:
        return None
    name = path.name
    words = _words(name)
    if _says(words, _PACKAGING_WORDS) or any(w in name for w in _PACKAGING_CJK):
        return Kind.PACKAGING
    if _says(words, _REPORT_WORDS) or any(w in name for w in _REPORT_CJK):
        return Kind.TEST_REPORT
    return Kind.PRODUCT


def unused_reason(path: Path) -> str:
    """Why a file that is neither a document nor a listing is not read."""
    return UNUSED_REASONS.get(
        path.suffix.lower(),
        f"a '{path.suffix or path.name}' file is not a document consistency reads "
        "(listing exports, PDFs and photos are)",
    )
