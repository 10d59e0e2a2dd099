"""What rules see: the evidence of one package, compared once per field.

The comparison of every source against the reference (the listing, else the test
report) is computed here, once, so that the field statuses and every rule's findings
come from the same facts.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence

import attrs

from consistency.config import Config
from consistency.errors import DocumentError
from consistency.fields import compare, normalise
from consistency.model import (
    COMPARED_FIELDS,
    SOURCE_ORDER,
    Comparison,
    Document,
    Evidence,
    Field,
    Kind,
    Level,
    Reading,
    Role,
    Status,
)

_LEVEL_RANK = {
    Level.EXACT: 5,
    Level.NORMALISED: 4,
    Level.OCR_CONFUSABLE: 3,
    Level.FUZZY: 2,
    Level.UNVERIFIABLE: 1,
    Level.DIFFERENT: 0,
}
_OCR_EXTRACTORS = re.compile(r"tesseract|rapidocr|ocr", re.I)


class State(enum.StrEnum):
    """How one source stands against the reference for one field."""

    REFERENCE = "reference"
    AGREES = "agrees"
    DIFFERS = "differs"
    UNVERIFIABLE = "unverifiable"  #: cannot be compared (Chinese vs Latin names)
    UNRELIABLE = "unreliable"  #: differs, but the value was read with low OCR confidence
    WEAK = "weak"  #: only a weaker reading (applicant for maker, title-mined model) and it differs
    ABSENT = "absent"  #: the source is in the package but shows no value
    UNREAD = "unread"  #: photos of this source gave no identity text at all (too hard to read?)


def is_ocr(evidence: Evidence) -> bool:
    """True when the value was read by OCR (its characters may be confused)."""
    return bool(_OCR_EXTRACTORS.search(evidence.extractor))


@attrs.frozen
class SourceVerdict:
    """One source's values for one field and their best comparison with the reference."""

    source: Kind
    state: State
    values: tuple[Evidence, ...]
    comparison: Comparison | None = None
    #: The pair behind `comparison`: (reference value, this source's value).
    pair: tuple[Evidence, Evidence] | None = None


@attrs.frozen
class FieldAnalysis:
    """Everything known about one compared field in one package."""

    field: Field
    status: Status
    values: tuple[Evidence, ...]
    reference: Evidence | None
    verdicts: Mapping[Kind, SourceVerdict]
    #: A source that disagrees while every other source agrees with each other.
    odd_one_out: Kind | None = None

    def sources_in(self, *states: State) -> list[Kind]:
        """The sources in any of the given states, in display order."""
        return [k for k in SOURCE_ORDER if k in self.verdicts and self.verdicts[k].state in states]


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

    def listing_extractor(self) -> str | None:
        """The listing format's extractor name (`listing/all-listings-report`...), if any."""
        for ev in self.evidence:
            if ev.source == Kind.LISTING:
                return ev.extractor
        return None


def _best(
    field: Field, refs: Sequence[Evidence], values: Sequence[Evidence], config: Config
) -> tuple[Comparison, tuple[Evidence, Evidence]]:
    threshold = {
        Field.PRODUCT_NAME: config.thresholds.product_name,
        Field.MANUFACTURER: config.thresholds.manufacturer,
    }.get(field)
    best: tuple[Comparison, tuple[Evidence, Evidence]] | None = None
    for ref in refs:
        for value in values:
            ocr = is_ocr(ref) or is_ocr(value)
            result = compare(field, ref.raw, value.raw, ocr=ocr, threshold=threshold)
            key = (_LEVEL_RANK[result.level], result.score)
            if best is None or key > (_LEVEL_RANK[best[0].level], best[0].score):
                best = (result, (ref, value))
    assert best is not None
    return best


def _pick_reference(by_source: Mapping[Kind, list[Evidence]]) -> Kind | None:
    # The listing is the reference (reviewers compare against the detail page), unless it
    # has only weak readings; then the test report, then the photos.
    for kind in SOURCE_ORDER:
        if any(e.role != Role.ALTERNATE for e in by_source.get(kind, [])):
            return kind
    for kind in SOURCE_ORDER:
        if by_source.get(kind):
            return kind
    return None


def unread_photos(documents: Sequence[Document], evidence: Sequence[Evidence]) -> set[str]:
    """Photos from which no compared field at all could be read.

    On such a photo the engines found no model, maker or name: either the label does
    not show them, or it could not be read.  Calling every field "missing" would ask the
    seller to reprint a box that may be fine; the photo is reported as unread instead.
    """
    read = {e.file for e in evidence if e.field in COMPARED_FIELDS}
    return {
        str(d.path)
        for d in documents
        if d.kind in (Kind.PACKAGING, Kind.PRODUCT) and str(d.path) not in read
    }


