"""A second reader where tesseract reads scans badly: Chinese pages and identifiers.

Tesseract stays the engine of scanned pages: its word boxes are what the label-value
layer pairs best on ruled English tables (read by RapidOCR alone, the shared real set
falls from 0.909 to 0.879 of fields).  But it is weak in two places RapidOCR's PP-OCR
models are strong, and there RapidOCR is asked for a second reading:

- **Pages it cannot read** (`better_page`): `chi_sim` reads Traditional Chinese, and
  Chinese under seals and guilloche, with word confidences of 0-0.3 (a Taiwan NCC
  certificate came out as `耕愉股份有限公司` for the issuer and `Re RFK CLM) 股份有限公司`
  for the applicant), and there is no Japanese model at all (`製品の名称` comes out as
  `Bin OZ Pp`).  Such a page is read again by RapidOCR and the better reading kept.
- **Identifiers** (`recheck`): in a model number read by OCR, O/0 and l/1/I are often a
  coin toss for tesseract in narrow fonts (`ACRO1B1E`, `Vl.x`).  The value's
  neighbourhood on the page is read again by RapidOCR; where the two readings differ
  only in characters OCR confuses, RapidOCR's sure reading is taken, and the evidence
  says so in its note.  Readings that differ in anything else are left as they were:
  the second reader corrects confusions, it never invents a value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import attrs
from PIL import Image
from rapidfuzz.distance import Levenshtein

from consistency.config import Config
from consistency.extract.ocr import ppocr
from consistency.extract.ocr.engine import engine, is_cjk
from consistency.extract.ocr.quads import cut_strip, reading_order
from consistency.fields import model_number
from consistency.fields.candidates import find_candidates
from consistency.fields.vocabulary import LabelClass
from consistency.model import BBox, Evidence, Field, HowRead
from consistency.words import PageText

#: The second reader's engine name (`consistency.extract.ocr.engine` registry).
SECOND_READER = "rapidocr"
#: A page is Chinese enough to be read again with at least this many Chinese characters.
CJK_MIN_CHARS = 12
#: ... and when tesseract's character-weighted confidence on them is below this: on clean
#: Simplified Chinese it is 0.8-0.95; on Traditional Chinese or under seals, 0-0.4.
CJK_WEAK = 0.55
#: Bump when what makes a page weak, or a second reading better, changes (cache keys).
SECOND_VERSION = 2
#: Lines of at least this many characters count in `weak_lines`.
MIN_LINE_CHARS = 3
#: A line whose weakest word is below this confidence is weak: tesseract gives clean
#: print 0.85-0.96 and its debris of a script it has no model for 0-0.4.
WEAK_WORD = 0.45
#: A page is read again with at least this many weak lines, making this share of its lines.
WEAK_LINES = 4
WEAK_SHARE = 0.25
#: The identity fields whose count compares two readings of a page.
_IDENTITY = frozenset(
    {
        LabelClass.PRODUCT_NAME,
        LabelClass.MODEL_NUMBER,
        LabelClass.MANUFACTURER,
        LabelClass.APPLICANT,
    }
)
#: The second reading replaces the page only when its confidence is higher by this much.
PAGE_MARGIN = 0.15
#: A re-read identifier is taken only when RapidOCR is at least this sure of it.
RECHECK_SURE = 0.9
#: A value the first reader was less sure of than this is replaced by a sure close
#: reading, not only by one that differs in characters OCR confuses.
UNSURE_FIRST = 0.7
#: The neighbourhood read again around a value, in line heights (above/below, left/right):
#: enough to hold the whole line when the scan was straightened before the first reading.
PAD_LINES_Y = 0.8
PAD_LINES_X = 1.5
#: The fields whose values are identifiers, where one confused character is a mismatch.
RECHECKED = (Field.MODEL_NUMBER,)
#: A value shorter than this (`V1`) is matched only against whole runs of the second
#: reading, never inside a longer one, where a two-character fold matches by chance.
SHORT_VALUE = 4


def _char_confidence(page: PageText) -> tuple[int, float]:
    """How many characters a page has, and their character-weighted confidence."""
    chars = sum(len(w.text) for line in page.lines for w in line.words)
    weighted = sum(len(w.text) * w.confidence for line in page.lines for w in line.words)
    return chars, (weighted / chars if chars else 0.0)


def chinese_lines(page: PageText) -> tuple[int, float]:
    """The Chinese characters of a page, and how surely the lines holding them were read:
    each line's weakest word, weighted by the line's Chinese characters.

    The weakest word, because tesseract's failure on Chinese it cannot read is Latin
    debris beside sure words (`请者: SBS RAH Ch) 股份有限公司`): the debris is no
    Chinese, yet it is the line's Chinese that was lost.
    """
    cjk = 0
    weighted = 0.0
    for line in page.lines:
        count = sum(1 for word in line.words for ch in word.text if is_cjk(ch))
        if count >= 2:
            cjk += count
            weighted += count * line.confidence
    return cjk, (weighted / cjk if cjk else 0.0)


def weak_chinese(page: PageText) -> bool:
    """Whether a page has Chinese text that its engine read with low confidence."""
    chars, confidence = chinese_lines(page)
    return chars >= CJK_MIN_CHARS and confidence < CJK_WEAK


def weak_lines(page: PageText) -> bool:
    """Whether many of a page's lines hold a word read with low confidence.

    tesseract has no Japanese here and no Traditional Chinese: a label column in them
    comes out as Latin debris (`Bin OZ Pp Sorvane WiFi Smart Socket` for
    `製品の名称 Sorvane WiFi Smart Socket`), beside values read well.
    """
    lines = [line for line in page.lines if len(line.text) >= MIN_LINE_CHARS]
    weak = sum(1 for line in lines if line.confidence < WEAK_WORD)
    return weak >= WEAK_LINES and weak >= WEAK_SHARE * len(lines)


def identity_fields(page: PageText) -> int:
    """How many identity fields (product, model, maker, applicant) a page's text yields."""
    classes = {c.label_class for c in find_candidates(page.lines)}
    return len(classes & _IDENTITY)


