"""The plugin contracts: what an extractor, a rule and an output format are.

Built-in plugins satisfy exactly these contracts and are registered through the same
entry-point groups as third-party ones (see `consistency.registry`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

if TYPE_CHECKING:
    from consistency.config import Config
    from consistency.model import Document, Evidence, Field, Finding, Kind, Report, Severity
    from consistency.rules.context import CheckContext

#: An extractor reads one document and returns every value it found in it.
#: Unreadable input raises `consistency.errors.DocumentError` with a reason for users.
Extractor = Callable[["Document", "Config"], "list[Evidence]"]

#: An output format turns a report into text (or bytes for binary formats).
Formatter = Callable[["Report", "Config"], str]


@runtime_checkable
class Rule(Protocol):
    """A rule turns the evidence of one package into findings.

    `code` is stable forever (`CR101`); `name` is a kebab-case slug; `severity` is the
    default, which configuration may override; `field` is the field the rule is about,
    or None for rules about documents.  The docstring's first line describes the rule,
    and its "Bad:" and "Good:" paragraphs feed the generated rules reference.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    field: ClassVar[Field | None]

    def check(self, context: CheckContext) -> Iterable[Finding]:
        """Yield the findings of this rule for one package."""
        ...


#: Extractors are registered per document kind: `{kind: extractor}`.
ExtractorTable = Mapping["Kind", Extractor]
