"""What a case folder holds: its documents, its listing exports, and every other file.

A folder's own files are read (not its subfolders).  Every file is accounted for: a
document, a listing export, a spreadsheet we could not read as one, or an unused file
with the reason (reported by CR502) -- except the few files that are never part of a
package (`kinds.is_ignored`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import attrs

from consistency.case.kinds import (
    LISTING,
    MANIFEST_NAME,
    OTHER_SPREADSHEET_SUFFIXES,
    WORKBOOK_SUFFIXES,
    document_kind,
    family,
    is_ignored,
    unused_reason,
)
from consistency.case.manifest import is_case_manifest
from consistency.errors import UsageError
from consistency.extract.listing import probe
from consistency.model import Document, Kind


@attrs.frozen
class FolderScan:
    """The files directly inside a case folder, sorted by name within each group."""

    documents: tuple[Document, ...] = ()
    listings: tuple[Path, ...] = ()
    #: Workbooks (.xlsx, .xlsm) that do not read as a listing, with the probe's reason.
    doubtful: tuple[tuple[Path, str], ...] = ()
    #: Other spreadsheets (.xls, .ods, .numbers) that could not be read, with the reason.
    unsupported: tuple[tuple[Path, str], ...] = ()
    unused: tuple[tuple[Path, str], ...] = ()


def classify(path: Path) -> Kind | None:
    """The kind of one file: a listing export (by content), a report or a photo (by suffix
    and name), or None when it is neither (a notes `.csv`, a `.docx`, a README)."""
    path = Path(path)
    if is_ignored(path):
        return None
    if family(path) == LISTING:
        return Kind.LISTING if probe(path).is_listing else None
    return document_kind(path)


def files_in(folder: Path) -> list[Path]:
    """The regular files directly inside `folder`, sorted by name."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        raise UsageError(f"{folder}: cannot list the folder: {exc.strerror or exc}") from None
    return [Path(e.path) for e in entries if e.is_file()]


def scan(folder: Path, *, skip: Iterable[Path] = ()) -> FolderScan:
    """Sort every file of `folder` (except those in `skip` and the ignored ones)."""
    skipped = {Path(p) for p in skip}
    documents: list[Document] = []
    listings: list[Path] = []
    doubtful: list[tuple[Path, str]] = []
    unsupported: list[tuple[Path, str]] = []
    unused: list[tuple[Path, str]] = []
    for path in files_in(folder):
        if path in skipped or is_ignored(path):
            continue
        if family(path) == LISTING:
            found = probe(path)
            if found.is_listing:
                listings.append(path)
            elif path.suffix.lower() in WORKBOOK_SUFFIXES:
                doubtful.append((path, found.reason))
            elif path.suffix.lower() in OTHER_SPREADSHEET_SUFFIXES:
                unsupported.append((path, found.reason))
            else:
                unused.append((path, f"not a listing export: {found.reason}"))
            continue
        kind = document_kind(path)
        if kind is None:
            unused.append((path, unused_reason(path)))
        else:
            documents.append(Document(path, kind))
    return FolderScan(
        tuple(documents), tuple(listings), tuple(doubtful), tuple(unsupported), tuple(unused)
    )


def is_case_folder(folder: Path) -> bool:
    """A folder holding a case manifest, or (without one) a report, certificate or photo."""
    manifest = folder / MANIFEST_NAME
    if manifest.is_file() and is_case_manifest(manifest):
        return True
    return any(
        document_kind(path) is not None and not is_ignored(path) for path in files_in(folder)
    )


def find_case_folders(catalogue: Path) -> list[Path]:
    """Every case folder of a catalogue, sorted: what `batch` checks and pytest collects.

    A case folder holds a case manifest, or a report or photo; its subfolders belong to it
    (they are not searched further).  Hidden folders and `__pycache__`-like ones are
    skipped.  A catalogue that is itself a case folder (by the same rule) is one case, so
    `batch CASE_FOLDER` checks that case; a catalogue's top level holds the shared
    listing export and case folders, not documents.
    """
    catalogue = Path(catalogue)
    if catalogue.is_file():
        if catalogue.name == MANIFEST_NAME:
            return [catalogue.parent]
        raise UsageError(f"{catalogue}: give the catalogue folder, not a file")
    if not catalogue.is_dir():
        raise UsageError(f"{catalogue}: no such catalogue folder")
    if is_case_folder(catalogue):
        return [catalogue]
    found: list[Path] = []
    stack = [catalogue]
    while stack:
        folder = stack.pop()
        if folder != catalogue and is_case_folder(folder):
            found.append(folder)
            continue
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            raise UsageError(f"{folder}: cannot list the folder: {exc.strerror or exc}") from None
        subfolders = [
            Path(e.path) for e in entries if e.is_dir() and not e.name.startswith((".", "__"))
        ]
        stack.extend(reversed(subfolders))
    return sorted(found)
