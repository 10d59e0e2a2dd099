"""Where rendered reports go: a file written atomically, or a stream.

A file is written through a temporary file in the same folder and a rename, so a reader
never sees half a report; it gets the permissions a new file gets from the user's umask
(or keeps those of the file it replaces), not the 0600 of a temporary file.  Shared by
the command line and the batch summaries.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from consistency.errors import UsageError

#: Permissions of a new file before the umask, as `open()` would create it.
NEW_FILE_MODE = 0o666


def _umask() -> int:
    # os.umask can only be read by setting it; put it straight back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def check_target(path: Path) -> Path:
    """The folder `path` will be written in; a usage error when it cannot be."""
    if path.is_dir():
        raise UsageError(f"{path}: --output names a folder; give a file name inside it")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"{path}: the folder {folder} does not exist")
    return folder


def write_atomically(path: Path, pieces: Iterable[str] | str) -> None:
    """Write text to `path` through a temporary file and a rename (never half a report)."""
    folder = check_target(path)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = NEW_FILE_MODE & ~_umask()
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            for piece in [pieces] if isinstance(pieces, str) else pieces:
                out.write(piece)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_stream(stream: IO[str], pieces: Iterable[str] | str) -> None:
    """Write text to a stream and flush it (a closed pipe raises `BrokenPipeError`)."""
    for piece in [pieces] if isinstance(pieces, str) else pieces:
        stream.write(piece)
    stream.flush()
