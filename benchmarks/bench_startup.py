#!/usr/bin/env python3
"""Start-up time of `consistency-report` as whole processes (issue 11, "Speed of a re-run").

One command::

    .venv/bin/python benchmarks/bench_startup.py          # ~30 s on 2 cores

Each command runs `ROUNDS` times, interleaved with `python -c pass` in the same run, so a
busy machine slows the baseline as much as the commands; the figures that matter are the
medians and the difference to the baseline.  Measured:

- `consistency-report --help` and `--version`: the goal is <= 150 ms, with no heavy engine
  imported (RapidOCR, onnxruntime, pdfplumber, dask, openpyxl -- checked here too);
- `consistency-report fixtures/example` (a text-layer report and an xlsx listing), the
  smallest real check, with the OCR cache off.

Results go to `benchmarks/results/startup.json` (git-ignored) and are printed.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "startup.json"
SCRIPT = Path(sys.executable).parent / "consistency-report"
#: Runs per command: enough for a stable median on a shared 2-core machine.
ROUNDS = 15
#: Modules `--help` and `--version` must not import.
HEAVY = ("rapidocr", "onnxruntime", "pdfplumber", "dask", "distributed", "openpyxl")

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "consistency-report --help": [str(SCRIPT), "--help"],
    "consistency-report --version": [str(SCRIPT), "--version"],
    "consistency-report fixtures/example": [
        str(SCRIPT),
        str(ROOT / "fixtures" / "example"),
        "--no-cache",
    ],
}

_MODULES = """
import sys
from consistency.cli import main
main([{flag!r}])
print("\\n".join(sorted(sys.modules)), file=sys.stderr)
"""


def _time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=False, cwd=ROOT)
    return time.perf_counter() - start


def heavy_imports(flag: str) -> list[str]:
    """The heavy engines a process that runs `consistency-report FLAG` has imported."""
    run = subprocess.run(
        [sys.executable, "-c", _MODULES.format(flag=flag)],
        capture_output=True,
        text=True,
        check=True,
    )
    modules = run.stderr.split()
    return sorted(m for m in modules if m.split(".")[0] in HEAVY)


def main() -> None:
    """Time every command, interleaved round by round; print and save the medians."""
    samples: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for command in COMMANDS.values():
        _time(command)  # warm the file cache and any bytecode compilation
    for _ in range(ROUNDS):
        for name, command in COMMANDS.items():
            samples[name].append(_time(command))
    baseline = statistics.median(samples["python -c pass"])
    rows = {
        name: {
            "median_ms": round(1000 * statistics.median(times), 1),
            "min_ms": round(1000 * min(times), 1),
            "over_python_ms": round(1000 * (statistics.median(times) - baseline), 1),
        }
        for name, times in samples.items()
    }
    heavy = {flag: heavy_imports(flag) for flag in ("--help", "--version")}
    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "rounds": ROUNDS,
        "commands": rows,
        "heavy_imports": heavy,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    width = max(len(name) for name in rows)
    print(f"{'command':<{width}}  median   min   over python -c pass   ({ROUNDS} rounds)")
    for name, row in rows.items():
        print(
            f"{name:<{width}}  {row['median_ms']:>6.0f}  {row['min_ms']:>4.0f}  "
            f"{row['over_python_ms']:>+8.0f} ms"
        )
    for flag, modules in heavy.items():
        print(f"heavy engines imported by {flag}: {', '.join(modules) or 'none'}")


if __name__ == "__main__":
    main()
