"""Catalogue-scale checks: many case folders, one listing export, every core or a Dask cluster.

`check_many()` checks cases in parallel and yields a `CaseResult` per case as each one
finishes; `consistency-report batch CATALOGUE` does the same from the command line and
writes a summary (see docs/batch.md and docs/scaling.md).

Each case runs `consistency.check()` unchanged, in a worker process of a spawn-safe
process pool (default), in this process (`jobs=1`), or as a task on a Dask distributed
cluster (`client=`).  What crosses a process boundary is small and picklable: a task
holds the case folder's path (or a `Case`), the shared listing's path and the `Config`;
a result holds the frozen `Report`.  Workers parse the shared listing export once
(`read_listing` caches it per process), so a 100k-row export is not re-parsed per SKU.

One case never stops the batch: whatever goes wrong while loading or checking it (a
bad manifest, an SKU missing from the listing, a crash, a worker killed by the kernel)
becomes that case's CR599 `batch-case-failed` finding; unreadable documents inside a
case stay CR501 findings exactly as in a single-case run.  The parent keeps no
`Report` once it has been handed on, so its memory does not grow with the catalogue.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import itertools
import logging
import multiprocessing
import os
import signal
import sys
import time
import tomllib
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, NoReturn

import attrs

from consistency import registry
from consistency.case import MANIFEST_NAME, classify, find_manifest, load_case, manifest_config
from consistency.config import Config, apply_table
from consistency.errors import ConsistencyError, EnvironmentProblem, UsageError
from consistency.model import (
    COMPARED_FIELDS,
    Case,
    Document,
    FieldResult,
    Finding,
    Kind,
    Report,
    Severity,
    Status,
)
from consistency.pipeline import check

#: The code and name of the finding a case gets when it could not be checked at all.
CASE_FAILED_CODE = "CR599"
CASE_FAILED_NAME = "batch-case-failed"

#: Kinds that make a folder without a manifest a case folder (a listing alone does not).
_CASE_KINDS = frozenset({Kind.TEST_REPORT, Kind.PACKAGING, Kind.PRODUCT})


@attrs.frozen
class CaseResult:
    """The outcome of one case of a batch.

    `report` is always set: when the case could not be checked, it is a report whose
    only finding is CR599 `batch-case-failed` (every field `missing`), and `error`
    holds the one-line reason.  `index` is the case's position in the input order,
    `seconds` the time the worker spent on it.
    """

    sku: str | None
    path: Path
    report: Report
    error: str | None = None
    index: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when the case was checked and no finding has error severity."""
        return self.error is None and self.report.ok


@attrs.frozen
class _Task:
    """What a worker needs to check one case; everything here is small and picklable."""

    index: int
    target: Case | Path
    listing: Path | None
    config: Config
    #: Output formats the worker renders next to the report (the per-case HTML pages
    #: need the documents' pixels, which are where the worker is).
    render: tuple[str, ...] = ()
    #: True when the task runs alone after a worker died, so a second death names it.
    alone: bool = False


@attrs.frozen
class Outcome:
    """A `CaseResult` plus the renderings a worker produced for it (see `_Task.render`)."""

    result: CaseResult
    rendered: dict[str, str] = attrs.field(factory=dict)


# --- one case ---------------------------------------------------------------------------------


def _target_path(target: Case | Path) -> Path:
    if isinstance(target, Path):
        return target
    if target.root is not None:
        return target.root
    folders = {d.path.parent for d in target.documents}
    return folders.pop() if len(folders) == 1 else Path(target.name or ".")


