"""Readings remembered between runs: a document already read is not parsed again.

A seller corrects one file and checks the package again; the batch and the pytest plugin
check the same packages on every run of a pipeline.  Parsing the PDFs and reading the
photos' fields is most of a check, so each document's `Reading` is kept in the cache
folder and reused while nothing it depends on has changed:

- the document's bytes (SHA-256) and how it was given (path as given, kind, SKU,
  component) - a `Reading` holds the path for its evidence;
- the whole configuration, serialised canonically (sets sorted, so the key does not
  depend on `PYTHONHASHSEED`);
- the installation (`consistency.stamp.installation`: our files, the installed
  distributions, tesseract); with a third-party plugin installed nothing is remembered.

Readings are stored as pickles, one file per key, written atomically, in `readings/`
under `Config.resolved_cache_dir()`, a folder only its owner can read (0700): a pickle
runs code when it is loaded, so the cache folder must be as private as the user's home.
`cache = false` (`--no-cache`) turns it off.  The memo is an optimisation only: a file
that cannot be read, written or unpickled is a miss, never an error.
"""

from __future__ import annotations

import contextlib
import datetime
import enum
import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs

from consistency.config import Config
from consistency.model import Document, Reading
from consistency.stamp import digest, installation

#: Bump when what is stored (or what the key covers) changes.
SCHEMA = 1
FOLDER = "readings"
#: Owner-only: the folder holds pickles (see the module docstring).
_FOLDER_MODE = 0o700


def canonical(value: Any) -> Any:
    """A JSON-ready form of a value that is the same in every process.

    attrs instances become mappings of their fields, sets are sorted, enums give their
    value, paths and dates their text: `repr()` of a frozenset changes with the hash seed.
    """
    if attrs.has(type(value)):
        return {f.name: canonical(getattr(value, f.name)) for f in attrs.fields(type(value))}
    if isinstance(value, enum.Enum):
        return canonical(value.value)
    if isinstance(value, Mapping):
        return sorted([canonical(k), canonical(v)] for k, v in value.items())
    if isinstance(value, set | frozenset):
        return sorted((canonical(v) for v in value), key=lambda v: json.dumps(v, default=str))
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    if isinstance(value, Path | datetime.date):
        return str(value)
    return value


def key(document: Document, config: Config, reader: object = None) -> str | None:
    """The memo key of one document under one configuration, or None when not cacheable.

    `reader` (the extractor) is named in the key, so a reader registered in the process
    (a test's, a plugin's set up by hand) never gets another reader's result.
    """
    tool = installation()
    if tool is None or not config.cache:
        return None
    content = digest(document.path)
    if content is None:
        return None
    material = {
        "schema": SCHEMA,
        "tool": tool,
        "document": canonical(document),
        "content": content,
        "reader": [getattr(reader, "__module__", None), getattr(reader, "__qualname__", None)],
        "config": canonical(config),
    }
    text = json.dumps(material, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _path(config: Config, memo_key: str) -> Path:
    return config.resolved_cache_dir().expanduser() / FOLDER / f"{memo_key}.pickle"


def _load(path: Path, document: Document) -> Reading | None:
    try:
        value = pickle.loads(path.read_bytes())
    except Exception:
        return None
    if not isinstance(value, Reading) or value.document != document:
        return None
    return value


def _store(path: Path, reading: Reading) -> None:
    with contextlib.suppress(OSError, pickle.PicklingError, TypeError, AttributeError):
        path.parent.mkdir(mode=_FOLDER_MODE, parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=".reading.", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(reading, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)


def remembered(
    document: Document, config: Config, read: Callable[[], Reading], reader: object = None
) -> Reading:
    """`read()`'s Reading of the document, from the memo when nothing it depends on changed.

    A failed read raises as before and stores nothing.
    """
    memo_key = key(document, config, reader)
    if memo_key is None:
        return read()
    path = _path(config, memo_key)
    hit = _load(path, document)
    if hit is not None:
        return hit
    reading = read()
    _store(path, reading)
    return reading
