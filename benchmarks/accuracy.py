#!/usr/bin/env python3
"""Field-status accuracy of `consistency.check` on generated appeal packages.

Runs the checker on every package folder (one with a `truth.json`) under a folder made by
`fixtures/generate.py`, compares each compared field's status with the truth, and prints:
field-status accuracy, the false-alarm rate (fields that truly agree reported as `mismatch`),
confusion per field, error tables per variation, per report layout, per listing format and
per tag, and the list of wrong packages with what was expected and what was found, so the
extractor can be fixed.  Results go to `benchmarks/results/accuracy.json`.

    python benchmarks/accuracy.py out/bench                      # an existing folder
    python benchmarks/accuracy.py out/bench --generate 300 --seed 1   # generate it first

The targets of issue 2: accuracy >= 0.97 and false alarms <= 2 % of consistent fields.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ("product_name", "model_number", "manufacturer")
TARGET_ACCURACY = 0.97
TARGET_FALSE_ALARMS = 0.02


def _values(report: Any, field: str) -> list[dict[str, Any]]:
    """The values the checker found for a field, by source, for the wrong-package list."""
    row = report.field(field)
    return [
        {
            "source": e.source.value,
            "value": e.raw,
            "role": e.role.value,
            "label": e.label,
            "page": e.page,
        }
        for e in row.values
    ]


def check_package(folder: Path, via: str) -> dict[str, Any]:
    """Checks one package; returns the per-field outcome, timing and what was found."""
    import consistency

    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    started = time.perf_counter()
    try:
        if via == "case":
            from consistency.case import load_case

            report = consistency.check(load_case(folder))
        else:
            documents = [
                consistency.Document(folder / truth["listing"], "listing", sku=truth["sku"])
            ]
            for kind, names in truth["documents"].items():
                documents += [consistency.Document(folder / name, kind) for name in names]
            report = consistency.check(documents, sku=truth["sku"])
    except Exception as error:  # a crash is a wrong answer on every field, and worth seeing
        return {
            "folder": folder.name,
            "truth": truth,
            "seconds": time.perf_counter() - started,
            "found": dict.fromkeys(FIELDS, "error"),
            "error": "".join(traceback.format_exception_only(error)).strip(),
            "values": {},
            "findings": [],
        }
    seconds = time.perf_counter() - started
    found = {f: report.field(f).status.value for f in FIELDS}
    return {
        "folder": folder.name,
        "truth": truth,
        "seconds": seconds,
        "found": found,
        "values": {f: _values(report, f) for f in FIELDS},
        "findings": [
            {"code": x.code, "field": x.field.value if x.field else None, "message": x.message}
            for x in report.findings
        ],
    }


def _rate(wrong: int, total: int) -> str:
    return f"{total - wrong}/{total} ({(total - wrong) / total:.1%})" if total else "-"


def summarise(outcomes: list[dict[str, Any]]) -> dict[str, Any]:
    """Accuracy, false alarms, confusion and the per-dimension error tables."""
    total = correct = consistent = false_alarms = 0
    confusion: dict[str, Counter[str]] = {f: Counter() for f in FIELDS}
    tables: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    wrong_packages = []
    for outcome in outcomes:
        truth = outcome["truth"]
        errors = []
        for f in FIELDS:
            expected, found = truth["expected"][f], outcome["found"][f]
            total += 1
            ok = expected == found
            correct += ok
            confusion[f][f"{expected} -> {found}"] += 1
            if expected == "consistent":
                consistent += 1
                false_alarms += found == "mismatch"
            if not ok:
                errors.append(f)
            # per-dimension tables count fields: [wrong, total]
            for dimension, key in (
                ("layout", truth["layout"]),
                ("listing_format", truth["listing_format"]),
                ("listing_encoding", truth["listing_encoding"]),
                ("field", f"{f}: {expected}"),
            ):
                tables[dimension][key][0] += not ok
                tables[dimension][key][1] += 1
            for tag in truth.get("tags", []):
                tables["tag"][tag][0] += not ok
                tables["tag"][tag][1] += 1
            for variation in truth.get("variations", []):
                if variation["field"] == f:
                    key = f"{f}: {variation['kind']} {variation['key']}"
                    tables["variation"][key][0] += not ok
                    tables["variation"][key][1] += 1
        if errors:
            wrong_packages.append(
                {
                    "folder": outcome["folder"],
                    "sku": truth["sku"],
                    "layout": truth["layout"],
                    "listing_format": truth["listing_format"],
                    "listing_encoding": truth["listing_encoding"],
                    "wrong_fields": {
                        f: {
                            "expected": truth["expected"][f],
                            "found": outcome["found"][f],
                            "truth_listing": truth["values"]["listing"].get(f),
                            "truth_report": truth["values"]["test_report"].get(f),
                            "found_values": outcome["values"].get(f, []),
                            "findings": [
                                x["message"] for x in outcome["findings"] if x["field"] == f
                            ],
                        }
                        for f in errors
                    },
                    "variation": truth["variation"],
                    "tags": truth.get("tags", []),
                    **({"error": outcome["error"]} if "error" in outcome else {}),
                }
            )
    seconds = [o["seconds"] for o in outcomes]
    return {
        "packages": len(outcomes),
        "fields": total,
        "accuracy": correct / total if total else 0.0,
        "consistent_fields": consistent,
        "false_alarms": false_alarms,
        "false_alarm_rate": false_alarms / consistent if consistent else 0.0,
        "packages_all_right": len(outcomes) - len(wrong_packages),
        "crashes": sum(1 for o in outcomes if "error" in o),
        "seconds": {
            "total": sum(seconds),
            "mean": statistics.fmean(seconds) if seconds else 0,
            "median": statistics.median(seconds) if seconds else 0,
            "max": max(seconds, default=0),
        },
        "confusion": {f: dict(sorted(c.items())) for f, c in confusion.items()},
        "tables": {
            d: {k: {"wrong": v[0], "fields": v[1]} for k, v in sorted(t.items())}
            for d, t in tables.items()
        },
        "wrong_packages": wrong_packages,
    }


def print_summary(summary: dict[str, Any], *, show: int) -> None:
    """Prints the headline figures, the tables and the first `show` wrong packages."""
    acc, fa = summary["accuracy"], summary["false_alarm_rate"]
    print(
        f"packages: {summary['packages']}  fields: {summary['fields']}  "
        f"crashes: {summary['crashes']}  all fields right: {summary['packages_all_right']}"
    )
    print(
        f"field-status accuracy: {acc:.4f}  (target >= {TARGET_ACCURACY}) "
        f"{'OK' if acc >= TARGET_ACCURACY else 'BELOW TARGET'}"
    )
    print(
        f"false alarms: {summary['false_alarms']}/{summary['consistent_fields']} consistent "
        f"fields = {fa:.4f}  (target <= {TARGET_FALSE_ALARMS}) "
        f"{'OK' if fa <= TARGET_FALSE_ALARMS else 'ABOVE TARGET'}"
    )
    s = summary["seconds"]
    print(
        f"time per package: mean {s['mean']:.3f}s  median {s['median']:.3f}s  max {s['max']:.3f}s"
    )
    print("\nconfusion (expected -> found):")
    for f, counts in summary["confusion"].items():
        print(f"  {f}: " + ", ".join(f"{k}: {v}" for k, v in counts.items()))
    for dimension in ("field", "variation", "layout", "listing_format", "listing_encoding", "tag"):
        table = summary["tables"].get(dimension, {})
        if not table:
            continue
        print(f"\nper {dimension} (fields right/total):")
        width = max(len(k) for k in table)
        for key, cell in sorted(table.items(), key=lambda kv: (-kv[1]["wrong"], kv[0])):
            mark = "  <--" if cell["wrong"] else ""
            print(f"  {key:<{width}}  {_rate(cell['wrong'], cell['fields'])}{mark}")
    wrong = summary["wrong_packages"]
    if wrong:
        print(f"\nwrong packages ({len(wrong)}; first {min(show, len(wrong))}):")
    for package in wrong[:show]:
        print(
            f"- {package['folder']} [{package['layout']}, {package['listing_format']}/"
            f"{package['listing_encoding']}] {package.get('error', '')}"
        )
        for f, detail in package["wrong_fields"].items():
            found = "; ".join(
                f"{v['source']}={v['value']!r}" + (f" ({v['role']})" if v["role"] != "main" else "")
                for v in detail["found_values"]
            )
            print(f"    {f}: expected {detail['expected']}, found {detail['found']}")
            print(
                f"      truth: listing={detail['truth_listing']!r} report={detail['truth_report']!r}"
            )
            print(f"      read : {found or '(nothing)'}")


def package_folders(root: Path) -> list[Path]:
    """Every package folder (holding a truth.json) under root, in name order."""
    return sorted(p.parent for p in root.glob("**/truth.json"))


def run(folders: Iterable[Path], via: str, jobs: int) -> list[dict[str, Any]]:
    """Checks the packages, serially or in a process pool."""
    folders = list(folders)
    if jobs <= 1:
        return [check_package(f, via) for f in folders]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(jobs) as pool:
        return list(pool.map(check_package, folders, [via] * len(folders), chunksize=4))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, nargs="?", default=ROOT / "out" / "bench")
    parser.add_argument(
        "--generate",
        type=int,
        metavar="N",
        help="first generate N packages into the folder (fixtures/generate.py)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--via",
        choices=("case", "documents"),
        default="case",
        help="load each folder's consistency.toml (case) or build the documents "
        "from truth.json (documents)",
    )
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--show", type=int, default=40, help="wrong packages to print")
    parser.add_argument(
        "--output", type=Path, default=ROOT / "benchmarks" / "results" / "accuracy.json"
    )
    args = parser.parse_args(argv)
    if args.generate:
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "fixtures" / "generate.py"),
                "--seed",
                str(args.seed),
                "--count",
                str(args.generate),
                "--out",
                str(args.folder),
                "--clean",
            ],
            check=True,
        )
    folders = package_folders(args.folder)
    if not folders:
        print(f"no packages (truth.json) under {args.folder}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    outcomes = run(folders, args.via, args.jobs)
    summary = summarise(outcomes)
    summary["folder"] = str(args.folder)
    summary["via"] = args.via
    summary["wall_seconds"] = time.perf_counter() - started
    print_summary(summary, show=args.show)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(
        json.dumps(summary, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"\nresults written to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
