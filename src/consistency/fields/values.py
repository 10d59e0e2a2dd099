"""Value shapes, lists and templates: what a value under a label can be, and how it splits.

The key-value layer (`fields.candidates`) scores a (label, value) pair partly by the
value's *shape*: a model number looks like an identifier, a maker like a company with a
legal form, an address like an address.  This module says what each shape is, cleans a
value of the leaders and table rules around it, and splits model values into models:
lists (commas, `and`, line breaks, or spaces between identifiers), templates
(`DR-15-X (X=5,12,15,24)`, `STEMlab X; where X can be 125-10, 125-14`), ranges
(`SP-100A~SP-100C`) and suffix shorthands (`XK-2041A/B/C`).
"""

from __future__ import annotations

import re

from consistency.fields.vocabulary import EMPTY_VALUES, LabelClass, classify, label_shaped

#: A value made of leaders, dots or nothing.
LEADERS = re.compile(r"^[\s.·…_:：]*$")

#: Electrical ratings printed after models in lists: 1500W, 220-240V, 50/60Hz, 5V 1A.
RATING = re.compile(
    r"(?<![\w-])\d+(?:[.,]\d+)?\s*(?:-\s*\d+(?:[.,]\d+)?\s*)?"
    r"(?:k?W|V(?:AC|DC|a\.?c\.?|d\.?c\.?)?|Hz|mAh|Ah|A|VA|Wh|mA)(?![\w])",
    re.I,
)

#: Company legal forms (word-bounded: "ab" or "sa" inside a word is no legal form).
LEGAL_FORM = re.compile(
    r"(?<![A-Za-z])(?:co\.?\s*,?\s*ltd\.?|company\s+limited|limited|ltd\.?|inc\.?|llc|"
    r"l\.l\.c\.|corp\.?|corporation|gmbh(?:\s*&\s*co\.?\s*kg)?|s\.a\.s\.?|s\.a\.|s\.?r\.?l\.?|"
    r"s\.?p\.?a\.?|b\.v\.?|n\.v\.?|a\.s\.|d\.o\.o\.?|s\.r\.o\.|oy|ab|plc|pty\.?\s*ltd\.?|ag|kg|"
    r"sdn\.?\s*bhd\.?|pte\.?\s*ltd\.?|factory|s\.l\.(?:u\.)?|s\.a\.u\.|sarl|eurl|lda\.?|ltda\.?|a/s|"
    r"sp\.\s*z\s*o\.\s*o\.?|k\.k\.|e\.k\.|ohg|ug)(?![A-Za-z])|有限公司|股份有限公司|厂",
    re.I,
)

#: A value that ends with a legal form is a company's name.
_ENDS_WITH_LEGAL_FORM = re.compile(
    r"(?:co\.?\s*,?\s*ltd\.?|company\s+limited|gmbh|inc\.|llc|有限公司|股份有限公司)\s*$", re.I
)

#: Address words: a line holding one of these and a number is an address, never a maker.
_ADDRESS_WORDS = re.compile(
    r"\b(?:road|rd\.?|street|st\.|avenue|ave\.?|district|dist\.|industrial\s+(?:park|zone|area)|"
    r"building|bldg|floor|room|no\.\s*\d|town|village|province|city|county|zip|p\.?o\.?\s*box|"
    r"strasse|straße|rue|calle|via|cesta|pot|plein)(?!\w)|路|街|号|區|区|镇|村|省|市",
    re.I,
)

#: A house number then street words, or a state and ZIP code: "8345 Gold River Ct., Las
#: Vegas, NV 89113" has none of the street words of `_ADDRESS_WORDS` and is an address.
_POSTCODE_LINE = re.compile(
    r"^\s*\d{1,6}\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\s+(?:ct|court|blvd|boulevard|dr|drive|"
    r"ln|lane|way|pkwy|parkway|hwy|highway|pl|place|ter|terrace|cir|circle)\b|"
    r",\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\b",
    re.I,
)

#: Values that start like a sentence fragment ("is Responsible to start the ...").
_FRAGMENT = re.compile(r"^(?:is|are|was|were|shall|must|has|have|of|to|and|which|that|or)\b")

