"""The one label vocabulary for every text source: reports, photos, artwork, scans.

A label is classified by the words it contains, in a fixed order of precedence, so
that combined and bilingual labels land where a careful reader would put them:
`Manufacturer/Factory` is the manufacturer, `Product Manufacturer` is not a product
name, `Model or Product Name` is a model, `Manufacturer address` is neither, and
`Applicant`, `Factory`, `Trade Mark`/`Brand` and `Made for`/`Distributed by` are
parties of their own, never the manufacturer.

Matching works on a compact form (lower case, no spaces or punctuation) because text
layers often lose spaces (`Manufacturername`, `Testitemdescription`), and tolerates
one-letter typos in long keywords (`Manufacturcr`, `Modell Typc`).
"""

from __future__ import annotations

import enum
import re
import unicodedata

from rapidfuzz import fuzz

from consistency.fields.label_words import LABEL_WORDS as LABEL_WORDS  # re-exported for search
from consistency.fields.labels import (
    ADDRESS,
    APPLICANT,
    BRAND,
    DISTRIBUTOR,
    FACTORY,
    MANUFACTURER,
    MODEL,
    OTHER,
    PRODUCT,
    PRODUCT_TYPE_WORDS,
    SERIES,
)


class LabelClass(enum.StrEnum):
    """What a label announces."""

    PRODUCT_NAME = "product_name"
    MODEL_NUMBER = "model_number"
    SERIES_MODELS = "series_models"
    MANUFACTURER = "manufacturer"
    APPLICANT = "applicant"
    FACTORY = "factory"
    BRAND = "brand"
    DISTRIBUTOR = "distributor"
    ADDRESS = "address"
    OTHER = "other"  #: a known label of no interest (report no., date, ratings...): ends values


#: Heading words that introduce lists of *other* equipment, whose models and makers are not
#: the product's (support units, auxiliary equipment, test instruments, modules).
DISTRACTOR_HEADINGS = re.compile(
    r"support\s*(unit|equipment)|auxiliary|peripheral|accessor(y|ies)\s+(used|equipment)|"
    r"associated\s+equipment|equipment\s+used|test\s+equipment|measurement\s+equipment|"
    r"(?:test|measuring|measurement)\s+instruments?|instruments?\s+(?:list|used)|"
    r"test\s+setup|list\s+of\s+(test\s+)?equipment|ancillary\s+equipment|"
    r"辅助设备|陪测|测试设备|仪器|測試設備|儀器",
    re.I,
)

#: Values that say "nothing here".
EMPTY_VALUES = re.compile(
    r"^\s*(?:-+|—+|/|n\.?\s?/?\s?a\.?|none|nil|null|not\s+applicable|not\s+available|tbd|\*+|"
    r"无|無|\.+|…+|x+)\s*$",
    re.I,
)

#: "Same as applicant" and its translations: resolve to the applicant's value.
SAME_AS_APPLICANT = re.compile(
    r"^\s*(?:same\s*as\s*(?:the\s*)?(?:applicant|above|client)|as\s*above|idem|"
    r"同\s*申请(?:人|者|方)|同\s*上|见\s*申请(?:人|者)|wie\s+antragsteller|"
    r"identique\s+au\s+demandeur|igual\s+que\s+el\s+solicitante)\b.*$",
    re.I,
)


def label_shaped(text: str, share: float = 0.6) -> bool:
    """True when a text is made of label words (`share` of them), so it can be a label."""
    if _MODEL_ABBREVIATION.match(text):
        return True  # "M/N", "MOD.": too short for the word count
    if _ENDS_LEGAL.search(text):
        return False  # "Appliance Company Limited": a company name's wrapped tail
    cjk = "".join(ch for ch in text if "\u3040" <= ch <= "\u9fff")
    latin = "".join(ch if not ("\u3040" <= ch <= "\u9fff") else " " for ch in text)
    # "M/N" inside a longer label ("型號/M/N", "样品型号 M/N") is one label word.
    latin = _MN_WORD.sub(" model ", latin)
    if cjk and len(cjk) > 12:
        return False
    words = [w for w in re.split(r"[\s/()（）:：,.\-]+", latin.casefold()) if w]
    if cjk and not words:
        return True
    if not words:
        return False
    if re.search(r"\bsame\s+as\b", latin, re.I):
        return False
    if _MODEL_ABBREVIATION.match(text):
        return True  # "M/N", "MOD.": rating labels' model labels, made of no label word
    known = sum(_label_word(w) for w in words)
    return known / len(words) >= share


