"""The pipeline: documents -> evidence -> per-field analysis -> findings -> Report.

`check()` is pure apart from reading its inputs (and the OCR cache): everything it
returns is a frozen, picklable value, so a process pool or a Dask worker can run it
unchanged.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

import attrs

from consistency import registry
from consistency.config import Config
from consistency.errors import ConsistencyError, DocumentError, UsageError
from consistency.model import (
    COMPARED_FIELDS,
    Case,
    Document,
    Evidence,
    FieldResult,
    Kind,
    Reading,
    Report,
)
from consistency.rules import run_rules
from consistency.rules.context import State, build_context


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
    docs/robustness.md says what is and is not bounded.
    """
    extractor = registry.extractor(document.kind.value)
    timeout = config.limits.document_timeout

    def read() -> Reading:
        return as_reading(document, extractor(document, config))

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
    case: Case | Iterable[Document], *, sku: str | None = None, config: Config | None = None
) -> Report:
    """Check one appeal package and return its report.

    Missing files and an unknown SKU are `UsageError`s; a document that cannot be read
    becomes a CR501 finding and the others are still checked.
    """
    config = config or Config()
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
    context = build_context(documents, evidence, errors, config, readings)
    findings = run_rules(context, config)
    rows = []
    for field in COMPARED_FIELDS:
        analysis = context.analysis[field]
        missing = tuple(analysis.sources_in(State.ABSENT, State.WEAK))
        rows.append(
            FieldResult(field, analysis.status, analysis.values, analysis.reference, missing)
        )
    return Report(
        fields=tuple(rows),
        findings=tuple(findings),
        documents=tuple(documents),
        sku=sku,
        evidence=context.evidence,
    )
