"""`consistency-report`: parse, delegate to a subcommand, turn every failure into an exit code.

Each subcommand is a module with `run(args) -> int` (`consistency.cli.check`,
`consistency.cli.batch`), imported when chosen so that `--help` and `--version` load no
engine.  No traceback reaches a user: a usage error is one line on stderr and exit 2
(`--debug` shows the traceback instead).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from consistency import __version__
from consistency.cli import replay
from consistency.cli.exits import EXIT_BROKEN_PIPE, EXIT_INTERRUPTED, EXIT_USAGE
from consistency.cli.parser import PROG, build_parser, with_subcommand
from consistency.errors import ConsistencyError

#: The module that runs each subcommand.
HANDLERS = {"check": "consistency.cli.check", "batch": "consistency.cli.batch"}


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (a test's capture)
        pass


def guarded(prog: str, action: Callable[[], int], *, debug: bool) -> int:
    """Run a command so that no traceback reaches a user: one stderr line and exit 2."""
    try:
        return action()
    except BrokenPipeError:  # `... | head` stopped reading: not an error of ours
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except ConsistencyError as exc:
        if debug:
            raise
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # the last line of defence: never a traceback for users
        if debug:
            raise
        print(
            f"{prog}: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
            file=sys.stderr,
        )
        return EXIT_USAGE


def _dispatch(argv: Sequence[str]) -> int:
    parser = build_parser()
    arguments = with_subcommand(argv)
    args: argparse.Namespace = parser.parse_args(arguments)
    args.arguments = arguments  # the command line as given: part of the replay key
    if args.version:
        print(f"{PROG} {__version__}")
        return 0
    if args.command is None:
        parser.print_help()
        return 0
    if args.command == "check":
        # An unchanged re-run is answered before the rules and engines are even imported.
        replayed = replay.replay(args)
        if replayed is not None:
            return replayed
    handler: Callable[[argparse.Namespace], int] = importlib.import_module(
        HANDLERS[args.command]
    ).run
    return handler(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point: `consistency-report [check|batch] ...`."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    command = with_subcommand(arguments)[0]
    prog = f"{PROG} batch" if command == "batch" else PROG
    try:
        return guarded(prog, lambda: _dispatch(arguments), debug="--debug" in arguments)
    except SystemExit as exit_:  # --help and --version print and exit through argparse
        return int(exit_.code or 0)