def _label_word(word: str) -> bool:
    word = word.strip("'’").replace("’", "'")
    if word in LABEL_WORDS:
        return True
    # Typos in labels are common ("Model reterence", "Regresentative", "Manufacturcr").
    if len(word) >= 6:
        return any(len(known) >= 6 and fuzz.ratio(word, known) >= 80 for known in LABEL_WORDS)
    # Transposed letters in short words ("Nmae", "Modle").
    return len(word) >= 4 and any(
        len(known) == len(word) and sorted(known) == sorted(word) for known in LABEL_WORDS
    )


def compact(text: str) -> str:
    """Lower case, NFKC, no spaces, no punctuation but `/`, `'` and `.` kept out."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s\-_:：;,.·•…()（）\[\]【】<>《》'\"’‘`*#|/\\]+", "", folded)


#: Keywords that must be whole words: as substrings they hide in other words
#: ("marke" in "market surveillance", "plant" in "implant", "client" in "clientele").
_WHOLE_WORDS = frozenset(
    {
        "marke",
        "marca",
        "marque",
        "logo",
        "plant",
        "client",
        "device",
        "goods",
        "typ",
        "type",
        "types",
        "holder",
        "maker",
        "sample",
    }
)

#: Words that make a would-be label a sentence of body text instead.
_SENTENCE = re.compile(
    r"^(?:the|this|these|it|we|a|an|that|which|if|when|as)\b|"
    r"\b(?:is|are|was|were|has|have|had|be|been|passed|compl(?:y|ies)|tested|shall|must|may|"
    r"can|will|should|described|declare[sd]?|hereby|issued|required)\b",
    re.I,
)

#: Labels that carry an identity word but announce something else.
_NOT_IDENTITY = re.compile(
    r"manufactur(?:ing|e)\s*(?:country|date|year|period|process|code)|"
    r"(?:date|year|country|place)\s*of\s*manufactur|"
    r"\btype\s*of\s*(?!equipment|product|apparatus|device|item)|"
    r"\btype\s*(?:certificat|approv|test|examinat)|modular\s*type|equipment\s*(?:class|category)|"
    r"product\s*(?:use|usage|function|purpose|category|class|standard)|intended\s*use|"
    r"model\s*(?:year)|sample\s*(?:quantity|qty|number|no|receiv|date|condition|status)|"
    r"\bitem\s*(?:no|number)\s*of|test\s*item\s*(?:particular|no)|declaration\s*of|"
    r"of\s*conformity|(?:supplier|manufacturer|applicant)\s*(?:number|no\b|code|id\b)|"
    r"\bcertificate\s*(?:no|number|of)\b|\bsignature\b|\bsigned\s*by\b|\bposition\b|"
    r"\bproduct\s*of\s*(?:the\s*)?(?:[A-Z]{2}|china|taiwan|japan|korea|vietnam|usa|germany)",
    re.I,
)


def _has(key: str, keywords: tuple[str, ...], words: list[str] | None = None) -> bool:
    # Short Latin keywords ("tel", "mfr", "typ", "mod") must be whole words, or "tel"
    # would be found in "Hersteller" and "mod" in "commodity".
    for keyword in keywords:
        folded = compact(keyword)
        if folded.isascii() and (len(folded) <= 4 or folded in _WHOLE_WORDS):
            if words is not None and (folded in words or folded + "s" in words):
                return True
        elif folded in key:
            return True
    return False


def _fuzzy_has(words: list[str], keywords: tuple[str, ...]) -> bool:
    # One-letter OCR slips in long keywords ("manufacturcr", "applicani").
    return any(
        len(w) >= 6 and fuzz.ratio(w, k) >= 84
        for w in words
        for k in keywords
        if len(k) >= 6 and k.isascii()
    )


#: A "reference" label that names a report or a standard, not the product's type
#: ("Report reference", "Référence du rapport", "Riferimento norma").
_NOT_MODEL_REFERENCE = (
    "reportreference",
    "ref.no",
    "refno",
    "testreport",
    "standard",
    "rapport",
    "rapporto",
    "informe",
    "bericht",
    "norme",
    "norma",
    "norm",
)

#: Words that hold a label keyword but, alone, are a word of a company's name wrapped onto
#: its own line ("Yuyao Shengtai Electric Appliance" / "Manufacturing CO.,LTD.").
_COMPANY_WORDS_ONLY = frozenset({"manufacturing", "manufactory"})
#: Words that may stand beside them in such a tail ("Manufacturing Company Limited").
_COMPANY_TAIL_WORDS = frozenset(
    {"company", "co", "ltd", "limited", "industrial", "industry", "electric", "electrical"}
)


def _company_words_only(label: str) -> bool:
    """True for a would-be label made only of company-name words, one of them an
    industry word ("Manufacturing", "Manufacturing Company"): a name's wrapped tail."""
    words = [compact(w) for w in label.split() if compact(w)]
    return (
        bool(words)
        and any(w in _COMPANY_WORDS_ONLY for w in words)
        and all(w in _COMPANY_WORDS_ONLY or w in _COMPANY_TAIL_WORDS for w in words)
    )


