"""One case of a batch, in whatever process runs it: resolve, check, never raise.

A task holds what a worker needs and nothing large: the case folder's path (or a
`Case`), the shared listing's path, where the configuration comes from, and the
working directory of the run (workers may start elsewhere).  The case is resolved by
`consistency.case.resolve`, exactly as `consistency-report FOLDER` resolves it.
"""

from __future__ import annotations

import contextlib
import time
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from consistency import registry
from consistency.batch.results import CaseResult, Outcome, failed_report
from consistency.case import find_manifest, resolve
from consistency.config import Config
from consistency.errors import ConsistencyError
from consistency.extract.listing import read_listing
from consistency.model import Case
from consistency.pipeline import check


@attrs.frozen
class Task:
    """What a worker needs to check one case; everything here is small and picklable."""

    index: int
    target: Case | Path
    #: The catalogue's shared listing, used where a case names none.
    listing: Path | None = None
    #: A `Config` given from Python (used instead of configuration files).
    config: Config | None = None
    #: `--config`: the configuration file for every case.
    config_path: Path | None = None
    #: The command line's flags, applied last.
    overrides: Mapping[str, Any] = attrs.field(factory=dict)
    #: Where the run was started: configuration is looked for from there when a case
    #: folder has none above it.
    cwd: Path | None = None
    #: Output formats the worker renders next to the report (the per-case HTML pages
    #: need the documents' pixels, which are where the worker is).
    render: tuple[str, ...] = ()
    #: True when the task runs alone after a worker died, so a second death names it.
    alone: bool = False


def target_path(target: Case | Path) -> Path:
    """The folder a task's case comes from, for the summaries."""
    if isinstance(target, Path):
        return target
    if target.root is not None:
        return target.root
    folders = {d.path.parent for d in target.documents}
    return folders.pop() if len(folders) == 1 else Path(target.name or ".")


def run_task(task: Task) -> Outcome:
    """Check one case in whatever process runs this; never raises for a bad case."""
    start = time.perf_counter()
    path = target_path(task.target)
    case: Case | None = task.target if isinstance(task.target, Case) else None
    sku: str | None = None
    rendered: dict[str, str] = {}
    error: str | None = None
    passed = False
    try:
        case, config = resolve(
            task.target,
            shared_listing=task.listing,
            config=task.config,
            config_path=task.config_path,
            overrides=task.overrides,
            cwd=task.cwd,
        )
        sku = case.sku
        report = check(case, config=config)
        passed = not config.fails(report.findings)
        for name in task.render:
            # A page that cannot be drawn must not cost the case its verdict: the
            # summary writer renders it again (or explains) without the worker's help.
            with contextlib.suppress(Exception):
                rendered[name] = registry.formatter(name)(report, config)
    except ConsistencyError as exc:
        error = str(exc)
        report = failed_report(
            case, sku or guess_sku(task.target), error, crashed=False, lang=_lang(task)
        )
    except Exception as exc:  # a bug on one case must not stop a catalogue
        error = f"internal error: {type(exc).__name__}: {exc}"
        report = failed_report(
            case, sku or guess_sku(task.target), error, crashed=True, lang=_lang(task)
        )
    sku = sku or report.sku
    seconds = time.perf_counter() - start
    result = CaseResult(sku, path, report, error, task.index, seconds, passed=passed)
    return Outcome(result, rendered)


def _lang(task: Task) -> str:
    """The run's output language when the case's own configuration could not be read:
    the command line's `--lang`, else the configuration given from Python, else English."""
    lang = task.overrides.get("lang") or (task.config.lang if task.config else "en")
    return str(lang)


def run_tasks(tasks: list[Task]) -> list[Outcome]:
    """Check a group of cases, one after the other (one Dask task)."""
    return [run_task(task) for task in tasks]


def guess_sku(target: Case | Path) -> str | None:
    """The SKU of a case that could not be loaded: its manifest's `sku`, else its folder's name."""
    if isinstance(target, Case):
        return target.sku
    manifest = find_manifest(target)
    if manifest is not None:
        with contextlib.suppress(OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            sku = tomllib.loads(manifest.read_text(encoding="utf-8")).get("sku")
            if isinstance(sku, str) and sku.strip():
                return sku.strip()
    folder = target if target.is_dir() else target.parent
    return folder.resolve().name or None


def died(task: Task, why: str) -> Outcome:
    """The outcome of a task whose worker died or could not run it."""
    target = task.target
    case = target if isinstance(target, Case) else None
    sku = guess_sku(target)
    report = failed_report(case, sku, why, crashed=True, lang=_lang(task))
    return Outcome(CaseResult(sku, target_path(target), report, why, task.index))


def prepare_worker(listing: Path | None) -> None:
    """Parse the shared listing export once per worker process (its cache keeps it)."""
    if listing is None:
        return
    # A broken listing is reported per case, as CR501, exactly as in a single-case run.
    with contextlib.suppress(Exception):
        read_listing(listing, Config())
