"""Dates as reports print them, read honestly: an ambiguous date keeps every reading.

Labs print dates in every convention: `2024-05-24`, `May 24, 2024`, `Sep. 23, 2022`,
`24th November 2023`, `29 December,2023`, `24.05.2024`, `2024年5月24日`, `24. Mai 2024`,
`12/05/2022`.  A numeric date with slashes or hyphens whose day and month are both 12 or
less (`12/05/2022`) is 12 May in Europe and 5 December in the United States; nothing on
the page says which, so such a date keeps both readings and the rules act only on what
holds for every reading (an expiry is "past" only when both readings are past).
Dotted numeric dates (`04.07.2023`) are day first: that is the convention wherever the
dot is used (German, Slovene, Italian, Czech reports).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

import attrs

from consistency.fields import clean

#: Years accepted as a report's date: older or far-future numbers are part numbers.
EARLIEST_YEAR = 1980
LATEST_YEAR = 2100

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("january", "jan", "januar", "janvier", "janv", "jänner"),
        ("february", "feb", "februar", "février", "fevrier", "févr", "fevr"),
        ("march", "mar", "märz", "maerz", "mars"),
        ("april", "apr", "avril", "avr"),
        ("may", "mai"),
        ("june", "jun", "juni", "juin"),
        ("july", "jul", "juli", "juillet", "juil"),
        ("august", "aug", "août", "aout"),
        ("september", "sep", "sept", "septembre"),
        ("october", "oct", "oktober", "okt", "octobre"),
        ("november", "nov", "novembre"),
        ("december", "dec", "dezember", "dez", "décembre", "decembre", "déc"),
    ),
    start=1,
):
    for _name in _names:
        _MONTHS[_name] = _number

_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|\.)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "cjk",
        re.compile(
            r"(?P<year>(?:19|20)\d\d)\s*年\s*(?P<month>[01]?\d)\s*月\s*(?P<day>[0-3]?\d)\s*日?"
        ),
    ),
    (
        "iso",
        re.compile(
            r"(?<![\d.])(?P<year>(?:19|20)\d\d)[-/.](?P<month>[01]?\d)[-/.](?P<day>[0-3]?\d)(?![\d])"
        ),
    ),
    ("month-day", re.compile(rf"(?<![\w]){_MONTH}\s*{_DAY}\s*[,.]?\s*{_YEAR}(?!\d)", re.I)),
    (
        "day-month",
        re.compile(rf"(?<![\w]){_DAY}\s*(?:of\s+)?{_MONTH}\s*[,.]?\s*{_YEAR}(?!\d)", re.I),
    ),
    (
        "numeric",
        re.compile(
            r"(?<![\d.:/-])(?P<a>[0-3]?\d)(?P<sep>[./-])(?P<b>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)(?![\d])"
        ),
    ),
)


@attrs.frozen
class FoundDate:
    """A date printed in a text: its raw form, where it sits, and every reading it allows.

    `readings` holds one date when the text says which it is, two when day and month
    could be swapped (`12/05/2022`).
    """

    raw: str
    start: int
    end: int
    readings: tuple[datetime.date, ...]

    @property
    def ambiguous(self) -> bool:
        """True when the printed date allows more than one reading."""
        return len(self.readings) > 1

    @property
    def date(self) -> datetime.date | None:
        """The date, when the text says which it is; None when it is ambiguous."""
        return self.readings[0] if len(self.readings) == 1 else None

    @property
    def earliest(self) -> datetime.date:
        """The earliest reading (what a date of issue is at least as old as)."""
        return min(self.readings)

    @property
    def latest(self) -> datetime.date:
        """The latest reading (an expiry is past only when this one is)."""
        return max(self.readings)

    def describe(self) -> str:
        """The date for a message: ISO, or both readings of an ambiguous one."""
        if self.ambiguous:
            return " or ".join(d.isoformat() for d in self.readings) + f" ('{self.raw}')"
        return self.readings[0].isoformat()


def _make(year: int, month: int, day: int) -> datetime.date | None:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _readings(kind: str, match: re.Match[str]) -> tuple[datetime.date, ...]:
    year = int(match["year"])
    if kind in ("cjk", "iso"):
        made = _make(year, int(match["month"]), int(match["day"]))
        return (made,) if made else ()
    if kind in ("month-day", "day-month"):
        month = _MONTHS[match["month"].lower().rstrip(".")]
        made = _make(year, month, int(match["day"]))
        return (made,) if made else ()
    first, second = int(match["a"]), int(match["b"])
    day_first = _make(year, second, first)
    if match["sep"] == ".":
        return (day_first,) if day_first else ()
    month_first = _make(year, first, second)
    found = tuple(d for d in (day_first, month_first) if d is not None)
    return tuple(sorted(set(found)))


def find_dates(text: str) -> list[FoundDate]:
    """Every date printed in `text`, in reading order (overlapping matches: the first wins)."""
    text = clean(text)
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            readings = _readings(kind, match)
            if not readings:
                continue
            taken.append((start, end))
            found.append(FoundDate(match.group(0).strip(), start, end, readings))
    return sorted(found, key=lambda d: d.start)


def parse_date(text: str) -> FoundDate | None:
    """The first date printed in `text`, if any."""
    dates = find_dates(text)
    return dates[0] if dates else None


def iter_dates(lines: list[str]) -> Iterator[tuple[int, FoundDate]]:
    """(line index, date) for every date in a list of lines."""
    for index, line in enumerate(lines):
        for found in find_dates(line):
            yield index, found


def add_years(day: datetime.date, years: float) -> datetime.date:
    """`day` moved on by `years` (fractions in days; 29 February lands on 28 February)."""
    whole = int(years)
    try:
        moved = day.replace(year=day.year + whole)
    except ValueError:
        moved = day.replace(year=day.year + whole, day=28)
    return moved + datetime.timedelta(days=round((years - whole) * 365.25))