#: A text ending with a company's legal form is a name, never a label.
_ENDS_LEGAL = re.compile(
    r"(?:\bco\.?\s*,?\s*ltd\.?|\bcompany\s+limited|\blimited|\bltd\.?|\binc\.?|\bllc|"
    r"\bgmbh|\bcorp\.?|\bcorporation|有限公司)\s*$",
    re.I,
)
#: "M/N" (model number) as a word of a label.
_MN_WORD = re.compile(r"(?<![A-Za-z])m\s*/\s*n(?![A-Za-z])\.?", re.I)

#: Model labels too short for the keyword match: "M/N", "M/N.", "MN:", "Mod." (on labels).
_MODEL_ABBREVIATION = re.compile(r"^\s*(?:m\s*/\s*n|m\.n\.|mod)\s*\.?\s*$", re.I)


#: "生产者名称" with its middle character misread ("生产名名称", "生产路名称"): a name label
#: that starts with "produce/manufacture" is the maker's, not the product's.
_MAKER_NAME_CJK = re.compile(r"^(?:生产|生產|制造|製造).{0,2}名[称稱]")


#: "This Certification is issued to", "Certificate issued to": the certification's own party.
_ISSUED_TO = re.compile(r"\b(?:is\s+)?issued\s+to\s*[:：]?\s*$", re.I)


def is_issued_to(label: str) -> bool:
    """True for a label naming the party a certification is issued to (its holder)."""
    return bool(_ISSUED_TO.search(label)) and len(label.split()) <= 6


#: Words that make "Product ..." a document's or a section's title, not the product's
#: name label: "Product Certification", "Product Safety Report", "Product compliance".
_PRODUCT_HEADING = frozenset(
    {
        "certification",
        "certificate",
        "compliance",
        "safety",
        "standard",
        "standards",
        "report",
        "regulation",
        "regulations",
        "liability",
    }
)


#: Chinese and Japanese characters of a label (its Chinese part, in a bilingual one).
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+")


