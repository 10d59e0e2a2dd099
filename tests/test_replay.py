"""Replaying an unchanged check (`consistency.cli.replay`): same output, only when nothing changed.

Every test runs the real command line in-process on a copy of the bundled example
package; a replay is proven by the check's handler not being called the second time.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from consistency.cli import check as check_command
from consistency.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "fixtures" / "example"


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A private copy of the example package (a text-layer report and an xlsx listing)."""
    folder = tmp_path / "case"
    shutil.copytree(EXAMPLE, folder)
    return folder


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts how often the check really ran (as opposed to being replayed)."""
    counted: list[int] = []
    real = check_command.run

    def counting(args: object) -> int:
        counted.append(1)
        return real(args)  # type: ignore[arg-type]

    monkeypatch.setattr(check_command, "run", counting)
    return counted


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_unchanged_rerun_is_replayed_with_the_same_output_and_exit_code(
    package: Path, calls: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    first = run(capsys, str(package), "--format", "json")
    second = run(capsys, str(package), "--format", "json")
    assert first == second
    assert first[0] == 1 and json.loads(first[1])["ok"] is False
    assert len(calls) == 1


def test_another_format_or_flag_is_another_check(
    package: Path, calls: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    json_out = run(capsys, str(package), "--format", "json")
    text_out = run(capsys, str(package))
    ignored = run(capsys, str(package), "--ignore", "CR101")
    assert json_out[1] != text_out[1]
    assert ignored[0] == 0  # CR101 ignored: only the warning remains
    assert len(calls) == 3


def test_a_changed_document_is_checked_again(
    package: Path, calls: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    before = run(capsys, str(package), "--format", "json")
    report = package / "test_report.pdf"
    data = report.read_bytes()
    # Same size, same mtime: only the content tells (a byte in the PDF's trailing comment).
    stat = report.stat()
    report.write_bytes(data[:-2] + (b"%%" if data[-2:] != b"%%" else b"%\n"))
    os.utime(report, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    after = run(capsys, str(package), "--format", "json")
    assert len(calls) == 2
    assert before[0] == after[0]


def test_an_added_file_is_checked_again(
    package: Path, calls: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, str(package), "--format", "json")
    (package / "notes.txt").write_text("not part of the appeal\n", encoding="utf-8")
    _, out = run(capsys, str(package), "--format", "json")
    assert len(calls) == 2
    assert any(f["code"] == "CR502" for f in json.loads(out)["findings"])


def test_a_new_configuration_above_the_case_is_checked_again(
    package: Path, calls: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    (package / "consistency.toml").unlink()
    sku = ("--sku", "PEA-XF6915C-01")
    first = run(capsys, str(package), "--format", "json", *sku)
    (package.parent / "pyproject.toml").write_text(
        '[tool.consistency]\nignore = ["CR101"]\n', encoding="utf-8"
    )
    second = run(capsys, str(package), "--format", "json", *sku)
    assert len(calls) == 2
    assert (first[0], second[0]) == (1, 0)


def test_a_file_named_by_a_manifest_outside_its_folder_is_followed(
    tmp_path: Path, calls: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shutil.copy(EXAMPLE / "test_report.pdf", shared / "report.pdf")
    case = tmp_path / "case"
    case.mkdir()
    shutil.copy(EXAMPLE / "listing.xlsx", case / "listing.xlsx")
    (case / "consistency.toml").write_text(
        'sku = "PEA-XF6915C-01"\nlisting = "listing.xlsx"\n'
        '[documents]\ntest_report = ["../shared/report.pdf"]\n',
        encoding="utf-8",
    )
    run(capsys, str(case), "--format", "json")
    run(capsys, str(case), "--format", "json")
    assert len(calls) == 1
    (shared / "report.pdf").write_bytes(b"%PDF-1.4 no longer a report\n")
    _, out = run(capsys, str(case), "--format", "json")
    assert len(calls) == 2
    assert any(f["code"] == "CR501" for f in json.loads(out)["findings"])


def test_unreadable_documents_and_no_cache_are_never_replayed(
    package: Path, calls: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    broken = package.parent / "broken_report.pdf"
    broken.write_bytes(b"%PDF-1.4 truncated")
    run(capsys, str(package), "--report", str(broken))
    _, out = run(capsys, str(package), "--report", str(broken))
    assert "CR501" in out
    assert len(calls) == 2  # a CR501 report is not stored: the failure may be transient
    run(capsys, str(package), "--no-cache")
    run(capsys, str(package), "--no-cache")
    assert len(calls) == 4


def test_replay_writes_the_output_file_too(
    package: Path, tmp_path: Path, calls: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "report.md"
    assert main([str(package), "--format", "markdown", "--output", str(target)]) == 1
    first = target.read_text(encoding="utf-8")
    target.unlink()
    assert main([str(package), "--format", "markdown", "--output", str(target)]) == 1
    assert target.read_text(encoding="utf-8") == first
    assert len(calls) == 1
    assert capsys.readouterr().out == ""


def test_a_damaged_store_entry_is_a_miss_not_an_error(
    package: Path, own_replay_store: Path, calls: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    first = run(capsys, str(package), "--format", "json")
    for entry in own_replay_store.glob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    assert run(capsys, str(package), "--format", "json") == first
    assert len(calls) == 2