#: A rating or ratio printed where a model might be ("14.8/20000", "5/12"): digits only.
_RATIO = re.compile(r"^[\d.,]+\s*/\s*[\d.,]+$")

#: An identifier token: letters and digits with the joiners models use, holding a digit.
_IDENTIFIER = re.compile(r"^(?=[^\s]*\d)[A-Za-z0-9][A-Za-z0-9\-./()+#]*[A-Za-z0-9)]$")

#: Label classes whose values are companies.
COMPANY_CLASSES = frozenset(
    {LabelClass.MANUFACTURER, LabelClass.APPLICANT, LabelClass.FACTORY, LabelClass.DISTRIBUTOR}
)
#: Label classes whose values are model numbers.
MODEL_CLASSES = frozenset({LabelClass.MODEL_NUMBER, LabelClass.SERIES_MODELS})


def has_cjk(text: str) -> bool:
    """True when the text holds Chinese or Japanese characters."""
    return any("\u3040" <= ch <= "\u9fff" for ch in text)


def is_empty(value: str) -> bool:
    """True for values that say "nothing here" (`-`, `N/A`, leaders, blanks)."""
    return not value.strip() or bool(EMPTY_VALUES.match(value)) or bool(LEADERS.match(value))


def clean_value(value: str) -> str:
    """A value without bullets, leaders and the remains of table rules around it."""
    value = value.strip().strip("…·_").strip()
    # Bullets, and the remains of table rules an OCR engine reads as "|" or "[".
    value = re.sub(r"^[*•·●▪■◆>»\-–|\[‘#]+\s*", "", value)
    value = re.sub(r"\s*[|\]]+$", "", value)
    value = re.sub(r"^[:：\s.]+", "", value)
    value = re.sub(r"[\s.…·_]{3,}$", "", value)
    return value.strip().rstrip(",;，；").strip()


#: A model named in words: "DEBIX Model B", "Raspberry Pi Model 3".
_NAMED_MODEL = re.compile(r"\S\s+Model\s+(?:[A-Z0-9]{1,3}|[A-Za-z][a-z]{2,11})$")
#: A form field printed where a value is expected ("POSITION IN ORGANISATION: Director").
_FORM_FIELD = re.compile(r"^[A-Z][A-Z /'’()-]{3,40}:\s")


def model_like(text: str) -> bool:
    """True for a code that can be a model: a digit, capitals in one word (`CHESTER`), or
    a model named in words (`DEBIX Model B`)."""
    if sum(ch.isalnum() for ch in text) < 2 or _RATIO.match(text.strip()):
        return False
    return (
        bool(re.search(r"\d", text))
        or bool(_NAMED_MODEL.search(text))
        or (
            bool(re.search(r"[A-Z]", text))
            and " " not in text
            and not re.fullmatch(r"[A-Z]?[a-z]+", text)
        )
    )


def company_like(text: str) -> bool:
    """True when the value names a company by its legal form (`Co., Ltd.`, `GmbH`, 有限公司)."""
    return bool(LEGAL_FORM.search(text))


def address_like(text: str) -> bool:
    """True for an address line (street words with a number, or a postcode), not a name."""
    if company_like(text) and not re.match(r"^\s*(?:no\.?\s*)?\d", text, re.I):
        return False
    if _POSTCODE_LINE.search(text):
        return True
    words = {m.group().casefold() for m in _ADDRESS_WORDS.finditer(text)}
    # Street words with a number, or two kinds of them ("Industrial Park, ... Dist.").
    return bool(words) and (bool(re.search(r"\d", text)) or len(words) >= 2)


#: The longest company name, in characters, read as a translation on the next line.
_MAX_NAME_CHARS = 90


def translated_name(value: str, text: str) -> bool:
    """True when a Chinese company name is followed by its Latin-script name on the next
    line ("东莞市瑞昌电器制造有限公司" / "Dongguan Ruichang ... Co.,Ltd"): both are the party's
    name, and the Latin one is what a listing can be compared with.  The Latin name may
    itself wrap before its legal form ("Suzhou Zhongke Electric Appliance" / "Manufacturing
    Co. Ltd."): a line of capitalised words without digits starts it."""
    if not has_cjk(value) or re.search(r"[A-Za-z]", value) or has_cjk(text):
        return False
    if len(text) > _MAX_NAME_CHARS or address_like(text):
        return False
    return company_like(text) or is_name_start(text)


