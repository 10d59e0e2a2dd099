"""What one case of a batch gives back: a `CaseResult`, and the worker's renderings.

These values cross process boundaries and feed every summary format; they depend only
on `consistency.model`, so the summary writers (`consistency.report.batch_summary`) can
use them without importing the executors.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from consistency.i18n import translator
from consistency.model import COMPARED_FIELDS, Case, FieldResult, Finding, Report, Severity, Status

#: The code and name of the finding a case gets when it could not be checked at all.
CASE_FAILED_CODE = "CR599"
CASE_FAILED_NAME = "batch-case-failed"


def _passed_by_default(result: CaseResult) -> bool:
    return result.error is None and result.report.ok


@attrs.frozen
class CaseResult:
    """The outcome of one case of a batch.

    `report` is always set: when the case could not be checked, it is a report whose
    only finding is CR599 `batch-case-failed` (every field `missing`), and `error`
    holds the one-line reason.  `index` is the case's position in the input order,
    `seconds` the time the worker spent on it.  `passed` applies the case's `fail_on`
    (by default: checked, and no error finding).
    """

    sku: str | None
    path: Path
    report: Report
    error: str | None = None
    index: int = 0
    seconds: float = 0.0
    passed: bool = attrs.field(
        default=attrs.Factory(_passed_by_default, takes_self=True), kw_only=True
    )

    @property
    def ok(self) -> bool:
        """True when the case was checked and no finding has error severity."""
        return self.error is None and self.report.ok


@attrs.frozen
class Outcome:
    """A `CaseResult` plus the renderings a worker produced for it (by format name)."""

    result: CaseResult
    rendered: dict[str, str] = attrs.field(factory=dict)


def failed_report(
    case: Case | None, sku: str | None, reason: str, *, crashed: bool, lang: str = "en"
) -> Report:
    """The report of a case that could not be checked: one CR599 finding, every field missing.

    The finding is in `lang` (the run's language); `reason` is the error's own words.
    """
    _ = translator(lang)
    if crashed:
        fix = _(
            "check this case alone with `consistency-report FOLDER --debug` to see what "
            "failed, and report it if it is a bug; the rest of the catalogue was checked"
        )
    else:
        fix = _("correct the case folder or its consistency.toml as the message says, then re-run")
    finding = Finding(
        code=CASE_FAILED_CODE,
        name=CASE_FAILED_NAME,
        severity=Severity.ERROR,
        message=_("the case could not be checked: {reason}").format(reason=reason),
        fix=fix,
    )
    fields = tuple(FieldResult(field, Status.MISSING, ()) for field in COMPARED_FIELDS)
    documents = case.documents if case is not None else ()
    return Report(fields=fields, findings=(finding,), documents=documents, sku=sku)
