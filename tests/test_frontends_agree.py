"""One folder, four front ends, two working directories: one verdict, SKU and configuration.

The case folder has no manifest (its name picks the listing row: the SKU) and sits in a
catalogue whose `pyproject.toml` makes CR101 a warning; a second `pyproject.toml` elsewhere
would ignore CR101 instead.  Run from `/` and from beside that conflicting file, the command
line, `batch`, the pytest plugin and `consistency.check()` must give the same JSON, built
with the catalogue's configuration (issue 11, "Configuration").
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import consistency
from consistency.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "example"

PYTEST_CHECK = """\
import json, os
from pathlib import Path

def test_dump(consistency_check):
    report = consistency_check(Path(os.environ["CASE"]))
    Path(os.environ["OUT"]).write_text(json.dumps(report.to_record()), encoding="utf-8")
"""


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path]:
    """(the case folder, the folder holding a conflicting pyproject.toml)."""
    catalogue = tmp_path / "catalogue"
    case = catalogue / "pea-xf6915c-01"  # named by its SKU, as sellers do
    case.mkdir(parents=True)
    for name in ("listing.xlsx", "test_report.pdf"):
        shutil.copy(EXAMPLE / name, case / name)
    (catalogue / "pyproject.toml").write_text(
        '[tool.consistency.severity]\nCR101 = "warning"\n', encoding="utf-8"
    )
    conflicting = tmp_path / "elsewhere"
    conflicting.mkdir()
    (conflicting / "pyproject.toml").write_text(
        '[tool.consistency]\nignore = ["CR101"]\n', encoding="utf-8"
    )
    (conflicting / "test_dump.py").write_text(PYTEST_CHECK, encoding="utf-8")
    return case, conflicting


def _without_version(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k != "schema_version"}


def _records(
    case: Path, test_file: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> dict[str, dict[str, Any]]:
    """The report of `case` as each front end gives it, from the current working directory."""
    records: dict[str, dict[str, Any]] = {}
    records["api"] = consistency.check(case).to_record()

    assert main([str(case), "--format", "json"]) == 0  # CR101 is only a warning here
    records["cli"] = _without_version(json.loads(capsys.readouterr().out))

    assert main(["batch", str(case), "--format", "json", "--jobs", "1"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["summary"]["cases"] == 1
    records["batch"] = _without_version(summary["cases"][0]["report"])

    out = tmp_path / f"pytest-{len(os.listdir(tmp_path))}.json"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test_file)],
        env={**os.environ, "CASE": str(case), "OUT": str(out)},
        cwd=Path.cwd(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    records["pytest"] = json.loads(out.read_text(encoding="utf-8"))
    return records


@pytest.mark.slow
def test_every_front_end_gives_the_same_report_from_any_working_directory(
    layout: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """CLI, batch, pytest and the API agree, from `/` and beside a conflicting pyproject.toml."""
    case, conflicting = layout
    seen = []
    for cwd in (Path("/"), conflicting):
        monkeypatch.chdir(cwd)
        records = _records(case, conflicting / "test_dump.py", capsys, tmp_path)
        assert records["cli"] == records["api"]
        assert records["batch"] == records["api"]
        assert records["pytest"] == records["api"]
        seen.append(records["api"])
    assert seen[0] == seen[1]
    report = seen[0]
    assert report["sku"] == "PEA-XF6915C-01"  # spelled as the listing spells it
    # The catalogue's configuration, not the working directory's: CR101 is there, as a warning.
    # CR705 (warning): the example package has no packaging photo.
    assert [(f["code"], f["severity"]) for f in report["findings"]] == [
        ("CR101", "warning"),
        ("CR705", "warning"),
    ]


@pytest.mark.slow
def test_batch_and_pytest_find_the_same_cases(tmp_path: Path) -> None:
    """`pytest --consistency DIR` collects exactly the folders `batch DIR` checks."""
    catalogue = tmp_path / "catalogue"
    shutil.copytree(EXAMPLE, catalogue / "with-manifest")
    plain = catalogue / "brand" / "PEA-XF6915C-01"
    plain.mkdir(parents=True)
    shutil.copy(EXAMPLE / "test_report.pdf", plain / "report.pdf")
    shutil.copy(EXAMPLE / "listing.xlsx", catalogue / "listing.xlsx")
    (catalogue / "only-notes").mkdir()
    (catalogue / "only-notes" / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--consistency",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(tmp_path),
            str(catalogue),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    collected = sorted(line.split("::")[0] for line in run.stdout.splitlines() if "::" in line)
    assert collected == ["catalogue/brand/PEA-XF6915C-01", "catalogue/with-manifest"]
    assert [
        p.relative_to(tmp_path).as_posix() for p in consistency.batch.find_case_folders(catalogue)
    ] == collected