def is_name_start(text: str) -> bool:
    """True for words that can begin a company's name: capitalised, no digits, at most 8."""
    return bool(_NAME_START.fullmatch(text.strip()))


#: The start of a company's Latin name: up to eight capitalised words, no digits.
_NAME_START = re.compile(r"[A-Z][\w&'.-]*(?:\s+[A-Z&][\w&'.-]*){0,7},?")


def latin_tail(value: str) -> str:
    """The Latin-script part after a Chinese name ("苏州中科... / Suzhou Zhongke ..."), or
    the value itself: where a bilingual company name's legal form is still to come."""
    cut = max((i for i, ch in enumerate(value) if has_cjk(ch)), default=-1)
    tail = value[cut + 1 :]
    return tail if re.search(r"[A-Za-z]", tail) else value


def is_label_word(text: str) -> bool:
    """True for a value that is itself a label ("Name", "Model No.", a header cell)."""
    bare = text.strip().rstrip(":：").strip()
    if re.fullmatch(r"(?:name|names|address|type|model|no\.?|value|description)", bare, re.I):
        return True
    return label_shaped(bare) and classify(bare) not in (None, LabelClass.OTHER)


#: A Chinese label with its colon (and an English gloss) inside a value: another field.
_INNER_CJK_LABEL = re.compile(r"[\u3400-\u9fff]{2,}\s*(?:[(（][^)）]{0,30}[)）])?\s*[:：]")
#: A model value of at least this many words, nearly all single characters, is debris.
_DEBRIS_TOKENS = 3


def plausible(label_class: LabelClass, value: str) -> bool:
    """False for values that cannot be what their label announces.

    Table-of-contents lines give page numbers ("Product Description 5"), headings end in
    a colon, body text gives sentence fragments; a model has a digit or capitals and at
    least one Latin letter or digit (a Chinese heading is no model); a maker is neither an
    address line nor the word "Name".
    """
    text = value.strip()
    if is_empty(text) or text.endswith((":", "：")) or _FRAGMENT.match(text):
        return False
    if text.startswith(("[", "☐", "☒", "□", "■")) or is_label_word(text):
        return False
    # A form's instructions ("brand name, type, current model, lot, batch ...") are
    # label words, and a form field ("POSITION IN ORGANISATION: Director") is no value.
    if _instructions(text) or _FORM_FIELD.match(text):
        return False
    if label_class in MODEL_CLASSES:
        tokens = text.split()
        if len(tokens) >= _DEBRIS_TOKENS and sum(len(t) == 1 for t in tokens) >= 0.75 * len(tokens):
            return False  # OCR's debris of a stamp or shading: "=a » 2 = 8 多"
        if _INNER_CJK_LABEL.search(text):
            return False  # another field's label inside: "ea 核准代码 (CMIIT ID): 24J4433KE732"
        if has_cjk(text):
            # A model may carry a Chinese suffix ("XQB80-1708(灰)"); a Chinese sentence
            # with a stray digit ("3 型号核准证有效期...") is no model.
            latin = sum(ch.isascii() and ch.isalnum() for ch in text)
            return latin >= 2 and latin >= sum(has_cjk(ch) for ch in text)
        return any(model_like(model) for model in split_models(text))
    if label_class == LabelClass.PRODUCT_NAME and _ENDS_WITH_LEGAL_FORM.search(text):
        return False  # a company's name ("...有限公司", "... Co., Ltd.") names no product
    if label_class in COMPANY_CLASSES and (
        text.startswith(("(", "（")) or address_like(text) or _single_code(text)
    ):
        return False
    if label_class in COMPANY_CLASSES and _legal_form_only(text):
        return False  # the tail of a wrapped name ("LIMITED", "CO.,LTD.") names no company
    if label_class in COMPANY_CLASSES and not has_cjk(text):
        # A rating line under an empty maker label ("220-240V~ 50Hz") names no company.
        rest = RATING.sub(" ", re.sub(r"\d+\s*/\s*\d+\s*hz", " ", text, flags=re.I))
        if RATING.search(text) and sum(ch.isalpha() for ch in rest) < 3:
            return False
    return not re.fullmatch(r"[\d\s.,-]{1,6}", text)


