"""The pipeline: documents -> evidence -> per-field analysis -> findings -> Report.

`check()` is pure apart from reading its inputs (and the OCR cache): everything it
returns is a frozen, picklable value, so a process pool or a Dask worker can run it
unchanged.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Iterable
from pathlib import Path

import attrs

from consistency import memo, registry
from consistency.case import resolve
from consistency.config import Config
from consistency.errors import ConsistencyError, DocumentError, UsageError
from consistency.model import (
    COMPARED_FIELDS,
    Case,
    Document,
    Evidence,
    Field,
    FieldResult,
    Finding,
    Kind,
    Reading,
    Report,
    Severity,
    Status,
    WitnessResult,
)
from consistency.rules import run_rules
from consistency.rules.checklist import readiness_checklist
from consistency.rules.context import FieldAnalysis, State, build_context


def _as_documents(
    case: Case | Iterable[Document], sku: str | None
) -> tuple[list[Document], str | None]:
    if isinstance(case, Case):
        documents, sku = list(case.documents), sku or case.sku
    else:
        documents = list(case)
    out: list[Document] = []
    for doc in documents:
        if not isinstance(doc, Document):
            raise UsageError(f"expected consistency.Document values, got {type(doc).__name__}")
        if doc.kind == Kind.LISTING and doc.sku is None and sku is not None:
            doc = attrs.evolve(doc, sku=sku)
        out.append(doc)
    return out, sku


def _validate(documents: Iterable[Document]) -> None:
    for doc in documents:
        if not doc.path.exists():
            raise UsageError(f"{doc.path}: no such file")
        if doc.path.is_dir():
            raise UsageError(f"{doc.path}: is a folder; give the {doc.kind.value} file itself")


def as_reading(document: Document, result: Iterable[Evidence] | Reading) -> Reading:
    """An extractor's result as a `Reading` (plain evidence lists carry no text lines)."""
    if isinstance(result, Reading):
        return result
    return Reading(document, tuple(result))


def read_document(document: Document, config: Config) -> Reading:
    """Run the extractor registered for the document's kind, within `limits.document_timeout`.

    Unreadable input raises `DocumentError`; an unexpected failure inside an extractor
    is turned into one too, so a bug on one hostile file never stops a package.  The
    extractor runs in a daemon thread the caller stops waiting for after
    `limits.document_timeout` seconds (0 waits forever): Python cannot kill a thread,
    so the abandoned work goes on in the background until its own bounds end it
    (`limits.ocr_timeout` per tesseract call, `limits.max_pages`) or the process exits;
    docs/robustness.md says what is and is not bounded.  A document read before, with the
    same bytes and configuration, is taken from the memo (`consistency.memo`).
    """
    extractor = registry.extractor(document.kind.value)
    timeout = config.limits.document_timeout

    def read() -> Reading:
        return memo.remembered(
            document, config, lambda: as_reading(document, extractor(document, config)), extractor
        )

    try:
        if timeout <= 0:
            return read()
        outcome: list[Reading | BaseException] = []

        def run() -> None:
            try:
                outcome.append(read())
            except BaseException as exc:  # handed to the waiting thread below
                outcome.append(exc)

        worker = threading.Thread(
            target=run, daemon=True, name=f"consistency-read:{document.path.name}"
        )
        worker.start()
        worker.join(timeout)
        if not outcome:
            raise DocumentError(
                str(document.path),
                f"reading it took longer than {timeout:g} s (limits.document_timeout)",
                limit="document_timeout",
            )
        if isinstance(outcome[0], BaseException):
            raise outcome[0]
        return outcome[0]
    except ConsistencyError:
        raise
    except MemoryError:
        raise DocumentError(
            str(document.path), "ran out of memory while reading it", limit="max_image_pixels"
        ) from None
    except Exception as exc:
        raise DocumentError(
            str(document.path), f"could not be read ({type(exc).__name__}: {exc})"
        ) from exc


def extract(
    path: str | Path, kind: Kind | str, *, config: Config | None = None, sku: str | None = None
) -> list[Evidence]:
    """Every value `consistency` reads from one file of the given kind."""
    document = Document(Path(path), Kind(kind), sku=sku)
    _validate([document])
    return list(read_document(document, config or Config()).evidence)


