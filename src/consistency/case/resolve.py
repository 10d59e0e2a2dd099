"""One resolver from what a user gives to a `(Case, Config)`, for every front end.

The command line, `batch`, the pytest plugin and `consistency.check()` all call
`resolve`, so one folder gets the same documents, SKU, listing and configuration
whichever front end checks it and whatever the working directory (docs/manifests.md):

- **Listing**: exactly one per case.  An explicit `listing` (`--listing`) wins over the
  case's own; else the case's own (the manifest's `listing`, or the one export found in
  the folder); else `shared_listing` (`batch --listing`, a catalogue's top-level export).
  Two exports in one case are a usage error naming both, never merged.
- **SKU**: `sku` (`--sku`); else the manifest's `sku`; else the listing's only product;
  else the folder's name when the listing holds a row with that SKU; else a usage error
  that lists the listing's SKUs.
- **Configuration**: `config` (a `Config` from Python) or `config_path` (`--config`);
  else the nearest configuration file from the case folder upwards; else from the
  working directory upwards (`consistency.config.find_file`); then the manifest's own
  tables; then `overrides` (the command line's flags).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from consistency.case.folder import scan
from consistency.case.kinds import EXPORT_ADVICE, OTHER_SPREADSHEET_SUFFIXES, document_kind
from consistency.case.manifest import Manifest, find_manifest, is_case_manifest, read_manifest
from consistency.config import Config, apply_table, find_file, load
from consistency.errors import ConsistencyError, UsageError
from consistency.extract import ocr
from consistency.extract.listing import probe, read_listing
from consistency.model import Case, Document, Kind

#: How many SKUs an error message lists before "...".
SKUS_SHOWN = 8

Target = Path | str | Case | Iterable[Document] | None


@attrs.frozen
class _Gathered:
    """What the target holds before the listing and the SKU are decided."""

    documents: tuple[Document, ...] = ()
    listings: tuple[Path, ...] = ()
    unused: tuple[tuple[Path, str], ...] = ()
    #: Workbooks that did not read as a listing: the listing when there is no other.
    doubtful: tuple[tuple[Path, str], ...] = ()
    #: Spreadsheets in a format we could not read: a usage error when there is no other.
    unsupported: tuple[tuple[Path, str], ...] = ()
    root: Path | None = None
    manifest: Manifest | None = None
    sku: str | None = None
    name: str | None = None


def _gather_path(path: Path) -> _Gathered:
    if not path.exists():
        raise UsageError(f"{path}: no such case folder or manifest")
    is_folder = path.is_dir()
    manifest_path = find_manifest(path)
    # A manifest given by name is always read as one; a folder's only when it is a case's.
    if manifest_path is not None and (not is_folder or is_case_manifest(manifest_path)):
        manifest = read_manifest(manifest_path)
        named = {p for p, _, _ in manifest.documents} | set(manifest.listings)
        rest = scan(manifest.folder, skip=named | manifest.ignored)
        unused = [
            (p, "not named in consistency.toml (name it under [documents], or in ignore_files)")
            for p in sorted({*(d.path for d in rest.documents), *rest.listings})
        ]
        unused += [(p, f"not a listing export: {why}") for p, why in rest.doubtful]
        unused += [(p, f"not a listing export: {why}") for p, why in rest.unsupported]
        unused += list(rest.unused)
        documents = tuple(Document(p, kind, component=c) for p, kind, c in manifest.documents)
        return _Gathered(
            documents=documents,
            listings=manifest.listings,
            unused=tuple(sorted(unused)),
            root=manifest.folder,
            manifest=manifest,
            sku=manifest.sku,
            name=manifest.name,
        )
    if not is_folder:
        raise UsageError(f"{path}: not a case folder or a consistency.toml manifest")
    found = scan(path)
    return _Gathered(
        documents=found.documents,
        listings=found.listings,
        unused=found.unused,
        doubtful=found.doubtful,
        unsupported=found.unsupported,
        root=path,
    )


def _gather(target: Target, extra: Sequence[Document]) -> _Gathered:
    if isinstance(target, str | Path):
        gathered = _gather_path(target if isinstance(target, Path) else Path(target))
    elif isinstance(target, Case):
        gathered = _Gathered(
            documents=tuple(d for d in target.documents if d.kind is not Kind.LISTING),
            listings=tuple(d.path for d in target.documents if d.kind is Kind.LISTING),
            unused=target.unused,
            root=target.root,
            sku=target.sku
            or next((d.sku for d in target.documents if d.kind is Kind.LISTING and d.sku), None),
            name=target.name,
        )
    else:
        given = list(target or ())
        for doc in given:
            if not isinstance(doc, Document):
                raise UsageError(f"expected consistency.Document values, got {type(doc).__name__}")
        skus = {d.sku for d in given if d.kind is Kind.LISTING and d.sku}
        gathered = _Gathered(
            documents=tuple(d for d in given if d.kind is not Kind.LISTING),
            listings=tuple(d.path for d in given if d.kind is Kind.LISTING),
            sku=skus.pop() if len(skus) == 1 else None,
        )
    documents = [*gathered.documents, *(d for d in extra if d.kind is not Kind.LISTING)]
    listings = [*gathered.listings, *(d.path for d in extra if d.kind is Kind.LISTING)]
    return attrs.evolve(gathered, documents=tuple(documents), listings=tuple(listings))


def _unsupported(path: Path, reason: str) -> UsageError:
    return UsageError(
        f"{path}: a {path.suffix.lstrip('.').lower()} file that cannot be read as a listing "
        f"export ({reason}); {EXPORT_ADVICE}"
    )


def _check_listing_file(path: Path) -> None:
    """A listing named on purpose must exist and be in a format we can read."""
    if not path.is_file():
        what = (
            "is a folder; give the listing export file itself" if path.is_dir() else "no such file"
        )
        raise UsageError(f"{path}: {what}")
    if path.suffix.lower() in OTHER_SPREADSHEET_SUFFIXES:
        found = probe(path)
        if not found.is_listing:
            raise _unsupported(path, found.reason)


def _choose_listing(
    gathered: _Gathered, listing: Path | None, shared: Path | None
) -> tuple[Path | None, list[tuple[Path, str]]]:
    """The one listing of the case, and the listing files it leaves unused."""
    own = list(dict.fromkeys(gathered.listings))
    if not own and gathered.doubtful:
        # A workbook that does not read as a listing, and no other: it is the listing,
        # and reading it reports why it is broken (CR501).
        own = [path for path, _ in gathered.doubtful]
    elif not own and gathered.unsupported and listing is None:
        raise _unsupported(*gathered.unsupported[0])
    aside = [(p, f"not a listing export: {why}") for p, why in gathered.doubtful if p not in own]
    aside += [(p, f"not a listing export: {why}") for p, why in gathered.unsupported]
    if listing is not None:
        _check_listing_file(listing)
        unused = [(p, f"not used: --listing {listing} was given") for p in own if p != listing]
        return listing, unused + aside
    if len(own) > 1:
        where = gathered.manifest.path if gathered.manifest else gathered.root or "this case"
        names = " and ".join(p.name for p in own)
        raise UsageError(
            f"{where}: {len(own)} listing exports ({names}); a case has exactly one, they are "
            'never merged: choose one with --listing FILE or `listing = "FILE"` in '
            "consistency.toml"
        )
    if own:
        _check_listing_file(own[0])
        return own[0], aside
    if shared is not None:
        _check_listing_file(shared)
    return shared, aside


def _choose_sku(
    gathered: _Gathered, sku: str | None, listing: Path | None, config: Config
) -> str | None:
    """The SKU by the rule of the module docstring."""
    if sku:
        return sku.strip()
    if gathered.sku:
        return gathered.sku
    if listing is None:
        return None
    try:
        rows = read_listing(listing, config).rows
    except ConsistencyError:
        return None  # an unreadable listing is the case's CR501 finding, read later
    if len(rows) <= 1:
        return rows[0].sku if rows else None
    skus = [row.sku for row in rows if row.sku]
    folder = gathered.root.resolve().name if gathered.root is not None else None
    if folder:
        for candidate in skus:
            if candidate.strip().casefold() == folder.strip().casefold():
                return candidate
    shown = ", ".join(skus[:SKUS_SHOWN]) + (", ..." if len(skus) > SKUS_SHOWN else "")
    raise UsageError(
        f"{listing.name} holds {len(rows)} products and nothing says which one this case is: "
        "set `sku` in consistency.toml, pass --sku, or name the case folder by its SKU "
        f"(SKUs: {shown or 'the rows have no SKU column'})"
    )


def _config(
    gathered: _Gathered,
    config: Config | None,
    config_path: Path | None,
    overrides: Mapping[str, Any] | None,
    cwd: Path | None,
) -> Config:
    if config is None:
        if config_path is not None:
            config = load(config_path)
        else:
            found = find_file(gathered.root) if gathered.root is not None else None
            config = load(found) if found is not None else load(search_from=cwd or Path.cwd())
    if gathered.manifest is not None and gathered.manifest.config:
        config = apply_table(config, gathered.manifest.config, str(gathered.manifest.path))
    if overrides:
        config = apply_table(config, overrides, "command line")
    for name in (*config.ocr.photo_engines, *config.ocr.scan_engines):
        ocr.engine(name)  # an unknown engine is a usage error before any document is read
    return config


def _components(documents: list[Document], components: Iterable[Path]) -> list[Document]:
    """Mark the declared component documents (adding those the case does not hold)."""
    declared = [Path(p) for p in components]
    for path in declared:
        if not path.is_file():
            raise UsageError(f"{path}: --component: no such file")
    wanted = {p.resolve() for p in declared}
    out = [attrs.evolve(d, component=True) if d.path.resolve() in wanted else d for d in documents]
    held = {d.path.resolve() for d in out}
    for path in declared:
        if path.resolve() not in held:
            out.append(Document(path, document_kind(path) or Kind.TEST_REPORT, component=True))
            held.add(path.resolve())
    return out


def resolve(
    target: Target = None,
    *,
    sku: str | None = None,
    listing: Path | str | None = None,
    shared_listing: Path | str | None = None,
    config_path: Path | str | None = None,
    config: Config | None = None,
    components: Iterable[Path | str] = (),
    documents: Iterable[Document] = (),
    overrides: Mapping[str, Any] | None = None,
    cwd: Path | None = None,
) -> tuple[Case, Config]:
    """The case and its configuration from a folder, a manifest, a `Case` or documents.

    `documents` are added to the target's (the command line's `--report` and files);
    `components` are declared component documents (`--component`), shown, never compared.
    Usage errors (two listings, an unreadable listing format, an unknown SKU, a bad
    configuration key or OCR engine) raise `UsageError` before any document is read.
    """
    gathered = _gather(target, list(documents))
    configured = _config(
        gathered,
        config,
        Path(config_path) if config_path is not None else None,
        overrides,
        cwd,
    )
    chosen, left = _choose_listing(
        gathered,
        Path(listing) if listing is not None else None,
        Path(shared_listing) if shared_listing is not None else None,
    )
    case_sku = _choose_sku(gathered, sku, chosen, configured)
    docs = _components(list(gathered.documents), (Path(p) for p in components))
    if chosen is not None:
        docs.insert(0, Document(chosen, Kind.LISTING, case_sku))
    if not docs:
        raise UsageError(
            f"{gathered.root}: no documents found (expected a listing export, PDFs or photos, "
            "or a consistency.toml manifest)"
            if gathered.root is not None
            else "nothing to check: give a case folder, or --listing and --report files"
        )
    used = {d.path.resolve() for d in docs}
    root = gathered.root
    folder_name = (root.name or root.resolve().name) if root is not None else None
    case = Case(
        tuple(docs),
        sku=case_sku,
        name=gathered.name or case_sku or folder_name,
        root=root,
        unused=tuple(sorted(u for u in {*gathered.unused, *left} if u[0].resolve() not in used)),
    )
    return case, configured
