"""Document rules (CR5xx): files that could not be read, or were given and not used."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from consistency.model import Field, Finding, Severity
from consistency.rules._common import gettext_for
from consistency.rules.cases import bad, good
from consistency.rules.context import CheckContext


class DocumentUnreadable:
    """A document could not be read: empty, truncated, encrypted, not what its name says.

    The other documents are still checked; this file's values are simply absent, and a
    field it was the only other witness for is unverified, never consistent.  When a
    safety limit tripped, the message names the limit and how to raise it.
    """

    code = "CR501"
    name = "document-unreadable"
    severity = Severity.ERROR
    field: ClassVar[Field | None] = None
    cases = (
        bad(
            "`report.pdf` that is really an HTML error page saved by the browser",
            {
                "listing": {"model_number": "XK-2041B"},
                "test_report": {"unreadable": "not a PDF (an HTML page)"},
            },
        ),
        good(
            "the lab's original PDF, downloaded again",
            {"listing": {"model_number": "XK-2041B"}, "test_report": {"model_number": "XK-2041B"}},
        ),
    )

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """One finding per unreadable document."""
        _ = gettext_for(context)
        for error in context.errors:
            fix = _("provide the original file again (re-download or re-export it)")
            if error.limit:
                fix = _(
                    "if the file is genuine, raise the limit '{limit}' in [tool.consistency.limits]"
                ).format(limit=error.limit)
            yield Finding(
                code=self.code,
                name=self.name,
                severity=self.severity,
                field=None,
                # The reason is the reader's own words (English); the frame is translated.
                message=_("{file}: {reason}").format(file=error.file, reason=error.reason),
                file=error.file,
                fix=fix,
            )


class FileNotUsed:
    """A file in the case folder is neither used nor ignored by the manifest.

    Every file a seller put in the folder is accounted for: a `.docx`, a CSV that is not a
    listing export or a second copy of a document is named with the reason it was not read,
    so nothing the reviewer will see goes unchecked by mistake.
    """

    code = "CR502"
    name = "file-not-used"
    severity = Severity.WARNING
    field: ClassVar[Field | None] = None
    cases = (
        bad(
            "`DoC.docx` beside `report.pdf` in a case folder (Word files are not read)",
            {
                "listing": {"model_number": "XK-2041B"},
                "test_report": {"model_number": "XK-2041B"},
                "unused": [["DoC.docx", "Word documents are not read"]],
            },
        ),
        good(
            "the DoC exported to PDF, the `.docx` left out of the folder",
            {"listing": {"model_number": "XK-2041B"}, "test_report": {"model_number": "XK-2041B"}},
        ),
    )

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """One finding per unused file, with the reason."""
        _ = gettext_for(context)
        for path, reason in context.unused:
            yield Finding(
                code=self.code,
                name=self.name,
                severity=self.severity,
                field=None,
                message=_("{file}: not used ({reason})").format(file=path, reason=reason),
                file=path,
                fix=_(
                    "convert it to a format that is read (PDF, JPEG/PNG, a listing export), "
                    "name it in the manifest, or move it out of the case folder"
                ),
            )
