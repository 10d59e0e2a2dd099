"""Catalogue-scale checks: many case folders, one listing export, every core or a Dask cluster.

`check_many()` checks cases in parallel and yields a `CaseResult` per case as each one
finishes; `consistency-report batch CATALOGUE` does the same from the command line and
writes a summary (see docs/batch.md and docs/scaling.md).

- `results`: `CaseResult`, `Outcome`, the CR599 report (values only, for the summaries);
- `tasks`: one case in a worker, resolved exactly as a single-case run resolves it;
- `executors`: this process, a process pool, or a Dask cluster;
- `catalogue`: the case folders of a catalogue and its shared listing export.
"""

from __future__ import annotations

from consistency.batch.catalogue import find_case_folders, find_shared_listing
from consistency.batch.executors import (
    check_many,
    dask_client,
    default_jobs,
    local_cluster,
    run,
)
from consistency.batch.results import (
    CASE_FAILED_CODE,
    CASE_FAILED_NAME,
    CaseResult,
    Outcome,
    failed_report,
)
from consistency.batch.tasks import Task, run_task, run_tasks

__all__ = [
    "CASE_FAILED_CODE",
    "CASE_FAILED_NAME",
    "CaseResult",
    "Outcome",
    "Task",
    "check_many",
    "dask_client",
    "default_jobs",
    "failed_report",
    "find_case_folders",
    "find_shared_listing",
    "local_cluster",
    "run",
    "run_task",
    "run_tasks",
]