def check(
    case: Case | Iterable[Document] | str | Path,
    *,
    sku: str | None = None,
    config: Config | None = None,
    as_of: datetime.date | None = None,
) -> Report:
    """Check one appeal package and return its report.

    `case` is a case folder or a `consistency.toml` (read by `consistency.case.resolve`,
    as the command line reads it, configuration found from the folder upwards unless
    `config` is given), a `Case`, or documents.  Missing files and an unknown SKU are
    `UsageError`s; a document that cannot be read becomes a CR501 finding and the others
    are still checked.  `as_of` is the date expiry and report age are judged at (default:
    the configuration's, else today), so results reproduce.
    """
    if isinstance(case, str | Path):
        case, config = resolve(case, sku=sku, config=config)
    config = config or Config()
    if as_of is not None:
        config = attrs.evolve(config, as_of=as_of)
    documents, sku = _as_documents(case, sku)
    if not documents:
        raise UsageError("nothing to check: give a listing export and at least one document")
    _validate(documents)
    evidence: list[Evidence] = []
    readings: list[Reading] = []
    errors: list[DocumentError] = []
    for document in documents:
        try:
            reading = read_document(document, config)
        except DocumentError as error:
            errors.append(error)
            continue
        readings.append(reading)
        evidence.extend(reading.evidence)
    unused = tuple((str(path), reason) for path, reason in getattr(case, "unused", ()))
    if sku is None:
        # A one-product listing names its SKU: show it, as the seller knows the case by it.
        skus = {e.raw for e in evidence if e.source == Kind.LISTING and e.field == Field.SKU}
        sku = next(iter(skus)) if len(skus) == 1 else None
    context = build_context(documents, evidence, errors, config, readings, unused)
    findings = run_rules(context, config)
    rows = tuple(
        field_result(context.analysis[field], findings, config) for field in COMPARED_FIELDS
    )
    return Report(
        fields=rows,
        findings=tuple(findings),
        documents=tuple(documents),
        sku=sku,
        evidence=context.evidence,
        unused=unused,
        checklist=readiness_checklist(context),
    )


#: The rule whose error makes each status count against the verdict.
_STATUS_RULES: dict[tuple[Field, Status], str] = {
    (Field.MODEL_NUMBER, Status.MISMATCH): "CR101",
    (Field.MANUFACTURER, Status.MISMATCH): "CR201",
    (Field.PRODUCT_NAME, Status.MISMATCH): "CR301",
    (Field.MODEL_NUMBER, Status.MISSING): "CR401",
    (Field.MANUFACTURER, Status.MISSING): "CR401",
    (Field.PRODUCT_NAME, Status.MISSING): "CR401",
}


def field_result(
    analysis: FieldAnalysis, findings: Iterable[Finding], config: Config
) -> FieldResult:
    """The matrix row of one field, saying when the configuration discounts its status.

    With the default configuration a field is `mismatch` (or `missing`) exactly when an
    error finding is raised on it; when the user ignores or downgrades that rule the field
    keeps its status and says which mismatch does not count and why.
    """
    discounted: tuple[str, ...] = ()
    code = _STATUS_RULES.get((analysis.field, analysis.status))
    counted = any(f.field == analysis.field and f.severity == Severity.ERROR for f in findings)
    if code is not None and not counted:
        if not config.rule_enabled(code):
            discounted = (f"{code} ignored by configuration",)
        else:
            severity = config.severity.get(code, Severity.ERROR)
            discounted = (f"{code} set to {severity.value} by configuration",)
    witnesses = []
    if analysis.reference is not None:
        witnesses.append(
            WitnessResult(
                analysis.reference.file,
                analysis.reference.source,
                State.REFERENCE.value,
                tuple(v for v in analysis.values if v.file == analysis.reference.file),
            )
        )
    witnesses.extend(
        WitnessResult(w.file, w.source, w.state.value, w.values, w.comparison)
        for w in analysis.witnesses
    )
    odd: str | None = None
    if analysis.reference_is_odd and analysis.reference is not None:
        odd = analysis.reference.file
    elif analysis.odd_one_out is not None:
        odd = analysis.odd_one_out.file
    return FieldResult(
        analysis.field,
        analysis.status,
        analysis.values,
        analysis.reference,
        analysis.missing,
        witnesses=witnesses,
        reasons=[r.value for r in analysis.reasons],
        discounted=discounted,
        odd_one_out=odd,
    )