def available(config: Config) -> bool:
    """Whether a second reader is worth asking: installed, and not the engine that read."""
    if SECOND_READER in config.ocr.scan_engines[:1]:
        return False
    try:
        engine(SECOND_READER)
    except Exception:
        return False
    return True


def identity(config: Config) -> str:
    """The second reader's identity and when it is asked, for cache keys ("" if never)."""
    if not available(config):
        return ""
    return f"{engine(SECOND_READER).identity()} second/{SECOND_VERSION}"


def better_page(page: PageText, image: Image.Image, config: Config) -> PageText:
    """The page as RapidOCR reads `image` (same pixels) when tesseract read it weakly and
    RapidOCR's reading is better; otherwise `page` unchanged.

    Better: it yields more identity fields, or as many and a character confidence higher
    by `PAGE_MARGIN`.  Never fewer: RapidOCR's line runs lose the columns of some layouts
    (a caption layout's fields all went), so its sure reading alone is not enough.
    """
    if not (weak_chinese(page) or weak_lines(page)) or not available(config):
        return page
    try:
        second = engine(SECOND_READER).read(image, config=config, languages=config.ocr.languages)
    except Exception:
        return page
    first_fields, second_fields = identity_fields(page), identity_fields(second)
    if second_fields < first_fields:
        return page
    if second_fields == first_fields:
        _, first_confidence = _char_confidence(page)
        _, second_confidence = _char_confidence(second)
        if second_confidence < first_confidence + PAGE_MARGIN:
            return page
    return PageText(page.page, page.width, page.height, second.lines, second.engine)


