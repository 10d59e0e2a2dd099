"""Product names: normalisation and a comparison of what the product *is*.

A listing title carries the brand and marketing ("VOLTIQ 1800W Ionic Blow Dryer,
Travel Size"); a report says "Hair dryer", a Chinese certificate "电吹风".  Names are
compared as product types (`fields.product_types`): the same type in other words
agrees ("earbuds" and "headset" are both headphones), a type and its broader type agree
("LED desk lamp" and "lamp"), two different types are a mismatch ("a kettle is not a
hair dryer").  Identical wording agrees even when the type is not in the lexicon
("CHESTER" and "Chester"); a name that cannot be placed is unverifiable, never a
mismatch.  A field naming several products ("STEMlab, SDRlab, SIGNALlab") agrees when
one of them does.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from consistency.fields import product_types
from consistency.fields.product_types import Relation, TypeMatch
from consistency.i18n import N_
from consistency.model import Comparison, Level

#: Spellings folded to one token before comparing (after `product_types.fold`).
_SYNONYMS: dict[str, str] = {
    "wifi": "wifi",
    "wi-fi": "wifi",
    "wlan": "wifi",
    "wireless": "wireless",
    "bluetooth": "bluetooth",
    "bt": "bluetooth",
    "usb-c": "usbc",
    "type-c": "usbc",
    "typec": "usbc",
    "e-bike": "ebike",
    "e-scooter": "escooter",
    "led": "led",
    "leds": "led",
    "earphone": "earphones",
    "earbud": "earbuds",
    "headphone": "headphones",
    "colour": "color",
    "grey": "gray",
    "hairdryer": "hair dryer",
    "powerbank": "power bank",
    "airfryer": "air fryer",
    "socket": "outlet",
}

#: Words that never identify what a product is (marketing, compatibility, packaging).
NOISE_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "and",
        "or",
        "with",
        "for",
        "of",
        "in",
        "on",
        "to",
        "by",
        "from",
        "compatible",
        "works",
        "alexa",
        "google",
        "home",
        "assistant",
        "new",
        "2023",
        "2024",
        "2025",
        "2026",
        "upgraded",
        "premium",
        "professional",
        "pro",
        "high",
        "quality",
        "best",
        "original",
        "genuine",
        "pack",
        "pcs",
        "piece",
        "pieces",
        "set",
        "kit",
        "x",
        "count",
        "black",
        "white",
        "gray",
        "silver",
        "blue",
        "red",
        "green",
        "pink",
        "gold",
        "color",
        "only",
        "no",
        "hub",
        "required",
        "easy",
        "install",
        "installation",
        "size",
        "mini",
        "portable",
        "lightweight",
        "durable",
        "free",
        "sample",
        "eut",
        "equipment",
        "under",
        "test",
        "name",
        "product",
        "model",
        "type",
        "series",
        "version",
        "edition",
        "ul",
        "fcc",
        "ce",
        "certified",
        "listed",
        "etl",
        "rohs",
        "plus",
        "max",
        "us",
        "uk",
        "eu",
        "plug-in",
        "indoor",
        "outdoor",
        "use",
        "users",
        "user",
        "adults",
        "kids",
        "women",
        "men",
        "gift",
        "gifts",
        "ideal",
        "perfect",
    }
)

#: Separators that always divide a field naming several products.
_HARD_LIST = re.compile(r"\s*[;、；\n]\s*")

#: Separators that divide a list of products only when every part names one
#: ("Wireless Earbuds, Bluetooth Headphones"), never inside one name
#: ("Data acquisition and processing unit", "2.4GHz Wi-Fi & BT IoT Module").
_SOFT_LIST = re.compile(r"\s*(?:[,，/]|\s&\s|\s(?:and|und|et|y|e|和|及)\s)\s*", re.I)

#: A part of a list of unplaced names counts as one name when it has at most this many
#: words ("STEMlab, SDRlab, SIGNALlab"); longer parts are a title's clauses.
MAX_LISTED_NAME_WORDS = 3


def normalise(raw: str) -> str:
    """Lower-case words, punctuation dropped, spellings folded (`Wi-Fi` -> `wifi`, `USB C` -> `usbc`)."""
    return " ".join(tokens(raw))


def tokens(raw: str) -> list[str]:
    """The words of a name, folded for comparison (brand and noise words kept)."""
    text = product_types.fold(raw)
    for spelling, folded in _SYNONYMS.items():
        if "-" in spelling:
            text = text.replace(spelling, folded)
    text = re.sub(r"[^\w\s-]", " ", text)
    out: list[str] = []
    for word in text.replace("-", " ").split():
        folded = _SYNONYMS.get(word, word)
        out.extend(folded.split())
    return [product_types.singular(w) for w in out]


def content_words(raw: str) -> list[str]:
    """Words that say what the product is: no marketing, no model tokens, no ratings."""
    vocabulary = product_types.lexicon().vocabulary
    return [
        w
        for w in tokens(product_types.drop_models(product_types.fold(raw), vocabulary))
        if w not in NOISE_WORDS
        and (w in vocabulary or not (product_types.is_model_token(w) or product_types.is_rating(w)))
    ]


def key(raw: str) -> str:
    """The wording of a name once case, punctuation, marketing, models and ratings are gone."""
    return " ".join(content_words(raw))


def names(raw: str) -> tuple[str, ...]:
    """The product names in a field that may name several ("STEMlab, SDRlab, SIGNALlab").

    Semicolons and line breaks always separate products; commas, slashes and "and" only
    when every part names a product type, or when every part is a short name and none is
    placed ("Data acquisition and processing unit" stays one name).
    """
    out: list[str] = []
    for hard in _HARD_LIST.split(raw):
        parts = [p.strip() for p in _SOFT_LIST.split(hard) if p and p.strip()]
        parts = [p for p in parts if key(p)]
        if len(parts) > 1 and _is_list(parts):
            out.extend(parts)
        elif hard.strip() and key(hard):
            out.append(hard.strip())
    return tuple(out) or (raw,)


def _is_list(parts: list[str]) -> bool:
    placed = [product_types.product_type(p) is not None for p in parts]
    if all(placed):
        return True
    return not any(placed) and all(len(content_words(p)) <= MAX_LISTED_NAME_WORDS for p in parts)


def _has_cjk(text: str) -> bool:
    return any("\u3040" <= ch <= "\u9fff" for ch in text)


def _found(word: str, pool: list[str]) -> bool:
    if word in pool:
        return True
    # Tolerate typos and OCR slips in longer words ("Straightening" vs "Straigthening").
    # Same length give or take one letter: "Dehumidifier" is not a "Humidifier" typo.
    return len(word) >= 6 and any(
        abs(len(p) - len(word)) <= 1 and fuzz.ratio(word, p) >= 85 for p in pool
    )


def _same_wording(parts_a: tuple[str, ...], parts_b: tuple[str, ...]) -> tuple[str, str] | None:
    for a in parts_a:
        for b in parts_b:
            ka, kb = key(a), key(b)
            if ka and (ka == kb or ka.replace(" ", "") == kb.replace(" ", "")):
                return a, b
    return None


def _types(parts: tuple[str, ...]) -> list[TypeMatch]:
    return [m for m in (product_types.product_type(p) for p in parts) if m is not None]


def _a(name: str) -> str:
    """The name with its indefinite article: "a kettle", "an air fryer", "headphones"."""
    if name.endswith("s") and not name.endswith("ss"):
        return name
    if name[:1].lower() in "aeio" or (
        name[:1].lower() == "u" and not name.lower().startswith("us")
    ):
        return f"an {name}"
    return f"a {name}"


def compare_types(a: TypeMatch, b: TypeMatch) -> Comparison:
    """Compare two placed names by their product types."""
    relation = product_types.relation(a.type, b.type)
    # Type names are the lexicon's English words; a translation may say the documents'
    # own terms instead, so every reason carries both.
    if relation == Relation.SAME:
        msgid = (
            N_("both name {kind} ('{term}')")
            if a.term == b.term
            else N_("both name {kind} ('{term}' and '{other}')")
        )
        return Comparison.because(
            Level.FUZZY, 95.0, msgid, kind=_a(a.type.name), term=a.term, other=b.term
        )
    if relation in (Relation.NARROWER, Relation.BROADER):
        narrow, broad = (a, b) if relation == Relation.NARROWER else (b, a)
        return Comparison.because(
            Level.FUZZY,
            85.0,
            N_("{kind} ('{term}') is a kind of {broader} ('{other}')"),
            kind=_a(narrow.type.name),
            term=narrow.term,
            broader=broad.type.name,
            other=broad.term,
        )
    return Comparison.because(
        Level.DIFFERENT,
        0.0,
        N_("{kind} ('{term}') is not {other_kind} ('{other}')"),
        kind=_a(a.type.name),
        term=a.term,
        other_kind=_a(b.type.name),
        other=b.term,
    )


def compare(reference: str, other: str) -> Comparison:
    """Compare two product names: same wording, else same product type (see module doc)."""
    if reference == other:
        return Comparison.because(Level.EXACT, 100.0, N_("identical"))
    parts_a, parts_b = names(reference), names(other)
    same = _same_wording((reference, *parts_a), (other, *parts_b))
    if same is not None:
        if same == (reference, other):
            return Comparison.because(
                Level.NORMALISED,
                100.0,
                N_("same words; only case, punctuation, model numbers or ratings differ"),
            )
        return Comparison.because(
            Level.NORMALISED,
            100.0,
            N_("'{name}' is one of the products named"),
            name=same[1] if same[0] == reference else same[0],
        )
    types_a, types_b = _types(parts_a), _types(parts_b)
    if types_a and types_b:
        best = max(
            (compare_types(a, b) for a in types_a for b in types_b),
            key=lambda c: (c.agrees, c.score),
        )
        return best
    contained = _contained(parts_a, parts_b)
    if contained is not None:
        return contained
    unplaced = reference if not types_a else other
    return Comparison.because(
        Level.UNVERIFIABLE,
        0.0,
        N_("'{name}' names no product type we know; a person should compare the names"),
        name=unplaced,
    )


def _contained(parts_a: tuple[str, ...], parts_b: tuple[str, ...]) -> Comparison | None:
    """Agreement when every word of one name is in the other ("Altruist Insight" in
    "Altruist Insight air quality monitor"): the same trade name with more words."""
    for a in parts_a:
        for b in parts_b:
            words_a, words_b = content_words(a), content_words(b)
            if not words_a or not words_b or _has_cjk(a) != _has_cjk(b):
                continue
            shorter, longer = (
                (words_a, words_b) if len(words_a) <= len(words_b) else (words_b, words_a)
            )
            if all(_found(w, longer) for w in shorter):
                return Comparison.because(
                    Level.FUZZY,
                    90.0,
                    N_("every word of '{name}' is in the other name"),
                    name=" ".join(shorter),
                )
    return None
