#!/usr/bin/env python3
"""Field-status accuracy of `consistency` on the independent corpus (fixtures/indep).

Generates N packages of one seed (or reads an existing corpus folder), runs the tool on
each through ONE adapter function (`run_tool`), and prints: status accuracy, false-alarm
rate (expected consistent/unverified, predicted mismatch/missing), mismatch recall, the
unverified share, the expected x predicted confusion, accuracy per failure class (relation,
label language, separator, value shape, scan/photo, defect, listing format...) and seconds
per package. A JSON of every result goes to benchmarks/results/ (git-ignored).

    python benchmarks/accuracy_indep.py --count 60 --seed 11                       # text layer
    python benchmarks/accuracy_indep.py --count 40 --seed 12 --scan-fraction 0.35  # scans
    python benchmarks/accuracy_indep.py --count 30 --seed 13 --photo-fraction 1    # photos
    python benchmarks/accuracy_indep.py --count 1000 --seed 101 --jobs 2           # the big run

An `unverified` field is right only when the tool says `unverified`; the false-alarm rate
counts expected-unverified fields among those that must not alarm (mismatch or missing).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "fixtures"))

from indep.generate import generate_corpus  # noqa: E402

import consistency  # noqa: E402
from consistency.case import load_case  # noqa: E402

FIELDS = ("product_name", "model_number", "manufacturer")
STATUSES = ("consistent", "mismatch", "missing", "unverified")
NO_ALARM = ("consistent", "unverified")
ALARM = ("mismatch", "missing")
RESULTS = ROOT / "benchmarks" / "results"
# Per-class rows with fewer fields than this are shown but marked: too few to read much into.
SMALL_CLASS = 6


def run_tool(folder: Path) -> dict[str, Any]:
    """The one call into the product: check a case folder, return statuses and values found.

    Change only this function when the tool's API changes.
    """
    report = consistency.check(load_case(folder))
    return {
        name: {
            "status": report.field(name).status.value,
            "values": [
                {"source": e.source.value, "value": e.raw, "label": e.label, "role": e.role.value}
                for e in report.field(name).values
            ],
        }
        for name in FIELDS
    }


def measure_package(folder: Path) -> dict[str, Any]:
    """Run the tool on one package and pair its statuses with the truth."""
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    started = time.perf_counter()
    try:
        found = run_tool(folder)
        error = None
    except Exception:  # a crash is a wrong answer on every field, and worth seeing in full
        found = {name: {"status": "error", "values": []} for name in FIELDS}
        error = traceback.format_exc(limit=3)
    return {
        "package": folder.name,
        "seconds": time.perf_counter() - started,
        "error": error,
        "expected": truth["expected"],
        "predicted": {n: found[n]["status"] for n in FIELDS},
        "found": {n: found[n]["values"] for n in FIELDS},
        "classes": truth["classes"],
        "defect": truth["defect"],
    }


def _rate(hits: int, total: int) -> float | None:
    return hits / total if total else None


def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The headline measures and the per-class tables."""
    pairs = [(r, n, r["expected"][n], r["predicted"][n]) for r in results for n in FIELDS]
    total = len(pairs)
    correct = sum(e == p for _, _, e, p in pairs)
    no_alarm = [(e, p) for _, _, e, p in pairs if e in NO_ALARM]
    mismatches = [(e, p) for _, _, e, p in pairs if e == "mismatch"]
    confusion = Counter(f"{e}->{p}" for _, _, e, p in pairs)
    classes: dict[str, dict[str, list[int]]] = defaultdict(
        lambda: defaultdict(lambda: [0, 0, 0, 0])
    )

    def tally(key: str, value: str, ok: bool, alarm: bool, quiet: bool) -> None:
        row = classes[key][value]
        row[0] += 1
        row[1] += ok
        row[2] += alarm
        row[3] += quiet

    for r, name, e, p in pairs:
        ok, alarm, quiet = e == p, e in NO_ALARM and p in ALARM, e in NO_ALARM
        tally("field", name, ok, alarm, quiet)
        tally("expected", e, ok, alarm, quiet)
        for key, value in r["classes"]["package"].items():
            for one in [value] if isinstance(value, str) else value:
                tally(key, one, ok, alarm, quiet)
        for key, values in r["classes"]["fields"][name].items():
            for value in values:
                tally(f"{name}.{key}", value, ok, alarm, quiet)
    seconds = [r["seconds"] for r in results]
    return {
        "packages": len(results),
        "fields": total,
        "status_accuracy": _rate(correct, total),
        "false_alarm_rate": _rate(sum(p in ALARM for _, p in no_alarm), len(no_alarm)),
        "mismatch_recall": _rate(sum(p == "mismatch" for _, p in mismatches), len(mismatches)),
        "unverified_share": _rate(sum(e == "unverified" for _, _, e, _ in pairs), total),
        "unverified_predicted_share": _rate(sum(p == "unverified" for _, _, _, p in pairs), total),
        "unverified_recall": _rate(
            sum(e == p == "unverified" for _, _, e, p in pairs),
            sum(e == "unverified" for _, _, e, _ in pairs),
        ),
        "accuracy_without_unverified": _rate(
            sum(e == p for _, _, e, p in pairs if e != "unverified"),
            sum(e != "unverified" for _, _, e, _ in pairs),
        ),
        "crashes": sum(r["error"] is not None for r in results),
        "confusion": dict(sorted(confusion.items())),
        "seconds_per_package": {
            "mean": statistics.fmean(seconds) if seconds else 0.0,
            "median": statistics.median(seconds) if seconds else 0.0,
            "max": max(seconds, default=0.0),
        },
        "classes": {
            k: {
                v: {
                    "fields": row[0],
                    "accuracy": _rate(row[1], row[0]),
                    "false_alarms": row[2],
                    "no_alarm_fields": row[3],
                }
                for v, row in sorted(vals.items())
            }
            for k, vals in sorted(classes.items())
        },
    }