def _substitute(raw: str, corrected: str) -> str:
    """`raw` with its letters and digits replaced, in order, by those of `corrected`.

    Separators and case of `raw` stay (`Vl.x` + `V1X` -> `V1.x`): only characters that
    differ beyond case are taken from the correction.
    """
    out: list[str] = []
    chars = iter(corrected)
    for ch in raw:
        if ch.isalnum():
            new = next(chars, ch)
            out.append(ch if new.upper() == ch.upper() else new)
        else:
            out.append(ch)
    return "".join(out)


def confusion_fix(value: str, second_reading: str) -> str | None:
    """The value corrected by a second reading of its neighbourhood, or None.

    A correction exists when the second reading holds a run of letters and digits that
    differs from the value's only in characters OCR confuses (O/0, I/1/l, S/5, B/8...),
    and does differ.  Separators in the second reading are ignored, so the run may be
    split or joined differently.
    """
    wanted = model_number.normalise(value)
    if not wanted:
        return None
    folded_wanted = model_number.ocr_fold(wanted)
    if len(folded_wanted) != len(wanted):  # RN->M, VV->W change lengths: no position map
        return None
    tokens = [t for t in (model_number.normalise(t) for t in second_reading.split()) if t]
    joined = "".join(tokens)
    starts, ends, position = [], set(), 0
    for token in tokens:
        starts.append(position)
        position += len(token)
        ends.add(position)
    windows = [
        joined[start : start + len(wanted)]
        for start in starts
        if start + len(wanted) <= len(joined)
        and (len(wanted) >= SHORT_VALUE or start + len(wanted) in ends)
    ]
    if wanted in windows:
        return None  # the second reader agrees
    for window in windows:
        folded = model_number.ocr_fold(window)
        if len(folded) == len(window) and folded == folded_wanted:
            return _substitute(value, window)
    return None


