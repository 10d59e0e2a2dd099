"""Output formats: one module per format, each rendering the same `Report` value.

No format computes a verdict of its own: they all read `Report.to_record()` or the
Report's fields, so text, JSON, JUnit, SARIF, Markdown and HTML always agree.
"""

from __future__ import annotations

from consistency.config import Config
from consistency.model import Report
from consistency.registry import formatter


def render(report: Report, format_name: str, config: Config | None = None) -> str:
    """Render a report in a registered output format."""
    return formatter(format_name)(report, config or Config())