def _load(task: _Task) -> tuple[Case, Config]:
    """The case and its configuration, exactly as `consistency-report FOLDER` would build them."""
    target = task.target
    if isinstance(target, Case):
        case = target
        if task.listing is not None and not any(d.kind is Kind.LISTING for d in case.documents):
            listing = Document(task.listing, Kind.LISTING, case.sku)
            case = attrs.evolve(case, documents=(listing, *case.documents))
        return case, task.config
    manifest = find_manifest(target)
    # A folder without a manifest, or whose manifest gives no `sku`, is named by its SKU.
    folder_sku = target.resolve().name if target.is_dir() else None
    if manifest is None:
        case = load_case(target, sku=folder_sku, listing=task.listing)
    else:
        case = load_case(target, listing=task.listing)
        if case.sku is None and folder_sku is not None:
            case = load_case(target, sku=folder_sku, listing=task.listing)
    config = task.config
    if manifest is not None:
        table = manifest_config(manifest)
        if table:
            config = apply_table(config, table, str(manifest))
    return case, config


def failed_report(case: Case | None, sku: str | None, reason: str, *, crashed: bool) -> Report:
    """The report of a case that could not be checked: one CR599 finding, every field missing."""
    if crashed:
        fix = (
            "check this case alone with `consistency-report FOLDER --debug` to see what "
            "failed, and report it if it is a bug; the rest of the catalogue was checked"
        )
    else:
        fix = "correct the case folder or its consistency.toml as the message says, then re-run"
    finding = Finding(
        code=CASE_FAILED_CODE,
        name=CASE_FAILED_NAME,
        severity=Severity.ERROR,
        message=f"the case could not be checked: {reason}",
        fix=fix,
    )
    fields = tuple(FieldResult(field, Status.MISSING, ()) for field in COMPARED_FIELDS)
    documents = case.documents if case is not None else ()
    return Report(fields=fields, findings=(finding,), documents=documents, sku=sku)


def run_task(task: _Task) -> Outcome:
    """Check one case in whatever process runs this; never raises for a bad case."""
    start = time.perf_counter()
    path = _target_path(task.target)
    case: Case | None = task.target if isinstance(task.target, Case) else None
    sku: str | None = None
    rendered: dict[str, str] = {}
    error: str | None = None
    try:
        case, config = _load(task)
        sku = case.sku
        report = check(case, config=config)
        for name in task.render:
            # A page that cannot be drawn must not cost the case its verdict: the
            # summary writer renders it again (or explains) without the worker's help.
            with contextlib.suppress(Exception):
                rendered[name] = registry.formatter(name)(report, config)
    except ConsistencyError as exc:
        error = str(exc)
        report = failed_report(case, sku or _guess_sku(task.target), error, crashed=False)
    except Exception as exc:  # a bug on one case must not stop a catalogue
        error = f"internal error: {type(exc).__name__}: {exc}"
        report = failed_report(case, sku or _guess_sku(task.target), error, crashed=True)
    sku = sku or report.sku
    result = CaseResult(sku, path, report, error, task.index, time.perf_counter() - start)
    return Outcome(result, rendered)


def _guess_sku(target: Case | Path) -> str | None:
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


def _died(task: _Task, why: str) -> Outcome:
    target = task.target
    case = target if isinstance(target, Case) else None
    sku = _guess_sku(target)
    report = failed_report(case, sku, why, crashed=True)
    return Outcome(CaseResult(sku, _target_path(target), report, why, task.index))


# --- executors ------------------------------------------------------------------------------------


def _prepare_worker(listing: Path | None, config: Config) -> None:
    """Parse the shared listing export once per worker process (its cache keeps it)."""
    if listing is None:
        return
    from consistency.extract.listing import read_listing

    # A broken listing is reported per case, as CR501, exactly as in a single-case run.
    with contextlib.suppress(Exception):
        read_listing(listing, config)


def _init_pool_worker(listing: Path | None, config: Config) -> None:
    # Ctrl-C reaches the whole process group: the parent stops the batch, workers finish
    # the case in hand (so its OCR lands in the cache for the re-run) instead of dying
    # with a traceback each.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _prepare_worker(listing, config)


def _serial(tasks: Iterator[_Task]) -> Iterator[Outcome]:
    for task in tasks:
        yield run_task(task)


