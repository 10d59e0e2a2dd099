#!/usr/bin/env python3
"""Cost of the readiness checks on a long text report (issue 12): bands vs a full parse.

One command::

    .venv/bin/python benchmarks/bench_readiness.py          # ~1 minute on 2 cores

Generates a 150-page text-layer test report (identity block on page 1; every page with a
"Report No. / Page x of y" header, a lab footer and 40 lines of results) and times, best
of `RUNS` each (the minimum is the least disturbed by other processes on the machine):

- **full parse**: pdfplumber opening the PDF and extracting the words of every page -
  what reading every page for the self-checks would cost without the band reader;
- **identity read**: `extract_test_report` as the pipeline runs it (pages up to the
  identity block only);
- **bands**: `extract.bands.read_bands` (pdfium text of the top and bottom bands of every
  page, up to `limits.readiness_pages` - raised to 150 here so that every page is read);
- **readiness included** = identity read + bands; the goal is <= 0.15 x full parse.

Results go to `benchmarks/results/readiness.json` (git-ignored) and are printed.
"""

from __future__ import annotations

import json
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "readiness.json"
PAGES = 150
RUNS = 3
GOAL = 0.15


def write_report(path: Path, pages: int) -> None:
    """A long text-layer report with a header and footer on every page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=True)
    _, height = A4
    for page in range(1, pages + 1):
        pdf.setFont("Helvetica", 8)
        pdf.drawString(
            60,
            height - 36,
            f"Report No.: HX2026-0417   Page: {page} of {pages}   Date of issue: 2026-06-01",
        )
        pdf.drawString(60, 30, "Shenzhen Example Testing Co., Ltd.  www.example-lab.com")
        y = height - 100
        if page == 1:
            pdf.setFont("Helvetica", 10)
            for label, value in (
                ("Product Name", "Hair Dryer"),
                ("Model No.", "HD-2041B"),
                ("Manufacturer", "Shenzhen Huaxin Technology Co., Ltd."),
                ("Test standards", "IEC 60335-1:2020, IEC 60335-2-23:2016"),
            ):
                y -= 18
                pdf.drawString(60, y, f"{label}: {value}")
        pdf.setFont("Helvetica", 9)
        for row in range(40):
            y -= 15
            pdf.drawString(
                60,
                y,
                f"{page}.{row + 1}  Leakage current at 1.06 x rated voltage: {0.1 + row / 100:.2f} mA   P",
            )
        pdf.showPage()
    pdf.save()


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The shortest wall time of `runs` calls of `work`, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    import attrs
    import pdfplumber

    from consistency.config import Config
    from consistency.extract.bands import read_bands
    from consistency.extract.pdf import extract_test_report
    from consistency.model import Document, Kind

    config = Config(cache=False)
    config = attrs.evolve(config, limits=attrs.evolve(config.limits, readiness_pages=PAGES))
    with tempfile.TemporaryDirectory(prefix="bench-readiness-") as tmp:
        path = Path(tmp) / "report.pdf"
        write_report(path, PAGES)
        document = Document(path, Kind.TEST_REPORT)

        def full_parse() -> None:
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    page.extract_words()
                    page.close()

        full = best_of(RUNS, full_parse)
        identity = best_of(RUNS, lambda: extract_test_report(document, config))
        bands = best_of(RUNS, lambda: read_bands(path, config))
        reading = read_bands(path, config)
    included = identity + bands
    result = {
        "pages": PAGES,
        "runs": RUNS,
        "full_pdfplumber_parse_s": round(full, 3),
        "identity_read_s": round(identity, 3),
        "bands_s": round(bands, 3),
        "band_lines": len(reading.lines),
        "readiness_included_s": round(included, 3),
        "ratio": round(included / full, 3),
        "bands_only_ratio": round(bands / full, 3),
        "goal": GOAL,
        "meets_goal": included / full <= GOAL,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0 if result["meets_goal"] else 1


if __name__ == "__main__":
    sys.exit(main())
