"""Executors for catalogue-scale checks: this process, a process pool, or a Dask cluster.

`run()` yields an `Outcome` per case as each one finishes; `check_many()` is its public
face for Python callers (docs/scaling.md).  Each case runs `consistency.check()`
unchanged, in a worker process of a spawn-safe process pool (default), in this process
(`jobs=1`), or as a task on a Dask distributed cluster (`client=`).  What crosses a
process boundary is small and picklable (`Task`, `Outcome`).  Workers parse the shared
listing export once (`read_listing` caches it per process), so a 100k-row export is not
re-parsed per SKU.

One case never stops the batch: whatever goes wrong while resolving or checking it
becomes that case's CR599 `batch-case-failed` finding, and a worker killed by the
kernel costs only the case that killed it.  The parent keeps no `Report` once it has
been handed on, so its memory does not grow with the catalogue.
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
import logging
import multiprocessing
import os
import signal
import uuid
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import attrs

from consistency.batch.results import CaseResult, Outcome
from consistency.batch.tasks import Task, died, prepare_worker, run_task, run_tasks
from consistency.config import Config
from consistency.errors import EnvironmentProblem, UsageError
from consistency.model import Case

#: How long to try reaching a Dask scheduler before giving up with a usage error.
SCHEDULER_TIMEOUT = "15s"


def _serial(tasks: Iterator[Task]) -> Iterator[Outcome]:
    for task in tasks:
        yield run_task(task)


def _init_pool_worker(listing: Path | None) -> None:
    # Ctrl-C reaches the whole process group: the parent stops the batch, workers finish
    # the case in hand (so its OCR lands in the cache for the re-run) instead of dying
    # with a traceback each.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    prepare_worker(listing)


def _new_pool(jobs: int, listing: Path | None) -> ProcessPoolExecutor:
    # spawn, not fork: the parent may run threads (the progress bar, a Dask client), and
    # a forked copy of a locked mutex or SQLite connection is how pools deadlock.
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_pool_worker,
        initargs=(listing,),
    )


def _pool(tasks: Iterator[Task], jobs: int, listing: Path | None) -> Iterator[Outcome]:
    """Run tasks on a process pool, at most `2 * jobs` in flight, yielding as they finish.

    When a worker dies (killed for memory, a crash in a C library) every task in flight
    fails with it; those are re-run one at a time on a fresh pool, so a task that kills
    its worker alone is named as the culprit and the others are checked normally.
    """
    window = 2 * jobs
    pending: dict[Future[Outcome], Task] = {}
    retry: deque[Task] = deque()
    pool = _new_pool(jobs, listing)
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
            lost: list[Task] = []
            for future in done:
                task = pending.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    lost.append(task)
                except Exception as exc:  # the task or its result could not be pickled
                    yield died(task, f"could not be run in a worker: {type(exc).__name__}: {exc}")
            if not lost:
                continue
            for future, task in list(pending.items()):
                if future.done() and future.exception() is None:
                    yield future.result()
                else:
                    lost.append(task)
            pending.clear()
            pool.shutdown(wait=False, cancel_futures=True)
            pool = _new_pool(jobs, listing)
            for task in sorted(lost, key=lambda t: t.index):
                if task.alone:
                    yield died(
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


def _dask(tasks: Iterator[Task], client: Any, listing: Path | None) -> Iterator[Outcome]:
    """Run tasks on a Dask distributed cluster, a bounded number in flight, as they finish.

    A group whose task fails (its worker died, after Dask's own retries) is split and
    its cases re-run one per task, so only the case that fails alone gets CR599.
    """
    distributed = _distributed()
    with contextlib.suppress(Exception):  # warming is an optimisation; workers parse lazily
        client.run(prepare_worker, listing)
    try:
        threads = sum(client.nthreads().values())
    except Exception:
        threads = 0
    window = DASK_WINDOW_PER_THREAD * max(threads, 1)
    batch_id = uuid.uuid4().hex[:8]
    numbers = itertools.count()
    pending: dict[Any, list[Task]] = {}
    completed = distributed.as_completed()

    case_seconds = DASK_TASK_SECONDS  # a running mean; the first tasks hold one case

    def submit(group: list[Task] | None = None) -> bool:
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
                outcomes = [died(group[0], why)]
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
    config_path: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    render: tuple[str, ...] = (),
) -> Iterator[Outcome]:
    """`check_many` with what the batch command needs: `config_path` (`--config`),
    `overrides` (its flags) and worker-side renderings."""
    listing = Path(listing) if listing is not None else None
    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {jobs}")
    cwd = Path.cwd()
    tasks = (
        Task(
            index,
            case if isinstance(case, Case | Path) else Path(case),
            listing=listing,
            config=config,
            config_path=Path(config_path) if config_path is not None else None,
            overrides=dict(overrides or {}),
            cwd=cwd,
            render=render,
        )
        for index, case in enumerate(cases)
    )
    if client is not None:
        return _dask(tasks, client, listing)
    workers = jobs or default_jobs()
    if workers == 1:
        return _serial(tasks)
    return _pool(tasks, workers, listing)


def check_many(
    cases: Iterable[Case | Path],
    *,
    config: Config | None = None,
    jobs: int | None = None,
    client: Any = None,
    listing: Path | None = None,
) -> Iterator[CaseResult]:
    """Check many cases in parallel; yield each case's `CaseResult` as it finishes.

    `cases` are case folders or manifests (resolved as `consistency.check()` resolves
    them) or `Case` values.  `listing` is a listing export shared by every case that
    names none of its own.  `config`, when given, replaces the configuration files
    (each case's manifest tables still apply).  `jobs` worker processes (default: every
    core; 1 runs in this process), or the Dask distributed `client`'s cluster.  Each
    report equals `consistency.check()` on that case alone; a case that cannot be
    checked yields a CR599 report instead of raising.
    """
    for outcome in run(cases, config=config, jobs=jobs, client=client, listing=listing):
        yield outcome.result


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
