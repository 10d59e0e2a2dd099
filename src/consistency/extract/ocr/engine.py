"""The OCR engine contract, the registry of engines, and the values they exchange.

Every engine does two things behind one `OcrEngine` protocol:

- `read(image)`: a whole image (a scanned page), words with boxes in its pixels;
- `recognise(strips)`: text regions already found by a detector, each cut out of the
  photo and straightened into a horizontal strip, read in **one** engine call for all
  strips of a photo.  Each strip's words come back with their horizontal extent as a
  fraction of the strip, which the photo stages map back onto the region's quad.

Callers never branch on the engine's class: what differs between engines (psm, how a
region is read, what identifies a version for the cache) lives in the engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

import attrs

from consistency.errors import EnvironmentProblem
from consistency.words import Line, PageText, Word

if TYPE_CHECKING:
    from PIL import Image

    from consistency.config import Config

Purpose = Literal["photo", "scan"]

_CJK_RANGES = (
    (0x3000, 0x303F),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFF00, 0xFFEF),
)


def _spans(values: Iterable[StripWord]) -> tuple[StripWord, ...]:
    """Converter that lets attrs accept any iterable (and mypy check the items)."""
    return tuple(values)


@attrs.frozen
class StripWord:
    """One word read on a strip: its text, where it lies along the strip (0-1), confidence."""

    text: str
    start: float  #: left edge as a fraction of the strip's width
    end: float  #: right edge as a fraction of the strip's width
    confidence: float


@attrs.frozen
class StripText:
    """What an engine read on one strip: its words left to right and the strip's confidence.

    `confidence` is the character-weighted confidence of the words (0 when nothing was
    read), so a strip with one sure short word and one doubtful long one is doubtful.
    """

    words: tuple[StripWord, ...] = attrs.field(converter=_spans)
    confidence: float = 0.0
    engine: str = ""

    @property
    def text(self) -> str:
        """The strip's words joined by single spaces."""
        return " ".join(w.text for w in self.words)

    @property
    def weakest(self) -> float:
        """The lowest word confidence (0 when nothing was read): a value is as sure as it."""
        return min((w.confidence for w in self.words), default=0.0)


def weighted_confidence(words: Sequence[StripWord]) -> float:
    """Character-weighted mean confidence of some words (0.0 for none)."""
    chars = sum(len(w.text) for w in words)
    if not chars:
        return 0.0
    return sum(w.confidence * len(w.text) for w in words) / chars


def split_run(text: str, confidence: float) -> list[StripWord]:
    """Split one recognised text run into words placed in proportion to character counts.

    Recognisers that return a whole run (RapidOCR) give no word positions; characters of
    a printed line are close to evenly spaced, which is enough to tell a label from its
    value on the same line.
    """
    total = max(len(text), 1)
    words: list[StripWord] = []
    pos = 0
    for token in text.split():
        start = text.index(token, pos)
        pos = start + len(token)
        words.append(StripWord(token, start / total, pos / total, confidence))
    return words


@runtime_checkable
class OcrEngine(Protocol):
    """An OCR engine: reads whole images, and strips cut from a photo in one call."""

    @property
    def name(self) -> str:
        """The engine's name as configured (`tesseract`, `rapidocr`)."""
        ...

    def version(self) -> str:
        """The engine's version for people (benchmarks, debug output)."""
        ...

    def identity(self) -> str:
        """What identifies the engine's output for cache keys; cheap (no model loading)."""
        ...

    def for_purpose(self, purpose: Purpose) -> OcrEngine:
        """The engine set up for photos or for scanned pages (tesseract's psm differs)."""
        ...

    def warm_up(self) -> None:
        """Load models or check the installation now, so that stage timings exclude it."""
        ...

    def read(
        self, path_or_image: Path | Image.Image, *, config: Config, languages: str
    ) -> PageText:
        """Words of the whole image, boxes in its pixels, confidence 0-1, grouped into lines."""
        ...

    def recognise(
        self, strips: Sequence[Image.Image], *, config: Config, languages: str
    ) -> list[StripText]:
        """The text of each strip (one engine call for all of them), in the same order."""
        ...


def is_cjk(char: str) -> bool:
    """True for a Chinese/Japanese character or full-width punctuation."""
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in _CJK_RANGES)


#: Largest gap, in glyph heights, between two Chinese words that are one word: tesseract
#: leaves a fraction of a glyph between the glyphs it splits; table columns are further.
CJK_JOIN_GAP = 1.0


def _glyph_gap(left: Word, right: Word) -> float:
    """The horizontal gap between two words in units of the taller one's height."""
    height = max(left.bbox.bottom - left.bbox.top, right.bbox.bottom - right.bbox.top, 1e-6)
    return (right.bbox.x0 - left.bbox.x1) / height


def join_cjk_words(line: Line) -> Line:
    """Join neighbouring words that are both Chinese: tesseract splits CJK text per glyph.

    Chinese is written without spaces, so `型 号 ：` is the label `型号：`, even spread
    over a label column (`型      号`).  Two words of several glyphs each further apart
    than `CJK_JOIN_GAP` glyph heights stay apart: that gap is a column's, between a
    Chinese label and its Chinese value (`制造商名称    东莞市…有限公司`).
    """
    merged: list[Word] = []
    for word in line.words:
        if (
            merged
            and word.text
            and merged[-1].text
            and is_cjk(merged[-1].text[-1])
            and is_cjk(word.text[0])
            and (
                _glyph_gap(merged[-1], word) <= CJK_JOIN_GAP
                or len(merged[-1].text) == 1
                or len(word.text) == 1
            )
        ):
            prev = merged[-1]
            merged[-1] = Word(
                prev.text + word.text,
                prev.bbox.union(word.bbox),
                min(prev.confidence, word.confidence),
            )
        else:
            merged.append(word)
    return Line(tuple(merged), line.page)


_ENGINES: dict[str, OcrEngine] = {}


def register(engine: OcrEngine) -> OcrEngine:
    """Make `engine` selectable by its name (built-ins register themselves on import)."""
    _ENGINES[engine.name] = engine
    return engine


def engine(name: str) -> OcrEngine:
    """The OCR engine registered under `name` (`tesseract`, `rapidocr`)."""
    try:
        return _ENGINES[name.lower()]
    except KeyError:
        raise EnvironmentProblem(
            f"unknown OCR engine '{name}' (known: {', '.join(sorted(_ENGINES))})"
        ) from None
