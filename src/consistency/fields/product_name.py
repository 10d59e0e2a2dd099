"""Product names: normalisation and a comparison that looks past marketing words.

A listing title carries the brand and marketing ("VOLTIQ Wi-Fi Smart Outlet Plug,
Compatible with Alexa"); a report says "Smart Wi-Fi Plug".  The two agree when the
shorter name's words are (nearly) all in the longer one and its head noun — the last
word, which names what the product *is* — is among them.  A shared generic word is not
enough: "LED Floor Lamp" vs "LED Desk Lamp" differ in a word that says what it is.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from consistency.fields import clean
from consistency.model import Comparison, Level

#: Spellings folded to one token before comparing.
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

#: Generic modifiers that may be absent from one name without changing the product.
SOFT_WORDS = frozenset(
    {
        "smart",
        "electric",
        "electrical",
        "digital",
        "wireless",
        "automatic",
        "auto",
        "rechargeable",
        "cordless",
        "household",
        "home",
        "intelligent",
        "multifunctional",
        "multifunction",
        "multi-function",
        "universal",
        "adjustable",
        "dimmable",
        "handheld",
        "compact",
        "ultra",
        "power",
        "led",
    }
)


def normalise(raw: str) -> str:
    """Lower-case words, punctuation dropped, common spellings folded (`Wi-Fi` -> `wifi`)."""
    return " ".join(tokens(raw))


def tokens(raw: str) -> list[str]:
    """The words of a name, folded for comparison (brand and noise words kept)."""
    text = clean(raw).casefold()
    for spelling, folded in _SYNONYMS.items():
        if "-" in spelling:
            text = text.replace(spelling, folded)
    text = re.sub(r"[^\w\s-]", " ", text)
    out: list[str] = []
    for word in text.replace("-", " ").split():
        folded = _SYNONYMS.get(word, word)
        out.extend(folded.split())
    return [_singular(w) for w in out]


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("es") and word[-3] in "sxz":
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss") and word[-2] != "u":
        return word[:-1]
    return word


def content_words(raw: str) -> list[str]:
    """Words that say what the product is: no marketing, no sizes, no numbers alone."""
    return [
        w for w in tokens(raw) if w not in NOISE_WORDS and not re.fullmatch(r"[\d.,]+\w{0,3}", w)
    ]


def _has_cjk(text: str) -> bool:
    return any("\u3040" <= ch <= "\u9fff" for ch in text)


def _latin_part(text: str) -> str:
    if not _has_cjk(text):
        return text
    latin = re.sub(r"[\u3040-\u9fff\uff00-\uffef]+", " ", text)
    latin = " ".join(re.sub(r"[()（）]", " ", latin).split())
    return latin or text


def _resplit(words: list[str], vocabulary: list[str]) -> list[str]:
    known = sorted(set(vocabulary), key=len, reverse=True)
    out: list[str] = []
    for word in words:
        if word in known or len(word) < 7:
            out.append(word)
            continue
        parts: list[str] = []
        rest = word
        while rest:
            piece = next((k for k in known if len(k) >= 2 and rest.startswith(k)), None)
            if piece is None:
                break
            parts.append(piece)
            rest = rest[len(piece) :]
        out.extend(parts if not rest and len(parts) > 1 else [word])
    return out


def _found(word: str, pool: list[str]) -> bool:
    if word in pool:
        return True
    # Tolerate typos and OCR slips in longer words ("Straightening" vs "Straigthening").
    # Same length give or take one letter: "Dehumidifier" is not a "Humidifier" typo.
    return len(word) >= 6 and any(
        abs(len(p) - len(word)) <= 1 and fuzz.ratio(word, p) >= 85 for p in pool
    )


def compare(reference: str, other: str, *, threshold: float | None = None) -> Comparison:
    """Compare two product names; `threshold` is the share (0-100) of words that must match."""
    if reference == other:
        return Comparison(Level.EXACT, 100.0, "identical")
    a, b = normalise(reference), normalise(other)
    if a == b:
        return Comparison(Level.NORMALISED, 100.0, "same words; only case or punctuation differ")
    # A bilingual name ("LED台灯 (LED Desk Lamp)") is compared by its Latin part
    # against a Latin-only name.
    if _has_cjk(reference) != _has_cjk(other):
        reference, other = _latin_part(reference), _latin_part(other)
    words_a, words_b = content_words(reference), content_words(other)
    # A text layer that lost its spaces glues words ("SolderingStation"): split them with
    # the other name's words before comparing.
    words_a, words_b = _resplit(words_a, words_b), _resplit(words_b, words_a)
    if not words_a or not words_b:
        return Comparison(Level.DIFFERENT, 0.0, "one name has no descriptive words")
    shorter, longer = (words_a, words_b) if len(words_a) <= len(words_b) else (words_b, words_a)
    head = shorter[-1]
    limit = threshold if threshold is not None else 75.0
    weights = [0.5 if w in SOFT_WORDS else 1.0 for w in shorter]
    found = [_found(w, longer) for w in shorter]
    score = 100.0 * sum(wt for wt, ok in zip(weights, found, strict=True) if ok) / sum(weights)
    missing = [w for w, ok in zip(shorter, found, strict=True) if not ok]
    hard_missing = [w for w in missing if w not in SOFT_WORDS]
    if not _found(head, longer):
        return Comparison(
            Level.DIFFERENT, score, f"'{head}' (what the product is) is not in the other name"
        )
    if hard_missing and (score < limit or len(shorter) <= 3):
        return Comparison(
            Level.DIFFERENT,
            score,
            f"words {', '.join(repr(w) for w in hard_missing)} are not in the other name",
        )
    if score >= limit:
        why = (
            "all words of the shorter name appear in the longer one"
            if not missing
            else (
                f"{score:.0f}% of the shorter name's words appear in the other (threshold {limit:.0f})"
            )
        )
        return Comparison(Level.FUZZY, score, why)
    return Comparison(
        Level.DIFFERENT,
        score,
        f"only {score:.0f}% of the shorter name's words match (threshold {limit:.0f})",
    )
