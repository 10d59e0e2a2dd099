"""What a report's header and footer say about the document itself.

From the text of one page (its header and footer bands are enough): the report and
certificate numbers printed on it, "Page x of y" (`Page: 2 of 18`, `Page 2 / 18`,
`Seite 2 von 18`, `第2页 共18页`), the date of issue, the expiry ("valid until",
"Expiry date"), the standards cited, and - from the title lines of the first page -
whether the document is a test report, a certificate or a declaration.

Report numbers are told apart by their label: "Report No." is the document's own
number when the document is a report; "Test Report no." on a certificate cites the
report it is based on; "Certificate No." is a certificate's own number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from consistency.fields import clean
from consistency.fields.dates import FoundDate, find_dates
from consistency.fields.standards import StandardRef, parse_standards

_NUMBER_VALUE = (
    r"\s*(?:\.{2,}|…+)?\s*[:：]?\s*(?:\.{2,}|…+)?\s*(?P<value>[A-Z0-9][A-Z0-9\-/._]{3,}[A-Z0-9])"
)
#: (kind, pattern): "report" numbers, "certificate" numbers, and numbers a document cites.
_NUMBER_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "cited",
        re.compile(
            r"(?:(?<=\s)|^)(?:based\s+on\s+|refer(?:ence)?\s+(?:to\s+)?)?test\s+report\s*(?:no|number|nr|#)\.?"
            + _NUMBER_VALUE,
            re.I,
        ),
    ),
    (
        "report",
        re.compile(
            r"(?:(?<=\s)|^)(?:report\s*(?:no|number|nr|#)\.?|报告编号|報告編號|Prüfbericht\s*Nr\.?|"
            r"rapport\s*n[°o]\.?)" + _NUMBER_VALUE,
            re.I,
        ),
    ),
    (
        "certificate",
        re.compile(
            r"(?:(?<=\s)|^)(?:certificate\s*(?:no|number|nr|#)\.?|cert\.\s*no\.?|证书编号|證書編號|"
            r"Zertifikat\s*Nr\.?|certificat\s*n[°o]\.?)" + _NUMBER_VALUE,
            re.I,
        ),
    ),
)
_PAGE_OF = (
    re.compile(r"(?<![\w])(?:page|pg\.?|seite|pagina|página)\s*[:：]?\s*(?P<x>\d{1,4})\s*(?:of|/|von|de|sur|di)\s*(?P<y>\d{1,4})(?!\d)", re.I),
    re.compile(r"第\s*(?P<x>\d{1,4})\s*页\s*[,，/]?\s*共\s*(?P<y>\d{1,4})\s*页"),
    re.compile(r"共\s*(?P<y>\d{1,4})\s*页\s*[,，/]?\s*第\s*(?P<x>\d{1,4})\s*页"),
)  # fmt: skip
_ISSUED = re.compile(
    r"(?:date\s+of\s+(?:report\s+)?issue|issue[ds]?\s*(?:date|on)?|date\s+of\s+report\s+issued|"
    r"report\s+date|date\s+of\s+certification|签发日期|發證日期|批准日期|报告日期|Ausstellungsdatum|"
    r"date\s+d'émission|^\s*date)\s*[:：]?",
    re.I,
)
_VALID_UNTIL = re.compile(
    r"(?:valid\s+(?:until|till|to|through)|validity(?:\s+date)?|expiry(?:\s+date)?|expiration(?:\s+date)?|"
    r"expires(?:\s+on)?|date\s+of\s+expiry|有效期至|有效期|gültig\s+bis|valable\s+jusqu'?au)\s*[:：]?",
    re.I,
)
_TITLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("declaration", re.compile(r"declaration\s+of\s+conformity|\bSDoC\b|konformitätserklärung|déclaration\s+de\s+conformité|符合性声明", re.I)),
    ("certificate", re.compile(r"certificate|certification\s+record|verification\s+of\s+(?:conformity|compliance)|attestation\s+of\s+conformity|grant\s+of\s+equipment|证书|證書|zertifikat|certificat", re.I)),
    ("test_report", re.compile(r"test\s+report|report\s+no|\bTRF\b|检测报告|测试报告|試驗報告|prüfbericht|rapport\s+d'essai", re.I)),
)  # fmt: skip
#: Lines of the first page searched for the document's title.
TITLE_LINES = 25


@attrs.frozen
class NumberOnPage:
    """A report or certificate number printed on a page, with what its label says it is."""

    kind: str  #: "report", "certificate" or "cited" (a certificate citing its test report)
    value: str
    line: str

    @property
    def normalised(self) -> str:
        """Letters and digits only, upper case: what number comparisons use."""
        return normalise_number(self.value)


@attrs.frozen
class PageMeta:
    """What one page's header and footer say about the document."""

    page: int
    numbers: tuple[NumberOnPage, ...] = ()
    page_of: tuple[int, int] | None = None
    issued: FoundDate | None = None
    valid_until: FoundDate | None = None
    standards: tuple[StandardRef, ...] = ()

    def numbers_of(self, kind: str) -> tuple[NumberOnPage, ...]:
        """The numbers of one kind on this page."""
        return tuple(n for n in self.numbers if n.kind == kind)


