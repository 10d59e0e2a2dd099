"""Batch checks: `check_many()` and `consistency-report batch` on generated catalogues.

Real PDFs (reportlab), a real CSV listing export, real worker processes; the only
stand-in is a case path that kills its worker, for the worker-death path.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

import consistency
from batch_catalogue import PARENT_PID_VARIABLE, CatalogueCase, KillsItsWorker, build_catalogue
from consistency import batch
from consistency.case import find_manifest, load_case
from consistency.cli import main as cli_main
from consistency.config import Config
from consistency.errors import UsageError
from consistency.report.batch_summary import CsvWriter, HtmlWriter, Totals, escape_cell

VENV_BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[CatalogueCase]]:
    """Eight SKUs: two digit-swapped models (SKU 2 and 5), a truncated PDF (SKU 6)."""
    root = tmp_path_factory.mktemp("catalogue")
    cases = build_catalogue(root, 8, mismatch_every=3, broken={6})
    return root, cases


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Keep the OCR cache out of the user's home, in this process and in spawned workers."""
    folder = tmp_path_factory.getbasetemp() / "ocr-cache"
    monkeypatch.setenv("CONSISTENCY_CACHE_DIR", str(folder))
    return folder


def single_case_record(folder: Path, listing: Path) -> dict[str, object]:
    """What `consistency.check()` says about one case folder on its own."""
    sku = None if find_manifest(folder) else folder.name
    case = load_case(folder, sku=sku, listing=listing)
    return consistency.check(case).to_record()


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.slow
def test_every_report_equals_the_single_case_check(
    catalogue: tuple[Path, list[CatalogueCase]], jobs: int
) -> None:
    """In this process or in a pool, each case's report is exactly what check() gives alone."""
    root, cases = catalogue
    listing = root / "listing_export.csv"
    folders = batch.find_case_folders(root)
    results = list(consistency.check_many(folders, jobs=jobs, listing=listing))
    assert sorted(r.index for r in results) == list(range(len(cases)))
    for result in results:
        assert result.report.to_record() == single_case_record(result.path, listing)
    verdicts = {r.sku: r.ok for r in results}
    assert verdicts == {c.sku: c.consistent for c in cases}


def test_the_shared_listing_is_parsed_once_for_the_whole_catalogue(tmp_path: Path) -> None:
    """Checking many SKUs of one export parses it once, then serves every row from memory."""
    from consistency.extract import listing as listing_module

    build_catalogue(tmp_path, 6, mismatch_every=0)
    listing_module._read_cached.cache_clear()
    results = list(
        consistency.check_many(
            batch.find_case_folders(tmp_path), jobs=1, listing=tmp_path / "listing_export.csv"
        )
    )
    assert all(r.ok for r in results)
    info = listing_module._read_cached.cache_info()
    assert info.misses == 1  # parsed once; every other look-up (SKU, row) is a cache hit


def test_a_truncated_pdf_is_that_case_s_cr501_finding(
    catalogue: tuple[Path, list[CatalogueCase]],
) -> None:
    """A broken report PDF fails its own case with CR501; the batch goes on."""
    root, cases = catalogue
    results = {
        r.sku: r
        for r in consistency.check_many(
            batch.find_case_folders(root), jobs=1, listing=root / "listing_export.csv"
        )
    }
    broken = results["SKU-00006"]
    assert broken.error is None
    # CR705 (warning): the case has no packaging photo.
    # The unreadable report was the only witness: CR501, and every field unverified (CR404).
    assert [f.code for f in broken.report.findings if f.code != "CR404"] == ["CR501", "CR705"]
    assert {r.status.value for r in broken.report.fields} == {"unverified"}
    assert sum(r.ok for r in results.values()) == sum(c.consistent for c in cases)


def test_a_case_that_cannot_be_loaded_becomes_cr599_named_by_its_manifest(tmp_path: Path) -> None:
    """A manifest naming a missing file: that SKU gets CR599 batch-case-failed, others pass."""
    build_catalogue(tmp_path, 2, mismatch_every=0)
    (tmp_path / "SKU-00000" / "consistency.toml").write_text(
        'sku = "SKU-00000"\nlisting = "../missing.csv"\n', encoding="utf-8"
    )
    results = sorted(
        consistency.check_many(
            batch.find_case_folders(tmp_path), jobs=1, listing=tmp_path / "listing_export.csv"
        ),
        key=lambda r: r.index,
    )
    failed, fine = results
    assert failed.sku == "SKU-00000" and fine.ok
    assert failed.error is not None and "missing.csv" in failed.error
    (finding,) = failed.report.findings
    assert (finding.code, finding.name, finding.severity.value) == (
        "CR599",
        "batch-case-failed",
        "error",
    )
    assert {row.status.value for row in failed.report.fields} == {"missing"}


