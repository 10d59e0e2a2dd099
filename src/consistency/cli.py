"""`consistency-report`: parse the command line, delegate to `check()`, print a format.

Exit codes: 0 every field consistent, 1 at least one error-severity finding, 2 usage or
environment error (one line on stderr, no traceback; `--debug` shows one).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs

from consistency import registry
from consistency.case import classify, load_case, manifest_config
from consistency.config import Config, apply_table, load
from consistency.errors import ConsistencyError, UsageError
from consistency.model import Case, Document, Kind
from consistency.pipeline import check

EXIT_CONSISTENT = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so every usage error is one line and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface (documented in docs/cli.md)."""
    parser = _Parser(
        prog="consistency-report",
        description="Check that product name, model number and manufacturer agree across a "
        "listing export, test reports and packaging/product photos.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="case folders or files, classified by extension and name",
    )
    parser.add_argument("--listing", type=Path, help="listing export (xlsx/xlsm/txt/csv/json)")
    parser.add_argument("--sku", help="the SKU whose listing row is the product")
    parser.add_argument(
        "--report",
        type=Path,
        action="append",
        default=[],
        help="test report, certificate or declaration (PDF or image)",
    )
    parser.add_argument(
        "--packaging", type=Path, action="append", default=[], help="photo of the packaging"
    )
    parser.add_argument(
        "--product",
        type=Path,
        action="append",
        default=[],
        help="photo of the product or its rating label",
    )
    parser.add_argument(
        "--format",
        default="text",
        help="text (default), json, html, junit, sarif, markdown, or any installed format plugin",
    )
    parser.add_argument("--output", type=Path, help="write the report to this file")
    parser.add_argument("--config", type=Path, help="a pyproject.toml or consistency.toml")
    parser.add_argument("--select", help="comma-separated rule codes (or prefixes) to run")
    parser.add_argument("--ignore", help="comma-separated rule codes (or prefixes) to skip")
    parser.add_argument(
        "--ocr-engine",
        action="append",
        default=[],
        dest="ocr_engines",
        help="OCR engine for photos, in fall-through order (tesseract, rapidocr)",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="do not read or write the OCR cache"
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    return parser


def _documents(args: argparse.Namespace) -> tuple[Case, list[Path]]:
    documents: list[Document] = []
    manifests: list[Path] = []
    base: Case | None = None
    for path in args.paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
        if path.is_dir() or path.name == "consistency.toml":
            if base is not None:
                raise UsageError("give one case folder at a time (use `batch` for many)")
            base = load_case(path, sku=args.sku, listing=args.listing)
            manifests.append(path)
            continue
        kind = classify(path)
        if kind is None:
            raise UsageError(
                f"{path}: cannot tell what kind of document this is; "
                "use --listing, --report, --packaging or --product"
            )
        documents.append(Document(path, kind))
    if args.listing is not None and (
        base is None or not any(d.kind == Kind.LISTING for d in base.documents)
    ):
        documents.append(Document(args.listing, Kind.LISTING))
    documents += [Document(p, Kind.TEST_REPORT) for p in args.report]
    documents += [Document(p, Kind.PACKAGING) for p in args.packaging]
    documents += [Document(p, Kind.PRODUCT) for p in args.product]
    if base is not None:
        case = attrs.evolve(base, documents=(*base.documents, *documents))
    else:
        case = Case(tuple(documents), sku=args.sku, name=args.sku)
    if not case.documents:
        raise UsageError("nothing to check: give a case folder, or --listing and --report files")
    return case, manifests


def _config(args: argparse.Namespace, manifests: Sequence[Path]) -> Config:
    config = load(args.config) if args.config else load(search_from=Path.cwd())
    for manifest in manifests:
        table = manifest_config(manifest)
        if table:
            config = apply_table(config, table, str(manifest))
    flags: dict[str, object] = {}
    if args.select:
        flags["select"] = args.select
    if args.ignore:
        flags["ignore"] = args.ignore
    if args.ocr_engines:
        flags["ocr"] = {"photo_engines": args.ocr_engines}
    if flags:
        config = apply_table(config, flags, "command line")
    if args.no_cache:
        config = attrs.evolve(config, cache=False)
    return config


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename (never half a report)."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"{path}: the folder {folder} does not exist")
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run(argv: Sequence[str]) -> int:
    """Parse, check, print; raises `ConsistencyError` for usage problems."""
    args = build_parser().parse_args(list(argv))
    if args.format not in registry.format_names():
        raise UsageError(
            f"unknown format '{args.format}' (installed: {', '.join(registry.format_names())})"
        )
    case, manifests = _documents(args)
    config = _config(args, manifests)
    report = check(case, sku=args.sku, config=config)
    rendered = registry.formatter(args.format)(report, config)
    if args.output:
        write_atomically(args.output, rendered)
    else:
        sys.stdout.write(rendered)
        sys.stdout.flush()
    return EXIT_CONSISTENT if report.ok else EXIT_FINDINGS


EXIT_INTERRUPTED = 130


def guarded(prog: str, action: Callable[[], int], *, debug: bool) -> int:
    """Run a command so that no traceback reaches a user: one stderr line and exit 2.

    Shared by `consistency-report` and `consistency-report batch`; `--debug` re-raises.
    """
    try:
        return action()
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


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and arguments[0] == "batch":
        import importlib

        batch = importlib.import_module("consistency.batch")
        code: int = batch.main(arguments[1:])
        return code
    return guarded("consistency-report", lambda: run(arguments), debug="--debug" in arguments)


if __name__ == "__main__":
    sys.exit(main())