def _legal_form_only(text: str) -> bool:
    """True when nothing but legal forms and punctuation is left of a company value."""
    rest = LEGAL_FORM.sub(" ", text)
    return not any(ch.isalnum() for ch in rest)


#: Share of label words above which a long value is a form's instructions, not a value.
_INSTRUCTION_SHARE = 0.5
#: Values of this many words or more may be instructions.
_INSTRUCTION_WORDS = 6


def _instructions(text: str) -> bool:
    """True for a form's instructions printed beside a label, made of label words."""
    words = text.split()
    if len(words) < 4:
        return False
    share = _INSTRUCTION_SHARE if len(words) >= _INSTRUCTION_WORDS else 0.6
    return label_shaped(text, share)


def _single_code(text: str) -> bool:
    """One identifier with digits ("KF-35GW/Y-IA(R2)"): a model, never a company."""
    return " " not in text.strip() and bool(_IDENTIFIER.match(text.strip()))


def split_name_and_model(text: str) -> tuple[str, str]:
    """Split `Crownstone Plug — ACR01B2C` into its name and its model identifier."""
    parts = re.split(r"\s+[—–-]\s+|\s*[,:;]\s+", text, maxsplit=1)
    if len(parts) == 2 and _IDENTIFIER.match(parts[1].split()[0] if parts[1].split() else ""):
        return parts[0].strip(), parts[1].split()[0]
    tokens = text.split()
    if len(tokens) == 2 and _MODEL_PREFIX.fullmatch(tokens[0]) and _IDENTIFIER.match(tokens[1]):
        return "", text  # "RS AF-96-36": a model printed with a space, no name
    for i in range(len(tokens) - 1, -1, -1):
        if _IDENTIFIER.match(tokens[i]) and not RATING.fullmatch(tokens[i]):
            return " ".join(tokens[:i]).strip(" -—–,"), tokens[i]
    return text, ""


#: Two capitals before an identifier are the model's own prefix ("RS AF-96-36"), not a name.
_MODEL_PREFIX = re.compile(r"[A-Z]{1,2}")


_WHERE_TEMPLATE = re.compile(
    r"(?P<stem>[A-Za-z][\w\-]*)\s+(?P<var>[A-Z])\s*[;,:]\s*where\s+(?P=var)\s+"
    r"(?:can\s+be|is|are|=|stands\s+for)\s+(?P<items>.*?)"
    r"(?=;\s*[A-Za-z][\w\-]*\s+[A-Z]\s*[;,:]\s*where\b|$)",
    re.I,
)
#: `DR-15-X (X=5,12,15,24)`: a placeholder letter inside the model, its values in brackets.
_BRACKET_TEMPLATE = re.compile(
    r"(?P<model>[A-Za-z0-9][\w\-./]*?(?P<var>[Xx*#])[\w\-./]*)\s*[(（]\s*(?P=var)\s*[=:：]\s*"
    r"(?P<items>[^()（）]+)[)）]"
)


def _templates(value: str) -> list[str]:
    """Models a template stands for, or [] when the value is no template."""
    expanded = [
        f"{m.group('stem')} {item}"
        for m in _WHERE_TEMPLATE.finditer(value)
        for item in split_models(m.group("items"))
    ]
    for match in _BRACKET_TEMPLATE.finditer(value):
        model, var = match.group("model"), match.group("var")
        at = model.rfind(var)
        items = [i.strip() for i in re.split(r"[,;/、，]|\s+", match.group("items")) if i.strip()]
        expanded.extend(f"{model[:at]}{item}{model[at + 1 :]}" for item in items)
    return expanded


def _space_list(piece: str) -> list[str]:
    """`DR-15-5 DR-15-12 DR-15-24` is three models; `RL 852A` and `STEMlab 125-10` are one.

    Identifiers separated by single spaces are a list only when every token is itself a
    model (letters *and* digits, or joined by hyphens); a word then a number is one model
    printed with a space where others print a hyphen.
    """
    tokens = piece.split()
    if len(tokens) < 2:
        return [piece]

    def standalone(token: str) -> bool:
        return (
            bool(re.search(r"\d", token))
            and bool(re.search(r"[A-Za-z]", token))
            and (len(token) >= 3 and not RATING.fullmatch(token))
        )

    if all(standalone(t) or re.fullmatch(r"\d{3,}", t) for t in tokens) and _one_family(tokens):
        return tokens
    if all(standalone(t) for t in tokens) and (
        sum("-" in t for t in tokens) >= len(tokens) - 1 or _one_family(tokens)
    ):
        return tokens
    return [piece]


