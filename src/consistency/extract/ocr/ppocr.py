"""The PP-OCR models that ship inside the `rapidocr` wheel, run directly on ONNX Runtime.

RapidOCR's own pipeline parses an 85 KB YAML model table with OmegaConf twice when it is
imported (0.5 s on a quiet machine, 4 s on a busy one: more than a whole photo may
take), and runs detection, classification and recognition only as one chain.  The
photo stages need the three models separately, so this module loads the model files
itself and does the small pre- and post-processing PP-OCR defines:

- **detector** (DB): a probability map of text; regions are its connected areas, each
  the minimum-area rectangle grown by `UNCLIP_RATIO` (DB's "unclip": the network
  predicts shrunk text kernels);
- **recogniser** (CTC): strips scaled to 48 px high, decoded greedily;
- **classifier**: 0 or 180 degrees per strip.

ONNX Runtime does not spin its idle threads here: on a shared machine spinning threads
fight the neighbours for the cores and make every call several times slower.  Sessions
run every graph optimisation and allocate from an arena that is shrunk back after each
call (`_RUN_OPTIONS`): a cold process runs the detector once, and that first call is what
these choices make cheaper (measured in one process per run, 640x1120 input, 1 thread:
0.41 s CPU with extended optimisation and no arena, 0.31 s with both, for ~40 MiB more
peak memory during the call and none after it).
"""

from __future__ import annotations

import functools
import math
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
from PIL import Image

from consistency.errors import EnvironmentProblem

#: DB binarisation threshold and minimum mean probability of a kept region (PP-OCR's).
DET_THRESHOLD = 0.3
DET_BOX_THRESHOLD = 0.5
#: How much a detected text kernel is grown back to the text's extent (PP-OCR's 1.6).
UNCLIP_RATIO = 1.6
#: Regions with a shorter side (detection pixels) are noise.
MIN_REGION_SIDE = 3.0
#: At most this many regions per image (a page of small print has a few hundred).
MAX_REGIONS = 1000
#: The detector wants sides that are multiples of 32 and at least this short side.
DET_MIN_SIDE = 736
#: ...but never more pixels than this: the detector's activations take ~200 bytes per
#: input pixel (measured: 1600x896 adds 230-290 MiB) and its time grows faster than its
#: pixels (0.9 MP: 0.65 s CPU, 0.6 MP: 0.3 s); a photo must be read in 400 MiB.
DET_MAX_PIXELS = 700_000
#: Recogniser input height and the narrowest batch width (PP-OCR's 3x48x320).
REC_HEIGHT = 48
REC_MIN_WIDTH = 320
#: Strips per recogniser call: larger batches pad more, smaller ones call more often.
REC_BATCH = 8
#: ...and at most this many input columns (strips x padded width) per call: the
#: recogniser's activations take ~0.03 MiB per column (measured: 8 strips 1156 wide
#: add 300 MiB: the long lines of a 12 MP label photo, which then peaked at 470 MiB);
#: 2048 columns add ~60 MiB and cost no more CPU (the work is per column either way).
REC_MAX_COLUMNS = 2048
#: A batch holds strips of similar length only: every strip is padded to the longest,
#: and one long line padding seven short ones multiplies the work (measured: 3x).
REC_MAX_SPREAD = 2.0
#: Classifier input (PP-OCR's 3x48x192).
CLS_HEIGHT, CLS_WIDTH = 48, 192

#: How the models are run, where that changes what they read (batch composition pads
#: strips differently; graph optimisations reorder float arithmetic): part of the
#: engine's identity, so cached readings of other settings are not reused.
SETTINGS = f"ort=all rec-batch={REC_BATCH}x{REC_MAX_COLUMNS}"

_lock = threading.Lock()


def _models_folder() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("rapidocr")
    if spec is None or spec.origin is None:
        raise EnvironmentProblem("rapidocr is not installed: run ./scripts/bootstrap.sh")
    return Path(spec.origin).parent / "models"


def model_file(kind: str) -> Path:
    """The wheel's model file for `det`, `rec` or `cls` (the newest by name)."""
    found = sorted(_models_folder().glob(f"*_{kind}_*.onnx"))
    if not found:
        raise EnvironmentProblem(
            f"the rapidocr package ships no {kind} model in {_models_folder()}: "
            "reinstall it with ./scripts/bootstrap.sh"
        )
    return found[-1]