def _new_pool(jobs: int, listing: Path | None, config: Config) -> ProcessPoolExecutor:
    # spawn, not fork: the parent may run threads (the progress bar, a Dask client), and
    # a forked copy of a locked mutex or SQLite connection is how pools deadlock.
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_pool_worker,
        initargs=(listing, config),
    )


def _pool(
    tasks: Iterator[_Task], jobs: int, listing: Path | None, config: Config
) -> Iterator[Outcome]:
    """Run tasks on a process pool, at most `2 * jobs` in flight, yielding as they finish.

    When a worker dies (killed for memory, a crash in a C library) every task in flight
    fails with it; those are re-run one at a time on a fresh pool, so a task that kills
    its worker alone is named as the culprit and the others are checked normally.
    """
    window = 2 * jobs
    pending: dict[Future[Outcome], _Task] = {}
    retry: deque[_Task] = deque()
    pool = _new_pool(jobs, listing, config)
    exhausted = False
    try:
        while True:
            while not any(t.alone for t in pending.values()):
                if retry:
                    if pending:
                        break
                    task = retry.popleft()
                elif exhausted or len(pending) >= window:
                    break
                else:
                    next_task = next(tasks, None)
                    if next_task is None:
                        exhausted = True
                        break
                    task = next_task
                pending[pool.submit(run_task, task)] = task
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            lost: list[_Task] = []
            for future in done:
                task = pending.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    lost.append(task)
                except Exception as exc:  # the task or its result could not be pickled
                    yield _died(task, f"could not be run in a worker: {type(exc).__name__}: {exc}")
            if not lost:
                continue
            for future, task in list(pending.items()):
                if future.done() and future.exception() is None:
                    yield future.result()
                else:
                    lost.append(task)
            pending.clear()
            pool.shutdown(wait=False, cancel_futures=True)
            pool = _new_pool(jobs, listing, config)
            for task in sorted(lost, key=lambda t: t.index):
                if task.alone:
                    yield _died(
                        task,
                        "its worker process died while checking it (killed for "
                        "using too much memory, or a crash in a file parser)",
                    )
                else:
                    retry.append(attrs.evolve(task, alone=True))
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _distributed() -> Any:
    """The `distributed` package, typed loosely (it ships partial annotations)."""
    try:
        return importlib.import_module("distributed")
    except ImportError:
        raise EnvironmentProblem(
            "the Dask executor needs Dask distributed: pip install 'consistency[dask]'"
        ) from None


#: Dask tasks in flight per worker thread.
DASK_WINDOW_PER_THREAD = 2
#: Each Dask task costs a few milliseconds of scheduling and messaging, as much as a
#: text-layer case (about ten), so cheap cases travel in groups sized to take about this
#: long; slow (OCR) cases go one per task, so that no worker is left with a queue of them.
DASK_TASK_SECONDS = 0.2
DASK_MAX_CHUNK = 16


def run_tasks(tasks: list[_Task]) -> list[Outcome]:
    """Check a group of cases, one after the other (one Dask task)."""
    return [run_task(task) for task in tasks]


