#!/usr/bin/env python3
"""Catalogue-scale benchmark for `consistency-report batch` (issue 5).

One command::

    .venv/bin/python benchmarks/bench_batch.py            # ~5 minutes on 2 cores
    .venv/bin/python benchmarks/bench_batch.py --quick    # small sizes, a smoke run

It generates (in a temporary folder) a catalogue of 1,000 SKUs with one-page text-layer
test reports and one shared CSV listing export, a 250-SKU catalogue, and an OCR-bound
catalogue whose cases also carry a label photo, then measures:

- wall time and SKUs/s on 1 worker (in-process) and 2 workers (process pool), and the
  per-SKU overhead outside PDF parsing: the 1-worker time per SKU minus raw pdfplumber
  (open + words of page 1, what the extractor reads here) on the same files, same run;
- scaling from 1 to 2 workers on OCR-bound work (photos, `--no-cache`, tesseract);
- a Dask LocalCluster (2 single-threaded worker processes) against the process pool on
  the same work, text-layer and OCR-bound;
- the OCR-bound catalogue again with a warm OCR cache (the cached-OCR variant);
- peak RSS of the parent process of `consistency-report batch --format json` for 250
  and for 1,000 SKUs, each in a fresh process.

Results go to `benchmarks/results/batch.json` (and are printed).  The machine's load is
recorded too: on a shared machine the timings are only as good as the idle cores.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import attrs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import consistency  # noqa: E402
from batch_catalogue import build_catalogue  # noqa: E402
from consistency import batch  # noqa: E402
from consistency.config import Config, OcrSettings  # noqa: E402

RSS_PROBE = """
import json, resource, sys
from consistency.batch import main
code = main(sys.argv[1:])
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"exit": code, "peak_rss_mib": round(peak_kib / 1024, 1)}), file=sys.stderr)
"""


def timed(run: Callable[[], Iterable[consistency.CaseResult]]) -> tuple[float, int, int]:
    """Wall seconds, number of results and number of failed cases of one run."""
    start = time.perf_counter()
    count = failed = 0
    for result in run():
        count += 1
        failed += result.error is not None
    return time.perf_counter() - start, count, failed


def raw_pdfplumber(pdfs: list[Path]) -> float:
    """Seconds pdfplumber alone takes to open each PDF and read the words of its page 1."""
    import pdfplumber

    start = time.perf_counter()
    for path in pdfs:
        with pdfplumber.open(path) as pdf:
            pdf.pages[0].extract_words(
                x_tolerance=3, x_tolerance_ratio=0.15, y_tolerance=3, keep_blank_chars=False
            )
    return time.perf_counter() - start


def peak_rss(catalogue: Path, output: Path) -> dict[str, Any]:
    """Peak RSS of a fresh `batch` parent process (workers not counted)."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            RSS_PROBE,
            str(catalogue),
            "--jobs",
            "2",
            "--format",
            "json",
            "--output",
            str(output),
            "--no-progress",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    record: dict[str, Any] = json.loads(done.stderr.strip().splitlines()[-1])
    return record


