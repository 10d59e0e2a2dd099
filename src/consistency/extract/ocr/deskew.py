"""Straighten a scanned page before OCR: find its skew angle and turn it back.

A page fed a few degrees askew through a scanner drifts by several text heights across
its width (3 degrees over 15 cm is 8 mm).  Tesseract then cuts the page into blocks and
lines that do not follow the printed rows: a label's value lands on the line above or
below it, table rules stop being the long straight runs `remove_rules` looks for, and a
two-column identity block pairs each label with its neighbour's value.  Turning the page
back first gives the later stages the rows that were printed.

The angle is the one whose projection profile is sharpest: dark pixels are projected
along lines of each candidate slope and the slope whose row histogram has the largest
sum of squares wins (text rows then fall into few, full bins, the gaps between them into
empty ones).  The search runs on a reduced copy of the page, coarse then fine, and costs
a few tens of milliseconds against the seconds tesseract spends on the page.
"""

from __future__ import annotations

import math
from typing import Any

from PIL import Image

#: Largest skew searched, in degrees: scanners and phone captures of a flat page stay
#: within this; a page turned further is a rotation (90 degrees), not a skew.
MAX_SKEW_DEGREES = 6.0
#: Coarse search step, then the fine step around the coarse winner (degrees).
COARSE_STEP = 0.25
FINE_STEP = 0.05
#: A skew below this is left alone: at 0.2 degrees a row drifts by under a third of a
#: text height across an A4 page, and turning the page would only cost a resampling.
MIN_SKEW_DEGREES = 0.2
#: The profile is computed on a copy this wide (pixels): enough for 1-2 px text rows.
PROFILE_WIDTH = 1000
#: Grey level below which a pixel counts as ink (after the page's own background level).
INK_BELOW = 150
#: Dark pixels used for the profile; a denser page is subsampled (deterministically).
MAX_INK_PIXELS = 120_000
#: A page whose best profile is not at least this much sharper than the unturned one
#: has no clear skew (a photo, a mostly empty page): it is left as it is.
MIN_GAIN = 1.03


def estimate_skew(image: Image.Image) -> float:
    """The page's skew in degrees, counter-clockwise as `Image.rotate` counts them.

    `image.rotate(-estimate_skew(image))` straightens the page; 0.0 when the page has
    too little ink or no clear skew.
    """
    import numpy as np

    grey = image.convert("L")
    if grey.width > PROFILE_WIDTH:
        factor = PROFILE_WIDTH / grey.width
        grey = grey.resize(
            (PROFILE_WIDTH, max(1, round(grey.height * factor))), Image.Resampling.BILINEAR
        )
    arr = np.asarray(grey)
    ys, xs = np.nonzero(arr < INK_BELOW)
    if len(xs) < 200:
        return 0.0
    if len(xs) > MAX_INK_PIXELS:
        step = math.ceil(len(xs) / MAX_INK_PIXELS)
        ys, xs = ys[::step], xs[::step]
    x = xs.astype(np.float64) - grey.width / 2
    y = ys.astype(np.float64)

    def sharpness(angle: float) -> float:
        return _profile_score(np, x, y, angle, grey.height)

    coarse = np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 1e-9, COARSE_STEP)
    scores = [sharpness(float(a)) for a in coarse]
    best = float(coarse[int(np.argmax(scores))])
    fine = np.arange(best - COARSE_STEP, best + COARSE_STEP + 1e-9, FINE_STEP)
    fine_scores = [sharpness(float(a)) for a in fine]
    best = float(fine[int(np.argmax(fine_scores))])
    if max(fine_scores) < MIN_GAIN * sharpness(0.0):
        return 0.0
    return best


def _profile_score(np: Any, x: Any, y: Any, angle: float, height: int) -> float:
    """Sum of squares of the row histogram of ink projected along `angle`."""
    # A row printed straight and turned by `angle` (PIL: counter-clockwise) runs along
    # y = c - x * tan(angle) in image coordinates (y down); projecting y + x * tan(angle)
    # puts it back into one bin.
    shifted = y + x * math.tan(math.radians(angle))
    bins = np.floor(shifted).astype(np.int64)
    bins -= bins.min()
    counts = np.bincount(bins, minlength=height)
    return float(np.dot(counts, counts))


def deskew(image: Image.Image) -> tuple[Image.Image, float]:
    """The page turned straight (same size, white fill) and the angle it was turned by."""
    angle = estimate_skew(image)
    if abs(angle) < MIN_SKEW_DEGREES:
        return image, 0.0
    fill: Any = 255 if image.mode == "L" else (255,) * len(image.getbands())
    turned = image.rotate(-angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=fill)
    return turned, angle
