"""Document rules (CR5xx): files that could not be read at all."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from consistency.model import Field, Finding, Severity
from consistency.rules.context import CheckContext


class DocumentUnreadable:
    """A document could not be read: empty, truncated, encrypted, not what its name says.

    The other documents are still checked; this file's values are simply absent.  When
    a safety limit tripped, the message names the limit and how to raise it.

    Bad:
        `report.pdf` that is really an HTML error page saved by the browser.

    Good:
        the lab's original PDF, downloaded again.
    """

    code = "CR501"
    name = "document-unreadable"
    severity = Severity.ERROR
    field: ClassVar[Field | None] = None

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """One finding per unreadable document."""
        for error in context.errors:
            fix = "provide the original file again (re-download or re-export it)"
            if error.limit:
                fix = (
                    f"if the file is genuine, raise the limit '{error.limit}' in "
                    f"[tool.consistency.limits]"
                )
            yield Finding(
                code=self.code,
                name=self.name,
                severity=self.severity,
                field=None,
                message=f"{error.file}: {error.reason}",
                file=error.file,
                fix=fix,
            )
