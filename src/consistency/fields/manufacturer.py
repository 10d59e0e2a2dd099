"""Company names (manufacturer, brand, applicant, factory): normalisation and comparison.

Case, punctuation, whitespace and legal-form spellings never matter (`Co., Ltd.`,
`Co.,Ltd`, `CO., LTD.`, `Company Limited`, `Inc.`, `LLC`, `GmbH`...); the distinctive
name does (`Huaxin` vs `Huaxing` are two companies).  A Chinese name against a Latin one
cannot be verified automatically, and the comparison says so instead of guessing.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from consistency.fields import clean
from consistency.fields.model_number import ocr_fold
from consistency.i18n import N_
from consistency.model import Comparison, Level

#: Legal forms, longest first so that "company limited" wins over "limited".
_LEGAL_FORMS = sorted(
    [
        "co ltd",
        "co limited",
        "company limited",
        "company ltd",
        "limited company",
        "limited liability company",
        "ltd",
        "limited",
        "inc",
        "incorporated",
        "llc",
        "l l c",
        "llp",
        "lp",
        "corp",
        "corporation",
        "company",
        "co",
        "gmbh",
        "gmbh co kg",
        "co kg",
        "kg",
        "ag",
        "se",
        "sa",
        "s a",
        "sas",
        "sarl",
        "s a r l",
        "srl",
        "s r l",
        "spa",
        "s p a",
        "bv",
        "b v",
        "nv",
        "n v",
        "d o o",
        "doo",
        "a s",
        "as",
        "s r o",
        "sro",
        "oy",
        "ab",
        "aps",
        "plc",
        "pty ltd",
        "pty",
        "kk",
        "k k",
        "sl",
        "s l",
        "sdn bhd",
        "bhd",
        "pte ltd",
        "pte",
        "ltda",
        "sp z o o",
        "kft",
        "zrt",
        "ohg",
        "ug",
    ],
    key=len,
    reverse=True,
)
#: One-word legal forms as OCR folds them (`Itd` and `1td` are `ltd`; `C0` is `co`).
_FOLDED_FORMS = {
    ocr_fold(form.upper()): form for form in _LEGAL_FORMS if " " not in form and len(form) >= 2
}
#: The characters OCR puts for others in legal forms (`Itd`, `C0`, `lnc`); a word without
#: one is a word of the name (`Dy` is not `Oy`).
_SUSPECT = frozenset("01|Il5")
#: Legal forms are looked for among this many last words of a name.
_TAIL_WORDS = 3


def mend_legal_forms(raw: str) -> str:
    """An OCR-read company name with its legal form spelt right: `co., Itd` -> `co., ltd`.

    Only the last words are looked at, and only a word that OCR's confusions (I/l/1,
    O/0...) turn into a legal form and that is not one already is replaced; the case of
    the printed word is kept (`ITD` -> `LTD`, `Itd` -> `Ltd`).
    """
    parts = re.split(r"(\W+)", raw)
    words = [i for i, part in enumerate(parts) if part and part[0].isalnum()]
    for index in words[-_TAIL_WORDS:]:
        word = parts[index]
        if word.casefold() in _LEGAL_FORMS:
            continue
        form = _FOLDED_FORMS.get(ocr_fold(word.upper()))
        if form is None or not any(ch in _SUSPECT for ch in word):
            continue
        if word.isupper() and len(word) > 1 and not word[1:].islower():
            parts[index] = form.upper()
        elif word[0].isupper() or word[0] in "1|":
            parts[index] = form.capitalize()
        else:
            parts[index] = form
    return "".join(parts)


_CJK_LEGAL = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "株式会社",
    "有限會社",
    "公司",
    "厂",
    "廠",
)

#: Cities and provinces: two makers in different cities are two companies, whatever
#: their shared trade name ("Shantou Qiaoxing" vs "Ningbo Qiaoxing").
PLACE_WORDS = frozenset(
    {
        "shenzhen",
        "dongguan",
        "guangzhou",
        "ningbo",
        "hangzhou",
        "shanghai",
        "beijing",
        "xiamen",
        "foshan",
        "zhongshan",
        "huizhou",
        "jiangmen",
        "suzhou",
        "wenzhou",
        "yiwu",
        "jinhua",
        "cixi",
        "zhejiang",
        "guangdong",
        "jiangsu",
        "fujian",
        "shantou",
        "chongqing",
        "tianjin",
        "qingdao",
        "wuhan",
        "chengdu",
        "nanjing",
        "fuzhou",
        "jieyang",
        "chaozhou",
        "yuyao",
        "taizhou",
        "shunde",
        "yongkang",
        "zhuhai",
        "changzhou",
        "wuxi",
        "hefei",
        "changsha",
        "zhengzhou",
        "jinan",
    }
)

#: Words that locate or describe a company but do not distinguish it (the places too).
GENERIC_WORDS = (
    frozenset(
        {
            "technology",
            "technologies",
            "tech",
            "electronic",
            "electronics",
            "electric",
            "electrical",
            "appliance",
            "appliances",
            "industrial",
            "industry",
            "industries",
            "trading",
            "trade",
            "manufacturing",
            "manufacturer",
            "manufactory",
            "factory",
            "international",
            "group",
            "holding",
            "holdings",
            "science",
            "sci",
            "development",
            "dev",
            "products",
            "product",
            "enterprise",
            "enterprises",
            "import",
            "export",
            "imp",
            "exp",
            "intelligent",
            "smart",
            "digital",
            "network",
            "networks",
            "commerce",
            "ecommerce",
            "e",
            "commercial",
            "global",
            "and",
            "the",
            "of",
            "&",
            "china",
            "hong",
            "kong",
            "hk",
            "taiwan",
            "usa",
            "us",
            "uk",
            "europe",
            "eu",
            "gmbh",
            "xi'an",
        }
    )
    | PLACE_WORDS
)


def normalise(raw: str) -> str:
    """Lower-case words without punctuation or legal form: `Huaxin Technology Co., Ltd.` ->
    `huaxin technology`."""
    text = clean(raw)
    for form in _CJK_LEGAL:
        if text.endswith(form) and len(text) > len(form):
            text = text[: -len(form)]
            break
    text = text.casefold().replace("&", " and ")
    text = re.sub(r"[^\w\s]", " ", text)
    text = " ".join(text.split())
    # Legal forms repeat at the end ("co ltd"); strip until stable, only from the tail
    # and as whole words, so "Colt" or "Asus" survive.
    previous = None
    while previous != text:
        previous = text
        tail = _strip_legal_tail(text)
        text = tail
    return text or " ".join(re.sub(r"[^\w\s]", " ", clean(raw).casefold()).split())


def _strip_legal_tail(text: str) -> str:
    for form in _LEGAL_FORMS:
        if text == form:
            return text
        if text.endswith(" " + form):
            return text[: -len(form) - 1].strip()
    return text


_COMPACT_LEGAL = sorted({f.replace(" ", "") for f in _LEGAL_FORMS}, key=len, reverse=True)


def _compact_name(normalised: str) -> str:
    """The name without spaces and without a legal form glued to its end ("...technologyco")."""
    text = normalised.replace(" ", "")
    changed = True
    while changed:
        changed = False
        for form in _COMPACT_LEGAL:
            if len(form) >= 2 and text.endswith(form) and len(text) > len(form) + 3:
                text = text[: -len(form)]
                changed = True
                break
    return text


def has_cjk(text: str) -> bool:
    """True when the text contains CJK ideographs or kana."""
    return any("\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff" for ch in text)


def has_latin(text: str) -> bool:
    """True when the text contains Latin letters."""
    return any(ch.isascii() and ch.isalpha() for ch in text)


def distinctive(normalised: str) -> list[str]:
    """The words that distinguish a company: no legal form, place or industry word."""
    words = [w for w in normalised.split() if w not in GENERIC_WORDS]
    return words or normalised.split()


#: One-word legal forms of at least three letters: a last word one letter away from one
#: of them, in a name OCR read, is that legal form misread (`Lad.` for `Ltd.`).
_LONG_FORMS = frozenset(form for form in _LEGAL_FORMS if " " not in form and len(form) >= 3)


def _without_misread_form(normalised: str) -> str:
    """A normalised name without a last word that is a legal form with one letter misread."""
    words = normalised.split()
    if len(words) < 2 or not words[-1].isalpha():
        return normalised
    if any(Levenshtein.distance(words[-1], form) == 1 for form in _LONG_FORMS):
        return " ".join(words[:-1])
    return normalised


def compare(
    reference: str, other: str, *, ocr: bool = False, threshold: float | None = None
) -> Comparison:
    """Compare two company names at the strongest level that holds."""
    if reference == other:
        return Comparison.because(Level.EXACT, 100.0, N_("identical"))
    a, b = normalise(reference), normalise(other)
    if ocr:
        a, b = _without_misread_form(a), _without_misread_form(b)
    cjk_a, cjk_b = has_cjk(a) and not has_latin(a), has_cjk(b) and not has_latin(b)
    if cjk_a != cjk_b:
        return Comparison.because(
            Level.UNVERIFIABLE,
            0.0,
            N_("a Chinese name and a Latin-script name cannot be matched automatically"),
        )
    if a == b:
        return Comparison.because(
            Level.NORMALISED, 100.0, N_("same name; only case, punctuation or legal form differ")
        )
    # Text layers often lose spaces ("QinlinElectricAppliance"): compare without them.
    if _compact_name(a) == _compact_name(b):
        return Comparison.because(Level.NORMALISED, 100.0, N_("same name; only spacing differs"))
    places_a = {w for w in a.split() if w in PLACE_WORDS}
    places_b = {w for w in b.split() if w in PLACE_WORDS}
    if places_a and places_b and not places_a & places_b:
        return Comparison.because(
            Level.DIFFERENT,
            fuzz.ratio(a, b),
            N_("different places ({a} vs {b}): two companies"),
            a=", ".join(sorted(places_a)),
            b=", ".join(sorted(places_b)),
        )
    da, db = distinctive(a), distinctive(b)
    misspelt = None if ocr else _misspelt(a.split(), b.split())
    if misspelt is not None:
        return Comparison.because(
            Level.DIFFERENT,
            fuzz.ratio(a, b),
            N_("'{a}' and '{b}' are two spellings: the names differ"),
            a=misspelt[0],
            b=misspelt[1],
        )
    if ocr and ocr_fold(a.replace(" ", "").upper()) == ocr_fold(b.replace(" ", "").upper()):
        return Comparison.because(
            Level.OCR_CONFUSABLE, 95.0, N_("differ only in characters OCR confuses")
        )
    if da == db or (" ".join(da)).replace(" ", "") == (" ".join(db)).replace(" ", ""):
        return Comparison.because(
            Level.FUZZY,
            95.0,
            N_("same distinctive name '{name}'; place or industry words differ"),
            name=" ".join(da),
        )
    shorter, longer = (da, db) if len(da) <= len(db) else (db, da)
    if shorter and all(w in longer for w in shorter) and len(" ".join(shorter)) >= 4:
        return Comparison.because(
            Level.FUZZY,
            90.0,
            N_("'{name}' is part of the other name; extra words only"),
            name=" ".join(shorter),
        )
    score = fuzz.ratio(" ".join(da), " ".join(db))
    limit = threshold if threshold is not None else 92.0
    if ocr and score >= limit:
        # Letters differ that OCR does not confuse ('Hongyu' / 'Hongyun'): a misread and
        # another company look alike, so a person decides - never "consistent" unseen.
        return Comparison.because(
            Level.UNVERIFIABLE,
            score,
            N_(
                "similar ({similarity} >= {limit}) in an OCR reading, but other letters: check by eye"
            ),
            similarity=f"{score:.0f}",
            limit=f"{limit:.0f}",
        )
    return Comparison.because(
        Level.DIFFERENT,
        score,
        N_("distinctive names differ ('{a}' vs '{b}')"),
        a=" ".join(da),
        b=" ".join(db),
    )


#: Two words this similar (rapidfuzz ratio), neither in the other name, are one word spelt
#: two ways ("Appliances" / "Appliences"); shorter words are too easily alike.
_MISSPELT_RATIO = 85.0
_MISSPELT_MIN_LETTERS = 5


def _misspelt(a: list[str], b: list[str]) -> tuple[str, str] | None:
    """A word of one name that the other spells differently, on a typed or text-layer
    reading: 'Brightwell Appliences' is not 'Brightwell Appliances'.  Industry words that
    are both generic ('Electric' / 'Electrical') are wording, not spelling."""
    only_a = [w for w in a if w not in b and len(w) >= _MISSPELT_MIN_LETTERS]
    only_b = [w for w in b if w not in a and len(w) >= _MISSPELT_MIN_LETTERS]
    for x in only_a:
        for y in only_b:
            if x in GENERIC_WORDS and y in GENERIC_WORDS:
                continue
            if x.startswith(y) or y.startswith(x):
                continue  # "Tech" / "Technology": a shortened word, not a misspelling
            if fuzz.ratio(x, y) >= _MISSPELT_RATIO:
                return x, y
    return None