def analyse_field(
    field: Field,
    evidence: Sequence[Evidence],
    documents: Sequence[Document],
    config: Config,
    unread: frozenset[str] = frozenset(),
) -> FieldAnalysis:
    """Compare every source with the reference for one field and decide its status."""
    by_source: dict[Kind, list[Evidence]] = {}
    for ev in evidence:
        if ev.field == field:
            by_source.setdefault(ev.source, []).append(ev)
    present = [k for k in SOURCE_ORDER if any(d.kind == k for d in documents)]
    ref_kind = _pick_reference(by_source)
    verdicts: dict[Kind, SourceVerdict] = {}
    reference: Evidence | None = None
    if ref_kind is not None:
        refs = by_source[ref_kind]
        reference = next((e for e in refs if e.role == Role.MAIN), refs[0])
        verdicts[ref_kind] = SourceVerdict(ref_kind, State.REFERENCE, tuple(refs))
    for kind in present:
        if kind == ref_kind:
            continue
        values = by_source.get(kind, [])
        if not values or ref_kind is None:
            files = [str(d.path) for d in documents if d.kind == kind]
            state = State.UNREAD if files and all(f in unread for f in files) else State.ABSENT
            verdicts[kind] = SourceVerdict(kind, state, ())
            continue
        comparison, pair = _best(field, by_source[ref_kind], values, config)
        if all(v.role == Role.ALTERNATE for v in values):
            # Only a weaker reading (the applicant where no manufacturer is named, a part
            # number): the source does not state the field, agreeing or not.
            state = State.WEAK
        elif comparison.agrees:
            state = State.AGREES
        elif comparison.level == Level.UNVERIFIABLE:
            state = State.UNVERIFIABLE
        elif is_ocr(pair[1]) and pair[1].confidence * 100 < config.thresholds.ocr_confidence:
            state = State.UNRELIABLE
        elif all(v.role == Role.ALTERNATE for v in values) or all(
            r.role == Role.ALTERNATE for r in by_source[ref_kind]
        ):
            state = State.WEAK
        else:
            state = State.DIFFERS
        verdicts[kind] = SourceVerdict(kind, state, tuple(values), comparison, pair)
    ordered = tuple(e for k in SOURCE_ORDER for e in by_source.get(k, []))
    differs = [k for k, v in verdicts.items() if v.state == State.DIFFERS]
    odd: Kind | None = None
    if len(differs) == 1 and sum(v.state == State.AGREES for v in verdicts.values()) >= 1:
        odd = differs[0]
    elif differs and len(differs) >= 2 and ref_kind is not None:
        odd = _reference_is_odd(field, by_source, differs, ref_kind, config)
    expected = [k for k in present if field in config.expect.get(k, frozenset())]
    if differs:
        status = Status.MISMATCH
    elif ref_kind is None or any(
        verdicts[k].state in (State.ABSENT, State.WEAK) for k in expected if k in verdicts
    ):
        status = Status.MISSING
    else:
        status = Status.CONSISTENT
    return FieldAnalysis(field, status, ordered, reference, verdicts, odd)


def _reference_is_odd(
    field: Field,
    by_source: Mapping[Kind, list[Evidence]],
    differs: Sequence[Kind],
    ref_kind: Kind,
    config: Config,
) -> Kind | None:
    """The reference itself, when all the sources that differ from it agree with each other."""
    first = differs[0]
    for other in differs[1:]:
        comparison, _ = _best(field, by_source[first], by_source[other], config)
        if not comparison.agrees:
            return None
    return ref_kind


def mine_title_for_models(evidence: Sequence[Evidence]) -> list[Evidence]:
    """Models from other sources found inside a listing title that has no model column.

    The All Listings Report has no model column, but sellers put the model in the
    title ("Makita DHR242 18v Brushless ..."); a model found there is what the listing
    states, so it counts as the listing's model (with a note saying where it was found).
    """
    listing = [e for e in evidence if e.source == Kind.LISTING]
    if not listing or any(e.field == Field.MODEL_NUMBER for e in listing):
        return []
    titles = [e for e in listing if e.field == Field.PRODUCT_NAME]
    if not titles:
        return []
    title = titles[0]
    words = re.findall(r"[\w\-./()]+", title.raw)
    compact_words = [normalise(Field.MODEL_NUMBER, w) for w in words]
    mined: list[Evidence] = []
    for ev in evidence:
        if ev.field != Field.MODEL_NUMBER or ev.source == Kind.LISTING:
            continue
        wanted = ev.normalised
        if len(wanted) < 3:
            continue
        # Match a run of up to three title words ("DW 088 K" = "DW088K").
        for i in range(len(words)):
            joined = ""
            for j in range(i, min(i + 3, len(words))):
                joined += compact_words[j]
                if joined == wanted:
                    raw = " ".join(words[i : j + 1])
                    mined.append(
                        attrs.evolve(
                            title,
                            field=Field.MODEL_NUMBER,
                            raw=raw,
                            normalised=wanted,
                            role=Role.MAIN,
                            note="model found inside the listing title",
                        )
                    )
                    return mined
    return mined


def build_context(
    documents: Sequence[Document],
    evidence: Sequence[Evidence],
    errors: Sequence[DocumentError],
    config: Config,
    readings: Sequence[Reading] = (),
) -> CheckContext:
    """Analyse every compared field and bundle what rules need."""
    all_evidence = list(evidence) + mine_title_for_models(evidence)
    readable = [d for d in documents if not any(err.file == str(d.path) for err in errors)]
    unread = frozenset(unread_photos(readable, all_evidence))
    analysis = {
        f: analyse_field(f, all_evidence, readable, config, unread) for f in COMPARED_FIELDS
    }
    return CheckContext(
        tuple(documents),
        tuple(all_evidence),
        tuple(errors),
        analysis,
        config,
        readings=tuple(readings),
    )
