"""The command line's one parser: `consistency-report [check] ...` and `... batch ...`.

This module imports nothing but `argparse` and our error type, so `--help` and
`--version` start fast; the subcommands' work is loaded when one is chosen.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from consistency.errors import UsageError

# `typing` costs as much to import as the rest of `--help`; mypy reads this name as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NoReturn

PROG = "consistency-report"
SUBCOMMANDS = ("check", "batch")
#: Arguments that belong to the top-level parser (no subcommand is implied).
_TOP_LEVEL = frozenset({"-h", "--help", "--version"})


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so every usage error is one line and exit 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _shared(parser: argparse.ArgumentParser) -> None:
    """Flags both subcommands take: configuration and what fails a check."""
    parser.add_argument("--config", type=Path, help="a pyproject.toml or consistency.toml")
    parser.add_argument("--select", help="comma-separated rule codes (or prefixes) to run")
    parser.add_argument("--ignore", help="comma-separated rule codes (or prefixes) to skip")
    parser.add_argument(
        "--fail-on",
        choices=("error", "warning"),
        help="lowest severity that fails (exit 1); default: error",
    )
    parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="judge expiry and age at this date")
    parser.add_argument("--marketplace", metavar="CODE", help="marketplace (DE, amazon.de...)")
    parser.add_argument("--lang", choices=("en", "zh"), help="report language")
    parser.add_argument(
        "--ocr-engine",
        action="append",
        default=[],
        dest="ocr_engines",
        metavar="NAME",
        help="photo region readers in order (tesseract, rapidocr): later ones re-read badly read regions",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="do not read or write the OCR cache"
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks")


def _check(sub: Any) -> None:
    parser = sub.add_parser(
        "check",
        help="check one appeal package (the default subcommand)",
        description="Check one appeal package: a case folder, a manifest, or files.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="a case folder or consistency.toml, or files classified by extension and name",
    )
    parser.add_argument(
        "--listing", type=Path, help="listing export; wins over the case folder's own"
    )
    parser.add_argument("--sku", help="the SKU whose listing row is the product")
    for flag, what in (
        ("--report", "test report, certificate or declaration (PDF or image)"),
        ("--packaging", "photo of the packaging"),
        ("--product", "photo of the product or its rating label"),
        ("--component", "a component's document (radio module, adapter): shown, not compared"),
    ):
        parser.add_argument(flag, type=Path, action="append", default=[], metavar="FILE", help=what)
    parser.add_argument(
        "--format",
        default="text",
        help="text (default), json, html, junit, sarif, markdown, or an installed format plugin",
    )
    parser.add_argument("--output", type=Path, metavar="FILE", help="write the report here")
    _shared(parser)


def _batch(sub: Any) -> None:
    parser = sub.add_parser(
        "batch",
        help="check every case folder of a catalogue, in parallel",
        description="Check every case folder of a catalogue, in parallel (docs/batch.md).",
    )
    parser.add_argument(
        "catalogue",
        type=Path,
        metavar="CATALOGUE",
        help="a folder of case folders (or one case folder)",
    )
    parser.add_argument(
        "--listing",
        type=Path,
        help="listing export shared by the cases that have none (default: the one at the top)",
    )
    parser.add_argument("--jobs", type=int, help="worker processes (default: every core)")
    parser.add_argument(
        "--executor",
        choices=("process", "dask"),
        help="process pool on this machine (default) or a Dask cluster",
    )
    parser.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="the Dask scheduler to use")
    parser.add_argument(
        "--format", default="text", help="summary format: text (default), json, csv, html, junit"
    )
    parser.add_argument(
        "--output", type=Path, metavar="PATH", help="write the summary here (a folder for html)"
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    _shared(parser)


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface (documented in docs/cli.md and docs/batch.md)."""
    parser = _Parser(
        prog=PROG,
        description="Check that product name, model number and manufacturer agree across a "
        "listing export, test reports and packaging/product photos.",
        epilog="`consistency-report PATH` is short for `consistency-report check PATH`. "
        "Exit codes: 0 pass, 1 findings at or above --fail-on, 2 usage error.",
    )
    parser.add_argument("--version", action="store_true", help="show the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="{check,batch}", parser_class=_Parser)
    _check(sub)
    _batch(sub)
    return parser


def with_subcommand(argv: Sequence[str]) -> list[str]:
    """`argv` with `check` inserted when no subcommand is named (the default)."""
    arguments = list(argv)
    if arguments and (arguments[0] in SUBCOMMANDS or arguments[0] in _TOP_LEVEL):
        return arguments
    return ["check", *arguments]


def overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The configuration table the shared flags stand for (applied last)."""
    table: dict[str, Any] = {}
    for key in ("select", "ignore", "fail_on", "marketplace", "lang"):
        value = getattr(args, key)
        if value:
            table[key] = value
    if args.as_of is not None:
        table["as_of"] = args.as_of  # checked by the configuration, as a file's would be
    if args.ocr_engines:
        table["ocr"] = {"photo_engines": args.ocr_engines}
    if args.no_cache:
        table["cache"] = False
    return table