def classify(label: str) -> LabelClass | None:
    """The class of a label text, or None when it is not a label we know."""
    if SAME_AS_APPLICANT.match(label):
        return None  # "同申请人" (same as applicant) is a value, though it holds "申请人"
    if is_issued_to(label):
        return LabelClass.APPLICANT  # "This Certification is issued to: Red Pitaya d.o.o."
    if _MODEL_ABBREVIATION.match(label):
        return LabelClass.MODEL_NUMBER
    chinese = "".join(_CJK_RUN.findall(label))
    if len(chinese) >= 2 and chinese != label.strip():
        # A bilingual label says it most precisely in Chinese, whose compound ends with
        # its head: "设备型号 (Equipment Type)" is the equipment's model, not its name.
        found = classify(chinese)
        if found is not None:
            return found
    if _MAKER_NAME_CJK.search(label):
        return LabelClass.MANUFACTURER
    key = compact(label)
    if not key or len(key) > 48 or len(label.split()) > 7 or _SENTENCE.search(label):
        return None
    if _company_words_only(label):
        return None  # "Manufacturing Co., Ltd." continues a company's name
    if _NOT_IDENTITY.search(label) or _NOT_IDENTITY.search(key):
        return LabelClass.OTHER
    words = [compact(w) for w in re.split(r"[\s/()（）:：]+", label.casefold()) if w]
    # "Name and address of the manufacturer" names a party first; so does OCR's "ame and
    # address of the ..." with its first letter clipped.
    if _has(key, ADDRESS, words) and not re.search(r"name|\band\s+address\b", label.casefold()):
        return LabelClass.ADDRESS
    if "dateof" in key or key.startswith("date"):
        return LabelClass.OTHER
    if _has(key, SERIES, words) and (
        _has(key, MODEL, words) or "variant" in key or "version" in key
    ):
        return LabelClass.SERIES_MODELS
    if _has(key, ("manufacturedfor", "madefor", "producedfor", "representative"), words):
        return LabelClass.DISTRIBUTOR
    if _has(
        key,
        (
            "manufacturingsite",
            "placeofmanufacture",
            "manufacturingplant",
            "manufacturingaddress",
            "生产地址",
            "生产厂址",
        ),
        words,
    ):
        return LabelClass.FACTORY
    if _has(key, MANUFACTURER, words) or _fuzzy_has(words, ("manufacturer", "manufactured")):
        return LabelClass.MANUFACTURER
    if _has(key, APPLICANT, words) or _fuzzy_has(words, ("applicant",)):
        return LabelClass.APPLICANT
    if _has(key, FACTORY, words):
        return LabelClass.FACTORY
    if _has(key, DISTRIBUTOR, words) or _fuzzy_has(words, ("representative", "distributor")):
        return LabelClass.DISTRIBUTOR
    if _has(key, PRODUCT_TYPE_WORDS, words):
        return LabelClass.PRODUCT_NAME
    if _has(key, ("serialno", "serialnumber", "s/n", "sn"), words) and not _has(
        key, ("model",), words
    ):
        return LabelClass.OTHER
    if _has(key, MODEL, words) or _fuzzy_has(words, ("model", "modell")):
        if _has(key, _NOT_MODEL_REFERENCE, words):
            return LabelClass.OTHER
        return LabelClass.MODEL_NUMBER
    if _has(key, BRAND, words):
        return LabelClass.BRAND
    if _has(key, PRODUCT, words) or _fuzzy_has(words, ("product", "description")):
        if _PRODUCT_HEADING.intersection(words):
            return LabelClass.OTHER  # "Product Certification", "Product safety": a title
        return LabelClass.PRODUCT_NAME
    if _has(key, OTHER, words):
        return LabelClass.OTHER
    return None


#: Product-name labels that name a generic thing rather than the product: their values
#: are weaker readings, used only when no proper product-name label exists.
_WEAK_PRODUCT_LABELS = frozenset(
    {
        "equipment",
        "device",
        "apparatus",
        "goods",
        "item",
        "description",
        "designation",
        "commercialdesignation",
        "commercialname",
        "pmn",
        "productmarketingname",
        "unit",
        "equipmentcategory",
        "itemname",
        "kindofproduct",
        "kindofequipment",
    }
)


#: Model labels that name another identifier than the product's own model: an HP
#: "Regulatory Model #HSTNS-PL01" beside "Model: PS-3701-1C" is the approval's model.
_WEAK_MODEL_LABEL = re.compile(r"regulatory|\brmn\b", re.I)


def is_weak(label: str, label_class: LabelClass) -> bool:
    """True for labels whose values are only a weaker reading of their field."""
    if label_class == LabelClass.PRODUCT_NAME:
        return compact(label) in _WEAK_PRODUCT_LABELS
    if label_class == LabelClass.MODEL_NUMBER:
        return bool(_WEAK_MODEL_LABEL.search(label))
    return False
