"""The text encoding of a delimited listing, by priors first and statistics second.

Seller Central writes Western exports in cp1252, Chinese sellers' tools GB18030 and
Japanese ones Shift-JIS (cp932), Excel "Unicode text" UTF-16 with or without a BOM; a
wrong guess turns every title into mojibake, so the order of the tests below matters.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import charset_normalizer

from consistency.errors import DocumentError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


#: Characters of decoded text looked at to judge which script it is.
_SAMPLE = 262_144

# Marks in the English titles of Chinese sellers' GB18030 exports (`Miravo™`, `BRIVANO®`).
# GB18030 spells most of them in four bytes (`81 30 85 33` is ®), a pattern Western bytes
# do not make, so they count for Chinese rather than against it.
_WESTERN_MARKS = frozenset("™®©–€½¼¾²³µ•")


def _is_kana(char: str) -> bool:
    return "\u3040" <= char <= "\u30ff"


def _is_cjk(char: str) -> bool:
    """Ideographs, kana, CJK punctuation and full-width forms: what CJK text is made of."""
    return (
        "\u3000" <= char <= "\u30ff"
        or "\u4e00" <= char <= "\u9fff"
        or "\uff01" <= char <= "\uff60"
        or "\uffe0" <= char <= "\uffe6"
    )


def _encodes(char: str, encoding: str) -> bool:
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _share_common(text: str, common: Callable[[str], bool]) -> tuple[int, float]:
    """How many non-ASCII characters `text` has, and the share of them `common` accepts."""
    foreign = [c for c in text if ord(c) > 0x7F]
    if not foreign:
        return 0, 0.0
    return len(foreign), sum(1 for c in foreign if common(c)) / len(foreign)


def _clustered(text: str) -> float:
    """Share of non-ASCII characters next to another one.

    Western text has isolated accented letters ("Café"); CJK bytes read as cp1252
    come in runs ("²úÆ·Ãû³Æ"), which is what tells them apart.
    """
    foreign = [i for i, c in enumerate(text) if ord(c) > 0x7F]
    if not foreign:
        return 0.0
    marks = set(foreign)
    return sum(1 for i in foreign if i - 1 in marks or i + 1 in marks) / len(foreign)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """The text of a listing and the encoding it was in.

    Priors before statistics: a BOM decides; strict UTF-8 next (legacy bytes almost
    never form valid UTF-8); then cp1252, the encoding of Seller Central's Western
    exports, unless the bytes read as plausible Chinese (GB18030) or Japanese
    (Shift-JIS/cp932) text.  charset-normalizer settles what the priors cannot.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data, encoding)
            if text is None:
                raise DocumentError(
                    str(path),
                    f"the file starts with a {encoding} byte-order mark "
                    "but its text is not valid in that encoding",
                )
            return text.lstrip("\ufeff"), encoding
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if b"\x00" in data[:65536]:
        raise DocumentError(
            str(path),
            "this is a binary file, not a listing export "
            "(expected .xlsx/.xlsm, tab-separated .txt, .csv or .json)",
        )
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    western = _strict(data, "cp1252")
    japanese = _strict(data, "cp932")
    chinese = _strict(data, "gb18030")
    # Statistics on the head of the text: a 100 MB export needs no more to show its script.
    jp_count, jp_share = _share_common(
        (japanese or "")[:_SAMPLE], lambda c: _is_cjk(c) and _encodes(c, "shift_jis")
    )
    cn_count, cn_share = _share_common(
        (chinese or "")[:_SAMPLE],
        lambda c: (_is_cjk(c) and not _is_kana(c) and _encodes(c, "gb2312")) or c in _WESTERN_MARKS,
    )
    has_kana = japanese is not None and any(_is_kana(c) for c in japanese[:_SAMPLE])
    jp_plausible = japanese is not None and jp_count >= 2 and jp_share >= 0.95
    cn_plausible = chinese is not None and cn_count >= 2 and cn_share >= 0.95
    if jp_plausible and has_kana and not (cn_plausible and not _has_kana_bytes(chinese)):
        return japanese or "", "cp932"
    western_clustered = western is None or _clustered(western[:_SAMPLE]) >= 0.5
    if western_clustered and (jp_plausible or cn_plausible):
        if jp_plausible and cn_plausible:
            best = charset_normalizer.from_bytes(data, cp_isolation=["gb18030", "cp932"]).best()
            if best is not None and best.encoding == "cp932":
                return japanese or "", "cp932"
        if cn_plausible:
            return chinese or "", "gb18030"
        return japanese or "", "cp932"
    if western is not None:
        return western, "cp1252"
    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        return str(best), best.encoding
    raise DocumentError(
        str(path),
        "cannot tell the text encoding of this file; save it as "
        "UTF-8 (in Excel: Save As > CSV UTF-8)",
    )


def _has_kana_bytes(chinese: str | None) -> bool:
    """GB2312 also encodes kana; Chinese text read as GB18030 holding kana is Japanese."""
    return chinese is not None and any(_is_kana(c) for c in chinese[:_SAMPLE])


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM (some Excel "Unicode text" saves): NULs on every other byte."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    for share_zero, share_other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if share_zero > 0.4 and share_other < 0.05:
            text = _strict(data, encoding)
            if text is not None:
                return text, encoding
    return None