def rate(seconds: float, count: int) -> float:
    return round(count / seconds, 2) if seconds else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skus", type=int, default=1000)
    parser.add_argument("--small", type=int, default=250)
    parser.add_argument("--ocr-cases", type=int, default=24)
    parser.add_argument("--quick", action="store_true", help="100/25 SKUs, 6 OCR cases")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "batch.json")
    args = parser.parse_args(argv)
    if args.quick:
        args.skus, args.small, args.ocr_cases = 100, 25, 6

    results: dict[str, Any] = {
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "load_before": os.getloadavg(),
        },
    }
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        work = Path(tmp)
        os.environ["CONSISTENCY_CACHE_DIR"] = str(work / "cache")  # workers inherit it
        start = time.perf_counter()
        big = work / "catalogue"
        build_catalogue(big, args.skus)
        small = work / "small"
        build_catalogue(small, args.small)
        ocr = work / "ocr"
        build_catalogue(ocr, args.ocr_cases, photos=args.ocr_cases)
        results["generate_seconds"] = round(time.perf_counter() - start, 1)
        print(f"catalogues written in {results['generate_seconds']} s", flush=True)

        config = Config(cache_dir=work / "cache")
        folders = batch.find_case_folders(big)
        listing = big / "listing_export.csv"
        pdfs = [folder / "test_report.pdf" for folder in folders]

        pdf_seconds = raw_pdfplumber(pdfs)
        serial, n, failed = timed(
            lambda: consistency.check_many(folders, jobs=1, config=config, listing=listing)
        )
        pool, _, _ = timed(
            lambda: consistency.check_many(folders, jobs=2, config=config, listing=listing)
        )
        text = {
            "skus": n,
            "failed": failed,
            "raw_pdfplumber_seconds": round(pdf_seconds, 2),
            "raw_pdfplumber_ms_per_sku": round(1000 * pdf_seconds / n, 2),
            "one_worker_seconds": round(serial, 2),
            "one_worker_skus_per_second": rate(serial, n),
            "per_sku_overhead_ms_outside_pdf_parsing": round(1000 * (serial - pdf_seconds) / n, 2),
            "two_workers_seconds": round(pool, 2),
            "two_workers_skus_per_second": rate(pool, n),
            "scaling_1_to_2": round(serial / pool, 2),
        }
        results["text_layer"] = text
        print(json.dumps({"text_layer": text}, indent=1), flush=True)

        ocr_folders = batch.find_case_folders(ocr)
        ocr_listing = ocr / "listing_export.csv"
        # Tesseract only: it is single-threaded here (OMP_THREAD_LIMIT=1), so the figure is
        # the batch's scaling and not the OCR library's own threading.
        tesseract = OcrSettings(photo_engines=("tesseract",))
        cold = attrs.evolve(config, cache=False, ocr=tesseract)
        ocr_serial, m, _ = timed(
            lambda: consistency.check_many(ocr_folders, jobs=1, config=cold, listing=ocr_listing)
        )
        ocr_pool, _, _ = timed(
            lambda: consistency.check_many(ocr_folders, jobs=2, config=cold, listing=ocr_listing)
        )
        cached = attrs.evolve(config, ocr=tesseract)
        fill, _, _ = timed(
            lambda: consistency.check_many(ocr_folders, jobs=2, config=cached, listing=ocr_listing)
        )
        warm, _, _ = timed(
            lambda: consistency.check_many(ocr_folders, jobs=2, config=cached, listing=ocr_listing)
        )
        ocr_figures = {
            "skus": m,
            "one_worker_seconds": round(ocr_serial, 2),
            "two_workers_seconds": round(ocr_pool, 2),
            "scaling_1_to_2": round(ocr_serial / ocr_pool, 2),
            "two_workers_skus_per_second": rate(ocr_pool, m),
            "cache_fill_seconds": round(fill, 2),
            "cached_ocr_seconds": round(warm, 2),
            "cached_ocr_skus_per_second": rate(warm, m),
        }
        results["ocr_bound"] = ocr_figures
        print(json.dumps({"ocr_bound": ocr_figures}, indent=1), flush=True)

        try:
            import distributed
        except ImportError:
            results["dask"] = "not installed (pip install 'consistency[dask]')"
        else:
            start = time.perf_counter()
            cluster = distributed.LocalCluster(
                n_workers=2,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            with cluster, distributed.Client(cluster) as client:
                startup = time.perf_counter() - start
                dask_text, _, _ = timed(
                    lambda: consistency.check_many(
                        folders, client=client, config=config, listing=listing
                    )
                )
                dask_ocr, _, _ = timed(
                    lambda: consistency.check_many(
                        ocr_folders, client=client, config=cold, listing=ocr_listing
                    )
                )
            results["dask"] = {
                "cluster_start_seconds": round(startup, 2),
                "text_layer_seconds": round(dask_text, 2),
                "text_layer_vs_pool": round(dask_text / pool, 3),
                "ocr_bound_seconds": round(dask_ocr, 2),
                "ocr_bound_vs_pool": round(dask_ocr / ocr_pool, 3),
            }
            print(json.dumps({"dask": results["dask"]}, indent=1), flush=True)

        rss_small = peak_rss(small, work / "small.json")
        rss_big = peak_rss(big, work / "big.json")
        results["parent_peak_rss"] = {
            f"{args.small}_skus_mib": rss_small["peak_rss_mib"],
            f"{args.skus}_skus_mib": rss_big["peak_rss_mib"],
            "growth_mib": round(rss_big["peak_rss_mib"] - rss_small["peak_rss_mib"], 1),
            "json_summary_bytes": (work / "big.json").stat().st_size,
        }
        print(json.dumps({"parent_peak_rss": results["parent_peak_rss"]}, indent=1), flush=True)

    results["machine"]["load_after"] = os.getloadavg()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