def _dask(
    tasks: Iterator[_Task], client: Any, listing: Path | None, config: Config
) -> Iterator[Outcome]:
    """Run tasks on a Dask distributed cluster, a bounded number in flight, as they finish.

    A group whose task fails (its worker died, after Dask's own retries) is split and
    its cases re-run one per task, so only the case that fails alone gets CR599.
    """
    distributed = _distributed()
    with contextlib.suppress(Exception):  # warming is an optimisation; workers parse lazily
        client.run(_prepare_worker, listing, config)
    try:
        threads = sum(client.nthreads().values())
    except Exception:
        threads = 0
    window = DASK_WINDOW_PER_THREAD * max(threads, 1)
    batch_id = uuid.uuid4().hex[:8]
    numbers = itertools.count()
    pending: dict[Any, list[_Task]] = {}
    completed = distributed.as_completed()

    case_seconds = DASK_TASK_SECONDS  # a running mean; the first tasks hold one case

    def submit(group: list[_Task] | None = None) -> bool:
        size = max(1, min(DASK_MAX_CHUNK, int(DASK_TASK_SECONDS / max(case_seconds, 1e-3))))
        group = group or list(itertools.islice(tasks, size))
        if not group:
            return False
        key = f"consistency-{batch_id}-{next(numbers)}"
        future = client.submit(run_tasks, group, key=key, pure=False)
        pending[future] = group
        completed.add(future)
        return True

    try:
        for _ in range(window):
            if not submit():
                break
        for future in completed:
            group = pending.pop(future)
            try:
                outcomes: list[Outcome] = future.result()
            except Exception as exc:  # KilledWorker after retries, a lost connection...
                if len(group) > 1:
                    for task in group:
                        submit([task])
                    continue
                why = f"the Dask task failed ({type(exc).__name__}: {exc})"
                outcomes = [_died(group[0], why)]
            finally:
                future.release()
            for outcome in outcomes:
                case_seconds = 0.8 * case_seconds + 0.2 * outcome.result.seconds
            yield from outcomes
            submit()
    finally:
        for future in pending:
            future.cancel()


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run(
    cases: Iterable[Case | Path],
    *,
    config: Config | None = None,
    jobs: int | None = None,
    client: Any = None,
    listing: Path | None = None,
    render: tuple[str, ...] = (),
) -> Iterator[Outcome]:
    """`check_many` with the worker-side renderings the batch command needs."""
    config = config or Config()
    listing = Path(listing) if listing is not None else None
    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {jobs}")
    tasks = (
        _Task(index, case if isinstance(case, Case | Path) else Path(case), listing, config, render)
        for index, case in enumerate(cases)
    )
    if client is not None:
        return _dask(tasks, client, listing, config)
    workers = jobs or default_jobs()
    if workers == 1:
        return _serial(tasks)
    return _pool(tasks, workers, listing, config)


def check_many(
    cases: Iterable[Case | Path],
    *,
    config: Config | None = None,
    jobs: int | None = None,
    client: Any = None,
    listing: Path | None = None,
) -> Iterator[CaseResult]:
    """Check many cases in parallel; yield each case's `CaseResult` as it finishes.

    `cases` are case folders (with or without a `consistency.toml`; a folder without
    one is named by its SKU) or `Case` values.  `listing` is a listing export shared by
    every case that names none of its own.  `jobs` worker processes (default: every
    core; 1 runs in this process), or the Dask distributed `client`'s cluster.  Each
    report equals `consistency.check()` on that case alone; a case that cannot be
    checked yields a CR599 report instead of raising.
    """
    for outcome in run(cases, config=config, jobs=jobs, client=client, listing=listing):
        yield outcome.result


# --- the catalogue ----------------------------------------------------------------------------------


def _is_case_folder(folder: Path, files: list[Path]) -> bool:
    if (folder / MANIFEST_NAME).is_file():
        return True
    return any(classify(path) in _CASE_KINDS for path in files)


def find_case_folders(catalogue: Path) -> list[Path]:
    """Every case folder in a catalogue, in sorted order.

    A case folder holds a `consistency.toml`, or (without one) a test report or a
    photo; case folders are not searched further (their subfolders belong to them).
    Hidden folders are skipped.  A catalogue that is itself a case is one case.
    """
    catalogue = Path(catalogue)
    if catalogue.is_file():
        if catalogue.name == MANIFEST_NAME:
            return [catalogue.parent]
        raise UsageError(f"{catalogue}: give the catalogue folder, not a file")
    if not catalogue.is_dir():
        raise UsageError(f"{catalogue}: no such catalogue folder")
    if (catalogue / MANIFEST_NAME).is_file():
        return [catalogue]
    found: list[Path] = []
    stack = [catalogue]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            raise UsageError(f"{folder}: cannot list the folder: {exc.strerror or exc}") from None
        files = [Path(e.path) for e in entries if e.is_file()]
        if folder != catalogue and _is_case_folder(folder, files):
            found.append(folder)
            continue
        subfolders = [
            Path(e.path) for e in entries if e.is_dir() and not e.name.startswith((".", "__"))
        ]
        stack.extend(reversed(subfolders))
    return sorted(found)