@pytest.mark.slow
def test_a_worker_that_dies_fails_only_its_own_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A case that kills its worker process becomes CR599; the cases around it are checked."""
    cases = build_catalogue(tmp_path, 3, mismatch_every=0)
    monkeypatch.setenv(PARENT_PID_VARIABLE, str(os.getpid()))
    killer = KillsItsWorker(str(cases[1].folder))
    targets = [cases[0].folder, killer, cases[2].folder]
    results = {
        r.index: r
        for r in consistency.check_many(targets, jobs=2, listing=tmp_path / "listing_export.csv")
    }
    assert results[0].ok and results[2].ok
    assert results[1].error is not None and "worker process died" in results[1].error
    assert [f.code for f in results[1].report.findings] == ["CR599"]
    assert results[1].sku == "SKU-00001"


def test_results_stream_and_cases_are_pulled_lazily(
    catalogue: tuple[Path, list[CatalogueCase]],
) -> None:
    """check_many is an iterator that takes cases from its input as it goes, not all at once."""
    root, _ = catalogue
    pulled: list[Path] = []

    def folders() -> Iterator[Path]:
        for folder in batch.find_case_folders(root):
            pulled.append(folder)
            yield folder

    results = consistency.check_many(folders(), jobs=1, listing=root / "listing_export.csv")
    assert pulled == []
    first = next(results)
    assert first.index == 0 and len(pulled) == 1
    results.close()


def test_find_case_folders_takes_manifests_and_sku_folders_only(tmp_path: Path) -> None:
    """Manifest folders and folders with documents are cases; listings-only, hidden and
    nested-in-a-case folders are not.  The shared listing is the top-level file that reads
    as one."""
    build_catalogue(tmp_path, 2, mismatch_every=0)
    (tmp_path / "brand" / "SKU-X").mkdir(parents=True)
    (tmp_path / "SKU-00000" / "photos").mkdir()
    (tmp_path / "SKU-00000" / "photos" / "box.jpg").write_bytes(b"")
    (tmp_path / "brand" / "SKU-X" / "report.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "old_listing.csv").write_text("SKU,Title\n", encoding="utf-8")
    (tmp_path / ".trash" / "SKU-Y").mkdir(parents=True)
    (tmp_path / ".trash" / "SKU-Y" / "report.pdf").write_bytes(b"%PDF-1.4")
    assert batch.find_case_folders(tmp_path) == [
        tmp_path / "SKU-00000",
        tmp_path / "SKU-00001",
        tmp_path / "brand" / "SKU-X",
    ]
    assert batch.find_shared_listing(tmp_path) == tmp_path / "listing_export.csv"
    (tmp_path / "INDEX.json").write_text('[{"folder": "SKU-00000"}]', encoding="utf-8")
    assert batch.find_shared_listing(tmp_path) == tmp_path / "listing_export.csv"
    (tmp_path / "other_export.csv").write_text(
        "SKU,Title,Model\nA-1,Smart Plug,XK-1\n", encoding="utf-8"
    )
    with pytest.raises(UsageError, match="2 listing exports"):
        batch.find_shared_listing(tmp_path)


def test_csv_cells_that_start_a_formula_are_escaped() -> None:
    """= + - @ (and tab, CR) at the start of a cell get a leading quote; others are unchanged."""
    assert [escape_cell(v) for v in ("=1+2", "+A1", "-2", "@SUM(A1)", "\tx", "XK-2041B", None)] == [
        "'=1+2",
        "'+A1",
        "'-2",
        "'@SUM(A1)",
        "'\tx",
        "XK-2041B",
        "",
    ]


def test_csv_summary_escapes_hostile_values_from_the_inputs(tmp_path: Path) -> None:
    """A SKU and a model number that look like formulas arrive in the CSV as text."""
    build_catalogue(tmp_path, 1, mismatch_every=0)
    listing = tmp_path / "listing_export.csv"
    listing.write_text(
        listing.read_text(encoding="utf-8")
        .replace("SKU-00000", "=HYPERLINK(1)")
        .replace("AA-2000A", "-AA-2000A"),
        encoding="utf-8",
    )
    manifest = tmp_path / "SKU-00000" / "consistency.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("SKU-00000", "=HYPERLINK(1)"), encoding="utf-8"
    )
    stream = io.StringIO()
    writer = CsvWriter(None, stream, Config())
    totals = Totals()
    for outcome in batch.run([tmp_path / "SKU-00000"], jobs=1, listing=listing):
        totals.add(outcome.result)
        writer.add(outcome)
    writer.finish(totals)
    writer.close()
    rows = list(csv.DictReader(io.StringIO(stream.getvalue())))
    assert rows[0]["sku"] == "'=HYPERLINK(1)"
    assert rows[0]["listing_model_number"] == "'-AA-2000A"


def run_cli(*argv: str) -> int:
    return cli_main(["batch", *argv])


@pytest.mark.slow
def test_cli_json_holds_each_single_case_report(
    catalogue: tuple[Path, list[CatalogueCase]], tmp_path: Path
) -> None:
    """--format json: ok, and per case sku, path and the single-case JSON object (mirrored)."""
    root, cases = catalogue
    out = tmp_path / "catalogue.json"
    assert run_cli(str(root), "--format", "json", "--output", str(out), "--jobs", "2") == 1
    summary = json.loads(out.read_text(encoding="utf-8"))
    assert summary["ok"] is False
    assert [c["sku"] for c in summary["cases"]] == [c.sku for c in cases]
    single = tmp_path / "single.json"
    folder = root / "SKU-00002"
    assert cli_main([str(folder), "--format", "json", "--output", str(single)]) == 1
    record = summary["cases"][2]
    assert record["path"] == str(folder)
    assert record["report"] == json.loads(single.read_text(encoding="utf-8"))
    assert record["fields"] == record["report"]["fields"]
    assert record["fields"]["model_number"]["status"] == "mismatch"
    assert [c["ok"] for c in summary["cases"]] == [c.consistent for c in cases]
    assert summary["summary"]["cases"] == len(cases)


@pytest.mark.slow
def test_cli_junit_has_one_suite_per_sku_and_html_an_index(
    catalogue: tuple[Path, list[CatalogueCase]], tmp_path: Path
) -> None:
    """JUnit: one testsuite per SKU, failures where a case has errors; HTML: index + pages."""
    root, cases = catalogue
    junit = tmp_path / "junit.xml"
    assert run_cli(str(root), "--format", "junit", "--output", str(junit), "--jobs", "1") == 1
    suites = ET.parse(junit).getroot().findall("testsuite")
    assert [s.get("name") for s in suites] == [f"consistency: {c.sku}" for c in cases]
    assert [s.get("failures") != "0" for s in suites] == [not c.consistent for c in cases]

    pages = tmp_path / "html"
    assert run_cli(str(root), "--format", "html", "--output", str(pages), "--jobs", "1") == 1
    index = (pages / "index.html").read_text(encoding="utf-8")
    for case in cases:
        assert f'href="{case.sku}.html"' in index
        assert (
            (pages / f"{case.sku}.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        )


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """0 when every SKU is consistent, 1 with findings, 2 for usage errors (one line)."""
    build_catalogue(tmp_path / "good", 2, mismatch_every=0)
    build_catalogue(tmp_path / "bad", 2, mismatch_every=2)
    assert run_cli(str(tmp_path / "good"), "--jobs", "1") == 0
    assert run_cli(str(tmp_path / "bad"), "--jobs", "1") == 1
    capsys.readouterr()
    (tmp_path / "empty").mkdir()
    for argv in (
        [str(tmp_path / "nowhere")],
        [str(tmp_path / "empty")],
        [str(tmp_path / "good"), "--jobs", "0"],
        [str(tmp_path / "good"), "--format", "html"],
        [str(tmp_path / "good"), "--scheduler", "tcp://127.0.0.1:1", "--executor", "process"],
        [str(tmp_path / "good"), "--format", "pdf"],
        ["s3://bucket/catalogue"],
    ):
        assert run_cli(*argv) == 2, argv
        err = capsys.readouterr().err
        assert err.startswith("consistency-report batch: error: ") and err.count("\n") == 1


def test_cli_interrupt_exits_130_and_says_how_to_resume(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C stops the batch with exit 130, no output file, and a hint to re-run."""
    build_catalogue(tmp_path, 3, mismatch_every=0)
    real_run = batch.run

    def interrupted(*args: object, **kwargs: object) -> Iterator[batch.Outcome]:
        results = real_run(*args, **kwargs)  # type: ignore[arg-type]
        yield next(results)
        raise KeyboardInterrupt

    monkeypatch.setattr(batch, "run", interrupted)
    out = tmp_path / "summary.json"
    assert run_cli(str(tmp_path), "--jobs", "1", "--format", "json", "--output", str(out)) == 130
    assert not out.exists()
    assert "interrupted after 1 of 3 cases" in capsys.readouterr().err


