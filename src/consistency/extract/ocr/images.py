"""Images as the OCR engines want them: decoded safely, upright, in RGB or grey.

`open_image` applies the EXIF orientation (the first orientation stage of a photo) and
Pillow's decompression-bomb limit; `render_pdf_page` renders one page of a PDF for OCR
(the rulings of scanned pages are whitened in `consistency.extract.ocr.rulings`).
"""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from consistency.config import Config
from consistency.errors import DocumentError


def open_image(path: Path, config: Config) -> Image.Image:
    """Open and decode an image, upright per its EXIF orientation, as RGB or L.

    Pillow's decompression-bomb limit is `limits.max_image_pixels`; an image over it,
    or one that is not an image at all, is a `DocumentError` naming the problem.
    """
    Image.MAX_IMAGE_PIXELS = config.limits.max_image_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as raw:
                raw.load()
                # Copied only when EXIF asks for a turn: a 12 MP photo is 36 MB.
                upright = ImageOps.exif_transpose(raw) if _turned(raw) else raw
                image = to_ocr_mode(upright)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise DocumentError(
            str(path),
            f"image is larger than {config.limits.max_image_pixels:,} pixels "
            "(limits.max_image_pixels); a photo this large is refused as a possible "
            "decompression bomb",
            limit="max_image_pixels",
        ) from None
    except FileNotFoundError:
        raise DocumentError(str(path), "file not found") from None
    except UnidentifiedImageError:
        raise DocumentError(
            str(path),
            "not an image Pillow can read (damaged or another format under an image name)",
        ) from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise DocumentError(str(path), f"cannot decode the image: {exc}") from None
    return image


def _turned(image: Image.Image) -> bool:
    """True when the EXIF orientation asks for the image to be turned or mirrored."""
    return image.getexif().get(0x0112, 1) not in (0, 1)


def to_ocr_mode(image: Image.Image) -> Image.Image:
    """RGB or L, whatever the input (alpha over white, 16-bit, CMYK, palette)."""
    if image.mode in ("RGB", "L"):
        return image
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit greys: scale to 8 bits by the image's own range, not by clipping.
        import numpy as np

        arr = np.asarray(image, dtype=np.float64)
        lo, hi = float(arr.min()), float(arr.max())
        span = hi - lo or 1.0
        return Image.fromarray(((arr - lo) * 255.0 / span).astype(np.uint8), "L")
    if image.mode in ("1", "F"):
        return image.convert("L")
    return image.convert("RGB")


def render_pdf_page(path: Path, page_number: int, dpi: int) -> tuple[Image.Image, float, float]:
    """Render one 1-based page in grayscale; returns (image, width_pt, height_pt)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise DocumentError(str(path), f"cannot open the PDF: {exc}") from None
    try:
        if not 1 <= page_number <= len(pdf):
            raise DocumentError(str(path), f"has no page {page_number} ({len(pdf)} pages)")
        page = pdf[page_number - 1]
        width_pt, height_pt = page.get_size()
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        image = bitmap.to_pil().convert("L")
        page.close()
    finally:
        pdf.close()
    return image, float(width_pt), float(height_pt)
