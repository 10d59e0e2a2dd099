"""OCR engines behind one `OcrEngine` protocol, and whole-image reading of scans.

- `engine.py`: the protocol, the registry (`engine(name)`) and the
  strip values engines exchange with the photo stages;
- `tesseract.py`, `rapid.py`: the two built-in engines (RapidOCR also provides the text
  detector and the direction classifier the photo stages use);
- `images.py`: decoding images safely and upright, rendering PDF pages;
- `scan.py`: `ocr_image` and `ocr_pdf_page`, whole images through one engine;
- `cache.py`: the persistent SQLite cache of OCR results.

The names the PDF extractor uses (`ocr_image`, `ocr_pdf_page`) keep their signatures.
"""

from __future__ import annotations

from consistency.extract.ocr.engine import (
    OcrEngine,
    Purpose,
    StripText,
    StripWord,
    engine,
    join_cjk_words,
)
from consistency.extract.ocr.images import open_image, render_pdf_page, to_ocr_mode
from consistency.extract.ocr.rapid import RapidOcrEngine, rapid_page
from consistency.extract.ocr.rulings import remove_rules
from consistency.extract.ocr.scan import (
    engine_for,
    languages_for,
    ocr_image,
    ocr_pdf_page,
)
from consistency.extract.ocr.tesseract import TESSERACT_MISSING, TesseractEngine

__all__ = [
    "TESSERACT_MISSING",
    "OcrEngine",
    "Purpose",
    "RapidOcrEngine",
    "StripText",
    "StripWord",
    "TesseractEngine",
    "engine",
    "engine_for",
    "join_cjk_words",
    "languages_for",
    "ocr_image",
    "ocr_pdf_page",
    "open_image",
    "rapid_page",
    "remove_rules",
    "render_pdf_page",
    "to_ocr_mode",
]
