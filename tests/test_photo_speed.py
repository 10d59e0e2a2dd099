"""What keeps a photo fast and small: recogniser batches within a column budget, the
arena handed back after each ONNX Runtime call, and a 12 MP photo of long lines read in
a fresh process within the 400 MiB of issue 14."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from consistency.extract.ocr import ppocr

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#: Issue 14: the process's peak RSS for a 12 MP photo.
PEAK_RSS_MIB = 400


def _padded_columns(batch: list[int], ratios: list[float]) -> int:
    return len(batch) * max(max(ppocr.REC_MIN_WIDTH, round(48 * ratios[i])) for i in batch)


@pytest.mark.parametrize("seed", range(5))
def test_recogniser_batches_keep_similar_strips_within_the_column_budget(seed: int) -> None:
    """Every strip once; no batch over the strip count or the column budget (a strip
    longer than the budget alone), nor mixing a short strip with one > 2x longer."""
    rng = random.Random(seed)
    ratios = [
        rng.choice([0.8, 1.5, 4.0, 9.0, 24.0, 60.0]) * rng.uniform(0.9, 1.1) for _ in range(40)
    ]
    batches = ppocr.rec_batches(ratios)
    assert sorted(i for batch in batches for i in batch) == list(range(len(ratios)))
    for batch in batches:
        assert len(batch) <= ppocr.REC_BATCH
        if len(batch) > 1:
            assert _padded_columns(batch, ratios) <= ppocr.REC_MAX_COLUMNS + len(batch)
            shortest = min(ratios[i] for i in batch)
            assert max(ratios[i] for i in batch) <= ppocr.REC_MAX_SPREAD * max(shortest, 1.0)


def test_the_column_budget_splits_a_label_of_long_lines() -> None:
    """Twelve lines of ~23x their height (a 12 MP rating label) no longer go eight at a
    time: that one call took 300 MiB."""
    batches = ppocr.rec_batches([23.0] * 12)
    assert max(len(b) for b in batches) == ppocr.REC_MAX_COLUMNS // (48 * 23)
    assert len(batches) > 2


def _long_lines_photo(path: Path) -> Path:
    """A 4000 x 3000 photo of a label printed in twelve long lines of large type."""
    image = Image.new("RGB", (4000, 3000), (90, 85, 80))
    draw = ImageDraw.Draw(image)
    draw.rectangle((150, 150, 3850, 2850), fill=(238, 236, 230))
    font = ImageFont.truetype(FONT, 110)
    lines = [
        "Model: TJ-9411 Hair Dryer 220-240V~ 50Hz 2000W",
        "Manufacturer: NORDLICHT ELEKTRO GMBH Berlin",
        *[f"This device complies with Part 15 of the FCC Rules {i}" for i in range(10)],
    ]
    for row, text in enumerate(lines):
        draw.text((260, 260 + row * 205), text, font=font, fill=(25, 25, 25))
    image.save(path, quality=90)
    return path


_PROBE = r"""
import json, sys
from pathlib import Path
import attrs
from consistency.config import Config
from consistency.extract.photo.reader import read_photo_text
config = Config(cache=False)
# RapidOCR's recogniser reads every region: its batches are what took the memory.
config = attrs.evolve(config, ocr=attrs.evolve(config.ocr, photo_engines=("rapidocr",)))
text = read_photo_text(Path(sys.argv[1]), config)
with open("/proc/self/status", encoding="ascii") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
print(json.dumps({"peak": peak, "lines": [line.text for line in text.page.lines],
                  "calls": dict(text.engine_calls)}))
"""


@pytest.mark.ocr
@pytest.mark.slow
def test_a_12_mp_photo_of_long_lines_is_read_in_400_mib(tmp_path: Path) -> None:
    """A fresh process (its peak is its own): detection at the detector's size, strips
    cut at full resolution and read in column-bounded batches."""
    path = _long_lines_photo(tmp_path / "long_lines.jpg")
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(path)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["calls"]["rapidocr"] == 1
    assert any("TJ-9411" in line for line in result["lines"])
    assert result["peak"] <= PEAK_RSS_MIB, f"peak RSS {result['peak']:.0f} MiB"
