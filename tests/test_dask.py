"""Batch checks on a Dask distributed cluster: same reports as the process pool and check().

One real `LocalCluster` (2 worker processes, 1 thread each) serves the whole module:
starting a cluster costs seconds.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import consistency
from batch_catalogue import PARENT_PID_VARIABLE, CatalogueCase, KillsItsWorker, build_catalogue
from consistency import batch
from consistency.cli import main as cli_main

distributed = pytest.importorskip("distributed", reason="the 'dask' extra is not installed")


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[CatalogueCase]]:
    """Eight SKUs: two digit-swapped models, a truncated PDF, a manifest naming a missing file."""
    root = tmp_path_factory.mktemp("dask-catalogue")
    cases = build_catalogue(root, 8, mismatch_every=4, broken={5})
    (root / "SKU-00006" / "consistency.toml").write_text(
        'sku = "SKU-00006"\nlisting = "../listing_export.csv"\n\n[documents]\n'
        'test_report = ["no_such_report.pdf"]\n',
        encoding="utf-8",
    )
    return root, cases


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A local Dask cluster of two single-threaded worker processes."""
    import dask

    cache = tmp_path_factory.getbasetemp() / "dask-ocr-cache"
    with (
        pytest.MonkeyPatch.context() as patch,
        # A task whose worker dies fails at once instead of killing 3 more workers first,
        # so the worker-death test is quick.
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
    ):
        # Worker processes inherit the environment: keep their OCR cache private too.
        patch.setenv("CONSISTENCY_CACHE_DIR", str(cache))
        cluster = batch.local_cluster(2)  # the cluster `batch --executor dask` starts
        with cluster, distributed.Client(cluster) as dask_client:
            yield dask_client


def records(results: list[consistency.CaseResult]) -> dict[int, dict[str, Any]]:
    return {
        r.index: {
            "sku": r.sku,
            "path": str(r.path),
            "error": r.error,
            "report": r.report.to_record(),
        }
        for r in results
    }


@pytest.mark.slow
def test_dask_reports_equal_the_process_pool_and_single_checks(
    catalogue: tuple[Path, list[CatalogueCase]], client: Any
) -> None:
    """check_many(client=...) gives the very reports the pool and check() give, case by case."""
    root, cases = catalogue
    folders = batch.find_case_folders(root)
    listing = root / "listing_export.csv"
    on_dask = list(consistency.check_many(folders, client=client, listing=listing))
    in_pool = list(consistency.check_many(folders, jobs=2, listing=listing))
    assert records(on_dask) == records(in_pool)
    assert len(on_dask) == len(cases)
    by_sku = {r.sku: r for r in on_dask}
    for case in cases:
        result = by_sku[case.sku]
        if case.sku == "SKU-00006":
            assert [f.code for f in result.report.findings] == ["CR599"]
            assert result.error is not None and "no_such_report.pdf" in result.error
            continue
        alone = consistency.check(
            consistency.case.load_case(
                case.folder, sku=None if case.manifest else case.sku, listing=listing
            )
        )
        assert result.report.to_record() == alone.to_record()
        assert result.ok is case.consistent
    # CR705 (warning): the case has no packaging photo.
    broken = by_sku["SKU-00005"].report
    assert [f.code for f in broken.findings if f.code != "CR404"] == ["CR501", "CR705"]
    assert {r.status.value for r in broken.fields} == {"unverified"}


@pytest.mark.slow
def test_cli_on_a_scheduler_address_matches_the_local_run(
    catalogue: tuple[Path, list[CatalogueCase]], client: Any, tmp_path: Path
) -> None:
    """`batch --executor dask --scheduler tcp://...` writes the same JSON as the process pool."""
    root, _ = catalogue
    address = client.scheduler.address
    assert address.startswith("tcp://")
    on_dask, in_pool = tmp_path / "dask.json", tmp_path / "pool.json"
    assert (
        cli_main(
            [
                "batch",
                str(root),
                "--executor",
                "dask",
                "--scheduler",
                address,
                "--format",
                "json",
                "--output",
                str(on_dask),
            ]
        )
        == 1
    )
    assert (
        cli_main(["batch", str(root), "--jobs", "2", "--format", "json", "--output", str(in_pool)])
        == 1
    )
    dask_cases = json.loads(on_dask.read_text(encoding="utf-8"))["cases"]
    pool_cases = json.loads(in_pool.read_text(encoding="utf-8"))["cases"]
    assert dask_cases == pool_cases


@pytest.mark.slow
def test_an_unreachable_scheduler_is_a_usage_error(
    catalogue: tuple[Path, list[CatalogueCase]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A scheduler nobody listens on: exit 2 and one line naming the address."""
    root, _ = catalogue
    monkeypatch.setattr(batch.executors, "SCHEDULER_TIMEOUT", "1s")
    code = cli_main(["batch", str(root), "--scheduler", "tcp://127.0.0.1:9", "--no-progress"])
    assert code == 2
    err = capsys.readouterr().err
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err and err.count("\n") == 1


def test_a_case_that_kills_its_dask_worker_fails_alone(
    tmp_path: Path, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """KilledWorker becomes that case's CR599; the cluster recovers and checks the others."""
    cases = build_catalogue(tmp_path, 3, mismatch_every=0)
    monkeypatch.setenv(PARENT_PID_VARIABLE, str(os.getpid()))
    targets = [cases[0].folder, KillsItsWorker(str(cases[1].folder)), cases[2].folder]
    results = {
        r.index: r
        for r in consistency.check_many(
            targets, client=client, listing=tmp_path / "listing_export.csv"
        )
    }
    assert results[0].ok and results[2].ok
    assert results[1].error is not None and "KilledWorker" in results[1].error
    assert [f.code for f in results[1].report.findings] == ["CR599"]
