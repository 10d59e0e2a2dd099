"""Reading a listing export once per process, whatever its format, and its row as evidence.

Formats are recognised by content, not by file name (`sniff.container`): a workbook by
its parts, JSON by its first character, anything else is delimited text.
"""

from __future__ import annotations

import functools
from pathlib import Path

from consistency.config import Config, Limits
from consistency.errors import DocumentError, UsageError
from consistency.extract.listing.delimited import read_delimited
from consistency.extract.listing.encoding import decode
from consistency.extract.listing.export import Listing
from consistency.extract.listing.formats import WORKBOOK_KINDS, WrongFormat, not_a_listing
from consistency.extract.listing.sp_api import read_json
from consistency.extract.listing.workbook import check_zip, read_workbook
from consistency.extract.sniff import container
from consistency.model import Document, Evidence


def extract_listing(document: Document, config: Config) -> list[Evidence]:
    """The listing extractor: the evidence of the row for `document.sku` (or the only row)."""
    listing = read_listing(document.path, config)
    row = listing.select(document.sku)
    return listing.evidence(row, str(document.path))


def read_listing(path: Path, config: Config) -> Listing:
    """Parse a listing export, once per process for an unchanged file.

    Raises `DocumentError` for a file that is not a readable listing, and `UsageError`
    for a path that does not name a file or names a format we cannot read as a listing
    (`listing.numbers`, `listing.pdf`).
    """
    path = Path(path)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except OSError as exc:
        raise DocumentError(str(path), f"cannot open the file: {exc.strerror or exc}") from None
    if path.is_dir():
        raise UsageError(f"{path}: is a folder; give the listing export file itself")
    try:
        return _read_cached(path.resolve(), stat.st_mtime_ns, stat.st_size, config.limits)
    except WrongFormat as exc:
        raise not_a_listing(path, exc.kind) from None
    except DocumentError as exc:
        # The cache works on resolved paths; users should see the path they gave.
        raise DocumentError(str(path), exc.reason, limit=exc.limit) from None


@functools.lru_cache(maxsize=16)
def _read_cached(path: Path, mtime_ns: int, size: int, limits: Limits) -> Listing:
    """Parse `path`; `mtime_ns` and `size` only key the cache so an edited file is re-read."""
    del mtime_ns
    if size == 0:
        raise DocumentError(str(path), "the file is empty")
    if size > limits.max_listing_bytes:
        raise DocumentError(
            str(path),
            f"the file is {size:,} bytes, over the limit of {limits.max_listing_bytes:,} "
            "(limits.max_listing_bytes); raise it in [tool.consistency.limits] if the file "
            "is genuine",
            limit="max_listing_bytes",
        )
    kind = container(path)
    if kind in WORKBOOK_KINDS:
        return read_workbook(path, kind, limits)
    if kind == "zip":
        check_zip(path, limits)  # a damaged workbook says so before "not a workbook"
    if kind not in ("json", "text"):
        raise WrongFormat(path, kind)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(str(path), f"cannot read the file: {exc.strerror or exc}") from None
    text, encoding = decode(data, path)
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped[:1] in ("{", "[") or path.suffix.casefold() == ".json":
        return read_json(path, stripped, encoding, limits)
    return read_delimited(path, text, encoding, limits)
