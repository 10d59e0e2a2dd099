#!/usr/bin/env python3
"""Peak memory on big inputs (issue 6): a 500-page test report and a 12 MP photo.

One command::

    .venv/bin/python benchmarks/bench_memory.py          # ~1 minute on 2 cores

Each measurement runs in a fresh Python process and reports that process's peak RSS
(`VmHWM`, which - unlike `getrusage` - is not inherited across exec), next to a
baseline process that only imports the same libraries, so the figure that matters is
the difference: what reading the document cost.  Measured:

- a generated 500-page text-layer report (identity on page 1, 499 pages of results):
  pages read by `read_identity_pages` (the identity-pages-only claim), wall time, peak RSS;
- the same report checked end to end through `consistency.check` with a listing;
- a 12 MP (4000 x 3000) JPEG photo of a rating label read through the photo stages
  with the default engines (OCR cache off): peak RSS (target <= 400 MiB), wall time,
  engine calls and seconds per stage.  Detection runs on a 1600 px copy and only the
  text regions are cut out at full resolution, which is what bounds the memory.

tesseract runs as a child process: its peak is reported separately as an upper bound
(`RUSAGE_CHILDREN`, which counts the forked parent's size too).

Results go to `benchmarks/results/memory.json` (git-ignored) and are printed.
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "fixtures"))

import broken  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "memory.json"

_PEAK = """
import resource
with open("/proc/self/status", encoding="ascii") as status:
    peak_kib = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
# Children (tesseract): ru_maxrss survives fork+exec, so this is an upper bound.
children_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
if children_kib:
    result["children_peak_rss_mib_upper_bound"] = round(children_kib / 1024, 1)
"""

PROBES = {
    "baseline imports": """
        import consistency, consistency.extract.pdf, consistency.extract.image
        result = {}
    """,
    "500-page report: identity pages": """
        import time
        from pathlib import Path
        from consistency.config import Config
        from consistency.extract.pdf import page_count, read_identity_pages
        path = Path(sys.argv[1])
        start = time.perf_counter()
        pages, candidates, _ = read_identity_pages(path, Config())
        result = {"pages_total": page_count(path), "pages_read": len(pages),
                  "engines": sorted({p.engine for p in pages}),
                  "seconds": round(time.perf_counter() - start, 2)}
    """,
    "500-page report: check()": """
        import time
        from pathlib import Path
        from consistency import Document, Kind, check
        from consistency.config import Config
        start = time.perf_counter()
        report = check([Document(Path(sys.argv[2]), Kind.LISTING, sku=sys.argv[3]),
                        Document(Path(sys.argv[1]), Kind.TEST_REPORT)], config=Config(cache=False))
        result = {"ok": report.ok, "findings": [f.code for f in report.findings],
                  "seconds": round(time.perf_counter() - start, 2)}
    """,
    "12 MP photo: OCR": """
        import time
        from pathlib import Path
        import attrs
        from consistency import Document, Kind
        from consistency.config import Config
        from consistency.extract.image import read_photo
        start = time.perf_counter()
        done = read_photo(Document(Path(sys.argv[4]), Kind.PRODUCT), Config(cache=False))
        evidence = done.reading.evidence
        result = {"models": [e.raw for e in evidence if e.field.value == "model_number"],
                  "engine_calls": dict(done.photo.engine_calls),
                  "stages": {k: round(v, 2) for k, v in done.photo.seconds},
                  "seconds": round(time.perf_counter() - start, 2)}
    """,
}


def probe(name: str, arguments: list[str]) -> dict[str, object]:
    """Run one probe in a fresh interpreter and return its result plus its peak RSS."""
    body = textwrap.dedent(PROBES[name])
    code = (
        "import json, sys\n"
        + body
        + _PEAK
        + "result['peak_rss_mib'] = round(peak_kib / 1024, 1)\nprint(json.dumps(result))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *arguments],
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def make_photo(path: Path) -> None:
    """A 4000 x 3000 JPEG: the rating label on a grey, noisy background (camera-like)."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(6)
    noise = rng.normal(170, 12, (3000, 4000, 3)).clip(0, 255).astype(np.uint8)
    photo = Image.fromarray(noise, "RGB")
    label = broken.label_image((2800, 1000))
    assert isinstance(label, Image.Image)
    photo.paste(label.resize((2800, 1000)), (600, 1000))
    photo.save(path, quality=90)


def main() -> int:
    """Generate the inputs, run every probe, print and save the figures."""
    with tempfile.TemporaryDirectory(prefix="consistency-bench-memory-") as folder:
        root = Path(folder)
        report = root / "report_500_pages.pdf"
        started = time.perf_counter()
        broken.write_report_pdf(report, pages=500)
        listing = root / "listing.csv"
        listing.write_text(broken.listing_text(), encoding="utf-8")
        photo = root / "photo_12mp.jpg"
        make_photo(photo)
        generated = time.perf_counter() - started
        arguments = [str(report), str(listing), broken.SKU, str(photo)]
        results = {name: probe(name, arguments) for name in PROBES}
        sizes = {"report_bytes": report.stat().st_size, "photo_bytes": photo.stat().st_size}
    baseline = float(results["baseline imports"]["peak_rss_mib"])  # type: ignore[arg-type]
    for name, result in results.items():
        extra = float(result["peak_rss_mib"]) - baseline  # type: ignore[arg-type]
        details = {k: v for k, v in result.items() if k != "peak_rss_mib"}
        print(
            f"{name:<36} peak RSS {result['peak_rss_mib']:>7} MiB "
            f"(+{extra:.1f} over imports)  {details}"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "python": platform.python_version(),
                "machine": platform.machine(),
                "inputs": sizes,
                "generation_seconds": round(generated, 1),
                "results": results,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
