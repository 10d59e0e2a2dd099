"""What a file really is, from its first bytes rather than its name.

Sellers save HTML error pages as `.pdf` and rename photos; the extractors ask this
module before choosing an engine, so a wrong extension becomes a clear message.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from consistency.errors import DocumentError

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "pdf"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"II*\x00", "image"),
    (b"MM\x00*", "image"),
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
    # A bitmap's "BM" is followed by its size and four reserved zero bytes; text starting
    # with "BM" (a CSV header "BMS code,...") is not one.
    if head[:2] == b"BM" and head[6:10] == b"\x00\x00\x00\x00":
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
        return "text" if _utf16_without_bom(head) else "binary"
    return "text"


def _utf16_without_bom(head: bytes) -> bool:
    """Excel's "Unicode text" without a BOM: a NUL on every other byte, and only there."""
    sample = head[: len(head) // 2 * 2]
    if len(sample) < 4:
        return False
    half = len(sample) / 2
    even, odd = sample[0::2].count(0) / half, sample[1::2].count(0) / half
    return (odd > 0.4 and even < 0.05) or (even > 0.4 and odd < 0.05)


# Parts that name what an Office Open XML, OpenDocument or iWork zip holds.
_ZIP_MARKERS: tuple[tuple[str, str], ...] = (
    ("xl/workbook.xml", "xlsx"),
    ("xl/workbook.bin", "xlsb"),
    ("word/document.xml", "docx"),
    ("ppt/presentation.xml", "pptx"),
    ("Index/Document.iwa", "numbers"),
    ("Index.zip", "numbers"),
)
_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.text": "odt",
}
# Stream names in an OLE compound file's directory, UTF-16LE as stored.
_OLE_STREAMS: tuple[tuple[bytes, str], ...] = (
    # An encrypted .xlsx is an OLE file holding the encrypted package: test it first.
    ("EncryptionInfo".encode("utf-16-le"), "encrypted"),
    ("Workbook".encode("utf-16-le"), "xls"),
    ("Book".encode("utf-16-le"), "xls"),
    ("WordDocument".encode("utf-16-le"), "doc"),
)


def container(path: Path) -> str:
    """What a zip or OLE file holds, from its parts rather than its name.

    One of xlsx (also .xlsm), xlsb, ods, numbers, docx, pptx, odt or zip for a zip
    archive; xls, encrypted (a password-protected Office file), doc or ole for an OLE
    compound file; otherwise what `sniff` says.  Only the zip's directory is read (never a
    member's data), so a zip bomb costs nothing here.  Raises `DocumentError` like `sniff`.
    """
    kind = sniff(path)
    if kind == "zip":
        return _zip_container(path)
    if kind == "ole":
        return _ole_container(path)
    if kind == "html" and not _starts_with_markup(path):
        # `sniff` finds "<html" anywhere in the first bytes (an error page behind junk);
        # a listing's item-description column often holds HTML, so for a container only
        # a file that opens with markup is a page.
        return "text"
    return kind


def _starts_with_markup(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(64)
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def _zip_container(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = b""
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    mimetype = member.read(100).strip()
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
        RuntimeError,  # an encrypted member
        KeyError,
    ):
        return "zip"
    for marker, kind in _ZIP_MARKERS:
        if marker in names:
            return kind
    return _ODF_MIMETYPES.get(mimetype, "zip")


#: Bytes of an OLE file searched for its stream names.  The directory may sit anywhere;
#: Office writes it within the first few megabytes of files sellers send.
_OLE_SEARCH_BYTES = 64 * 1024 * 1024


def _ole_container(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            data = handle.read(_OLE_SEARCH_BYTES)
    except OSError as exc:
        raise DocumentError(str(path), f"cannot be read: {exc.strerror or exc}") from None
    for marker, kind in _OLE_STREAMS:
        if marker in data:
            return kind
    return "ole"
