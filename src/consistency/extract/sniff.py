"""What a file really is, from its first bytes rather than its name.

Sellers save HTML error pages as `.pdf` and rename photos; the extractors ask this
module before choosing an engine, so a wrong extension becomes a clear message.
"""

from __future__ import annotations

from pathlib import Path

from consistency.errors import DocumentError

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "pdf"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"II*\x00", "image"),
    (b"MM\x00*", "image"),
    (b"BM", "image"),
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0", "ole"),
)


def sniff(path: Path) -> str:
    """One of pdf, image, zip (xlsx/xlsm), ole (xls), html, json, text or binary.

    Raises `DocumentError` for files that are missing, empty or unreadable.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(2048)
    except IsADirectoryError:
        raise DocumentError(str(path), "is a folder, not a file") from None
    except FileNotFoundError:
        raise DocumentError(str(path), "file not found") from None
    except OSError as exc:
        raise DocumentError(str(path), f"cannot be read: {exc.strerror or exc}") from None
    if not head:
        raise DocumentError(str(path), "the file is empty (0 bytes)")
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image"
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypavif"):
        return "image"
    if b"%PDF" in head[:1024]:
        return "pdf"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if (
        stripped.startswith((b"<!doctype html", b"<html", b"<head", b"<?xml"))
        or b"<html" in head[:512].lower()
    ):
        return "html"
    if stripped.startswith((b"{", b"[")):
        return "json"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "text"
