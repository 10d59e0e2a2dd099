"""Product types: what a product *is*, placed from its name through a lexicon kept as data.

A listing says "VOLTIQ 1800W Ionic Blow Dryer, Travel Size"; a report says "Hair dryer"
and a Chinese certificate "电吹风".  Word overlap cannot tell that these agree, nor that
"LED Floor Lamp" and "LED Desk Lamp" do not; a lexicon of product types can.  The terms,
categories and sources live in `consistency/data/product_types.toml` (see its header);
this module loads them and places a name: it folds spellings (`USB C` = `USB-C` =
`USBC`), drops model tokens (`ESP32-C6`), ratings (`1800W`, `220-240V`), and takes the
head noun of the first phrase that names a type ("LED desk lamp with USB charger" is a
lamp, "Kids Toy Drone" is a drone).
"""

from __future__ import annotations

import enum
import functools
import re
import tomllib
from collections.abc import Iterable, Sequence
from importlib import resources

import attrs

from consistency.fields import clean
from consistency.fields.standards import CATEGORIES as STANDARD_CATEGORIES

#: The product categories, one list with the readiness rules' standards table.
CATEGORIES: frozenset[str] = frozenset(STANDARD_CATEGORIES)

#: How many extra words may sit between the words of a multi-word term: "smart wi-fi
#: plug" is a "smart plug", "wireless bluetooth headset" a "wireless headset".  Two
#: covers a feature and a connectivity word; more starts joining unrelated words.
MAX_GAP = 2

#: Glued words ("SolderingStation", "Bluetoothwirelessheadset") are matched as a
#: substring of the name without spaces only for terms at least this long: shorter
#: terms ("fan", "lamp") hide inside other words ("fantastic", "clamp").
MIN_GLUED_TERM = 6

#: Spellings folded to one token before matching (on the lower-cased text).
_JOIN_SPELLINGS: tuple[tuple[str, str], ...] = (
    (r"\b(?:usb[\s\-_]*type[\s\-_]*c|usb[\s\-_]*c|type[\s\-_]*c)\b", "usbc"),
    (r"\bwi[\s\-_]*fi\b", "wifi"),
    (r"\bblue[\s\-_]*tooth\b", "bluetooth"),
    (r"\be[\s\-_]+(bike|scooter|cig|cigarette|reader|book)\b", r"e\1"),
    (r"\bhair[\s\-]*dryer\b", "hair dryer"),
    (r"\bear[\s\-]+(buds?|phones?)\b", r"ear\1"),
    (r"\bhead[\s\-]+(phones?|set)\b", r"head\1"),
    (r"\bpower[\s\-]*bank\b", "power bank"),
    (r"\bair[\s\-]*fryer\b", "air fryer"),
    (r"\bsmart[\s\-]+watch\b", "smartwatch"),
    (r"\bplug[\s\-]+in\b", "plugin"),
    (r"\bon[\s\-]+off\b", "onoff"),
)
_JOINS = tuple((re.compile(pattern), joined) for pattern, joined in _JOIN_SPELLINGS)
#: Any of the spellings: most names and terms hold none, and one search of this is a
#: tenth of the cost of the twelve substitutions (the lexicon's 4,231 terms load ~2x faster).
_ANY_JOIN = re.compile("|".join(f"(?:{pattern})" for pattern, _ in _JOIN_SPELLINGS))

#: Words that end the phrase naming the product: what follows is an accessory, a use,
#: a compatibility ("LED desk lamp with USB charger", "Charger for iPhone").
_PHRASE_BREAKS = frozenset(
    {
        "with",
        "w",
        "for",
        "including",
        "includes",
        "include",
        "compatible",
        "featuring",
        "to",
        "that",
        "which",
        "by",
        "from",
        "of",
        "without",
        "plus",
        "via",
        "fits",
        "suitable",
    }
)

#: Punctuation that separates phrases of a title or a bilingual name.
_SEGMENT_SPLIT = re.compile(r"[,;|()（）\[\]【】{}<>《》/:：、，；]+|\s[-–—]\s|\s[-–—]$|^[-–—]\s")

#: "light" and "dark" before a colour are a shade, not a lamp ("Hair Dryer Light Pink").
_COLOURS = frozenset(
    {
        "pink",
        "blue",
        "green",
        "grey",
        "gray",
        "brown",
        "purple",
        "yellow",
        "red",
        "orange",
        "wood",
        "gold",
        "silver",
        "beige",
        "teal",
        "violet",
        "khaki",
        "cyan",
    }
)