def _stem(token: str) -> str:
    """The letters a model starts with ("LS" of "LS392K", "B" of "B776N")."""
    match = re.match(r"[A-Za-z]+", token)
    return match.group().upper() if match else ""


def _one_family(tokens: list[str]) -> bool:
    """True when identifiers without hyphens start alike and each carries its own number
    ("LS392E LS392 LS392K", "B776N BT776"), or share one number ("EK439W 439X", "175
    HC175"): a family listed with spaces, not one model."""
    stems = [_stem(t) for t in tokens]
    if all(stems) and len({s[0] for s in stems}) == 1:
        return True
    cores = {_core(t) for t in tokens}
    return len(cores) == 1 and "" not in cores and any(stems)


def _core(token: str) -> str:
    """The first run of three digits or more of a model ("439" of "EK439W")."""
    match = re.search(r"\d{3,}", token)
    return match.group() if match else ""


def _slash_list(piece: str) -> list[str]:
    """`AB-100/AB-200` and `HS105(US)/HS105(UK)` are two models: full identifiers of one
    family joined by slashes.  `KF-35GW/Y-IA(R2)` is one (its parts start differently)."""
    parts = piece.split("/")
    if len(parts) < 2 or any(not re.search(r"\d", p) or len(p) < 3 for p in parts):
        return [piece]
    stems = [_stem(p) for p in parts]
    if not all(stems) or len(set(stems)) != 1:
        return [piece]
    return parts


#: Words that open a warning block: a model value read on into one ends before it
#: ("P360W24V 'CAUTION" where a caution box stands beside the model line).
_WARNING_WORD = re.compile(
    r"^[^\w\u3040-\u9fff]*(?:caution|warning|danger|attention|avertissement|achtung|"
    r"vorsicht|advertencia|atenci[oó]n|avvertenza|警告|注意|小心|危险|危險)(?![a-z])",
    re.I,
)
#: A number's label after a model ("Type UPS 25-40 180 No." with the serial scratched
#: out): the next field's label, never the model's last word.
_NUMBER_LABEL_TAIL = re.compile(
    r"\s+(?:no|nr|n°|nº|s/?n|ser(?:ial)?\.?(?:\s*no)?|lot|batch|date|ref\.?(?:\s*no)?|"
    r"p/?n|part\s*no)\.?\s*[:：]?$",
    re.I,
)


def model_end(piece: str) -> str:
    """A model value without what OCR or a line's grouping ran on into after it.

    A model ends before a warning word (`P360W24V 'CAUTION`), before the label of the
    next field left without its value (`UPS 25-40 180 No.`, `XK-1 Input:`), and where
    its Latin script changes to a Chinese word after a space (`KF-35G/Y-1A(R2)
    生产日期2014年08月`); a Chinese suffix glued to it stays (`XQB80-1708(灰)`).
    """
    words = piece.split()
    for index, word in enumerate(words[1:], start=1):
        ends = _WARNING_WORD.match(word) or (
            has_cjk(word[0]) and bool(re.search(r"[A-Za-z0-9]", words[index - 1]))
        )
        if ends or (word.endswith((":", "：")) and index == len(words) - 1):
            words = words[:index]
            break
    text = " ".join(words)
    cut = _NUMBER_LABEL_TAIL.sub("", text)
    return cut if cut != text and re.search(r"\d", cut) else text