def close_fix(value: str, second_reading: str) -> str | None:
    """The second reading of a value the first reader was unsure of, or None.

    When the first reading is doubtful (`Ft-1762¥`, tesseract at 0.4) and the second is
    sure (`FI-1762Y`), the closest word or pair of words of the second reading is taken
    if it differs from the value in at most a quarter of its characters (two at least):
    the same value read better, never another one.
    """
    wanted = model_number.normalise(value)
    if len(wanted) < SHORT_VALUE:
        return None
    tokens = second_reading.split()
    spans = [tokens[i : i + n] for n in (1, 2) for i in range(len(tokens) - n + 1)]
    allowed = max(2, len(wanted) // 4)
    best: tuple[int, str] | None = None
    for span in spans:
        text = " ".join(span)
        found = model_number.normalise(text)
        if abs(len(found) - len(wanted)) > 1:
            continue
        edits = Levenshtein.distance(found, wanted)
        if edits == 0:
            return None  # the second reader agrees
        if edits <= allowed and (best is None or edits < best[0]):
            best = (edits, text.strip(".,;:"))
    return best[1] if best is not None else None


Reader = Callable[[int | None, BBox], Sequence[tuple[str, float]]]


def _padded(box: BBox) -> BBox:
    line = max(box.bottom - box.top, 1.0)
    return BBox(
        max(0.0, box.x0 - PAD_LINES_X * line),
        max(0.0, box.top - PAD_LINES_Y * line),
        box.x1 + PAD_LINES_X * line,
        box.bottom + PAD_LINES_Y * line,
    )


def recheck(evidence: Sequence[Evidence], read_around: Reader) -> list[Evidence]:
    """Evidence with OCR-read identifiers corrected by a second reading where it is sure.

    `read_around(page, box)` returns the second reader's text runs and confidences in
    the neighbourhood of `box` on `page`.  Each neighbourhood is read once.
    """
    out: list[Evidence] = []
    seen: dict[tuple[int | None, BBox], Sequence[tuple[str, float]]] = {}
    for item in evidence:
        if item.field not in RECHECKED or item.how_read != HowRead.OCR or item.bbox is None:
            out.append(item)
            continue
        key = (item.page, item.bbox)
        if key not in seen:
            try:
                seen[key] = read_around(item.page, item.bbox)
            except Exception:
                seen[key] = ()
        fixed, sure = None, 0.0
        for text, confidence in seen[key]:
            if confidence < RECHECK_SURE:
                continue
            if agrees(item.raw, text):
                fixed, sure = item.raw, confidence
                break
            fixed = confusion_fix(item.raw, text)
            if fixed is None and item.confidence < UNSURE_FIRST:
                fixed = close_fix(item.raw, text)
            if fixed is not None:
                sure = confidence
                break
        if fixed is None:
            out.append(item)
        elif fixed == item.raw:
            # Two engines read the same characters: as sure as the surer of them.
            out.append(attrs.evolve(item, confidence=max(item.confidence, sure)))
        else:
            note = f"read again by {SECOND_READER}: {item.raw!r} -> {fixed!r}"
            out.append(
                attrs.evolve(
                    item,
                    raw=fixed,
                    normalised=model_number.normalise(fixed),
                    confidence=max(item.confidence, sure),
                    note=f"{item.note}; {note}" if item.note else note,
                )
            )
    return out


def agrees(value: str, second_reading: str) -> bool:
    """Whether the second reading holds the value's letters and digits as a word, or as
    two words run together (`ZS 1853` for `ZS1853`)."""
    wanted = model_number.normalise(value)
    tokens = [model_number.normalise(t) for t in second_reading.split()]
    return bool(wanted) and any(
        "".join(tokens[i : i + n]) == wanted for n in (1, 2, 3) for i in range(len(tokens))
    )


#: The detector enlarges a region only up to this short side (see `read_around`).
DETECT_MIN_SIDE = 64
#: The scale of a re-read region: RapidOCR's recogniser reads 48 px high strips, so a
#: 10 pt line at 300 dpi (42 px) is about what it wants.
RECHECK_DPI = 300


def image_reader(
    region_image: Callable[[int | None, BBox], Image.Image | None], config: Config
) -> Reader:
    """A `Reader` over page images: `region_image(page, box)` gives the image of a
    region of a page (`box` in the units of evidence boxes: PDF points, or pixels)."""
    del config  # RapidOCR reads Chinese and English with one model: no languages to pass

    def read_around(page: int | None, box: BBox) -> Sequence[tuple[str, float]]:
        image = region_image(page, _padded(box))
        if image is None or image.width < 8 or image.height < 8:
            return ()
        rgb = image.convert("RGB")
        # Detect at the region's own size (the text is at reading size already; enlarged
        # to the detector's usual 736 px the region costs ten times more), then read.
        quads = [reading_order(r.corners) for r in ppocr.detect(rgb, min_side=DETECT_MIN_SIDE)]
        return ppocr.recognise([cut_strip(rgb, quad) for quad in quads])

    return read_around


def pdf_region(path: Path, page: int | None, box: BBox) -> Image.Image | None:
    """One region of a PDF page rendered at `RECHECK_DPI` (only the region: a whole page
    at 300 dpi costs ten times more)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        number = (page or 1) - 1
        if not 0 <= number < len(pdf):
            return None
        pdf_page = pdf[number]
        width, height = pdf_page.get_size()
        scale = RECHECK_DPI / 72
        if pdf_page.get_rotation() % 360:
            whole: Image.Image = pdf_page.render(scale=scale).to_pil()
            return whole.crop(
                (
                    round(box.x0 * scale),
                    round(box.top * scale),
                    round(min(box.x1, width) * scale),
                    round(min(box.bottom, height) * scale),
                )
            )
        crop = (
            max(0.0, box.x0),
            max(0.0, height - box.bottom),
            max(0.0, width - box.x1),
            max(0.0, box.top),
        )
        region: Image.Image = pdf_page.render(scale=scale, crop=crop).to_pil()
        return region
    finally:
        pdf.close()
