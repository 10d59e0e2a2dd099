"""Words shared by the html, junit, sarif and markdown formats, so they read alike."""

from __future__ import annotations

from collections import Counter
from pathlib import Path, PurePath

from consistency.model import Evidence, Field, Kind, Report, Severity

SOURCE_LABELS: dict[Kind, str] = {
    Kind.LISTING: "Listing",
    Kind.TEST_REPORT: "Test report",
    Kind.PACKAGING: "Packaging",
    Kind.PRODUCT: "Product",
}

SEVERITY_ORDER: tuple[Severity, ...] = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def field_label(field: Field) -> str:
    """`model_number` as people write it: `Model number`."""
    return field.value.replace("_", " ").capitalize()


def where(evidence: Evidence) -> str:
    """Where a value was read: file name, page or locator, and the label it sat under."""
    parts = [PurePath(evidence.file).name or evidence.file]
    if evidence.page is not None:
        parts.append(f"page {evidence.page}")
    elif evidence.locator:
        parts.append(evidence.locator)
    text = ", ".join(parts)
    if evidence.label:
        text += f", under “{evidence.label}”"
    return text


def severity_counts(report: Report) -> str:
    """`2 errors, 1 warning` (or `no findings`), in severity order."""
    counts = Counter(f.severity for f in report.findings)
    words = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    parts = [
        f"{counts[s]} {words[s]}{'' if counts[s] == 1 else 's'}"
        for s in SEVERITY_ORDER
        if counts[s]
    ]
    return ", ".join(parts) or "no findings"


def verdict(report: Report) -> str:
    """One line: consistent or not, and the counts."""
    state = "Consistent" if report.ok else "Not consistent"
    return f"{state}: {severity_counts(report)}"


def case_name(report: Report, default: str = "package") -> str:
    """What to call the package: its SKU, else its name, else its documents' folder."""
    if report.sku:
        return report.sku
    name = getattr(report, "name", None)  # a later Report may carry the case name
    if isinstance(name, str) and name:
        return name
    folders = {Path(d.path).parent.name for d in report.documents}
    if len(folders) == 1:
        (folder,) = folders
        if folder:
            return folder
    return default