def split_models(value: str) -> list[str]:
    """The models in one model value: lists, wattages and explanations removed.

    `RS-AF1268Y 1500W, QL-01 1500W` -> [`RS-AF1268Y`, `QL-01`]; `V1 or V1.x (where "x"
    represents ...)` -> [`V1`, `V1.x`]; `KF-35GW/Y-IA(R2)` stays whole.
    """
    expanded = _templates(value)
    if expanded:
        return expanded
    text = re.sub(r"\((?:where|see|note|e\.g\.|i\.e\.)[^)]*\)?", " ", value, flags=re.I)
    # Remarks in brackets ("(only differ in colour and model name)"): a bracket holding
    # lower-case words is prose, not a model suffix like "(US)" or "(R2)".
    text = re.sub(r"[(（][^()（）]*\b[a-z]{2,}\s+[a-z]{2,}[^()（）]*(?:[)）]|$)", " ", text)
    text = re.sub(
        r"[（(]\s*(?:main|basic|primary|主型号|主)\s*(?:model)?\s*[)）]", " ", text, flags=re.I
    )
    pieces = re.split(
        r"\s*[,;、，；\n]\s*|\s+(?:and|or|&|und|et|y|e|和|及|或)\s+|\s+/\s+|\s{3,}", text
    )
    models: list[str] = []
    for piece in pieces:
        piece = model_end(piece)
        # A rating after a model goes ("QL-01 1500W"); a model that only looks like a
        # rating stays ("RL 852A" is no "RL" rated 852 A).
        bare = RATING.sub(" ", piece)
        if re.search(r"\d", bare) or not re.search(r"[A-Za-z]{2}", bare):
            piece = bare
        piece = " ".join(piece.split()).strip(" .:-–—")
        if not piece or is_empty(piece) or len(piece) > 40:
            continue
        for item in _space_list(piece):
            for model in _slash_list(item):
                models.extend(_expand_shorthand(model, models))
    return models


_RANGE = re.compile(
    r"^(?P<a>[\w\-./()]*?)(?P<x>[A-Z]|\d+)\s*[~～]\s*(?P<b>[\w\-./()]*?)(?P<y>[A-Z]|\d+)$"
)
#: The longest run a range may stand for: longer ones are typos, not families.
_MAX_RANGE = 30


def _expand_shorthand(piece: str, before: list[str]) -> list[str]:
    """`SP-100A~SP-100F` -> SP-100A ... SP-100F; `XK-2041A/B/C` and a bare `B` after
    `XK-2041A` -> XK-2041B: the ways reports abbreviate a family of models."""
    match = _RANGE.match(piece)
    if match and (not match.group("b") or match.group("b") == match.group("a")):
        x, y, stem = match.group("x"), match.group("y"), match.group("a")
        if x.isalpha() and y.isalpha() and x < y and ord(y) - ord(x) <= 25:
            return [f"{stem}{chr(c)}" for c in range(ord(x), ord(y) + 1)]
        if (
            x.isdigit()
            and y.isdigit()
            and int(x) < int(y)
            and int(y) - int(x) <= _MAX_RANGE
            and len(x) == len(y)
        ):
            return [f"{stem}{n:0{len(x)}d}" for n in range(int(x), int(y) + 1)]
    slash = re.fullmatch(r"(?P<stem>[\w\-.]*\d)(?P<first>[A-Z])(?:/[A-Z])+", piece)
    if slash:
        letters = piece[len(slash.group("stem")) :].split("/")
        return [f"{slash.group('stem')}{letter}" for letter in letters]
    if re.fullmatch(r"[A-Z]{1,2}", piece) and before:
        previous = before[-1]
        suffix = re.search(r"[A-Z]{1,2}$", previous)
        if suffix and len(suffix.group()) == len(piece) and re.search(r"\d", previous):
            return [previous[: -len(piece)] + piece]
    return [piece]


def cut_company(value: str) -> str:
    """A company name without the address printed after it on the same line.

    The name ends at its *last* legal form before an address: `...TECHNOLOGY CO.,LTD.,
    No. 5 Road` keeps `CO.,LTD.` whole.
    """
    for match in LEGAL_FORM.finditer(value):
        rest = value[match.end() :]
        if re.match(r"^\s*[,;]?\s*$", rest):
            return value
        if LEGAL_FORM.match(rest.lstrip(" ,;")):
            continue  # "Co., Ltd." split as "Co." + ", Ltd."
        if (re.match(r"^\s*[,;]\s*\S", rest) and re.search(r"\d", rest)) or address_like(rest):
            return value[: match.end()].strip()
    return value
