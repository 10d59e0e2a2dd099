"""Tesseract through pytesseract: whole pages, and a photo's text regions as one mosaic.

Measured facts this module relies on (issue 3): the Debian tesseract is built with
OpenMP and runs 2-9x slower on 2 cores unless `OMP_THREAD_LIMIT=1`; pytesseract
re-encodes a PIL image as PNG (1.5-2 s at 12 MP) where a file path costs nothing.

Regions found by a detector are read without a process per region (issue 14): every
strip is scaled to one height, stacked into a single mosaic image with white gaps, and
tesseract reads the mosaic once as a uniform block (`--psm 6`).  Each word is given
back to the strip whose row holds its centre.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs
from PIL import Image, ImageOps

from consistency.config import Config
from consistency.errors import DocumentError, EnvironmentProblem
from consistency.extract.ocr.engine import (
    Purpose,
    StripText,
    StripWord,
    join_cjk_words,
    register,
    weighted_confidence,
)
from consistency.model import BBox
from consistency.words import PageText, Word, group_lines

TESSERACT_MISSING = (
    "tesseract is not installed: run ./scripts/bootstrap.sh or sudo apt-get install "
    "tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim"
)

#: Height every strip is scaled to in the mosaic: the text inside a detected region is
#: about 60 % of the region, so ~38 px capitals - tesseract's best size (20-30 px x-height).
MOSAIC_ROW_PX = 64
#: White space between mosaic rows and around them, so that rows never touch.
MOSAIC_GAP_PX = 24
#: A strip is never enlarged more than this: past it, upscaling only invents blur.
MOSAIC_MAX_UPSCALE = 4.0
#: A strip whose median grey is darker than this is light print on a dark ground; it is
#: inverted, because tesseract reads dark on light far better.
DARK_GROUND = 110


@contextmanager
def single_thread_openmp() -> Iterator[None]:
    """Run the tesseract child with OMP_THREAD_LIMIT=1 unless the user set it.

    pytesseract has no way to pass an environment to its subprocess, so the variable is
    set for the call and restored afterwards.
    """
    previous = os.environ.get("OMP_THREAD_LIMIT")
    if previous is None:
        os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("OMP_THREAD_LIMIT", None)


@functools.cache
def tesseract_version() -> str:
    """`tesseract --version`'s number; raises `EnvironmentProblem` when it is missing."""
    import pytesseract

    if shutil.which(str(pytesseract.pytesseract.tesseract_cmd)) is None:
        tesseract_version.cache_clear()
        raise EnvironmentProblem(TESSERACT_MISSING)
    try:
        return str(pytesseract.get_tesseract_version())
    except (pytesseract.TesseractNotFoundError, OSError):
        tesseract_version.cache_clear()
        raise EnvironmentProblem(TESSERACT_MISSING) from None


@functools.cache
def _binary_identity() -> str:
    """The tesseract binary's path, size and mtime: a version without running it.

    Running `tesseract --version` costs a process (~0.1 s on a busy machine), more than a
    whole cached re-run may take; Debian upgrades the binary with its library, so a new
    tesseract changes this identity too.
    """
    import pytesseract

    found = shutil.which(str(pytesseract.pytesseract.tesseract_cmd))
    if found is None:
        _binary_identity.cache_clear()
        raise EnvironmentProblem(TESSERACT_MISSING)
    stat = Path(found).stat()
    return f"tesseract {found} {stat.st_size} {stat.st_mtime_ns}"


def _data_to_words(data: dict[str, list[Any]]) -> list[Word]:
    """Words with boxes and 0-1 confidences from pytesseract's `image_to_data` dict."""
    words = []
    for text, conf, left, top, w, h in zip(
        data["text"],
        data["conf"],
        data["left"],
        data["top"],
        data["width"],
        data["height"],
        strict=True,
    ):
        conf_value = float(conf)
        if conf_value < 0 or not str(text).strip():
            continue
        words.append(
            Word(
                str(text).strip(),
                BBox(left, top, left + w, top + h),
                max(0.0, min(1.0, conf_value / 100)),
            )
        )
    return words


