"""Standard references (`EN IEC 62368-1:2020+A11:2020`) and which fit a product category.

A reference is parsed into its body (EN, IEC, UL, ETSI, ASTM, FCC, UN...), its family
(`62368`), its part (`1`), its edition (`2020`, `V2.2.2`) and amendments.  For coverage
the body does not matter - EN 62368-1, IEC 62368-1 and UL 62368-1 are one standard to a
reviewer - and neither does the edition (an older edition is a note, not a gap).
EN 550xx standards are the CISPR ones (EN 55032 = CISPR 32) and FCC rules are read as
`FCC15` with their subpart (15.247 is in subpart C, intentional radiators).

The table of product categories to standards lives in `consistency/data/standards.toml`,
each entry with its source.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Mapping
from importlib import resources

import attrs

from consistency.fields import clean

#: Categories shared with the product-type lexicon (CONTRACTS.md).
CATEGORIES: tuple[str, ...] = (
    "toy",
    "charger_adapter",
    "household_appliance",
    "battery",
    "luminaire",
    "radio_device",
    "av_it_equipment",
    "ppe",
    "other",
)

#: How messages name each category, with its article.
CATEGORY_NAMES: dict[str, str] = {
    "toy": "a toy",
    "charger_adapter": "a charger or power adapter",
    "household_appliance": "a household appliance",
    "battery": "a battery",
    "luminaire": "a luminaire or lamp",
    "radio_device": "a radio device",
    "av_it_equipment": "audio/video or IT equipment",
    "ppe": "personal protective equipment",
    "other": "another product",
}

_BODY = (
    r"(?<![\w/])(?P<body>(?:(?:BS|DIN|NF|SS|UNE|ÖVE/ÖNORM|CEI|ETSI|AS/NZS|CSA)\s+)?"
    r"(?:EN\s*/?\s*IEC|IEC\s*/\s*EN|EN\s+ISO|ISO\s*/\s*IEC|IEC\s*/\s*UL|UL\s*/\s*IEC|"
    r"EN|IEC|ISO|UL|CISPR|ASTM|ANSI|GB(?:/T)?|JIS|KS))"
)
#: `EN 300 328`, `EN 62368-1`, `IEC 60335-2-23`, `CISPR 32`, `ASTM F963-23`, `GB 4943.1`.
_REFERENCE = re.compile(
    _BODY
    + r"[\s\-]*(?P<number>[A-Z]?\d{2,5}(?:\s\d{3})?)(?!\d)"
    + r"(?P<parts>(?:\s?-\s?\d{1,3}(?!\d))*(?:\.\d{1,2}(?!\d))?)"
    + r"(?P<edition>(?:\s*(?:ed\.?\s*\d+(?:\.\d)?\s*)?[:：]\s*\d{4}(?:-\d\d)?)|(?:\s+V\d+\.\d+\.\d+)"
    + r"|(?:-(?:19|20)\d\d(?!\d)))?"
    + r"(?P<amendments>(?:\s*[+/&]\s*A(?:MD)?\s*\d+\s*(?:[:：]\s*\d{4})?)*)",
    re.I,
)
_FCC = re.compile(
    r"(?:FCC|47\s*CFR|CFR\s*(?:Title\s*)?47)[\w\s,]*?Part\s*15"
    r"(?:\s*[.,]?\s*(?:Subpart\s*(?P<subpart>[A-H])\b|\.(?P<section>\d{3})|(?P<letter>[A-H])\b))?",
    re.I,
)
_UN383 = re.compile(r"\bUN\s*(?:Manual[\w\s,]*?)?38\.3\b|\bUN\s?38\.3\b|\bUN38\.3\b", re.I)
_ASTM_EDITION = re.compile(r"^(?P<family>[A-Z]\d+)-(?P<year>\d{2})$")
_CISPR_FROM_EN = {"55011": "11", "55013": "13", "55014": "14", "55015": "15", "55020": "20",
                  "55022": "22", "55024": "24", "55032": "32", "55035": "35"}  # fmt: skip


@attrs.frozen
class StandardRef:
    """One standard reference, parsed: family and part decide coverage, not body or edition."""

    raw: str
    body: str
    family: str
    part: str = ""
    edition: str | None = None
    amendments: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        """What coverage compares: (family, part)."""
        return (self.family, self.part)

    @property
    def name(self) -> str:
        """A short body-neutral name for messages (`62368-1`, `CISPR 32`, `FCC Part 15C`)."""
        if self.family.startswith("FCC15"):
            return "FCC Part 15" + (f" Subpart {self.part}" if self.part else "")
        if self.family.startswith("CISPR"):
            return f"CISPR {self.family[5:]}" + (f"-{self.part}" if self.part else "")
        if self.family == "UN38.3":
            return "UN 38.3"
        return self.family + (f"-{self.part}" if self.part else "")

    def matches(self, pattern: str) -> bool:
        """True when this reference falls under a table pattern (`62368-1`, `60335-2`, `FCC15-C`)."""
        family, _, part = pattern.partition("-")
        if family == "FCC15":
            family, part = "FCC15", part
        if self.family != family:
            return False
        if not part:
            return True
        return self.part == part or self.part.startswith(part + "-")

    def covers(self, other: StandardRef) -> bool:
        """True when a report to this standard covers a citation of `other` (any body, edition).

        A citation without a part (`EN 60335`) is covered by any part of the family;
        a report without a part covers every part of its family.
        """
        if self.family != other.family:
            return False
        return not other.part or not self.part or self.part == other.part


def _family(body: str, number: str) -> tuple[str, str]:
    """(family, body) with EN 550xx read as CISPR and ETSI's spaced numbers joined."""
    compact = number.replace(" ", "").upper()
    body_up = re.sub(r"\s+", " ", body.upper())
    if body_up.endswith("CISPR"):
        return "CISPR" + compact, "CISPR"
    if compact in _CISPR_FROM_EN:
        return "CISPR" + _CISPR_FROM_EN[compact], body_up
    return compact, body_up