def normalise_number(value: str) -> str:
    """A report number's comparison form: letters and digits, upper case."""
    return "".join(ch for ch in clean(value) if ch.isalnum()).upper()


#: Characters OCR confuses in report numbers, folded to one form when either side is OCR'd.
_OCR_FOLD = str.maketrans(
    {"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "S": "5", "B": "8", "Z": "2"}
)


def same_number(a: str, b: str, *, ocr: bool = False) -> bool:
    """True when two report numbers name the same report.

    Labs append a language or revision suffix to the number on some pages
    (`QHJ2206002801/EN`, `…-01`): a suffix of up to three characters after the common
    number is the same report.  With `ocr` (either number was read from pixels) the
    characters OCR confuses (O/0, I/1, S/5, B/8) do not tell numbers apart.
    """
    x, y = normalise_number(a), normalise_number(b)
    if ocr:
        x, y = x.translate(_OCR_FOLD), y.translate(_OCR_FOLD)
    if x == y:
        return True
    short, long = sorted((x, y), key=len)
    return len(short) >= 8 and long.startswith(short) and len(long) - len(short) <= 3


def numbers_in(text: str) -> list[NumberOnPage]:
    """Report, certificate and cited report numbers in a line."""
    text = clean(text)
    found: list[tuple[int, NumberOnPage]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _NUMBER_LABELS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            value = match["value"].rstrip("./-")
            if not any(ch.isdigit() for ch in value):
                continue
            taken.append((start, end))
            found.append((start, NumberOnPage(kind, value, text)))
    return [n for _, n in sorted(found, key=lambda item: item[0])]


def page_of(text: str) -> tuple[int, int] | None:
    """(x, y) of a "Page x of y" in a line, when 1 <= x <= y."""
    text = clean(text)
    for pattern in _PAGE_OF:
        match = pattern.search(text)
        if match:
            x, y = int(match["x"]), int(match["y"])
            if 1 <= x <= y:
                return x, y
    return None


def _labelled_date(lines: Sequence[str], label: re.Pattern[str]) -> FoundDate | None:
    """The first date after a label, on its line or on the next line."""
    for index, line in enumerate(lines):
        text = clean(line)
        for match in label.finditer(text):
            after = find_dates(text[match.end() :])
            if after and after[0].start <= 3:
                return after[0]
            if not text[match.end() :].strip() and index + 1 < len(lines):
                below = find_dates(lines[index + 1])
                if below and below[0].start <= 3:
                    return below[0]
    return None


def read_page(lines: Sequence[str], page: int) -> PageMeta:
    """What one page's lines (its header and footer at least) say about the document."""
    numbers: list[NumberOnPage] = []
    position: tuple[int, int] | None = None
    standards: list[StandardRef] = []
    for line in lines:
        numbers.extend(numbers_in(line))
        position = position or page_of(line)
        standards.extend(parse_standards(line))
    return PageMeta(
        page,
        tuple(numbers),
        position,
        _labelled_date(lines, _ISSUED),
        _labelled_date(lines, _VALID_UNTIL),
        tuple(standards),
    )


def document_type(first_page_lines: Sequence[str]) -> str | None:
    """ "declaration", "certificate" or "test_report" from the first page's title lines.

    The first title line that names a type decides: a "Certificate of Conformity" that
    lists its test report number is a certificate, a "TEST REPORT" a report.
    """
    for line in first_page_lines[:TITLE_LINES]:
        text = clean(line)
        for kind, pattern in _TITLES:
            if pattern.search(text):
                return kind
    return None