def model_names() -> str:
    """The model files in use, for versions and cache keys (no model is loaded)."""
    return " ".join(model_file(kind).name for kind in ("det", "rec", "cls"))


@functools.cache
def _session(kind: str) -> Any:
    import onnxruntime as ort  # type: ignore[import-untyped]

    options = ort.SessionOptions()
    options.log_severity_level = 4
    # An arena, shrunk after every call (`_run`): the first call of a session, the only
    # one a cold process makes, is ~25 % cheaper than with plain allocations.
    options.enable_cpu_mem_arena = True
    options.intra_op_num_threads = max(1, min(4, os.cpu_count() or 1))
    options.inter_op_num_threads = 1
    # Every optimisation, layout transforms included: 20-25 % less CPU per call than
    # "extended" on the detector and recogniser (measured), for ~40 MiB more during a call.
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(
        str(model_file(kind)), sess_options=options, providers=["CPUExecutionProvider"]
    )


@functools.cache
def _run_options() -> Any:
    """Run options that hand the arena's memory back after each call."""
    import onnxruntime as ort

    options = ort.RunOptions()
    options.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")
    return options


def _run(kind: str, blob: Any) -> Any:
    """The model's first output for one input blob (models are called one at a time)."""
    with _lock:
        session = _session(kind)
        return session.run(None, {session.get_inputs()[0].name: blob}, _run_options())[0]


@functools.cache
def _characters() -> tuple[str, ...]:
    """The recogniser's alphabet: CTC blank, the model's own characters, then a space."""
    meta = _session("rec").get_modelmeta().custom_metadata_map
    return ("", *meta["character"].splitlines(), " ")


def load(kind: str) -> None:
    """Load one model now (`det`, `rec`, `cls`), so that a stage's timing excludes it."""
    with _lock:
        _session(kind)
        if kind == "rec":
            _characters()


def _bgr_array(image: Image.Image) -> Any:
    import numpy as np

    return np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])


@attrs.frozen
class Region:
    """A detected text region: four corners (clockwise) in the image's pixels, score."""

    corners: tuple[tuple[float, float], ...]
    score: float


