"""`consistency-report [check] ...`: one appeal package, one report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from consistency import registry
from consistency.case import classify, resolve
from consistency.case.kinds import MANIFEST_NAME
from consistency.cli import replay
from consistency.cli.exits import EXIT_FINDINGS, EXIT_OK
from consistency.cli.parser import overrides
from consistency.errors import UsageError
from consistency.model import Document, Kind, Report
from consistency.pipeline import check
from consistency.report.output import check_target, write_atomically, write_stream


def _split_paths(args: argparse.Namespace) -> tuple[Path | None, list[Document]]:
    """The case folder or manifest among the paths (at most one), and the loose files."""
    target: Path | None = None
    files: list[Document] = []
    for path in args.paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
        if path.is_dir() or path.name == MANIFEST_NAME:
            if target is not None:
                raise UsageError("give one case folder at a time (use `batch` for many)")
            target = path
            continue
        kind = classify(path)
        if kind is None:
            raise UsageError(
                f"{path}: cannot tell what kind of document this is; "
                "use --listing, --report, --packaging or --product"
            )
        files.append(Document(path, kind))
    files += [Document(p, Kind.TEST_REPORT) for p in args.report]
    files += [Document(p, Kind.PACKAGING) for p in args.packaging]
    files += [Document(p, Kind.PRODUCT) for p in args.product]
    return target, files


def run(args: argparse.Namespace) -> int:
    """Resolve the case, check it, print or write the report; the exit code by `fail_on`."""
    if args.format not in registry.format_names():
        raise UsageError(
            f"unknown format '{args.format}' (installed: {', '.join(registry.format_names())})"
        )
    if args.output is not None:
        check_target(args.output)
    target, files = _split_paths(args)
    if target is None and not files and args.listing is None:
        raise UsageError("nothing to check: give a case folder, or --listing and --report files")
    case, config = resolve(
        target if target is not None else files,
        documents=files if target is not None else (),
        sku=args.sku,
        listing=args.listing,
        config_path=args.config,
        components=args.component,
        overrides=overrides(args),
    )
    replay_key = replay.key(args) if config.cache else None
    report = check(case, config=config)
    rendered = registry.formatter(args.format)(report, config)
    code = EXIT_FINDINGS if config.fails(report.findings) else EXIT_OK
    if replay_key is not None and _replayable(report):
        rendered = "".join([rendered] if isinstance(rendered, str) else rendered)
        inputs = [d.path for d in report.documents] + [Path(p) for p, _ in report.unused]
        inputs += [p for p in (target, args.config) if p is not None and p.is_file()]
        replay.store(replay_key, inputs, rendered, code)
    if args.output is not None:
        write_atomically(args.output, rendered)
    else:
        write_stream(sys.stdout, rendered)
    return code


def _replayable(report: Report) -> bool:
    """A report may be replayed unless a document could not be read (maybe transient)."""
    return not any(f.code == "CR501" for f in report.findings)
