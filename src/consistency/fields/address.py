"""Postal and electronic addresses, and EU responsible person blocks, without libpostal.

GPSR Art. 9(6) and 11(3) ask for the manufacturer's (and importer's) "postal and
electronic address" on the product or its packaging; Regulation 2019/1020 Art. 4 asks for
an economic operator established in the Union, whose name and address labels print in
an "EU REP" block.  A full address parser is not needed to tell whether a label carries
an address, so:

- a postal address is a run of one to three lines with a street, building or house
  number (`Via Ca' Bella, 243`, `Room 301, Building 3`, `Hauptstraße 5`, `12 rue de la
  Paix`, `深圳市宝安区…路…号`) or a postcode, *and* a place or country (`ITALY`,
  `Shenzhen`, `Liberec, CZECHIA`, `Brooklyn, NY 11205 USA`);
- an electronic address is an e-mail address (validated with email-validator, no DNS) or
  a web address (`www.`/`http(s)://`, or a bare domain after a `Web:` label);
- a responsible person block starts at a marker ("EU REP", "EC REP", "EU Responsible
  Person", "Authorised representative", "EU-Bevollmächtigter", "欧盟代表"...) and holds
  a name and, within the next lines, a postal address.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from consistency.fields import clean
from consistency.fields.marketplace import CHINESE_PLACES, countries_in

#: Lines an address may wrap over on a label (street / postcode and place / country).
MAX_ADDRESS_LINES = 3
#: Lines after a responsible-person marker searched for its name and address.
BLOCK_LINES = 5

_STREET = re.compile(
    r"(?<![\w])(street|st\.|road|rd\.?|avenue|ave\.?|lane|ln\.|drive|dr\.|boulevard|blvd|way|"
    r"highway|building|bldg\.?|block|floor|room|rm\.?|suite|unit|no\.\s*\d|industrial\s+(?:park|zone|"
    r"area|estate)|district|town|village|park|plaza|square|"
    r"stra(?:ß|ss)e|str\.|weg|platz|allee|gasse|ring|damm|ufer|"
    r"rue|avenue|chemin|allée|place|quai|impasse|route|cours|"
    r"via|viale|piazza|corso|calle|avenida|plaza|carrer|rua|ulica|ul\.|ulice|náměstí|cesta|"
    r"p\.?\s?o\.?\s?box|postfach)(?![\w])"
    r"|[路街道巷号號栋棟楼樓室区區镇鎮村]"
    r"|(?<![\w])[A-ZÄÖÜ][\wäöüß-]*(?:stra(?:ß|ss)e|str\.|weg|platz|allee|gasse|straat|plein|laan|"
    r"gracht|dijk|kade|vej|gatan|gade)(?![\w])",
    re.I,
)
_HOUSE_NUMBER = re.compile(r"(?<![\w.:+-])\d{1,5}(?:[/-]\d{1,4})?[a-z]?(?![\w.:%])", re.I)
_POSTCODE = re.compile(
    r"(?<![\w-])(?:"
    r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}"  # UK: SW1A 1AA
    r"|\d{4}\s?[A-Z]{2}"  # NL: 3013 AK
    r"|\d{3}\s\d{2}"  # CZ/SK/GR/SE: 460 01
    r"|(?:[A-Z]{1,2}-)?\d{4,6}"  # DE/FR/IT/ES 5 digits, CN 6, AT/BE/CH/SI 4, `SI-5250`, `D-80331`
    r"|[A-Z]{2}\s\d{5}(?:-\d{4})?"  # US: NY 11205
    r")(?![\w-])"
)
_PHONE = re.compile(r"(?:tel|phone|fax|mob|mobile|电话|传真)\b[^A-Za-z]*", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)
_WEB = re.compile(
    r"(?:https?\s*:\s*//\s*|(?<![\w@.])www\.)[\w-]+(?:\.[\w-]+)+(?:/[\w\-./?=&%#]*)?", re.I
)
_WEB_LABELLED = re.compile(
    r"(?:web(?:site)?|url|internet|homepage|网址|网站)\s*[:：]\s*(?P<url>[\w-]+(?:\.[\w-]+)+(?:/\S*)?)",
    re.I,
)
_RP_MARKER = re.compile(
    r"(?<![\w])(?:(?:EU|EC|CE)\s*[-_]?\s*REP(?:resentative)?\b"
    r"|(?:EU|EC|European)\s*(?:-\s*)?(?:responsible\s+(?:person|economic\s+operator)|auth\w*\s+re\w*)"
    r"|responsible\s+person(?:\s+in\s+(?:the\s+)?(?:EU|European\s+Union))?"
    r"|auth?ori[sz]ed\s+representative"
    r"|EU[-\s]*Bevollmächtigte[rn]?|Bevollmächtigte[rn]?\s+in\s+der\s+EU|verantwortliche\s+Person"
    r"|mandataire(?:\s+UE)?|représentant\s+(?:autorisé|UE)|personne\s+responsable"
    r"|欧盟代表|欧代|欧盟授权代表|欧盟负责人)",
    re.I,
)
_LABEL_PREFIX = re.compile(r"^\s*(?:[\w .'/()-]{0,40}?)[:：]\s*")


@attrs.frozen
class PostalAddress:
    """A postal address found in lines: its text, the lines it spans and its country."""

    text: str
    first_line: int
    last_line: int
    country: str | None = None


@attrs.frozen
class ElectronicAddress:
    """An e-mail or web address found in a line, normalised for comparison."""

    raw: str
    kind: str  #: "email" or "web"
    normalised: str
    line: int

    @property
    def domain(self) -> str:
        """The domain (after `@`, or the host without `www.`), lower case."""
        if self.kind == "email":
            return self.normalised.rsplit("@", 1)[-1]
        host = re.sub(r"^(?:https?://)?(?:www\.)?", "", self.normalised)
        return host.split("/", 1)[0]


@attrs.frozen
class ResponsiblePerson:
    """An EU responsible person block: its marker, name and postal address (None if absent)."""

    marker: str
    name: str | None
    address: PostalAddress | None
    line: int

    @property
    def complete(self) -> bool:
        """True when the block names a person and gives a postal address."""
        return bool(self.name) and self.address is not None


def _without_contacts(text: str) -> str:
    """The line without phone numbers, e-mail and web addresses (their digits are no address)."""
    text = _EMAIL.sub(" ", text)
    text = _WEB.sub(" ", text)
    return _PHONE.split(text)[0] if _PHONE.search(text) else text


def _has_street(text: str) -> bool:
    return bool(_STREET.search(text)) or bool(_HOUSE_NUMBER.search(text) and "," in text)


def _has_place(text: str) -> bool:
    return bool(countries_in(text)) or bool(CHINESE_PLACES.search(text))


def is_postal_address(text: str) -> bool:
    """True when a text reads as a postal address (street or postcode, and a place)."""
    body = _without_contacts(clean(text))
    street = _has_street(body)
    postcode = bool(_POSTCODE.search(body))
    if not (street or postcode) or not any(ch.isdigit() for ch in body):
        return False
    # A street with a postcode is an address even where the place is a town no list
    # knows (`Stationsplein 45, 3013 AK Rotterdam`).
    return (street and postcode) or _has_place(body)


def find_postal_addresses(lines: Sequence[str]) -> list[PostalAddress]:
    """Postal addresses in lines, each spanning one to `MAX_ADDRESS_LINES` lines.

    A window of lines counts when, joined, it reads as an address and its first line
    holds a street, number or postcode (so a line that only names a country is not
    taken with the unrelated line above it).
    """
    cleaned = [_without_contacts(clean(line)) for line in lines]
    found: list[PostalAddress] = []
    index = 0
    while index < len(cleaned):
        match: PostalAddress | None = None
        first = cleaned[index]
        if _has_street(first) or _POSTCODE.search(first):
            for size in range(1, MAX_ADDRESS_LINES + 1):
                window = cleaned[index : index + size]
                if len(window) < size:
                    break
                joined = ", ".join(w.strip(" ,") for w in window if w.strip())
                if is_postal_address(joined):
                    countries = countries_in(joined)
                    text = _LABEL_PREFIX.sub("", joined, count=1) if _label_only(joined) else joined
                    match = PostalAddress(
                        text, index, index + size - 1, countries[-1] if countries else None
                    )
                    break
        if match is not None:
            found.append(match)
            index = match.last_line + 1
        else:
            index += 1
    return found


def _label_only(text: str) -> bool:
    prefix = _LABEL_PREFIX.match(text)
    return bool(prefix) and not any(ch.isdigit() for ch in prefix.group(0))  # type: ignore[union-attr]


def valid_email(text: str) -> str | None:
    """The normalised e-mail address when `text` is a valid one (syntax only, no DNS).

    email-validator is imported here, on the first address to check: importing it
    compiles its RFC grammars (about 80 ms), which a check of a package without an
    e-mail address should not pay.
    """
    import email_validator  # deferred: see above

    try:
        result = email_validator.validate_email(text, check_deliverability=False)
    except email_validator.EmailNotValidError:
        return None
    return str(result.normalized).lower()


def find_electronic_addresses(lines: Sequence[str]) -> list[ElectronicAddress]:
    """E-mail and web addresses in lines, in order (invalid e-mails are skipped)."""
    found: list[ElectronicAddress] = []
    for index, line in enumerate(lines):
        text = clean(line)
        for match in _EMAIL.finditer(text):
            email = valid_email(match.group(0).strip("."))
            if email:
                found.append(ElectronicAddress(match.group(0), "email", email, index))
        without_emails = _EMAIL.sub(" ", text)
        webs = [m.group(0) for m in _WEB.finditer(without_emails)]
        webs += [m["url"] for m in _WEB_LABELLED.finditer(without_emails) if "www." not in m["url"]]
        for web in webs:
            normalised = re.sub(r"\s", "", web).lower().rstrip("./")
            normalised = re.sub(r"^https?://", "", normalised)
            if "." in normalised:
                found.append(ElectronicAddress(web.strip(), "web", normalised, index))
    return found


def find_responsible_persons(lines: Sequence[str]) -> list[ResponsiblePerson]:
    """EU responsible person blocks: a marker, the name after it, an address below it."""
    cleaned = [clean(line) for line in lines]
    found: list[ResponsiblePerson] = []
    for index, line in enumerate(cleaned):
        marker = _RP_MARKER.search(line)
        if marker is None:
            continue
        rest = line[marker.end() :].strip(" :：-–|")
        rest = re.sub(r"^(?:\([^)]*\)|name)\s*[:：]?\s*", "", rest, flags=re.I).strip()
        block = cleaned[index + 1 : index + 1 + BLOCK_LINES]
        name = rest if rest and not is_postal_address(rest) else None
        if name is None and rest and not any(ch.isdigit() for ch in rest.split(",")[0]):
            # `EU REP: Name GmbH, Street 5, 10115 Berlin`: the name is before the first comma.
            name = rest.split(",")[0]
        if name is not None:
            name = re.split(r",\s*(?=\d)|\s{2,}", name)[0].strip(" ,")
        if name is None:
            name = next((b.strip() for b in block if b.strip() and not is_postal_address(b)), None)
            if name is not None and _RP_MARKER.search(name):
                name = None
        addresses = find_postal_addresses(([rest] if rest else []) + block)
        address = None
        if addresses:
            # Line numbers of the whole text, not of the searched window.
            base = index if rest else index + 1
            address = attrs.evolve(
                addresses[0],
                first_line=base + addresses[0].first_line,
                last_line=base + addresses[0].last_line,
            )
        found.append(ResponsiblePerson(marker.group(0), name, address, index))
    return found