def _pct(value: float | None) -> str:
    return "  n/a" if value is None else f"{100 * value:5.1f}%"


def print_summary(summary: dict[str, Any], label: str, all_classes: bool = False) -> None:
    print(f"\n== independent corpus: {label}")
    print(
        f"packages {summary['packages']}, fields {summary['fields']}, crashes {summary['crashes']}"
    )
    print(f"status accuracy          {_pct(summary['status_accuracy'])}")
    print(f"  (without unverified)   {_pct(summary['accuracy_without_unverified'])}")
    print(f"false-alarm rate         {_pct(summary['false_alarm_rate'])}")
    print(f"mismatch recall          {_pct(summary['mismatch_recall'])}")
    print(
        f"unverified share         {_pct(summary['unverified_share'])} expected, "
        f"{_pct(summary['unverified_predicted_share'])} predicted, "
        f"recall {_pct(summary['unverified_recall'])}"
    )
    sp = summary["seconds_per_package"]
    print(
        f"seconds per package      mean {sp['mean']:.2f}  median {sp['median']:.2f}  max {sp['max']:.2f}"
    )
    print(
        "confusion (expected->predicted): "
        + ", ".join(f"{k} {v}" for k, v in summary["confusion"].items())
    )
    print("\nper class                                   fields  accuracy  false alarms")
    for key, values in summary["classes"].items():
        if key.endswith(".label") and not all_classes:
            continue  # one row per label wording: in the JSON, on screen with --all-classes
        for value, row in values.items():
            mark = " (few)" if row["fields"] < SMALL_CLASS else ""
            print(
                f"  {key:<24} {value[:30]:<30} {row['fields']:4d}   {_pct(row['accuracy'])}   "
                f"{row['false_alarms']:3d}/{row['no_alarm_fields']:<3d}{mark}"
            )


def wrong_packages(results: list[dict[str, Any]], limit: int) -> None:
    """The first wrong fields, with what the tool found, to show where it fails."""
    shown = 0
    for r in results:
        for name in FIELDS:
            if r["expected"][name] != r["predicted"][name] and shown < limit:
                shown += 1
                found = "; ".join(
                    f"{v['source']}:{v['value']!r}[{v['label']}]" for v in r["found"][name][:5]
                )
                print(
                    f"  {r['package']} {name}: expected {r['expected'][name]}, got {r['predicted'][name]}"
                    f" (defect {r['defect']['kind']}) found {found}"
                )
                if r["error"]:
                    print("    " + r["error"].strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--scan-fraction", type=float, default=0.0)
    parser.add_argument("--photo-fraction", type=float, default=0.0)
    parser.add_argument(
        "--out",
        type=Path,
        help="corpus folder (generated there; kept); default: a temporary folder",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="measure the corpus already in --out, do not generate"
    )
    parser.add_argument(
        "--all-classes", action="store_true", help="also print one row per label wording"
    )
    parser.add_argument(
        "--warm-cache",
        action="store_true",
        help="use the tool's OCR cache (default: a fresh one, so seconds per package are cold)",
    )
    parser.add_argument("--show-wrong", type=int, default=15, help="how many wrong fields to list")
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="packages measured at once in worker processes (default 1: seconds per package "
        "then mean one package on its own; use the core count for the 1,000-package runs)",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="indep-") as scratch:
        out = args.out or Path(scratch)
        if not args.warm_cache:
            os.environ["CONSISTENCY_CACHE_DIR"] = str(Path(scratch) / "ocr-cache")
        if not args.reuse:
            generate_corpus(out, args.count, args.seed, args.scan_fraction, args.photo_fraction)
        folders = sorted(p.parent for p in out.glob("pkg*/truth.json"))
        if not folders:
            print(f"no packages (pkg*/truth.json) under {out}", file=sys.stderr)
            return 2
        if args.jobs > 1:
            with ProcessPoolExecutor(args.jobs) as pool:
                results = list(pool.map(measure_package, folders, chunksize=4))
        else:
            results = [measure_package(folder) for folder in folders]
        if args.reuse and (out / "INDEX.json").exists():
            index = json.loads((out / "INDEX.json").read_text(encoding="utf-8"))
            args.seed, args.scan_fraction, args.photo_fraction = (
                index["seed"],
                index["scan_fraction"],
                index["photo_fraction"],
            )
    label = f"seed {args.seed}, {len(folders)} packages, scans {args.scan_fraction}, photos {args.photo_fraction}"
    summary = summarise(results)
    print_summary(summary, label, args.all_classes)
    print("\nwrong fields:")
    wrong_packages(results, args.show_wrong)
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = f"accuracy_indep_s{args.seed}_n{len(folders)}_scan{args.scan_fraction}_photo{args.photo_fraction}.json"
    (RESULTS / name).write_text(
        json.dumps(
            {"label": label, "summary": summary, "results": results}, indent=2, ensure_ascii=False
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"\nresults: {RESULTS / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
