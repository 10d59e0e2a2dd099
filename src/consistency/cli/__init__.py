"""The command line, `consistency-report` (docs/cli.md, docs/batch.md).

- `main`: the entry point, subcommand dispatch and the guard that keeps tracebacks away;
- `parser`: the one parser (`check` is the default subcommand, `batch` the other);
- `check`, `batch`: the subcommands;
- `exits`: the exit codes.
"""

from __future__ import annotations

from consistency.cli.main import main

__all__ = ["main"]
