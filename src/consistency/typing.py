"""The plugin contracts: what an extractor, a rule and an output format are.

Built-in plugins satisfy exactly these contracts and are registered through the same
entry-point groups as third-party ones (see `consistency.registry`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

if TYPE_CHECKING:
    from consistency.analysis import CheckContext
    from consistency.config import Config
    from consistency.model import (
        Document,
        Evidence,
        Field,
        Finding,
        Reading,
        Report,
        Severity,
    )

#: An extractor reads one document and returns every value it found in it: a list of
#: evidence, or a `Reading` that also carries the document's text lines (so the listing's
#: values can be searched in it) and what kind of document it is.
#: Unreadable input raises `consistency.errors.DocumentError` with a reason for users.
Extractor = Callable[["Document", "Config"], "Iterable[Evidence] | Reading"]

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
