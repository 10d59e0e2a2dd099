"""The readings memo (`consistency.memo`): a document is read again only when it must be."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

import consistency
from consistency import memo
from consistency.config import Config
from consistency.model import Document, Evidence, Field, Kind, Reading, Role

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "fixtures" / "example"


@pytest.fixture
def report(tmp_path: Path) -> Document:
    path = tmp_path / "report.pdf"
    shutil.copy(EXAMPLE / "test_report.pdf", path)
    return Document(path, Kind.TEST_REPORT)


def counting_reader(document: Document, calls: list[int]) -> object:
    def read() -> Reading:
        calls.append(1)
        value = Evidence(
            Field.MODEL_NUMBER, "XF-6915C", "XF6915C", Kind.TEST_REPORT, str(document.path), "test"
        )
        return Reading(document, (attrs.evolve(value, role=Role.SERIES),), pages=1)

    return read


def test_a_document_read_before_is_not_read_again(report: Document) -> None:
    calls: list[int] = []
    read = counting_reader(report, calls)
    first = memo.remembered(report, Config(), read)  # type: ignore[arg-type]
    second = memo.remembered(report, Config(), read)  # type: ignore[arg-type]
    assert first == second
    assert len(calls) == 1


def test_new_bytes_another_configuration_or_another_reader_read_again(report: Document) -> None:
    calls: list[int] = []
    read = counting_reader(report, calls)
    memo.remembered(report, Config(), read)  # type: ignore[arg-type]
    report.path.write_bytes(report.path.read_bytes() + b"\n% edited\n")
    memo.remembered(report, Config(), read)  # type: ignore[arg-type]
    stricter = attrs.evolve(Config(), select=("CR1",))
    memo.remembered(report, stricter, read)  # type: ignore[arg-type]
    memo.remembered(report, stricter, read, reader=counting_reader)  # type: ignore[arg-type]
    assert len(calls) == 4


def test_cache_off_failed_reads_and_damaged_entries_are_never_trusted(report: Document) -> None:
    calls: list[int] = []
    read = counting_reader(report, calls)
    off = attrs.evolve(Config(), cache=False)
    memo.remembered(report, off, read)  # type: ignore[arg-type]
    memo.remembered(report, off, read)  # type: ignore[arg-type]
    assert len(calls) == 2

    def failing() -> Reading:
        raise ValueError("unreadable")

    with pytest.raises(ValueError):
        memo.remembered(report, Config(), failing)
    memo.remembered(report, Config(), read)  # type: ignore[arg-type]
    assert len(calls) == 3  # the failure stored nothing
    key = memo.key(report, Config())
    assert key is not None
    memo._path(Config(), key).write_bytes(b"not a pickle")
    memo.remembered(report, Config(), read)  # type: ignore[arg-type]
    assert len(calls) == 4


_KEY_SCRIPT = """
import sys
from pathlib import Path
from consistency import memo
from consistency.config import Config
from consistency.model import Document, Kind
print(memo.key(Document(Path(sys.argv[1]), Kind.TEST_REPORT), Config()))
"""


def test_the_key_is_the_same_in_every_process_whatever_the_hash_seed(report: Document) -> None:
    """Config holds frozensets (expected fields per kind): their repr follows the hash seed."""
    keys = set()
    for seed in ("1", "2", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", _KEY_SCRIPT, str(report.path)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        keys.add(run.stdout.strip())
    assert len(keys) == 1 and "None" not in keys


def test_a_checked_package_is_read_once_and_judged_the_same(
    tmp_path: Path, own_readings_memo: Path
) -> None:
    case = tmp_path / "case"
    shutil.copytree(EXAMPLE, case)
    first = consistency.check(case)
    stored = sorted(p.name for p in own_readings_memo.glob("*.pickle"))
    second = consistency.check(case)
    assert first == second
    assert len(stored) == 2  # the listing and the report
    assert sorted(p.name for p in own_readings_memo.glob("*.pickle")) == stored