def _reads_as_listing(path: Path, config: Config) -> bool:
    from consistency.extract.listing import read_listing

    try:
        read_listing(path, config)
    except ConsistencyError:
        return False
    return True


def find_shared_listing(
    catalogue: Path, *, exclude: Iterable[Path] = (), config: Config | None = None
) -> Path | None:
    """The listing export at the top of a catalogue, shared by its cases, or None.

    Files are candidates by name and extension (`consistency.case.classify`).  When
    several are, only those that read as a listing count (an `INDEX.json` or a notes
    `.csv` next to the export does not); two real exports are a usage error: the user
    says which with `--listing`.
    """
    if not catalogue.is_dir():
        return None
    skip = {Path(p).resolve() for p in exclude}
    candidates = sorted(
        path
        for path in catalogue.iterdir()
        if path.is_file() and path.resolve() not in skip and classify(path) is Kind.LISTING
    )
    if len(candidates) > 1:
        readable = [p for p in candidates if _reads_as_listing(p, config or Config())]
        if len(readable) == 1:
            return readable[0]
        names = ", ".join(p.name for p in readable or candidates)
        raise UsageError(
            f"{catalogue}: several listing exports ({names}); "
            "choose the one shared by the catalogue with --listing"
        )
    return candidates[0] if candidates else None


# --- the command line -------------------------------------------------------------------------------

EXIT_CONSISTENT, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

#: How long to try reaching a Dask scheduler before giving up with a usage error.
SCHEDULER_TIMEOUT = "15s"


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so every usage error is one line and exit 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    """`consistency-report batch` (documented in docs/batch.md)."""
    from consistency.report.batch_summary import FORMATS

    parser = _Parser(
        prog="consistency-report batch",
        description="Check every case folder of a catalogue, in parallel.",
    )
    parser.add_argument(
        "catalogue",
        type=Path,
        metavar="CATALOGUE",
        help="a folder of case folders (with consistency.toml, or named by SKU)",
    )
    parser.add_argument(
        "--listing",
        type=Path,
        help="the listing export shared by every SKU (default: the one at the top of CATALOGUE)",
    )
    parser.add_argument("--jobs", type=int, help="worker processes (default: every core)")
    parser.add_argument(
        "--executor",
        choices=("process", "dask"),
        default=None,
        help="process pool on this machine (default) or a Dask cluster",
    )
    parser.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        help="the Dask scheduler to use (default with dask: a local cluster)",
    )
    parser.add_argument("--format", default="text", choices=FORMATS, help="summary format")
    parser.add_argument(
        "--output", type=Path, help="write the summary to this file (a folder for --format html)"
    )
    parser.add_argument("--config", type=Path, help="a pyproject.toml or consistency.toml")
    parser.add_argument(
        "--no-cache", action="store_true", help="do not read or write the OCR cache"
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    return parser


@contextlib.contextmanager
def dask_client(scheduler: str | None, jobs: int | None) -> Iterator[Any]:
    """A Dask distributed client: on `scheduler`, or on a local cluster of `jobs` processes."""
    distributed = _distributed()
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout=SCHEDULER_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise EnvironmentProblem(
                f"cannot reach the Dask scheduler at {scheduler}: {exc}"
            ) from None
        with client:
            yield client
        return
    cluster = local_cluster(jobs or default_jobs())
    with cluster, distributed.Client(cluster) as client:
        yield client


#: Dask settings for the local cluster `--executor dask` starts.  Dask's statistical
#: profiler samples every worker thread's stack 100 times a second, and its monitors poll
#: the system several times a second: on a machine whose cores all check cases, that cost
#: checks 10-20 % more slowly than the process pool (measured; see docs/scaling.md).
QUIET_WORKERS: dict[str, object] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.admin.system-monitor.disk": False,
    "distributed.worker.memory.monitor-interval": "2s",
    "distributed.admin.tick.interval": "1s",
}


