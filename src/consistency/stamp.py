"""What identifies this installation, for caches that outlive a process.

A result computed by `consistency` stays valid while the code that computed it is the
same: our own files (an editable install changes without a version), the installed
distributions, the tesseract binary and its language data.  `installation()` is that
identity as a JSON-ready value; it is None when a third-party distribution registers
extractors, rules or formats, whose code can change without its version, so that no
cache trusts a result it cannot tie to code.  Computed once per process from file
metadata only (about 5 ms); `importlib.metadata` is not imported, as it costs more than a
replayed check takes.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import shutil
import sys
from pathlib import Path
from typing import Any

#: Where tesseract's language data usually lives (its stamp changes when a pack is added).
_TESSDATA_GLOBS = ("/usr/share/tesseract-ocr/*/tessdata", "/usr/share/tessdata")
#: Our own package folder: every file in it is stamped (the version is one of them).
_PACKAGE = Path(__file__).resolve().parent
#: The prefix of our entry-point groups as written in `entry_points.txt`.
_PLUGIN_GROUP = "[consistency."


def file_stamp(path: Path) -> list[Any]:
    """(path, size, mtime) of a file, or (path, None, None) when it is absent."""
    try:
        info = path.stat()
    except OSError:
        return [str(path), None, None]
    return [str(path), info.st_size, info.st_mtime_ns]


def digest(path: Path) -> str | None:
    """SHA-256 of a file's bytes, or None when it cannot be read."""
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def _distributions() -> list[str] | None:
    """The installed distributions by folder name (name and version), sorted.

    None when another distribution registers extractors, rules or formats: its code can
    change without its version (an editable install), so its results are not replayed.
    Read from the metadata folders directly: `importlib.metadata` costs more to import
    than a replay takes.
    """
    installed: list[str] = []
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            installed.append(name)
            stem = name.removesuffix(".dist-info").removesuffix(".egg-info")
            if stem.split("-")[0].lower() == "consistency":
                continue  # ourselves: our files are stamped one by one
            with contextlib.suppress(OSError):
                points = (Path(entry or ".") / name / "entry_points.txt").read_text("utf-8")
                if _PLUGIN_GROUP in points:
                    return None
    return sorted(installed)


@functools.cache
def installation() -> tuple[Any, ...] | None:
    """What identifies this installation: our files, installed distributions, tesseract.

    None when results must not be cached (a third-party plugin is installed).
    """
    package = _PACKAGE
    ours = sorted(
        [str(p.relative_to(package)), *file_stamp(p)[1:]]
        for p in package.rglob("*")
        if "__pycache__" not in p.parts and p.is_file()
    )
    installed = _distributions()
    if installed is None:
        return None
    tesseract = shutil.which("tesseract")
    tessdata = [
        file_stamp(folder)
        for pattern in _TESSDATA_GLOBS
        for folder in sorted(Path("/").glob(pattern.lstrip("/")))
    ]
    return (
        sys.version,
        ours,
        installed,
        file_stamp(Path(tesseract)) if tesseract else None,
        tessdata,
    )
