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

And on a generated `SCAN_PAGES`-page scan (image-only PDF), once each (tesseract dominates,
OCR cache off): the bands read by `read_bands` (two bands per page, 150 dpi, one tesseract
call) against a full-page OCR of every page at `ocr.scan_dpi` (`extract.ocr.ocr_pdf_page`).

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
SCAN_PAGES = 4


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


def write_scan(path: Path, pages: int) -> None:
    """An image-only PDF: each page a 150 dpi picture with a header, body lines and a footer."""
    import io

    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    try:
        font: ImageFont.FreeTypeFont | ImageFont.ImageFont = ImageFont.truetype(
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 24
        )
    except OSError:
        font = ImageFont.load_default(size=24)
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=True)
    width, height = A4
    for page in range(1, pages + 1):
        image = Image.new("L", (1240, 1754), 255)
        draw = ImageDraw.Draw(image)
        draw.text((90, 60), f"Report No.: SC2026-0815   Page {page} of {pages}", fill=0, font=font)
        for row in range(40):
            draw.text(
                (90, 260 + 32 * row),
                f"{page}.{row + 1}  Leakage current 0.{row:02d} mA  P",
                fill=0,
                font=font,
            )
        draw.text((90, 1660), "Scanned Lab Ltd.  www.example-lab.com", fill=0, font=font)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        buffer.seek(0)
        pdf.drawImage(ImageReader(buffer), 0, 0, width, height)
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
    from consistency.extract import ocr
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
        scan = Path(tmp) / "scan.pdf"
        write_scan(scan, SCAN_PAGES)
        scan_bands = best_of(1, lambda: read_bands(scan, config))

        def full_ocr() -> None:
            for number in range(1, SCAN_PAGES + 1):
                ocr.ocr_pdf_page(scan, number, config)

        scan_full = best_of(1, full_ocr)
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
        "scan_pages": SCAN_PAGES,
        "scan_bands_s": round(scan_bands, 3),
        "scan_full_ocr_s": round(scan_full, 3),
        "scan_ratio": round(scan_bands / scan_full, 3),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0 if result["meets_goal"] else 1


if __name__ == "__main__":
    sys.exit(main())
