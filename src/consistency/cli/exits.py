"""Exit codes of `consistency-report`, named in one place (docs/cli.md)."""

from __future__ import annotations

#: Nothing at or above `fail_on` (every field consistent, or only warnings by default).
EXIT_OK = 0
#: At least one finding at or above `fail_on` (error severity by default).
EXIT_FINDINGS = 1
#: Usage or environment error: one line on stderr, nothing checked.
EXIT_USAGE = 2
#: Interrupted by Ctrl-C (128 + SIGINT).
EXIT_INTERRUPTED = 130
#: The reader of stdout went away (`... | head`): 128 + SIGPIPE, as a killed process exits.
EXIT_BROKEN_PIPE = 141