#: A rating or a size: digits with an optional unit ("1800w", "220v", "2.4ghz", "5.3").
_RATING = re.compile(
    r"^\d+(?:[.,]\d+)?(?:x|w|kw|v|vac|vdc|a|ma|mah|ah|wh|kwh|hz|khz|mhz|ghz|mm|cm|m|ft|in|inch"
    r"|l|ml|qt|oz|lb|lbs|kg|g|db|dbi|lm|k|p|pcs|pc|pack|ct|gb|tb|mb|mbps|gbps|nm|rpm|psi"
    r"|bar|w/s|h|hrs|min|s|c|f|mp|th|st|nd|rd)?$"
)


_CJK = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"
#: A unit of a name: one CJK character, or a run of other letters and digits.
_UNIT = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")


def is_cjk(ch: str) -> bool:
    """True for a CJK ideograph or kana."""
    return "\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def singular(word: str) -> str:
    """A crude English singular, applied alike to names and terms ("lights" -> "light")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("es") and word[-3] in "sxz":
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss") and word[-2] != "u":
        return word[:-1]
    return word


def fold(raw: str) -> str:
    """Lower case with spellings joined (`USB C` -> `usbc`, `Wi-Fi` -> `wifi`)."""
    text = clean(raw).casefold()
    if not _ANY_JOIN.search(text):
        return text  # no substitution could change it (each needs one of these)
    for pattern, joined in _JOINS:
        text = pattern.sub(joined, text)
    return text


def units(raw: str) -> list[str]:
    """The words of a name for matching: Latin words (folded, singular) and CJK characters.

    Each CJK character is its own unit so that a Chinese term matches anywhere in a run
    of characters ("蓝牙耳机" holds "耳机").
    """
    return [
        word if len(word) == 1 and is_cjk(word) else singular(word)
        for word in _UNIT.findall(fold(raw))
    ]


def is_model_token(word: str) -> bool:
    """True for a token that is a model or part number ("esp32", "xk2041b"), not a word."""
    return bool(re.search(r"\d", word)) and bool(re.search(r"[a-z]", word)) and len(word) >= 2


def drop_models(folded: str, vocabulary: frozenset[str]) -> str:
    """A folded name without its model and part numbers ("es-altruist-inst-1", "esp32-c6").

    A chunk between spaces that mixes letters and digits is an identifier unless its
    words are lexicon words ("kn95", "4g", "mp3"); it is dropped whole, so that its
    letter-only pieces ("altruist" in "ES-ALTRUIST-INST-1") do not count as words.
    """
    kept = []
    for chunk in folded.split():
        bare = re.sub(r"[^\w]+", "", chunk)
        if (
            re.search(r"\d", bare)
            and re.search(r"[^\W\d_]", bare)
            and not all(unit in vocabulary for unit in units(chunk))
        ):
            continue
        kept.append(chunk)
    return " ".join(kept)


def is_rating(word: str) -> bool:
    """True for a number, a rating or a size ("1800w", "220", "2.4ghz", "4k")."""
    return bool(_RATING.match(word))


class Relation(enum.StrEnum):
    """How two product types relate."""

    SAME = "same"
    BROADER = "broader"  #: the first is a broader type of the second (lamp / desk lamp)
    NARROWER = "narrower"  #: the first is a kind of the second (earbuds... / desk lamp / lamp)
    DIFFERENT = "different"


@attrs.frozen
class ProductType:
    """One product type of the lexicon: its name, category, broader type and source."""

    key: str
    name: str
    category: str
    broader: str | None
    source: str
    terms: tuple[str, ...]


@attrs.frozen
class TypeMatch:
    """A product type placed in a name, with the lexicon term that placed it."""

    type: ProductType
    #: The lexicon term, as written in the lexicon ("blow dryer").
    term: str
    #: Position of the term's last unit in the name's units (for choosing the head).
    end: int = attrs.field(default=0, eq=False)
    start: int = attrs.field(default=0, eq=False)
    #: Number of units in the term: a longer term is the more specific reading.
    size: int = attrs.field(default=1, eq=False)

    def rank(self) -> tuple[int, int, int]:
        """Order for the head: rightmost end, then the most specific term, then the tightest."""
        return (self.end, self.size, self.start - self.end)


@attrs.frozen
class _Term:
    units: tuple[str, ...]
    text: str
    type_key: str
    cjk: bool


class Lexicon:
    """The product-type lexicon: types by key and terms indexed by their last unit."""

    def __init__(self, types: Sequence[ProductType]) -> None:
        """Index `types`; raise ValueError on a broken lexicon (unknown key, loop, clash)."""
        self.types: dict[str, ProductType] = {}
        self._by_last: dict[str, list[_Term]] = {}
        #: Glued-word terms by their first MIN_GLUED_TERM letters, for a fast scan.
        self._glued: dict[str, list[tuple[str, _Term]]] = {}
        self.vocabulary: frozenset[str]
        #: Each type's terms as units, for searching a type's terms in text.
        self.term_units: dict[str, list[tuple[str, ...]]] = {}
        owner: dict[tuple[str, ...], str] = {}
        for product_type in types:
            if product_type.key in self.types:
                raise ValueError(f"product type {product_type.key!r} is defined twice")
            if product_type.category not in CATEGORIES:
                raise ValueError(
                    f"product type {product_type.key!r}: unknown category {product_type.category!r}"
                )
            self.types[product_type.key] = product_type
        words: set[str] = set()
        for product_type in types:
            if product_type.broader is not None and product_type.broader not in self.types:
                raise ValueError(
                    f"product type {product_type.key!r}: unknown broader type "
                    f"{product_type.broader!r}"
                )
            self.ancestors(product_type.key)  # raises on a loop
            for text in product_type.terms:
                term_units = tuple(units(text))
                if not term_units:
                    raise ValueError(f"product type {product_type.key!r}: empty term {text!r}")
                if owner.get(term_units, product_type.key) != product_type.key:
                    raise ValueError(
                        f"term {text!r} belongs to both {owner[term_units]!r} and "
                        f"{product_type.key!r}"
                    )
                owner[term_units] = product_type.key
                self.term_units.setdefault(product_type.key, []).append(term_units)
                term = _Term(term_units, text, product_type.key, any(is_cjk(ch) for ch in text))
                self._by_last.setdefault(term_units[-1], []).append(term)
                glued = "".join(term_units)
                if not term.cjk and len(glued) >= MIN_GLUED_TERM:
                    self._glued.setdefault(glued[:MIN_GLUED_TERM], []).append((glued, term))
                words.update(term_units)
        self.vocabulary = frozenset(words)

    def ancestors(self, key: str) -> list[str]:
        """The broader types of `key`, nearest first."""
        chain: list[str] = []
        current = self.types[key].broader
        while current is not None:
            if current in chain or current == key:
                raise ValueError(f"product type {key!r}: broader types form a loop")
            chain.append(current)
            current = self.types[current].broader
        return chain

    def relation(self, a: ProductType, b: ProductType) -> Relation:
        """How type `a` relates to type `b`."""
        if a.key == b.key:
            return Relation.SAME
        if a.key in self.ancestors(b.key):
            return Relation.BROADER
        if b.key in self.ancestors(a.key):
            return Relation.NARROWER
        return Relation.DIFFERENT

    def matches(self, words: Sequence[str]) -> list[TypeMatch]:
        """Every term found in a run of units, with its span (gaps allowed, see MAX_GAP)."""
        found: list[TypeMatch] = []
        for end, word in enumerate(words):
            for term in self._by_last.get(word, ()):
                start = self._match_back(term, words, end)
                if start is not None:
                    found.append(
                        TypeMatch(self.types[term.type_key], term.text, end, start, len(term.units))
                    )
        return found

    def glued_matches(self, words: Sequence[str]) -> list[TypeMatch]:
        """Terms found inside words glued together by a text layer that lost its spaces."""
        found: list[TypeMatch] = []
        for index, word in enumerate(words):
            if len(word) < MIN_GLUED_TERM:
                continue
            for offset in range(len(word) - MIN_GLUED_TERM + 1):
                for glued, term in self._glued.get(word[offset : offset + MIN_GLUED_TERM], ()):
                    if not word.startswith(glued, offset):
                        continue
                    found.append(
                        TypeMatch(self.types[term.type_key], term.text, index, index, len(glued))
                    )
        return found

    @staticmethod
    def _match_back(term: _Term, words: Sequence[str], end: int) -> int | None:
        position = end
        gap = 0 if term.cjk else MAX_GAP
        for unit in reversed(term.units[:-1]):
            lowest = max(0, position - 1 - gap)
            for candidate in range(position - 1, lowest - 1, -1):
                if words[candidate] == unit:
                    position = candidate
                    break
            else:
                return None
        return position


def _load_types(text: str) -> list[ProductType]:
    data = tomllib.loads(text)
    out: list[ProductType] = []
    for entry in data.get("type", []):
        out.append(
            ProductType(
                key=entry["key"],
                name=entry["name"],
                category=entry["category"],
                broader=entry.get("broader"),
                source=entry["source"],
                terms=(
                    tuple(entry.get("en", []))
                    + tuple(entry.get("zh", []))
                    + tuple(entry.get("other", []))
                ),
            )
        )
    return out


@functools.cache
def lexicon() -> Lexicon:
    """The packaged lexicon (`consistency/data/product_types.toml`), loaded once."""
    text = resources.files("consistency").joinpath("data/product_types.toml").read_text("utf-8")
    return Lexicon(_load_types(text))


def _segments(raw: str) -> list[list[str]]:
    """The phrases of a name, each as its matching units (model tokens and ratings out)."""
    vocabulary = lexicon().vocabulary
    out: list[list[str]] = []
    for part in _SEGMENT_SPLIT.split(drop_models(fold(raw), vocabulary)):
        phrase: list[str] = []
        for word in units(part):
            if word in _PHRASE_BREAKS:
                if phrase:
                    out.append(phrase)
                phrase = []
                continue
            if word not in vocabulary and (is_model_token(word) or is_rating(word)):
                continue
            phrase.append(word)
        if phrase:
            out.append(phrase)
    for phrase in out:
        for index in range(len(phrase) - 1):
            if phrase[index] in ("light", "dark") and phrase[index + 1] in _COLOURS:
                phrase[index] = "shade"
    return out


def _head(found: Iterable[TypeMatch]) -> TypeMatch | None:
    """The head of the first noun phrase: the rightmost of a chain of adjacent terms.

    "Kids Toy Drone" chains "toy" and "drone" and is a drone; "LED Desk Lamp Eye-Caring
    Dimmable Table Light" stops the chain at the gap and is a desk lamp.
    """
    ordered = sorted(found, key=lambda m: (m.start, -m.end))
    if not ordered:
        return None
    best = ordered[0]
    reach = best.end
    for match in ordered[1:]:
        if match.start > reach + 1:
            break
        if match.rank() > best.rank():
            best = match
        reach = max(reach, match.end)
    return best


def _last_head(found: Iterable[TypeMatch]) -> TypeMatch | None:
    """The head of the last noun phrase: in a name that opens with what the product is for
    ("for Laptop PC Mac Wireless Mouse"), the product is named last."""
    ordered = sorted(found, key=lambda m: (m.start, -m.end))
    if not ordered:
        return None
    chains: list[list[TypeMatch]] = [[ordered[0]]]
    reach = ordered[0].end
    for match in ordered[1:]:
        if match.start > reach + 1:
            chains.append([])
        chains[-1].append(match)
        reach = max(reach, match.end)
    return _head(chains[-1])


def product_type(name: str) -> TypeMatch | None:
    """The type a product name names, with the term that placed it; None when unknown."""
    table = lexicon()
    segments = _segments(name)
    for index, phrase in enumerate(segments):
        # Past the first phrase, a phrase came after "for"/"with": what the product is for
        # comes first in it, the product itself last.
        pick = _head if index == 0 else _last_head
        head = pick(table.matches(phrase))
        if head is not None:
            return head
    for phrase in segments:
        head = _head(table.glued_matches(phrase))
        if head is not None:
            return head
    return None


def category(name: str) -> str | None:
    """The product category of a name ("household_appliance" for a hair dryer), if placed."""
    match = product_type(name)
    return match.type.category if match else None


def relation(a: ProductType, b: ProductType) -> Relation:
    """How type `a` relates to type `b` in the packaged lexicon."""
    return lexicon().relation(a, b)


#: Characters OCR takes for one another in a word (the first read, the second meant).
_CONFUSIONS = (("l", "i"), ("i", "l"), ("1", "i"), ("1", "l"), ("0", "o"), ("rn", "m"), ("vv", "w"))


_LATIN_WORD = re.compile(r"[a-z]+")


@functools.cache
def _lexicon_words() -> frozenset[str]:
    """Every Latin word of the product-type lexicon's terms, folded."""
    return frozenset(
        word
        for kind in lexicon().types.values()
        for term in kind.terms
        for word in _LATIN_WORD.findall(term.casefold())
    )


def mend_ocr_words(text: str) -> str:
    """A name read by OCR with its confused letters mended against the lexicon's words.

    `Electric Alr Fryer` is `Electric Air Fryer` and `Straightening lron` is
    `Straightening Iron`: a word the lexicon does not know becomes the one word it knows
    that differs by one OCR confusion (l/i, 1/l, 0/o, rn/m, vv/w), in the word's case.
    Words the lexicon knows, and words no single confusion makes known, stay.
    """
    known = _lexicon_words()
    words = text.split(" ")
    for index, word in enumerate(words):
        folded = word.casefold()
        if len(folded) < 3 or not folded.isalnum() or folded in known:
            continue
        variants = {
            folded[:at] + meant + folded[at + len(read) :]
            for read, meant in _CONFUSIONS
            for at in range(len(folded))
            if folded.startswith(read, at)
        }
        found = sorted(v for v in variants if v in known)
        if len(found) == 1:
            meant = found[0]
            words[index] = (
                meant.upper()
                if word.isupper()
                else meant.capitalize()
                if word[:1].isupper() or word[:1] in "l1"
                else meant
            )
    return " ".join(words)
