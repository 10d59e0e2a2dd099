"""The text output: a per-field block of every source's values, then the findings."""

from __future__ import annotations

from consistency.config import Config
from consistency.model import SOURCE_ORDER, Evidence, Kind, Report, Severity, Status

_SOURCE_LABEL = {
    Kind.LISTING: "listing",
    Kind.TEST_REPORT: "test report",
    Kind.PACKAGING: "packaging",
    Kind.PRODUCT: "product label",
}
_FIELD_LABEL = {
    "product_name": "Product name",
    "model_number": "Model number",
    "manufacturer": "Manufacturer",
}


def _where(ev: Evidence) -> str:
    name = ev.file.rsplit("/", 1)[-1]
    place = f"{name} p.{ev.page}" if ev.page is not None else name
    if ev.locator and ev.page is None:
        place += f" ({ev.locator})"
    if ev.label:
        place += f" [{ev.label}]"
    if ev.confidence < 1.0:
        place += f" {ev.confidence:.0%}"
    return place


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render(report: Report, config: Config) -> str:
    """The human-readable report (what `consistency-report` prints by default)."""
    errors = sum(f.severity == Severity.ERROR for f in report.findings)
    warnings = sum(f.severity == Severity.WARNING for f in report.findings)
    verdict = "CONSISTENT" if report.ok else "NOT CONSISTENT"
    title = f"consistency report{f' — SKU {report.sku}' if report.sku else ''}"
    lines = [
        f"{title}: {verdict} ({errors} error{'s' * (errors != 1)}, "
        f"{warnings} warning{'s' * (warnings != 1)})",
        "",
    ]
    present = report.sources()
    for row in report.fields:
        status = row.status.value.upper() if row.status != Status.CONSISTENT else "consistent"
        lines.append(f"{_FIELD_LABEL.get(row.field.value, row.field.value)}: {status}")
        for source in SOURCE_ORDER:
            if source not in present:
                continue
            values = row.values_from(source)
            label = _SOURCE_LABEL[source]
            if not values:
                lines.append(f"  {label:<14} —  (not found)")
                continue
            for i, ev in enumerate(values):
                role = "" if ev.role.value == "main" else f" ({ev.role.value})"
                head = label if i == 0 else ""
                value = _shorten(ev.raw + role, 48)
                lines.append(f"  {head:<14} {value:<50} {_where(ev)}")
        lines.append("")
    if report.findings:
        lines.append("Findings")
        for finding in report.findings:
            field = f" [{finding.field.value}]" if finding.field else ""
            lines.append(
                f"  {finding.severity.value.upper():<7} {finding.code} {finding.name}{field}"
            )
            lines.append(f"          {finding.message}")
            if finding.fix:
                lines.append(f"          fix: {finding.fix}")
        lines.append("")
    lines.append("Documents")
    for doc in report.documents:
        lines.append(f"  {doc.kind.value:<12} {doc.path}")
    # Values come from strangers' files: an ESC or bidi control would drive the terminal.
    return "".join(c if c == "\n" or c.isprintable() else "\ufffd" for c in "\n".join(lines)) + "\n"