@attrs.frozen
class TesseractEngine:
    """Tesseract with a deliberate page segmentation.

    `psm=11` (sparse text, no order assumed) suits whole photos: labels are scattered
    blocks of differently sized text.  `psm=3` (automatic layout) suits scanned
    documents.  A mosaic of strips is always read with `psm=6` (one uniform block).
    """

    psm: int = 11
    name: str = "tesseract"

    def version(self) -> str:
        """`tesseract <version>`; raises `EnvironmentProblem` when the binary is missing."""
        return f"tesseract {tesseract_version()}"

    def identity(self) -> str:
        """The binary's identity and the page segmentation, for cache keys."""
        return f"{_binary_identity()} psm={self.psm}"

    def for_purpose(self, purpose: Purpose) -> TesseractEngine:
        """psm 11 for photos, psm 3 for scanned pages."""
        return attrs.evolve(self, psm=11 if purpose == "photo" else 3)

    def warm_up(self) -> None:
        """Check that tesseract is installed (nothing to load: it runs as a process)."""
        tesseract_version()

    def read(
        self, path_or_image: Path | Image.Image, *, config: Config, languages: str
    ) -> PageText:
        """OCR one image; a path is handed to tesseract as is (no re-encoding)."""
        if isinstance(path_or_image, Image.Image):
            width, height = path_or_image.size
        else:
            with Image.open(path_or_image) as probe:
                width, height = probe.size
        data = self._image_to_data(path_or_image, config, languages, self.psm)
        lines = [join_cjk_words(line) for line in group_lines(_data_to_words(data))]
        return PageText(1, width, height, lines, self.name)

    def recognise(
        self, strips: Sequence[Image.Image], *, config: Config, languages: str
    ) -> list[StripText]:
        """Read every strip with one tesseract call on a mosaic of them."""
        if not strips:
            return []
        mosaic, rows = build_mosaic(strips)
        with tempfile.TemporaryDirectory(prefix="consistency-mosaic-") as tmp:
            # A file keeps pytesseract from re-encoding; PNG level 1 is fast and lossless.
            work = Path(tmp) / "mosaic.png"
            mosaic.save(work, compress_level=1)
            data = self._image_to_data(work, config, languages, 6)
        return split_mosaic_words(_data_to_words(data), rows, self.name)

    def _image_to_data(
        self, source: Path | Image.Image, config: Config, languages: str, psm: int
    ) -> dict[str, list[Any]]:
        import pytesseract

        tesseract_version()
        given: Any = source if isinstance(source, Image.Image) else str(source)
        try:
            with single_thread_openmp():
                data: dict[str, list[Any]] = pytesseract.image_to_data(
                    given,
                    lang=languages,
                    config=f"--psm {psm}",
                    output_type=pytesseract.Output.DICT,
                    timeout=config.limits.ocr_timeout,
                )
        except pytesseract.TesseractNotFoundError:
            raise EnvironmentProblem(TESSERACT_MISSING) from None
        except RuntimeError as exc:  # pytesseract's timeout
            raise DocumentError(
                str(source) if isinstance(source, Path) else "<image>",
                f"OCR took longer than {config.limits.ocr_timeout:g} s (limits.ocr_timeout)",
                limit="ocr_timeout",
            ) from exc
        except pytesseract.TesseractError as exc:
            raise DocumentError(
                str(source) if isinstance(source, Path) else "<image>",
                f"tesseract could not read the image: {exc.message.strip()[:200]}",
            ) from exc
        return data


@attrs.frozen
class MosaicRow:
    """Where one strip lies in the mosaic: its rows of pixels and its width there."""

    top: int
    bottom: int
    left: int
    width: int


def build_mosaic(strips: Sequence[Image.Image]) -> tuple[Image.Image, list[MosaicRow]]:
    """Stack strips (grey, one height, dark print on light) into one image, with gaps."""
    rows: list[MosaicRow] = []
    prepared: list[Image.Image] = []
    top = MOSAIC_GAP_PX
    for strip in strips:
        grey = strip.convert("L")
        scale = min(MOSAIC_MAX_UPSCALE, MOSAIC_ROW_PX / max(grey.height, 1))
        size = (max(1, round(grey.width * scale)), max(1, round(grey.height * scale)))
        grey = grey.resize(size, Image.Resampling.BILINEAR)
        if _median_grey(grey) < DARK_GROUND:
            grey = ImageOps.invert(grey)
        prepared.append(grey)
        rows.append(MosaicRow(top, top + grey.height, MOSAIC_GAP_PX, grey.width))
        top += grey.height + MOSAIC_GAP_PX
    width = max(r.width for r in rows) + 2 * MOSAIC_GAP_PX
    mosaic = Image.new("L", (width, top), 255)
    for grey, row in zip(prepared, rows, strict=True):
        mosaic.paste(grey, (row.left, row.top))
    return mosaic, rows


def _median_grey(image: Image.Image) -> float:
    histogram = image.histogram()
    half = image.width * image.height / 2
    seen = 0
    for value, count in enumerate(histogram):
        seen += count
        if seen >= half:
            return float(value)
    return 255.0


def split_mosaic_words(
    words: Sequence[Word], rows: Sequence[MosaicRow], engine_name: str
) -> list[StripText]:
    """Give each word read on the mosaic back to its strip, x as a fraction of the strip."""
    per_row: list[list[StripWord]] = [[] for _ in rows]
    for word in words:
        centre = (word.bbox.top + word.bbox.bottom) / 2
        for index, row in enumerate(rows):
            if row.top - MOSAIC_GAP_PX / 2 <= centre < row.bottom + MOSAIC_GAP_PX / 2:
                width = max(row.width, 1)
                per_row[index].append(
                    StripWord(
                        word.text,
                        max(0.0, min(1.0, (word.bbox.x0 - row.left) / width)),
                        max(0.0, min(1.0, (word.bbox.x1 - row.left) / width)),
                        word.confidence,
                    )
                )
                break
    out = []
    for found in per_row:
        found.sort(key=lambda w: w.start)
        out.append(StripText(found, weighted_confidence(found), engine_name))
    return out


register(TesseractEngine())
