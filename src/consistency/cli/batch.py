"""`consistency-report batch CATALOGUE ...`: every case folder, one summary (docs/batch.md)."""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from consistency import batch
from consistency.batch import CaseResult
from consistency.case.kinds import MANIFEST_NAME
from consistency.cli.exits import EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK
from consistency.cli.parser import PROG, overrides
from consistency.config import Config, apply_table, load
from consistency.errors import UsageError
from consistency.report.batch_summary import Totals, writer


@contextlib.contextmanager
def _progress(total: int, enabled: bool) -> Iterator[Callable[[CaseResult], None]]:
    """A progress bar with ETA on stderr, or a no-op when disabled."""
    if not enabled:
        yield lambda result: None
        return
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
            flagged += not result.passed
            progress.update(bar, advance=1, findings=flagged)

        yield advance


def _check_arguments(args: argparse.Namespace) -> None:
    if "://" in str(args.catalogue):
        raise UsageError(
            f"{args.catalogue}: object-store URLs are not read directly; mount the "
            "bucket on every machine and give the path (see docs/scaling.md)"
        )
    if args.scheduler and args.executor == "process":
        raise UsageError("--scheduler needs --executor dask")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {args.jobs}")
    if args.listing is not None and not args.listing.is_file():
        raise UsageError(f"{args.listing}: no such listing export")


def _summary_config(args: argparse.Namespace, table: dict[str, object]) -> Config:
    """The configuration the summaries render with (each case resolves its own); reading
    it here also reports a bad --config or flag before any case runs."""
    config = load(args.config) if args.config else load(search_from=args.catalogue)
    return apply_table(config, table, "command line") if table else config


def run(args: argparse.Namespace) -> int:
    """Check the catalogue, write the summary; exit 1 when a case did not pass."""
    _check_arguments(args)
    folders = batch.find_case_folders(args.catalogue)
    if not folders:
        raise UsageError(
            f"{args.catalogue}: no case folders found (folders with a "
            f"{MANIFEST_NAME}, a test report or photos)"
        )
    table = overrides(args)
    config = _summary_config(args, table)
    outputs = [args.output] if args.output is not None else []
    listing = args.listing or batch.find_shared_listing(args.catalogue, exclude=outputs)
    summary = writer(args.format, args.output, sys.stdout, config)
    totals = Totals()
    start = time.perf_counter()
    show = not args.no_progress and sys.stderr.isatty()
    use_dask = args.executor == "dask" or bool(args.scheduler)
    try:
        with contextlib.ExitStack() as stack:
            client = (
                stack.enter_context(batch.dask_client(args.scheduler, args.jobs))
                if use_dask
                else None
            )
            advance = stack.enter_context(_progress(len(folders), show))
            render = ("html",) if args.format == "html" else ()
            for outcome in batch.run(
                folders,
                jobs=args.jobs,
                client=client,
                listing=listing,
                config_path=args.config,
                overrides=table,
                render=render,
            ):
                totals.add(outcome.result)
                summary.add(outcome)
                advance(outcome.result)
        totals.seconds = time.perf_counter() - start
        summary.finish(totals)
    except KeyboardInterrupt:
        print(
            f"{PROG} batch: interrupted after {totals.cases} of {len(folders)} "
            "cases; run the same command again: finished OCR is read back from the cache",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    finally:
        summary.close()
    return EXIT_OK if totals.ok else EXIT_FINDINGS