@pytest.mark.slow
def test_console_script_piped_prints_only_the_summary(
    catalogue: tuple[Path, list[CatalogueCase]],
) -> None:
    """Through the real console script with stdout/stderr piped: no progress bar, a table."""
    root, cases = catalogue
    done = subprocess.run(
        [str(VENV_BIN / "consistency-report"), "batch", str(root), "--format", "csv"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr == ""
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [(r["sku"], r["verdict"]) for r in rows] == [
        (c.sku, "consistent" if c.consistent else "findings") for c in cases
    ]


@pytest.mark.ocr
@pytest.mark.slow
def test_rerun_after_an_interrupted_batch_reuses_the_ocr_cache(
    tmp_path: Path, private_cache: Path
) -> None:
    """Stopping a batch early and re-running it keeps every OCR result already made.

    The first run is abandoned after its first result; the second run checks every
    case, and the cache rows written by the first run are untouched (not recomputed).
    """
    cache = tmp_path / "cache"
    config = Config(cache_dir=cache)
    build_catalogue(tmp_path / "cat", 2, mismatch_every=0, photos=2)
    folders = batch.find_case_folders(tmp_path / "cat")
    listing = tmp_path / "cat" / "listing_export.csv"
    partial = consistency.check_many(folders, jobs=1, config=config, listing=listing)
    next(partial)
    partial.close()

    def rows() -> dict[str, float]:
        with sqlite3.connect(cache / "ocr-cache.sqlite3") as conn:
            return dict(conn.execute("SELECT key, created FROM ocr").fetchall())

    first = rows()
    assert first
    results = list(consistency.check_many(folders, jobs=2, config=config, listing=listing))
    second = rows()
    assert {k: second[k] for k in first} == first
    assert len(second) > len(first)
    again = list(consistency.check_many(folders, jobs=2, config=config, listing=listing))
    assert rows() == second
    assert len(again) == 2
    assert {r.index: r.report.to_record() for r in again} == {
        r.index: r.report.to_record() for r in results
    }


def test_html_index_escapes_hostile_skus_and_names_pages_safely(tmp_path: Path) -> None:
    """A SKU holding markup is shown as text in the index, and its page name is a safe file name."""
    cases = build_catalogue(tmp_path / "cat", 1, mismatch_every=0)
    hostile = '<script>alert("x")</script>'
    case = load_case(cases[0].folder)
    case = consistency.Case(case.documents, sku=hostile, name=hostile, root=case.root)
    pages = tmp_path / "pages"
    writer = HtmlWriter(pages, io.StringIO(), Config())
    totals = Totals()
    for outcome in batch.run([case], jobs=1, render=("html",)):
        totals.add(outcome.result)
        writer.add(outcome)
    writer.finish(totals)
    writer.close()
    index = (pages / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in index
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in index
    (page,) = sorted(p.name for p in pages.iterdir() if p.name != "index.html")
    assert page == "script_alert_x_script.html"
    assert f'href="{page}"' in index


def test_a_case_with_two_listings_is_its_own_cr599_and_the_batch_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What is exit 2 for one case (two listings in its folder) is that case's CR599 in batch."""
    cases = build_catalogue(tmp_path, 2, mismatch_every=0)
    odd = cases[1].folder  # a folder named by its SKU, without a manifest
    assert not cases[1].manifest
    for name in ("listing_a.csv", "listing_b.csv"):
        shutil.copy(tmp_path / "listing_export.csv", odd / name)
    assert run_cli(str(tmp_path), "--jobs", "1", "--format", "json") == 1
    summary = json.loads(capsys.readouterr().out)
    by_sku = {case["sku"]: case for case in summary["cases"]}
    assert by_sku["SKU-00000"]["ok"] is True
    failed = by_sku["SKU-00001"]
    assert [f["code"] for f in failed["findings"]] == ["CR599"]
    assert "listing_a.csv and listing_b.csv" in failed["error"]
    assert cli_main([str(odd)]) == 2  # the same folder alone: a usage error
