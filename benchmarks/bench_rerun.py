#!/usr/bin/env python3
"""Re-running a check, as whole processes: cold, replayed, and after a fix (issue 11).

One command::

    .venv/bin/python benchmarks/bench_rerun.py            # ~1 min on 2 cores

On a copy of `fixtures/generated/pkg0000` (a text-layer report, two photos, a CSV
listing), interleaved round by round so a busy machine slows every column alike:

- `cold`: a new process with an empty cache folder (`CONSISTENCY_CACHE_DIR`);
- `replayed`: the same command again, nothing changed (`consistency.cli.replay`);
- `after a fix`: the listing edited between runs, so the check runs again; the other
  documents come from the readings memo (`consistency.memo`) and the OCR cache (what a
  seller sees after correcting one file);
- `python -c pass` and `consistency-report --help`, the floor any process pays.

Children run with Python's bytecode cache on (`PYTHONDONTWRITEBYTECODE` removed), as an
installed package has it; without it every process compiles every module again.
Wall and CPU (user + system of the child) seconds, medians; the goal of issue 11 is a
warm re-run <= 0.10 of its cold run.  Results go to `benchmarks/results/rerun.json`.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "fixtures" / "generated" / "pkg0000"
RESULTS = ROOT / "benchmarks" / "results" / "rerun.json"
SCRIPT = Path(sys.executable).parent / "consistency-report"
#: Rounds per column: cold runs cost seconds each on 2 cores.
ROUNDS = 5


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system of the child) of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=False, env=env, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _edit_listing(folder: Path, round_number: int) -> None:
    """Change the listing's bytes without changing what it says (a trailing newline)."""
    listing = folder / "products.csv"
    data = listing.read_bytes().rstrip(b"\r\n")
    listing.write_bytes(data + b"\r\n" * (1 + round_number % 2))


def main() -> None:
    """Time each column round by round; print and save medians and ratios."""
    columns = ("python -c pass", "--help", "cold", "replayed", "after a fix")
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in columns}
    with tempfile.TemporaryDirectory(prefix="bench-rerun-") as scratch:
        base = Path(scratch)
        case = base / "pkg0000"
        shutil.copytree(PACKAGE, case)
        check = [str(SCRIPT), str(case)]
        for round_number in range(ROUNDS):
            cache = base / f"cache{round_number}"
            env = {**os.environ, "CONSISTENCY_CACHE_DIR": str(cache)}
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            samples["python -c pass"].append(_run([sys.executable, "-c", "pass"], env))
            samples["--help"].append(_run([str(SCRIPT), "--help"], env))
            samples["cold"].append(_run(check, env))
            samples["replayed"].append(_run(check, env))
            _edit_listing(case, round_number)
            samples["after a fix"].append(_run(check, env))
    cold_wall = statistics.median(w for w, _ in samples["cold"])
    cold_cpu = statistics.median(c for _, c in samples["cold"])
    rows = {}
    for name, values in samples.items():
        wall = statistics.median(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        rows[name] = {
            "wall_s": round(wall, 3),
            "cpu_s": round(cpu, 3),
            "wall_of_cold": round(wall / cold_wall, 3),
            "cpu_of_cold": round(cpu / cold_cpu, 3),
        }
    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_average": os.getloadavg(),
        "rounds": ROUNDS,
        "package": str(PACKAGE.relative_to(ROOT)),
        "columns": rows,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{PACKAGE.relative_to(ROOT)}, {ROUNDS} rounds, load {os.getloadavg()[0]:.1f}")
    print(f"{'':<16} {'wall s':>7} {'cpu s':>7} {'wall/cold':>10} {'cpu/cold':>9}")
    for name, row in rows.items():
        print(
            f"{name:<16} {row['wall_s']:>7.3f} {row['cpu_s']:>7.3f} "
            f"{row['wall_of_cold']:>10.3f} {row['cpu_of_cold']:>9.3f}"
        )


if __name__ == "__main__":
    main()
