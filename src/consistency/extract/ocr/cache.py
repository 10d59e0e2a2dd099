"""A persistent cache of OCR results, so re-checking a package after a fix is instant.

OCR is the slow part of a check (seconds per photo or scanned page).  Results are keyed
by the SHA-256 of the file's bytes, the engine's name and identity, and every parameter
that changes the output (page, dpi, languages, purpose), and stored as JSON in one
SQLite file in `Config.resolved_cache_dir()`.  A scanned page is stored as its
`PageText`; a photo as the record of its stages (`cached_record`: its text in the
deskewed frame, how that frame maps back to the photo, the barcodes decoded), so that a
cached re-run neither decodes the photo nor loads a model.

SQLite in WAL mode lets several processes (a process pool, Dask workers on one machine)
read while one writes; writers wait for each other through `busy_timeout`.  The cache is
an optimisation only: a corrupt file is deleted and rebuilt, and any other failure turns
the cache off for the process instead of failing the check.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from consistency.config import Config
from consistency.model import BBox
from consistency.words import Line, PageText, Word

#: Bump when the stored PageText layout changes; old rows are then simply never hit.
SCHEMA = 1
FILE_NAME = "ocr-cache.sqlite3"
_BUSY_TIMEOUT_MS = 30_000

_digests: dict[tuple[str, int, int], str] = {}
_digest_lock = threading.Lock()


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, remembered per (path, size, mtime) within a process."""
    stat = path.stat()
    memo = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    with _digest_lock:
        known = _digests.get(memo)
    if known is not None:
        return known
    with path.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    with _digest_lock:
        _digests[memo] = digest
    return digest


