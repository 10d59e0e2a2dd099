"""pytest plugin: case folders as test items, a fixture, and `assert_consistent`.

Registered under the `pytest11` entry point, so installing `consistency` makes it
available to every pytest run; it does nothing until asked:

- `pytest --consistency catalogue/` (or `consistency = true` in the ini file) collects
  every case folder -- the same folders `consistency-report batch catalogue/` checks
  (`consistency.case.find_case_folders`) -- as one test item named after its SKU.  Each
  case is resolved as the command line resolves it (`consistency.case.resolve`).  An
  item fails when a finding is at or above `fail_on` (error by default) and prints the
  text report; a case with warnings passes and shows them in its report section.
  `--consistency-config FILE`, `--consistency-listing FILE` (a listing export shared
  by cases that have none) and `--consistency-fail-on` tune it.  Items carry the
  `consistency` marker, so `-m consistency` and `-k HX-2041` select them.
- The `consistency_check` fixture checks a case folder, a manifest or documents and
  returns the `Report`, for pipelines that build their own checks.
- `assert_consistent(report)` fails with a readable per-field diff.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from consistency.batch.catalogue import find_shared_listing
from consistency.case import find_manifest, is_case_folder, resolve
from consistency.config import Config
from consistency.errors import ConsistencyError
from consistency.i18n import LANGUAGES, translator
from consistency.model import COMPARED_FIELDS, Case, Document, Report, Status
from consistency.pipeline import check
from consistency.registry import formatter
from consistency.report.diff import caret_line
from consistency.report.labels import Translate, status_word
from consistency.report.text import cells, pad

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr

#: A check as the `consistency_check` fixture offers it.
CaseChecker = Callable[..., Report]


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register `--consistency` and the `--consistency-*` options and the ini switch."""
    group = parser.getgroup("consistency", "consistency: check appeal packages (case folders)")
    group.addoption(
        "--consistency",
        action="store_true",
        default=False,
        help="collect every case folder as a test item (one per SKU), as `batch` finds them",
    )
    group.addoption(
        "--consistency-config",
        metavar="FILE",
        default=None,
        help="configuration file for case checks (default: the nearest one above the case)",
    )
    group.addoption(
        "--consistency-listing",
        metavar="FILE",
        default=None,
        help="listing export shared by the cases that have none of their own",
    )
    group.addoption(
        "--consistency-fail-on",
        choices=("error", "warning"),
        default=None,
        help="lowest severity that fails a case (default: error, or fail_on in the config)",
    )
    group.addoption(
        "--consistency-lang",
        choices=LANGUAGES,
        default=None,
        help="language of the failure reports (default: en, or lang in the config)",
    )
    parser.addini(
        "consistency",
        type="bool",
        default=False,
        help="collect case folders as test items (like --consistency)",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Declare the marker case items carry, so `--strict-markers` accepts it."""
    config.addinivalue_line("markers", "consistency: a consistency case folder check")


def _enabled(config: pytest.Config) -> bool:
    return bool(config.getoption("consistency") or config.getini("consistency"))


def _option_path(config: pytest.Config, name: str) -> Path | None:
    value = config.getoption(name)
    if not value:
        return None
    path = Path(value)
    # Relative paths are relative to where pytest was started, like every other path option.
    return path if path.is_absolute() else Path(config.invocation_params.dir) / path


def _overrides(config: pytest.Config) -> dict[str, Any]:
    overrides: dict[str, Any] = {}
    for key in ("fail_on", "lang"):
        value = config.getoption(f"consistency_{key}")
        if value:
            overrides[key] = value
    return overrides


@functools.cache
def _catalogue_listing(catalogue: Path) -> Path | None:
    """The shared listing at the top of a catalogue, found once per session."""
    return find_shared_listing(catalogue)


def _shared_listing(config: pytest.Config, folder: Path) -> Path | None:
    """`--consistency-listing`, else the shared listing of the catalogue the case is in."""
    explicit = _option_path(config, "consistency_listing")
    if explicit is not None:
        return explicit
    start = Path(config.invocation_params.dir)
    folder = folder.resolve()
    for arg in config.invocation_params.args:
        catalogue = (start / str(arg).split("::")[0]).resolve()
        if catalogue.is_dir() and catalogue != folder and folder.is_relative_to(catalogue):
            return _catalogue_listing(catalogue)
    return None


def _resolve(
    pytest_config: pytest.Config,
    target: Path | str | Case | Iterable[Document],
    *,
    sku: str | None = None,
    config: Config | None = None,
    listing: Path | str | None = None,
) -> tuple[Case, Config]:
    folder = Path(target) if isinstance(target, str | Path) else None
    shared = Path(listing) if listing is not None else None
    if shared is None and folder is not None:
        shared = _shared_listing(pytest_config, folder if folder.is_dir() else folder.parent)
    elif shared is None:
        shared = _option_path(pytest_config, "consistency_listing")
    return resolve(
        target,
        sku=sku,
        shared_listing=shared,
        config=config,
        config_path=None
        if config is not None
        else _option_path(pytest_config, "consistency_config"),
        overrides=_overrides(pytest_config),
        cwd=Path(pytest_config.invocation_params.dir),
    )


@pytest.fixture
def consistency_check(request: pytest.FixtureRequest) -> CaseChecker:
    """A callable that checks a case and returns its `Report`.

    `consistency_check(path)` reads a case folder or manifest (with the session's
    `--consistency-config` and `--consistency-listing`); `consistency_check(case)` and
    `consistency_check([Document(...), ...], sku=...)` check values built in code.
    Keyword arguments: `sku`, `config`, `listing`.
    """

    def run(target: Path | str | Case | Iterable[Document], **options: Any) -> Report:
        case, config = _resolve(request.config, target, **options)
        return check(case, config=config)

    return run


# --- assert_consistent ---------------------------------------------------------------


def _where(evidence: Any, _: Translate) -> str:
    place = Path(evidence.file).name
    if evidence.page is not None:
        place += f" p.{evidence.page}"
    if evidence.label:
        place += ", " + _("under '{label}'").format(label=evidence.label)
    return place


def describe(report: Report, *, strict: bool = False, lang: str = "en") -> str:
    """A per-field diff of a report: each disagreeing field with every source's value.

    Differing characters are marked with `^` under each value, against the field's
    reference value (the listing's, else the test report's).  Used by
    `assert_consistent` and as the fallback failure text of case items.  Sentences are
    in `lang`; values and rule codes never are.
    """
    _ = translator(lang)
    shown = [
        row
        for row in report.fields
        if row.status is not Status.CONSISTENT and row.field in COMPARED_FIELDS
    ]
    title = _("SKU {sku}").format(sku=report.sku) if report.sku else _("this package")
    errors = [f for f in report.findings if f.severity.value == "error"]
    counted = report.findings if strict else tuple(errors)
    lines = [
        _(
            "consistency: {findings} finding(s) for {title}; {fields} field(s) not consistent"
        ).format(findings=len(counted), title=title, fields=len(shown))
    ]
    for row in shown:
        lines.append("")
        lines.append(f"{_(row.field.value)}: {status_word(row.status, _)}")
        reference = row.reference
        sources = [_(e.source.value) for e in row.values]
        width = max((cells(name) for name in sources), default=8)
        for evidence, source in zip(row.values, sources, strict=True):
            marker = "  " + _("(reference)") if evidence == reference else ""
            lines.append(
                f"  {pad(source, width)}  {evidence.raw}   [{_where(evidence, _)}]{marker}"
            )
            if reference is not None and evidence != reference:
                carets = caret_line(evidence.raw, evidence.normalised, reference.normalised)
                if carets.strip():
                    lines.append(f"  {'':<{width}}  {carets}")
        for missing in row.missing_sources:
            lines.append(f"  {pad(_(missing.value), width)}  {_('(no value found)')}")
    if report.findings:
        lines.append("")
        lines.append(_("findings") + ":")
        for finding in report.findings:
            field = f" {_(finding.field.value)}" if finding.field else ""
            severity = _(finding.severity.value)
            lines.append(f"  {finding.code} {severity}{field}: {finding.message}")
            if finding.fix:
                lines.append("    " + _("fix: {fix}").format(fix=finding.fix))
    return "\n".join(lines)


def assert_consistent(report: Report, *, strict: bool = False, lang: str = "en") -> None:
    """Fail with a readable per-field diff unless the report is consistent.

    By default a report passes when it has no finding of error severity (the CLI's exit
    code 0); `strict=True` fails on any finding, warnings and notes included.  `lang`
    is the language of the diff (the findings were written in the check's own).
    """
    __tracebackhide__ = True
    failed = bool(report.findings) if strict else not report.ok
    if failed:
        raise AssertionError(describe(report, strict=strict, lang=lang))


# --- collection of case folders --------------------------------------------------------


class CaseCheckFailed(Exception):
    """A case item's report has findings at or above `fail_on`."""

    def __init__(self, report: Report, config: Config) -> None:
        super().__init__(f"{len(report.findings)} finding(s)")
        self.report = report
        self.config = config


def pytest_collect_directory(path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """A case folder is one collector (its subfolders belong to it), as in `batch`."""
    if not _enabled(parent.config) or not is_case_folder(path):
        return None
    collector: CaseFolder = CaseFolder.from_parent(parent, path=path)
    return collector


def _item_name(folder: Path) -> str:
    """The SKU the manifest names, else the case's name, else the folder's name.

    Read without validating: a broken manifest must still become an item, one that
    fails with the manifest's error, not a collection error that hides other cases.
    """
    manifest = find_manifest(folder)
    data: dict[str, Any] = {}
    if manifest is not None:
        try:
            data = tomllib.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            data = {}
    for key in ("sku", "name"):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return folder.resolve().name


class CaseFolder(pytest.Directory):
    """A case folder: yields one `CaseItem`."""

    def collect(self) -> Iterator[pytest.Item]:
        """One item per case, named after its SKU."""
        item: CaseItem = CaseItem.from_parent(self, name=_item_name(self.path))
        item.add_marker("consistency")
        yield item


class CaseItem(pytest.Item):
    """One case folder checked end to end; fails on a finding at or above `fail_on`."""

    @property
    def case_root(self) -> Path:
        """The case folder, relative to where pytest started when possible (shorter messages)."""
        folder = self.path
        start = Path(self.config.invocation_params.dir)
        if Path.cwd() == start and folder.is_relative_to(start):
            return folder.relative_to(start)
        return folder

    def runtest(self) -> None:
        """Resolve the case as the command line does, check it, fail at `fail_on`."""
        case, config = _resolve(self.config, self.case_root)
        report = check(case, config=config)
        self.user_properties.append(("consistency_ok", report.ok))
        if config.fails(report.findings):
            raise CaseCheckFailed(report, config)
        if report.findings:
            self.add_report_section("call", "consistency", _render_text(report, config))

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str | TerminalRepr:
        """The text report for findings; one line for a broken case; pytest's own otherwise."""
        if isinstance(excinfo.value, CaseCheckFailed):
            failure = excinfo.value
            return _render_text(failure.report, failure.config)
        if isinstance(excinfo.value, ConsistencyError):
            _ = translator(self.config.getoption("consistency_lang") or "en")
            return _("case {case}: cannot be checked: {error}").format(
                case=self.case_root, error=excinfo.value
            )
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """Where the item comes from, as pytest shows it in headers."""
        return self.path, None, f"consistency case {self.name}"


def _render_text(report: Report, config: Config) -> str:
    """The text format's rendering (the `text` formatter), else our own diff."""
    try:
        return formatter("text")(report, config)
    except ConsistencyError:
        return describe(report, lang=config.lang)