def _parse_match(match: re.Match[str]) -> StandardRef | None:
    body = match["body"]
    number = match["number"]
    parts = re.sub(r"\s", "", match["parts"] or "").lstrip("-.").replace(".", "-")
    edition_text = (match["edition"] or "").strip()
    family, body_up = _family(body, number)
    edition: str | None = None
    astm = _ASTM_EDITION.match(f"{family}-{parts}") if body_up == "ASTM" and parts else None
    if astm:
        family, parts, edition = astm["family"], "", "20" + astm["year"]
    if edition_text:
        found = re.search(r"V\d+\.\d+\.\d+|\d{4}", edition_text, re.I)
        edition = found.group(0).upper() if found else None
    amendments = tuple(
        re.sub(r"\s", "", a).upper()
        for a in re.findall(r"A(?:MD)?\s*\d+\s*(?:[:：]\s*\d{4})?", match["amendments"] or "", re.I)
    )
    if not family[-1:].isdigit() and body_up != "ASTM":
        return None
    return StandardRef(match.group(0).strip(), body_up, family, parts, edition, amendments)


def parse_standards(text: str) -> list[StandardRef]:
    """Every standard reference in a text, in order, without repeats of the same reference."""
    text = clean(text)
    found: list[tuple[int, StandardRef]] = []
    for match in _REFERENCE.finditer(text):
        ref = _parse_match(match)
        if ref is not None:
            found.append((match.start(), ref))
    for match in _FCC.finditer(text):
        part = match["subpart"] or match["letter"] or _fcc_subpart(match["section"]) or ""
        found.append((match.start(), StandardRef(match.group(0).strip(), "FCC", "FCC15", part)))
    for match in _UN383.finditer(text):
        found.append((match.start(), StandardRef(match.group(0).strip(), "UN", "UN38.3")))
    out: list[StandardRef] = []
    seen: set[tuple[str, str, str | None]] = set()
    for _, ref in sorted(found, key=lambda item: item[0]):
        marker = (ref.family, ref.part, ref.edition)
        if marker not in seen:
            seen.add(marker)
            out.append(ref)
    return out