def cache_key(digest: str, engine: str, engine_version: str, params: Mapping[str, Any]) -> str:
    """The key of one OCR result: content, engine identity and output-changing parameters."""
    material = json.dumps(
        {
            "schema": SCHEMA,
            "file": digest,
            "engine": engine,
            "version": engine_version,
            "params": dict(params),
        },
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def page_to_json(page: PageText) -> str:
    """A compact JSON form of a PageText (words as [text, x0, top, x1, bottom, confidence])."""
    return json.dumps(page_to_record(page), ensure_ascii=False, separators=(",", ":"))


def page_to_record(page: PageText) -> dict[str, Any]:
    """A PageText as plain JSON-ready values (see `page_to_json`)."""
    return {
        "page": page.page,
        "width": page.width,
        "height": page.height,
        "engine": page.engine,
        "lines": [
            {
                "page": line.page,
                "words": [
                    [w.text, w.bbox.x0, w.bbox.top, w.bbox.x1, w.bbox.bottom, w.confidence]
                    for w in line.words
                ],
            }
            for line in page.lines
        ],
    }


def page_from_json(text: str) -> PageText:
    """The PageText stored by `page_to_json`."""
    return page_from_record(json.loads(text))


def page_from_record(record: Mapping[str, Any]) -> PageText:
    """The PageText of a decoded `page_to_json` record."""
    lines = tuple(
        Line(
            tuple(
                Word(
                    str(w[0]), BBox(float(w[1]), float(w[2]), float(w[3]), float(w[4])), float(w[5])
                )
                for w in line["words"]
            ),
            int(line["page"]),
        )
        for line in record["lines"]
    )
    return PageText(
        int(record["page"]),
        float(record["width"]),
        float(record["height"]),
        lines,
        str(record["engine"]),
    )


_T = TypeVar("_T")


class OcrCache:
    """One SQLite cache file; safe to share between threads and processes.

    Connections are per process and per thread (SQLite connections must not cross a
    fork), opened lazily.
    """

    def __init__(self, folder: Path) -> None:
        self.path = folder / FILE_NAME
        self._local = threading.local()
        self._disabled_reason: str | None = None

    @property
    def disabled_reason(self) -> str | None:
        """Why the cache turned itself off in this process, or None while it works."""
        return self._disabled_reason

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
        # WAL: readers never block the writer; NORMAL sync is durable enough for a cache.
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS ocr ("
            " key TEXT PRIMARY KEY, page_text TEXT NOT NULL, engine TEXT NOT NULL,"
            " created REAL NOT NULL)"
        )
        # Touch the table so that a file that is not a database fails here, not later.
        conn.execute("SELECT count(*) FROM ocr WHERE key = ''").fetchone()
        return conn

    def _connection(self) -> sqlite3.Connection | None:
        if self._disabled_reason is not None:
            return None
        pid = os.getpid()
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None and getattr(self._local, "pid", None) == pid:
            return conn
        try:
            conn = self._retrying(self._connect)
        except sqlite3.OperationalError as exc:
            # Still locked by another writer after retries: run without the cache rather
            # than delete a database another process is using.
            self._disabled_reason = f"cannot open {self.path}: {exc}"
            return None
        except sqlite3.DatabaseError:
            # Not a database, or damaged: a cache can always be rebuilt from scratch.
            self._remove_files()
            try:
                conn = self._connect()
            except (sqlite3.Error, OSError) as exc:
                self._disabled_reason = f"cannot rebuild {self.path}: {exc}"
                return None
        except (sqlite3.Error, OSError) as exc:
            self._disabled_reason = f"cannot open {self.path}: {exc}"
            return None
        self._local.conn = conn
        self._local.pid = pid
        return conn

    def _remove_files(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{self.path}{suffix}").unlink()

    def get(self, key: str) -> PageText | None:
        """The cached page for `key`, or None (missing, unreadable or cache off)."""
        text = self.get_text(key)
        if text is None:
            return None
        try:
            return page_from_json(text)
        except (ValueError, KeyError, TypeError, IndexError):
            return None

    def get_text(self, key: str) -> str | None:
        """The stored JSON text for `key`, or None (missing, unreadable or cache off)."""
        conn = self._connection()
        if conn is None:
            return None
        try:
            row = conn.execute("SELECT page_text FROM ocr WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError:
            self._reset()
            return None
        return None if row is None else str(row[0])

    def put(self, key: str, page: PageText) -> None:
        """Store `page` under `key`; failures are swallowed (the result is still returned)."""
        self.put_text(key, page_to_json(page), page.engine)

    def put_text(self, key: str, text: str, engine: str) -> None:
        """Store a JSON text under `key`; failures are swallowed."""
        conn = self._connection()
        if conn is None:
            return
        payload = (key, text, engine, time.time())
        try:
            self._retrying(
                lambda: conn.execute(
                    "INSERT OR REPLACE INTO ocr (key, page_text, engine, created) VALUES (?, ?, ?, ?)",
                    payload,
                )
            )
        except sqlite3.DatabaseError:
            self._reset()

    @staticmethod
    def _retrying(action: Callable[[], _T]) -> _T:
        """Run `action`, retrying while another process holds the database lock.

        `busy_timeout` does not cover every lock (switching to WAL, a schema change made
        by another connection at the same moment), and "database is locked" is an
        OperationalError, which must never be mistaken for a corrupt file.
        """
        delay = 0.02
        for _ in range(12):
            try:
                return action()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.5)
        return action()

    def _reset(self) -> None:
        """Forget this thread's connection after an error; the next call reconnects/rebuilds."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
        self._local.conn = None

    def __len__(self) -> int:
        conn = self._connection()
        if conn is None:
            return 0
        try:
            return int(conn.execute("SELECT count(*) FROM ocr").fetchone()[0])
        except sqlite3.DatabaseError:
            return 0


_caches: dict[Path, OcrCache] = {}
_caches_lock = threading.Lock()


def cache_for(config: Config) -> OcrCache | None:
    """The process-wide cache for the configured folder, or None when caching is off."""
    if not config.cache:
        return None
    folder = config.resolved_cache_dir().expanduser().resolve()
    with _caches_lock:
        cache = _caches.get(folder)
        if cache is None:
            cache = _caches[folder] = OcrCache(folder)
    return cache


def cached_page(
    config: Config,
    path: Path,
    engine: str,
    engine_version: str,
    params: Mapping[str, Any],
    compute: Callable[[], PageText],
) -> PageText:
    """`compute()`'s result for (file content, engine, params), from the cache when there."""
    cache = cache_for(config)
    if cache is None:
        return compute()
    key = cache_key(file_digest(path), engine, engine_version, params)
    hit = cache.get(key)
    if hit is not None:
        return hit
    page = compute()
    cache.put(key, page)
    return page


def cached_record(
    config: Config,
    path: Path,
    engine: str,
    engine_version: str,
    params: Mapping[str, Any],
    compute: Callable[[], _T],
    *,
    dump: Callable[[_T], Mapping[str, Any]],
    load: Callable[[Mapping[str, Any]], _T],
) -> tuple[_T, bool]:
    """`compute()`'s result stored as a JSON record; returns (result, True when cached).

    A stored record that `load` cannot read (an older layout) is computed again.
    """
    cache = cache_for(config)
    if cache is None:
        return compute(), False
    key = cache_key(file_digest(path), engine, engine_version, params)
    text = cache.get_text(key)
    if text is not None:
        try:
            return load(json.loads(text)), True
        except (ValueError, KeyError, TypeError, IndexError):
            pass
    value = compute()
    cache.put_text(key, json.dumps(dump(value), ensure_ascii=False, separators=(",", ":")), engine)
    return value, False