def local_cluster(workers: int) -> Any:
    """A Dask `LocalCluster` of single-threaded worker processes, tuned for batch checks."""
    distributed = _distributed()
    dask = importlib.import_module("dask")
    # Workers and the scheduler take their settings when they start; the nanny passes
    # this configuration on to the worker processes it spawns.
    with dask.config.set(QUIET_WORKERS):
        return distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )


@contextlib.contextmanager
def _progress(total: int, enabled: bool) -> Iterator[Callable[[CaseResult], None]]:
    """A progress bar with ETA on stderr, or a no-op when disabled."""
    if not enabled:
        yield lambda result: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("checking"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[findings]} with findings"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True)) as progress:
        bar = progress.add_task("checking", total=total, findings=0)
        flagged = 0

        def advance(result: CaseResult) -> None:
            nonlocal flagged
            flagged += not result.ok
            progress.update(bar, advance=1, findings=flagged)

        yield advance


def _batch(args: argparse.Namespace) -> int:
    from consistency.config import load
    from consistency.report.batch_summary import Totals, writer

    if "://" in str(args.catalogue):
        raise UsageError(
            f"{args.catalogue}: object-store URLs are not read directly; mount the "
            "bucket on every machine and give the path (see docs/scaling.md)"
        )
    if args.scheduler and args.executor == "process":
        raise UsageError("--scheduler needs --executor dask")
    use_dask = args.executor == "dask" or bool(args.scheduler)
    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {args.jobs}")
    folders = find_case_folders(args.catalogue)
    if not folders:
        raise UsageError(
            f"{args.catalogue}: no case folders found (folders with a "
            f"{MANIFEST_NAME}, a test report or photos)"
        )
    if args.listing is not None and not args.listing.is_file():
        raise UsageError(f"{args.listing}: no such listing export")
    outputs = [args.output] if args.output is not None else []
    config = load(args.config) if args.config else load(search_from=Path.cwd())
    if args.no_cache:
        config = attrs.evolve(config, cache=False)
    listing = args.listing or find_shared_listing(args.catalogue, exclude=outputs, config=config)
    summary = writer(args.format, args.output, sys.stdout, config)
    totals = Totals()
    start = time.perf_counter()
    show = not args.no_progress and sys.stderr.isatty()
    try:
        with contextlib.ExitStack() as stack:
            client = (
                stack.enter_context(dask_client(args.scheduler, args.jobs)) if use_dask else None
            )
            advance = stack.enter_context(_progress(len(folders), show))
            render = ("html",) if args.format == "html" else ()
            for outcome in run(
                folders,
                config=config,
                jobs=args.jobs,
                client=client,
                listing=listing,
                render=render,
            ):
                totals.add(outcome.result)
                summary.add(outcome)
                advance(outcome.result)
        totals.seconds = time.perf_counter() - start
        summary.finish(totals)
    except KeyboardInterrupt:
        print(
            f"consistency-report batch: interrupted after {totals.cases} of {len(folders)} "
            "cases; run the same command again: finished OCR is read back from the cache",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    finally:
        summary.close()
    return EXIT_CONSISTENT if totals.ok else EXIT_FINDINGS


def main(argv: list[str]) -> int:
    """`consistency-report batch ...`: exit 0 all consistent, 1 findings, 2 usage error."""
    from consistency.cli import guarded

    return guarded(
        "consistency-report batch",
        lambda: _batch(build_parser().parse_args(argv)),
        debug="--debug" in argv,
    )
