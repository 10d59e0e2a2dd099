"""The values of a package's analysis: how each document stands for each field, and what
rules see.

`consistency.rules.context` computes them once per package (the field matrix); every
rule, the pipeline and the plugin contract (`consistency.typing.Rule`) read them.  They
live below the rules so that the contract can name what a rule is given without the
bottom of the house importing the top.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs

from consistency.config import Config
from consistency.errors import DocumentError
from consistency.model import (
    COMPARED_FIELDS,
    SOURCE_ORDER,
    Comparison,
    Document,
    Evidence,
    Field,
    Kind,
    Reading,
    Status,
)


class State(enum.StrEnum):
    """How one witness (a document) stands against the reference for one field."""

    REFERENCE = "reference"
    AGREES = "agrees"
    #: differs only by characters OCR confuses, on the side that was OCR'd: forgiven, not
    #: silently: the field is unverified and a person is asked to look
    FORGIVEN = "ocr-forgiven"
    #: differs only by a regional suffix (`HS105(US)` vs `HS105`)
    SUFFIX = "suffix"
    DIFFERS = "differs"
    UNVERIFIABLE = "unverifiable"  #: cannot be compared (Chinese vs Latin names)
    UNRELIABLE = "unreliable"  #: differs, but the value was read with low OCR confidence
    WEAK = "weak"  #: only a weaker reading (applicant for maker, a part number)
    ABSENT = "absent"  #: the document is readable but shows no value
    UNREAD = "unread"  #: a photo read too badly to say what it shows
    #: extraction read another value under a label, but the listing's value is printed
    #: under a main label too: the document says both, a person must look
    CONFLICT = "conflict"


class Reason(enum.StrEnum):
    """Why a field is `unverified` (CR404's reasons, in the order they are reported)."""

    SINGLE_SOURCE = "single source"
    CANNOT_COMPARE = "cannot compare"
    OCR_FORGIVEN = "OCR confusion forgiven"
    SUFFIX = "suffix difference"
    UNREADABLE_WITNESS = "unreadable witness"
    LOW_CONFIDENCE = "read with low confidence"
    CONFLICT = "readings disagree"


@attrs.frozen
class Witness:
    """One document's values for one field and their best comparison with the reference."""

    document: Document
    state: State
    values: tuple[Evidence, ...] = ()
    comparison: Comparison | None = None
    #: The pair behind `comparison`: (reference value, this document's value).
    pair: tuple[Evidence, Evidence] | None = None

    @property
    def source(self) -> Kind:
        """The kind of the document (its source)."""
        return self.document.kind

    @property
    def file(self) -> str:
        """The document's path as given."""
        return str(self.document.path)


@attrs.frozen
class FieldAnalysis:
    """Everything known about one compared field in one package."""

    field: Field
    status: Status
    values: tuple[Evidence, ...]
    reference: Evidence | None
    #: Every document other than the reference's, in display order.
    witnesses: tuple[Witness, ...]
    #: Why the field is unverified (empty unless it is).
    reasons: tuple[Reason, ...] = ()
    #: The one witness that disagrees while all others agree; the reference itself when
    #: every document agrees with each other and only it differs.
    odd_one_out: Witness | None = None
    reference_is_odd: bool = False
    #: Sources whose documents should show the field and none does.
    missing: tuple[Kind, ...] = ()

    def in_state(self, *states: State) -> list[Witness]:
        """The witnesses in any of the given states, in display order."""
        return [w for w in self.witnesses if w.state in states]

    def agreeing_sources(self) -> list[Kind]:
        """The kinds of source that state the reference value (the reference's included)."""
        kinds = {w.source for w in self.in_state(State.AGREES)}
        if self.reference is not None:
            kinds.add(self.reference.source)
        return [k for k in SOURCE_ORDER if k in kinds]


@attrs.frozen
class CheckContext:
    """The input of every rule: documents, evidence, unreadable files and the analysis."""

    documents: tuple[Document, ...]
    evidence: tuple[Evidence, ...]
    errors: tuple[DocumentError, ...]
    analysis: Mapping[Field, FieldAnalysis]
    config: Config
    fields: tuple[Field, ...] = COMPARED_FIELDS
    #: What each readable document gave: its evidence, text lines, type and page count.
    readings: tuple[Reading, ...] = ()
    #: Files of the case folder that are not used, with the reason (CR502).
    unused: tuple[tuple[str, str], ...] = ()
    #: Photos read too badly to say what they show (`unread_photos`), for CR403.
    unread: frozenset[str] = frozenset()

    def listing_extractor(self) -> str | None:
        """The listing format's extractor name (`listing/all-listings-report`...), if any."""
        for ev in self.evidence:
            if ev.source == Kind.LISTING:
                return ev.extractor
        return None

    def reading(self, file: str) -> Reading | None:
        """The reading of one document, by its path as given."""
        return next((r for r in self.readings if str(r.document.path) == file), None)

    def has_listing(self) -> bool:
        """True when the package has a listing document (read or not)."""
        return any(d.kind == Kind.LISTING for d in self.documents)
