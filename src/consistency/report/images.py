"""Crops and thumbnails for visual reports, as `data:` URIs.

The HTML report shows, next to each value, the region of the PDF page or photo where
it was read, and a thumbnail of every document.  Pictures are best effort: a file that
is missing, encrypted, corrupt or too large simply gets no picture, because a report
about a broken package must still render.  Input files are only ever read.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Callable
from pathlib import Path

import attrs
from PIL import Image, ImageDraw, ImageOps

from consistency.model import BBox, Evidence

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp", ".gif"})

#: Resolution at which PDF pages are rendered for crops (2 = 144 dpi): sharp enough to
#: read small print, small enough to keep the report light.
PDF_SCALE = 2.0
CROP_MAX_WIDTH = 520
THUMB_WIDTH = 180
MAX_RENDER_PIXELS = 12_000_000
#: Margin around a value's box, in points or pixels of the source, so the label printed
#: before a value is usually in the crop too.
CROP_MARGIN_X = 140.0
CROP_MARGIN_Y = 18.0


def data_uri(image: Image.Image, *, photo: bool = False) -> str:
    """The image as a `data:` URI: JPEG for photos (small), PNG for rendered text (sharp)."""
    buffer = io.BytesIO()
    if photo:
        image.convert("RGB").save(buffer, format="JPEG", quality=78, optimize=True)
        mime = "image/jpeg"
    else:
        image.save(buffer, format="PNG", optimize=True)
        mime = "image/png"
    return f"data:{mime};base64,{base64.b64encode(buffer.getvalue()).decode('ascii')}"


@attrs.define
class PageImages:
    """Rendered pages and decoded photos of one report run, each rendered at most once.

    `max_pixels` bounds decoded images (Pillow's decompression-bomb limit) so a hostile
    photo cannot exhaust memory while the report is written.
    """

    max_pixels: int = 80_000_000
    #: (file, page) -> (picture, pixels per source unit), or None when it cannot be made.
    _pages: dict[tuple[str, int], tuple[Image.Image, float] | None] = attrs.field(factory=dict)

    def page(self, file: str, page: int | None) -> tuple[Image.Image, float] | None:
        """The page (1-based) of a PDF, or the photo, with its pixels per point/pixel."""
        key = (file, page or 1)
        if key not in self._pages:
            self._pages[key] = self._render(Path(file), page or 1)
        return self._pages[key]

    def _render(self, path: Path, page: int) -> tuple[Image.Image, float] | None:
        suffix = path.suffix.lower()
        render: Callable[[Path, int], tuple[Image.Image, float]]
        if suffix == ".pdf":
            render = self._render_pdf
        elif suffix in IMAGE_SUFFIXES:
            render = self._open_photo
        else:
            return None
        try:
            return render(path, page)
        # Pictures are decoration: whatever goes wrong with one (missing file, encrypted
        # PDF, truncated JPEG, decompression bomb) must not stop the report.
        except Exception:
            return None

    def _render_pdf(self, path: Path, page: int) -> tuple[Image.Image, float]:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(path))
        try:
            if not 1 <= page <= len(document):
                raise ValueError(f"no page {page}")
            pdf_page = document[page - 1]
            width, height = pdf_page.get_size()
            # A hostile page can be 200 inches wide: bound the bitmap, not just the scale.
            scale = min(PDF_SCALE, math.sqrt(MAX_RENDER_PIXELS / max(width * height, 1.0)))
            rendered = pdf_page.render(scale=scale).to_pil()
            rendered.load()
            return rendered.convert("RGB"), scale
        finally:
            document.close()

    def _open_photo(self, path: Path, page: int) -> tuple[Image.Image, float]:
        previous = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = self.max_pixels
        try:
            with Image.open(path) as opened:
                # Photos are read upright (EXIF orientation applied), as OCR reads them.
                photo = ImageOps.exif_transpose(opened).convert("RGB")
        finally:
            Image.MAX_IMAGE_PIXELS = previous
        return photo, 1.0

    @staticmethod
    def _is_photo(file: str) -> bool:
        return Path(file).suffix.lower() in IMAGE_SUFFIXES

    def crop(self, evidence: Evidence) -> str | None:
        """A `data:` URI of the region where `evidence` was read, the value outlined."""
        if evidence.bbox is None:
            return None
        rendered = self.page(evidence.file, evidence.page)
        if rendered is None:
            return None
        picture, per_unit = rendered
        scale = per_unit
        if evidence.page_size and evidence.page_size[0] > 0:
            # The box is in the units of the page size the extractor saw (points for a
            # text layer, pixels of a 300 dpi render for a scan): map it to this picture.
            scale = picture.width / evidence.page_size[0]
        try:
            return _crop_uri(picture, evidence.bbox, scale, photo=self._is_photo(evidence.file))
        except Exception:  # a nonsensical box (outside the page, inverted) gets no picture
            return None

    def thumbnail(self, file: str) -> str | None:
        """A `data:` URI of the first page of a PDF or of a photo, small."""
        rendered = self.page(file, 1)
        if rendered is None:
            return None
        picture, _ = rendered
        thumb = picture.copy()
        thumb.thumbnail((THUMB_WIDTH, THUMB_WIDTH * 2))
        return data_uri(thumb, photo=self._is_photo(file))


def _crop_uri(picture: Image.Image, bbox: BBox, scale: float, *, photo: bool) -> str | None:
    x0, x1 = sorted((bbox.x0 * scale, bbox.x1 * scale))
    top, bottom = sorted((bbox.top * scale, bbox.bottom * scale))
    if x1 <= 0 or bottom <= 0 or x0 >= picture.width or top >= picture.height:
        return None
    # Labels sit left of their values, often far left behind dotted leaders: reach back
    # a good third of the page, so the crop shows what the value was printed under.
    margin_x = max(CROP_MARGIN_X * scale, picture.width * 0.35)
    margin_y = max(CROP_MARGIN_Y * scale, (bottom - top) * 0.6)
    box = (
        int(max(0.0, x0 - margin_x)),
        int(max(0.0, top - margin_y)),
        int(min(float(picture.width), x1 + margin_x / 3)),
        int(min(float(picture.height), bottom + margin_y)),
    )
    region = picture.crop(box).convert("RGB")
    outline = ImageDraw.Draw(region)
    width = max(2, region.width // 200)
    outline.rectangle(
        (x0 - box[0] - 3, top - box[1] - 3, x1 - box[0] + 3, bottom - box[1] + 3),
        outline=(220, 38, 38),
        width=width,
    )
    if region.width > CROP_MAX_WIDTH:
        ratio = CROP_MAX_WIDTH / region.width
        region = region.resize((CROP_MAX_WIDTH, max(1, round(region.height * ratio))))
    return data_uri(region, photo=photo)
