"""Replaying a finished check: an unchanged re-run prints its report without checking again.

A seller's pipeline (or a person after fixing one thing elsewhere) runs
`consistency-report` on the same package again and again.  When nothing that decides the
report has changed, the check's output and exit code are replayed from the cache instead
of importing the rules, parsing PDFs and loading the product lexicon again, so a warm
re-run costs about as much as `--help`.

What "nothing has changed" means is decided in two steps, as ccache's manifest mode does:

1. **The key** (computed before the case is resolved, from what is cheap to know): the
   tool's own files and the installed distributions, the tesseract binary and language
   data, the command line and working directory, the environment variables the tool
   reads, today's date (expiry and report age are judged at it), the listing of every
   folder named on the command line and every configuration file that the lookup could
   find from those folders and the working directory upwards.
2. **The inputs** recorded with the entry after the check ran: every document the case
   used, the files it left unused and the manifest, each with its SHA-256.  An entry is
   replayed only when every one of them still has the same content, so a manifest naming
   a file outside its folder is followed too.

A report that says a document could not be read (CR501) is never stored: a timeout or a
memory limit may not happen next time.  `--no-cache`, and `cache = false` in the
configuration, turn replay off.  Entries are small JSON files in the `replay` folder of
the default cache (`CONSISTENCY_CACHE_DIR`, else the user cache); the cache is an
optimisation only, and any failure to read or write it is a miss, never an error.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from consistency.report.output import write_atomically, write_stream
from consistency.stamp import digest, file_stamp, installation

#: Bump when the entry layout or the key material changes.
SCHEMA = 1
#: Configuration file names the lookup walks up the tree for (see `consistency.config`).
_CONFIG_NAMES = ("consistency.toml", "pyproject.toml")
#: Environment variables that change what a check reads or prints.
_ENVIRONMENT = (
    "CONSISTENCY_CACHE_DIR",
    "XDG_CACHE_HOME",
    "HOME",
    "TESSDATA_PREFIX",
    "OMP_THREAD_LIMIT",
)


def _folder_listing(folder: Path) -> list[Any]:
    """Every file under a folder with its size and mtime (added or removed files count)."""
    listing = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            listing.append(file_stamp(Path(root) / name))
    return listing


def _config_candidates(starts: Iterable[Path]) -> list[Any]:
    """Every configuration file the lookup could find from these folders upwards."""
    seen: dict[str, list[Any]] = {}
    for start in starts:
        for folder in (start, *start.parents):
            for name in _CONFIG_NAMES:
                candidate = folder / name
                if str(candidate) not in seen and candidate.is_file():
                    seen[str(candidate)] = [*file_stamp(candidate), digest(candidate)]
    return [seen[key] for key in sorted(seen)]


def _named_paths(args: argparse.Namespace) -> list[Path]:
    """Every path given on the command line (positional and file flags)."""
    named: list[Path] = list(args.paths)
    for flag in ("report", "packaging", "product", "component"):
        named.extend(getattr(args, flag))
    for flag in ("listing", "config"):
        value = getattr(args, flag)
        if value is not None:
            named.append(value)
    return named


def key(args: argparse.Namespace) -> str | None:
    """The replay key of a `check` command line, or None when replay is off for it."""
    if args.no_cache:
        return None
    tool = installation()
    if tool is None:
        return None
    cwd = Path.cwd()
    named = [(cwd / p).resolve() for p in _named_paths(args)]
    folders = [p for p in named if p.is_dir()]
    starts = {p if p.is_dir() else p.parent for p in named} | {cwd}
    material = {
        "schema": SCHEMA,
        "tool": tool,
        "argv": list(getattr(args, "arguments", ())),
        "cwd": str(cwd),
        "environment": {name: os.environ.get(name) for name in _ENVIRONMENT},
        "today": datetime.date.today().isoformat(),
        "named": [file_stamp(p) for p in named],
        "folders": [_folder_listing(folder) for folder in folders],
        "configuration": _config_candidates(sorted(starts)),
    }
    text = json.dumps(material, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _folder() -> Path:
    """The replay folder of the default cache (the configuration is not known yet)."""
    configured = os.environ.get("CONSISTENCY_CACHE_DIR")
    if configured:
        return Path(configured) / "replay"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "consistency" / "replay"


def _entry_path(replay_key: str) -> Path:
    return _folder() / f"{replay_key}.json"


def _inputs_unchanged(inputs: Iterable[Any]) -> bool:
    return all(digest(Path(path)) == expected for path, expected in inputs)


def replay(args: argparse.Namespace) -> int | None:
    """Print (or write) a stored report for this command line and return its exit code.

    None when there is nothing to replay: replay off, no entry, an entry of another
    layout, or an input whose content changed since the entry was stored.
    """
    replay_key = key(args)
    if replay_key is None:
        return None
    try:
        entry = json.loads(_entry_path(replay_key).read_text(encoding="utf-8"))
        if entry.get("schema") != SCHEMA or not _inputs_unchanged(entry["inputs"]):
            return None
        output, code = str(entry["output"]), int(entry["exit"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if args.output is not None:
        write_atomically(args.output, output)
    else:
        write_stream(sys.stdout, output)
    return code


def store(replay_key: str, inputs: Iterable[Path], output: str, code: int) -> None:
    """Remember a finished check's output for `replay`; failures are silently a miss."""
    record = {
        "schema": SCHEMA,
        "inputs": sorted({(str(p.resolve()), digest(p)) for p in inputs}),
        "output": output,
        "exit": code,
    }
    folder = _folder()
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=".entry.", dir=folder)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(record, out, ensure_ascii=False)
            os.replace(tmp, _entry_path(replay_key))
        finally:
            Path(tmp).unlink(missing_ok=True)
