"""Even out a scanned page's lighting before OCR: a flat white paper under the print.

A page scanned with its lid open, photographed under a lamp or copied on a tired
scanner is darker on one side or in a corner.  Tesseract binarises the page with one
threshold (Otsu over the whole page), so the dark side falls below it as a solid block
and every word there is lost; `remove_rules` likewise takes long dark runs of shaded
paper for table rules.  Dividing the page by an estimate of its paper brightness gives
the paper one level everywhere while the ink stays dark.

The paper brightness is the local maximum over a window wider than any stroke on a
reduced copy (ink is dark, so the maximum is the paper around it), smoothed and scaled
back up.  Pages lit evenly are returned as they are.
"""

from __future__ import annotations

from PIL import Image, ImageFilter

#: The page is reduced by this factor to estimate the paper (300 dpi -> 37.5 dpi).
REDUCE = 8
#: Local-maximum window on the reduced copy: 9 x 8 = 72 px at 300 dpi, about two text
#: heights, so that no letter is taken for paper.
PAPER_WINDOW = 9
#: Smoothing of the paper estimate on the reduced copy (pixels), so that the correction
#: has no steps at the window's edges.
PAPER_BLUR = 4.0
#: The page is corrected only when its paper is this much darker somewhere than in its
#: brightest part (the 5th percentile over the 95th): an even page is left untouched.
UNEVEN_BELOW = 0.85
#: Paper darker than this is not paper (a photo, a black bar, a dark logo): it is not
#: brightened, so that what is printed on it does not vanish into white.
DARKEST_PAPER = 110


def flatten_lighting(image: Image.Image) -> Image.Image:
    """The page in grey with its paper brought to one brightness, or as it was (grey)."""
    import numpy as np

    grey = image.convert("L")
    if grey.width < REDUCE * 8 or grey.height < REDUCE * 8:
        return grey
    small = grey.reduce(REDUCE)
    paper = small.filter(ImageFilter.MaxFilter(PAPER_WINDOW)).filter(
        ImageFilter.GaussianBlur(PAPER_BLUR)
    )
    paper_small = np.asarray(paper, dtype=np.float32)
    low, high = np.percentile(paper_small, (5, 95))
    if high <= 0 or low >= UNEVEN_BELOW * high:
        return grey
    level = np.asarray(paper.resize(grey.size, Image.Resampling.BILINEAR), dtype=np.float32)
    gain = float(high) / np.maximum(level, DARKEST_PAPER)
    # Never darken (a bright spot is paper too), only lift the shaded parts.
    gain = np.maximum(gain, 1.0)
    out = np.asarray(grey, dtype=np.float32) * gain
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))
