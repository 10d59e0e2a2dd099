"""A catalogue: its case folders and the listing export they share.

Case folders are found by `consistency.case.find_case_folders`, the same discovery the
pytest plugin collects with, so `batch DIR` and `pytest --consistency DIR` see the same
cases.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from consistency.case import find_case_folders
from consistency.case.folder import files_in
from consistency.case.kinds import LISTING, family, is_ignored
from consistency.errors import UsageError
from consistency.extract.listing import probe

__all__ = ["find_case_folders", "find_shared_listing"]


def find_shared_listing(catalogue: Path, *, exclude: Iterable[Path] = ()) -> Path | None:
    """The listing export at the top of a catalogue, shared by its cases, or None.

    A file counts when its content reads as a listing (an `INDEX.json` or a notes `.csv`
    next to the export does not); two exports are a usage error: the user says which
    with `--listing`.  A catalogue that is itself one case has no shared listing (its
    export is the case's own).
    """
    catalogue = Path(catalogue)
    if not catalogue.is_dir() or find_case_folders(catalogue) == [catalogue]:
        return None
    skip = {Path(p).resolve() for p in exclude}
    found = [
        path
        for path in files_in(catalogue)
        if path.resolve() not in skip
        and not is_ignored(path)
        and family(path) == LISTING
        and probe(path).is_listing
    ]
    if len(found) > 1:
        names = " and ".join(p.name for p in found)
        raise UsageError(
            f"{catalogue}: {len(found)} listing exports ({names}); choose the one shared "
            "by the catalogue with --listing"
        )
    return found[0] if found else None
