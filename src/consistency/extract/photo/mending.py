"""A maker's name as OCR left it on a photo, mended: a misread label cut, lost spaces back.

OCR glues a Chinese label to the name after it and misreads it (`生产老名标广东美的...`
for 生产者名称), or keeps one character of it and makes noise of the rest
(`1产省公行广东美的...`); it loses the spaces of a long name set tight
(`ShenzhenSonoffTechnologiesCo.,Ltd.`).  The grammar reads such a line as it is; the
photo layer mends what it knows OCR did, and only that: a name that merely resembles a
damaged one is returned as it is.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from consistency.fields.labels import MANUFACTURER as MANUFACTURER_LABELS
from consistency.fields.relations import CJK_LABEL_END
from consistency.fields.values import LEGAL_FORM, company_like, has_cjk

#: Chinese maker labels a company value may carry glued to its front, misread
#: (`生产老名标` for 生产者名称): the vocabulary's Chinese maker labels, alone and with
#: 名称 ("name") after them.
_CJK_MAKER_LABELS = tuple(
    sorted(
        {
            label + tail
            for label in MANUFACTURER_LABELS
            if all("\u3040" <= ch <= "\u9fff" for ch in label)
            for tail in ("", "名称", "名稱")
            if len(label + tail) >= 4
        }
    )
)
#: Every Chinese maker label, however short (制造商, 生产者), for an exact match.
_CJK_MAKER_WORDS = tuple(
    label for label in MANUFACTURER_LABELS if all("\u3040" <= ch <= "\u9fff" for ch in label)
)
#: Characters a misread label may differ by: two in five, and two at most.
_LABEL_EDITS_PER_CHAR = 0.4
_MAX_LABEL_EDITS = 2


def without_misread_label(value: str) -> str:
    """A company value without a Chinese maker label OCR glued to it and misread.

    `生产老名标广东美的制冷设备有限公司` is the label 生产者名称 read with two characters
    wrong, then the name; a value that starts with a run close to a maker label (a
    quarter of its characters wrong at most) and goes on to a whole company keeps only
    the company.  Anything else is returned as it is.
    """
    text = value.strip()
    if not text or not has_cjk(text[0]):
        return (has_cjk(text) and _from_place_name(text)) or value
    exact = [
        label + tail
        for label in _CJK_MAKER_WORDS
        for tail in ("名称", "名稱", "")
        if text.startswith(label + tail)
    ]
    if exact:
        rest = text[len(max(exact, key=len)) :].lstrip(":： ")
        return rest if company_like(rest) else value
    best: tuple[int, int, str] | None = None
    for label in _CJK_MAKER_LABELS:
        allowed = min(_MAX_LABEL_EDITS, int(len(label) * _LABEL_EDITS_PER_CHAR))
        for size in (len(label) - 1, len(label), len(label) + 1):
            head, rest = text[:size], text[size:].lstrip(":： ")
            edits = Levenshtein.distance(head, label)
            if (
                edits <= allowed
                and head[:1] == label[:1]
                and head[-1:] in CJK_LABEL_END
                and company_like(rest)
                and sum(has_cjk(ch) for ch in rest) >= 4
            ):
                rank = (edits, abs(size - len(label)), rest)
                best = rank if best is None or rank[:2] < best[:2] else best
    if best is not None:
        return best[2]
    return _from_place_name(text) or value


#: Where a Chinese company is registered, which its name starts with: a province, region
#: or municipality, or a city written with 市 (深圳市, 东莞市).
_CN_PLACE = re.compile(
    r"(?:北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|"
    r"湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门|"
    r"[\u4e00-\u9fff]{2}市)"
)
#: Characters of the Chinese maker labels (生产者名称, 制造商, 生产企业, 生产厂家...).
_MAKER_LABEL_CHARS = frozenset("生产者名称制造商厂家企业单位")
#: A misread label before the place is this short at most.
_MAX_MISREAD_LABEL = 6


def _from_place_name(text: str) -> str | None:
    """The company that starts at its registration place after a misread label, or None.

    `1产省公行广东美的制冷设备有限公司`: OCR kept one character of 生产者名称 (产) and made
    noise of the rest; the name itself starts at 广东.  Only a short head holding a
    maker label's character, before a place and a whole company, is cut.
    """
    place = _CN_PLACE.search(text, 1)
    if place is None or place.start() > _MAX_MISREAD_LABEL:
        return None
    head, rest = text[: place.start()], text[place.start() :]
    if not _MAKER_LABEL_CHARS & set(head) or not company_like(rest) or _CN_PLACE.match(text):
        return None
    return rest


#: A company name OCR read with its spaces lost has at least this many capitalised parts
#: run together ("ShenzhenSonoffTechnologies"), each at least this long: "TP-Link",
#: "DeLonghi" or "McDonald" are names printed that way, not run together.
_RUN_TOGETHER_PARTS = 3
_RUN_TOGETHER_PART_CHARS = 3
_CAPITALISED_PART = re.compile(r"[A-Z][a-z]{2}")


def respaced_company(name: str) -> str:
    """An OCR'd company name with the spaces it lost put back at its case changes.

    `ShenzhenSonoffTechnologiesCo.,Ltd.` is `Shenzhen Sonoff Technologies Co.,Ltd.`: a
    name with a legal form whose words are capitalised parts run together, three at least
    and none shorter than three letters.  Other names are returned as they are.
    """
    if not company_like(name):
        return name
    out = []
    for word in name.split(" "):
        parts = re.split(r"(?<=[a-z])(?=[A-Z])", word)
        names = [p for p in parts if not LEGAL_FORM.match(p)]
        if (
            len(parts) >= _RUN_TOGETHER_PARTS
            and len(names) >= _RUN_TOGETHER_PARTS - 1
            and parts[: len(names)] == names
            and all(_CAPITALISED_PART.match(p[:_RUN_TOGETHER_PART_CHARS]) for p in names)
        ):
            out.extend(parts)
        else:
            out.append(word)
    return " ".join(out)