def parse_standard(text: str) -> StandardRef | None:
    """The first standard reference in `text`."""
    found = parse_standards(text)
    return found[0] if found else None


def _fcc_subpart(section: str | None) -> str | None:
    """The subpart of an FCC Part 15 section (15.247 -> C)."""
    if not section:
        return None
    number = int(section)
    for low, high, subpart in ((1, 99, "A"), (100, 199, "B"), (200, 299, "C"), (300, 399, "D"),
                               (401, 499, "E"), (501, 599, "F"), (601, 699, "G"), (701, 799, "H")):  # fmt: skip
        if low <= number <= high:
            return subpart
    return None


@attrs.frozen
class TableEntry:
    """One standard of a category in the data table, with the current edition and its source."""

    pattern: str
    source: str
    current: str | None = None


@attrs.frozen
class Category:
    """A product category: how to recognise it in a name and the standards that fit it."""

    name: str
    keywords: tuple[str, ...]
    standards: tuple[TableEntry, ...]
    electrical: bool

    def fits(self, ref: StandardRef, common: Iterable[TableEntry] = ()) -> TableEntry | None:
        """The table entry a reference falls under, if any (EMC and RoHS for electrical ones)."""
        entries = list(self.standards) + (list(common) if self.electrical else [])
        return next((e for e in entries if ref.matches(e.pattern)), None)


@attrs.frozen
class StandardsTable:
    """The packaged table: categories in recognition order and the shared EMC/RoHS group."""

    categories: tuple[Category, ...]
    common: tuple[TableEntry, ...]

    def category(self, name: str) -> Category:
        """The category of that name."""
        for category in self.categories:
            if category.name == name:
                return category
        raise KeyError(name)

    def fits(self, category: str, ref: StandardRef) -> TableEntry | None:
        """The entry under which `ref` fits `category`, if any."""
        return self.category(category).fits(ref, self.common)


def _entries(values: Iterable[Mapping[str, str]]) -> tuple[TableEntry, ...]:
    return tuple(TableEntry(v["pattern"], v["source"], v.get("current")) for v in values)


@functools.cache
def load_table() -> StandardsTable:
    """The packaged standards table (`consistency/data/standards.toml`)."""
    text = resources.files("consistency").joinpath("data/standards.toml").read_text("utf-8")
    data = tomllib.loads(text)
    categories = tuple(
        Category(
            name,
            tuple(str(k).lower() for k in table.get("keywords", ())),
            _entries(table.get("standards", ())),
            bool(table.get("electrical", False)),
        )
        for name, table in data["categories"].items()
    )
    unknown = {c.name for c in categories} - set(CATEGORIES)
    if unknown:
        raise ValueError(f"standards.toml: unknown categories {sorted(unknown)}")
    return StandardsTable(categories, _entries(data["groups"]["emc_rohs"]["standards"]))


def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    if all(ord(ch) > 0x2E80 for ch in keyword.strip()):
        return re.compile(re.escape(keyword.strip()))
    return re.compile(r"(?<![\w])" + re.escape(keyword.strip()) + r"(?![\w])", re.I)


@functools.cache
def _keyword_patterns() -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    return tuple(
        (c.name, tuple(_keyword_pattern(k) for k in c.keywords)) for c in load_table().categories
    )


def categories_of(product_name: str) -> tuple[str, ...]:
    """Every category whose keywords a product name contains, in the table's order.

    Titles name more than their product ("Hair Dryer with LED light", "USB Charger"):
    the rules accept a standard that fits any of them, so a stray word never makes a
    finding.
    """
    text = clean(product_name)
    return tuple(
        name for name, patterns in _keyword_patterns() if any(p.search(text) for p in patterns)
    )


def category_of(product_name: str) -> str | None:
    """The first category (in the table's order) a product name names, or None.

    A "USB charger" is a charger before it is USB equipment.
    """
    found = categories_of(product_name)
    return found[0] if found else None