def detect(image: Image.Image, *, min_side: int = DET_MIN_SIDE) -> list[Region]:
    """Text regions of an image, corners in its pixels, top to bottom.

    A small image is enlarged until its short side is `min_side`, so that small text
    is found; a caller whose text is already at reading size passes a smaller one.
    """
    import cv2
    import numpy as np

    bgr = _bgr_array(image)
    height, width = bgr.shape[:2]
    ratio = max(1.0, min_side / min(height, width))
    ratio = min(ratio, max(1.0, math.sqrt(DET_MAX_PIXELS / (height * width))))
    det_h = max(32, round(height * ratio / 32) * 32)
    det_w = max(32, round(width * ratio / 32) * 32)
    resized = cv2.resize(bgr, (det_w, det_h))
    blob = ((resized.astype(np.float32) / 255.0 - 0.5) / 0.5).transpose(2, 0, 1)[None]
    probability = _run("det", blob)[0, 0]
    del blob, resized
    mask = cv2.dilate((probability > DET_THRESHOLD).astype(np.uint8), np.ones((2, 2), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    sx, sy = width / det_w, height / det_h
    regions: list[Region] = []
    for contour in contours[:MAX_REGIONS]:
        (cx, cy), (w, h), angle = cv2.minAreaRect(contour)
        if min(w, h) < MIN_REGION_SIDE:
            continue
        score = _mean_inside(probability, cv2.boxPoints(((cx, cy), (w, h), angle)))
        if score < DET_BOX_THRESHOLD:
            continue
        grow = w * h * UNCLIP_RATIO / (2 * (w + h))
        w, h = w + 2 * grow, h + 2 * grow
        if min(w, h) < MIN_REGION_SIDE + 2:
            continue
        points = cv2.boxPoints(((cx, cy), (w, h), angle))
        corners = tuple(
            (float(min(max(x * sx, 0.0), width)), float(min(max(y * sy, 0.0), height)))
            for x, y in points
        )
        regions.append(Region(corners, float(score)))
    regions.sort(key=lambda r: (min(y for _, y in r.corners), min(x for x, _ in r.corners)))
    return regions


def _mean_inside(probability: Any, box: Any) -> float:
    """Mean probability inside a box (DB's "fast" score)."""
    import cv2
    import numpy as np

    h, w = probability.shape
    x0 = int(np.clip(np.floor(box[:, 0].min()), 0, w - 1))
    x1 = int(np.clip(np.ceil(box[:, 0].max()), 0, w - 1))
    y0 = int(np.clip(np.floor(box[:, 1].min()), 0, h - 1))
    y1 = int(np.clip(np.ceil(box[:, 1].max()), 0, h - 1))
    mask = np.zeros((y1 - y0 + 1, x1 - x0 + 1), dtype=np.uint8)
    shifted = (box - np.array([x0, y0], dtype=np.float32)).astype(np.int32)
    cv2.fillPoly(mask, shifted.reshape(1, -1, 2), 1)
    return float(cv2.mean(probability[y0 : y1 + 1, x0 : x1 + 1], mask)[0])


def _strip_blob(strip: Image.Image, height: int, width: int) -> Any:
    """A strip scaled to `height` (at most `width` wide), normalised, padded to `width`."""
    import cv2
    import numpy as np

    bgr = _bgr_array(strip)
    ratio = bgr.shape[1] / max(bgr.shape[0], 1)
    resized_w = max(1, min(width, math.ceil(height * ratio)))
    # Shrinking a strip cut at full resolution: area averaging, not bilinear sampling,
    # which aliases thin strokes (an `I` read as `L` on a 12 MP photo).
    shrink = bgr.shape[0] > height
    method = cv2.INTER_AREA if shrink else cv2.INTER_LINEAR
    resized = cv2.resize(bgr, (resized_w, height), interpolation=method).astype(np.float32)
    blob = np.zeros((3, height, width), dtype=np.float32)
    blob[:, :, :resized_w] = ((resized / 255.0 - 0.5) / 0.5).transpose(2, 0, 1)
    return blob


def _rec_width(ratio: float) -> int:
    """The recogniser's input width for a strip of this width/height ratio."""
    return max(REC_MIN_WIDTH, math.ceil(REC_HEIGHT * ratio))


def rec_batches(ratios: Sequence[float]) -> list[list[int]]:
    """Strips (by index) grouped for recogniser calls, from their width/height ratios.

    Sorted by ratio, a batch takes strips of similar length (`REC_MAX_SPREAD`), at most
    `REC_BATCH` of them and `REC_MAX_COLUMNS` input columns once padded; a strip longer
    than that on its own is a batch of one.
    """
    batches: list[list[int]] = []
    for index in sorted(range(len(ratios)), key=lambda i: ratios[i]):
        # Sorted by ratio: this strip is the widest of its batch so far.
        columns = (len(batches[-1]) + 1) * _rec_width(ratios[index]) if batches else 0
        if (
            batches
            and len(batches[-1]) < REC_BATCH
            and columns <= REC_MAX_COLUMNS
            and ratios[index] <= REC_MAX_SPREAD * max(ratios[batches[-1][0]], 1.0)
        ):
            batches[-1].append(index)
        else:
            batches.append([index])
    return batches


def recognise(strips: Sequence[Image.Image]) -> list[tuple[str, float]]:
    """Text and confidence (mean character probability) of each strip, in order."""
    import numpy as np

    if not strips:
        return []
    ratios = [s.width / max(s.height, 1) for s in strips]
    out: list[tuple[str, float]] = [("", 0.0)] * len(strips)
    characters = _characters()
    batches = rec_batches(ratios)
    for batch in batches:
        width = max(_rec_width(ratios[i]) for i in batch)
        blob = np.stack([_strip_blob(strips[i], REC_HEIGHT, width) for i in batch])
        preds = _run("rec", blob)
        indices = preds.argmax(axis=2)
        probs = preds.max(axis=2)
        for row, index in enumerate(batch):
            tokens = indices[row]
            keep = np.ones(len(tokens), dtype=bool)
            keep[1:] = tokens[1:] != tokens[:-1]
            keep &= tokens != 0
            text = "".join(characters[t] for t in tokens[keep] if t < len(characters))
            confidence = float(probs[row][keep].mean()) if keep.any() else 0.0
            out[index] = (text.strip(), confidence)
    return out


def classify(strips: Sequence[Image.Image]) -> list[tuple[int, float]]:
    """For each strip, 0 or 180 (degrees it is turned) and the classifier's confidence."""
    import numpy as np

    if not strips:
        return []
    blob = np.stack([_strip_blob(s, CLS_HEIGHT, CLS_WIDTH) for s in strips])
    preds = _run("cls", blob)
    return [(0 if int(p.argmax()) == 0 else 180, float(p.max())) for p in preds]
