"""What rules see: the evidence of one package, and the field matrix computed once.

Every document is a witness.  Per compared field, each document that states a value is
compared with the reference (the listing; without one, the first test report), and the
field is `consistent` only when at least two sources of different kinds state it and every
witness agrees.  One document of another product makes the field a mismatch that names
that document, whatever the others say.  The statuses and every rule's findings come from
this one computation, so the headline can never contradict the table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import attrs

from consistency.analysis import CheckContext, FieldAnalysis, Reason, State, Witness
from consistency.config import Config
from consistency.errors import DocumentError
from consistency.fields import compare, normalise
from consistency.fields.model_number import regional_variant
from consistency.fields.search import Hit, HitRole, find
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
    TextLine,
)

__all__ = [
    "CheckContext",
    "FieldAnalysis",
    "Reason",
    "State",
    "Witness",
    "analyse_field",
    "build_context",
]

_LEVEL_RANK = {
    Level.EXACT: 5,
    Level.NORMALISED: 4,
    Level.OCR_CONFUSABLE: 3,
    Level.FUZZY: 2,
    Level.UNVERIFIABLE: 1,
    Level.DIFFERENT: 0,
}


#: Witness states that leave a field unverified, with the reason each gives.
_UNVERIFIED_STATES: Mapping[State, Reason] = {
    State.FORGIVEN: Reason.OCR_FORGIVEN,
    State.SUFFIX: Reason.SUFFIX,
    State.UNVERIFIABLE: Reason.CANNOT_COMPARE,
    State.UNRELIABLE: Reason.LOW_CONFIDENCE,
    State.CONFLICT: Reason.CONFLICT,
}

#: Roles of a search hit in which a document states the value (not a mention, not a
#: support unit, not another party).
_STATING_ROLES = frozenset({HitRole.MAIN, HitRole.SERIES, HitRole.LIST})
#: Witness states that listing-guided search may overturn.
_VERIFIABLE = frozenset(
    {State.ABSENT, State.WEAK, State.DIFFERS, State.UNVERIFIABLE, State.UNRELIABLE}
)


def _best(
    field: Field, refs: Sequence[Evidence], values: Sequence[Evidence], config: Config
) -> tuple[Comparison, tuple[Evidence, Evidence]]:
    """The strongest agreement between any reference value and any of the witness's values.

    OCR confusions are allowed only when one side was read by OCR: a typed listing value
    against a born-digital text layer must match letter for letter.
    """
    threshold = {
        Field.PRODUCT_NAME: config.thresholds.product_name,
        Field.MANUFACTURER: config.thresholds.manufacturer,
    }.get(field)
    best: tuple[Comparison, tuple[Evidence, Evidence]] | None = None
    for ref in refs:
        for value in values:
            result = compare(
                field, ref.raw, value.raw, ocr=ref.ocr or value.ocr, threshold=threshold
            )
            key = (_LEVEL_RANK[result.level], result.score)
            if best is None or key > (_LEVEL_RANK[best[0].level], best[0].score):
                best = (result, (ref, value))
    assert best is not None
    return best


def _reference_document(
    documents: Sequence[Document], values: Mapping[str, list[Evidence]]
) -> Document | None:
    """The listing (reviewers compare against the detail page), else the first document
    in display order that states the field with a main value, else any that states it."""
    ordered = sorted(documents, key=lambda d: SOURCE_ORDER.index(d.kind))
    for doc in ordered:
        if any(e.role != Role.ALTERNATE for e in values.get(str(doc.path), [])):
            return doc
    return next((d for d in ordered if values.get(str(d.path))), None)


def unread_photos(
    documents: Sequence[Document],
    evidence: Sequence[Evidence],
    readings: Sequence[Reading] = (),
    min_confidence: float = 0.0,
) -> set[str]:
    """Photos that were read too badly to say what they show.

    A photo from which no compared field at all could be read, or whose text regions were
    read with a confidence under `min_confidence` (0-1): either the label does not show the
    fields or it could not be read.  Calling every field "missing" would ask the seller to
    reprint a box that may be fine; the photo is reported as unread instead.
    """
    read = {e.file for e in evidence if e.field in COMPARED_FIELDS}
    poor = {
        str(r.document.path)
        for r in readings
        if r.confidence is not None and r.confidence < min_confidence
    }
    return {
        str(d.path)
        for d in documents
        if d.kind in (Kind.PACKAGING, Kind.PRODUCT)
        and (str(d.path) not in read or str(d.path) in poor)
    }


def _state(
    field: Field,
    comparison: Comparison,
    pair: tuple[Evidence, Evidence],
    values: Sequence[Evidence],
    refs: Sequence[Evidence],
    config: Config,
) -> State:
    """One witness's state from its best comparison with the reference."""
    if all(v.role == Role.ALTERNATE for v in values):
        # Only a weaker reading (the applicant where no manufacturer is named, a part
        # number): the document does not state the field, agreeing or not.
        return State.WEAK
    if comparison.level == Level.OCR_CONFUSABLE:
        return State.FORGIVEN
    if comparison.agrees:
        return State.AGREES
    if comparison.level == Level.UNVERIFIABLE:
        return State.UNVERIFIABLE
    if field == Field.MODEL_NUMBER and any(
        regional_variant(r.raw, v.raw) for r in refs for v in values if v.role != Role.ALTERNATE
    ):
        return State.SUFFIX
    value = pair[1]
    if value.ocr and value.confidence * 100 < config.thresholds.ocr_confidence:
        return State.UNRELIABLE
    if all(r.role == Role.ALTERNATE for r in refs):
        return State.WEAK
    return State.DIFFERS


def analyse_field(
    field: Field,
    evidence: Sequence[Evidence],
    documents: Sequence[Document],
    config: Config,
    unread: frozenset[str] = frozenset(),
    unreadable: frozenset[str] = frozenset(),
    lines: Mapping[str, Sequence[TextLine]] | None = None,
) -> FieldAnalysis:
    """Compare every document with the reference for one field and decide its status.

    `documents` are the readable, non-component documents; `unreadable` the paths of
    documents that could not be read at all (CR501), which leave a field unverified when
    they were its only other witness.
    """
    by_file: dict[str, list[Evidence]] = {}
    for ev in evidence:
        if ev.field == field:
            by_file.setdefault(ev.file, []).append(ev)
    ordered_docs = sorted(documents, key=lambda d: SOURCE_ORDER.index(d.kind))
    ref_doc = _reference_document(ordered_docs, by_file)
    reference: Evidence | None = None
    refs: list[Evidence] = []
    if ref_doc is not None:
        refs = by_file[str(ref_doc.path)]
        reference = next((e for e in refs if e.role == Role.MAIN), refs[0])
        # A weaker reference value (a title-mined model) still anchors the comparison, but
        # main values are compared first.
        refs = sorted(refs, key=lambda e: e.role != Role.MAIN)
    witnesses: list[Witness] = []
    for doc in ordered_docs:
        if doc is ref_doc:
            continue
        values = by_file.get(str(doc.path), [])
        if not values or reference is None:
            state = State.UNREAD if str(doc.path) in unread else State.ABSENT
            witnesses.append(Witness(doc, state, tuple(values)))
            continue
        stated = [v for v in values if v.role != Role.ALTERNATE] or values
        comparison, pair = _best(field, refs, stated, config)
        state = _state(field, comparison, pair, values, refs, config)
        if state == State.WEAK:
            comparison, pair = _best(field, refs, values, config)
        witnesses.append(Witness(doc, state, tuple(values), comparison, pair))
    if reference is not None and reference.source == Kind.LISTING and lines:
        witnesses = [verify(field, w, reference, lines.get(w.file, ())) for w in witnesses]
    searched = {w.file: [v for v in w.values if v.relation == "search"] for w in witnesses}
    values_in_order = tuple(
        e
        for d in ordered_docs
        for e in sorted(
            by_file.get(str(d.path), []) + searched.get(str(d.path), []),
            key=lambda e: e.role != Role.MAIN,
        )
    )
    odd, reference_is_odd = _odd_one_out(field, witnesses, reference, config)
    missing = _missing_sources(field, witnesses, ref_doc, ordered_docs, config)
    status, reasons = _status(witnesses, reference, missing, unreadable, ref_doc)
    return FieldAnalysis(
        field,
        status,
        values_in_order,
        reference,
        tuple(witnesses),
        reasons,
        odd,
        reference_is_odd,
        missing,
    )


def verify(
    field: Field, witness: Witness, reference: Evidence, lines: Sequence[TextLine]
) -> Witness:
    """Search the listing's value in the witness's text and let the hit's context decide.

    Extraction reads what a document prints under its labels; search asks whether it
    prints the listing's value anywhere, and in what role.  A document that prints the
    listing's value under a main (or series, or list) label states it: a value extraction
    missed or took unlabelled agrees; a different value extraction read under a label of
    its own makes the document say both (unverified, both readings shown), never a false
    mismatch.  A hit only in running text, a support table or under another party's label
    changes nothing: a document stating a different value under a main label stays a
    mismatch.
    """
    if witness.state not in _VERIFIABLE or not lines:
        return witness
    hits = [h for h in find(field, reference.raw, lines) if h.role in _STATING_ROLES]
    if not hits:
        return witness
    hit = min(hits, key=lambda h: (h.ocr_forgiven, h.role != HitRole.MAIN, h.index))
    found = _hit_evidence(field, witness, hit)
    values = (*witness.values, found)
    if witness.state == State.DIFFERS and witness.pair is not None:
        extracted = witness.pair[1]
        labelled = extracted.relation != "unlabelled" and extracted.role != Role.ALTERNATE
        # The listing's value in a list or series under the label, or on the very line the
        # extracted value came from (a list the extractor did not split), is covered by it.
        if labelled and hit.role == HitRole.MAIN and not _same_line(extracted, hit):
            return attrs.evolve(witness, state=State.CONFLICT, values=values)
    state = State.FORGIVEN if hit.ocr_forgiven else State.AGREES
    level = Level.OCR_CONFUSABLE if hit.ocr_forgiven else Level.NORMALISED
    why = f"found by search under '{hit.label}'" if hit.label else "found by search in the text"
    return Witness(
        witness.document, state, values, Comparison(level, 100.0, why), (reference, found)
    )


def _same_line(value: Evidence, hit: Hit) -> bool:
    """True when a search hit sits on the line an extracted value was read from."""
    line = hit.line
    if value.page != line.page or value.bbox is None or line.bbox is None:
        return value.raw in line.text
    top, bottom = max(value.bbox.top, line.bbox.top), min(value.bbox.bottom, line.bbox.bottom)
    return bottom > top


def _hit_evidence(field: Field, witness: Witness, hit: Hit) -> Evidence:
    line = hit.line
    return Evidence(
        field=field,
        raw=hit.text,
        normalised=normalise(field, hit.text),
        source=witness.source,
        file=witness.file,
        extractor="search",
        page=line.page,
        bbox=line.bbox,
        label=hit.label,
        confidence=line.confidence,
        role=Role.SERIES if hit.role == HitRole.SERIES else Role.MAIN,
        how_read=line.how_read,
        relation="search",
        note=f"the listing's value, found in the document's text ({hit.role.value})",
    )


def _missing_sources(
    field: Field,
    witnesses: Sequence[Witness],
    ref_doc: Document | None,
    documents: Sequence[Document],
    config: Config,
) -> tuple[Kind, ...]:
    """Expected sources none of whose documents states the field (photos read badly aside)."""
    out: list[Kind] = []
    for kind in SOURCE_ORDER:
        docs = [d for d in documents if d.kind == kind]
        if not docs or field not in config.expect.get(kind, frozenset()):
            continue
        if ref_doc is not None and ref_doc.kind == kind:
            continue
        states = [w.state for w in witnesses if w.source == kind]
        if states and all(s in (State.ABSENT, State.WEAK) for s in states):
            out.append(kind)
    return tuple(out)


def _status(
    witnesses: Sequence[Witness],
    reference: Evidence | None,
    missing: Sequence[Kind],
    unreadable: frozenset[str],
    ref_doc: Document | None,
) -> tuple[Status, tuple[Reason, ...]]:
    """mismatch > missing > unverified > consistent, with the reasons for unverified."""
    if any(w.state == State.DIFFERS for w in witnesses):
        return Status.MISMATCH, ()
    if reference is None or missing:
        return Status.MISSING, ()
    reasons: list[Reason] = []
    for witness in witnesses:
        reason = _UNVERIFIED_STATES.get(witness.state)
        if reason is not None and reason not in reasons:
            reasons.append(reason)
    kinds = {reference.source} | {w.source for w in witnesses if w.state == State.AGREES}
    if len(kinds) < 2 and not reasons:
        reasons.append(Reason.UNREADABLE_WITNESS if unreadable else Reason.SINGLE_SOURCE)
    if reasons:
        order = list(Reason)
        return Status.UNVERIFIED, tuple(sorted(reasons, key=order.index))
    return Status.CONSISTENT, ()


def _odd_one_out(
    field: Field, witnesses: Sequence[Witness], reference: Evidence | None, config: Config
) -> tuple[Witness | None, bool]:
    """The odd one out of the whole matrix, when there is one.

    With three or more parties: one document that differs while the reference and at
    least one other agree is the odd one; the reference is, when every document states a
    value, two or more differ from it and they all agree with each other.  With only two
    parties (the listing and one document) there is none: either may be wrong.
    """
    if reference is None:
        return None, False
    differing = [w for w in witnesses if w.state == State.DIFFERS]
    if not differing:
        return None, False
    agreeing = [w for w in witnesses if w.state in (State.AGREES, State.FORGIVEN)]
    if len(differing) == 1 and agreeing:
        return differing[0], False
    if len(differing) >= 2 and not agreeing:
        first = differing[0]
        for other in differing[1:]:
            comparison, _ = _best(field, _stated(first), _stated(other), config)
            if not comparison.agrees:
                return None, False
        return None, True
    return None, False


def _stated(witness: Witness) -> list[Evidence]:
    return [v for v in witness.values if v.role != Role.ALTERNATE] or list(witness.values)


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
                    return [
                        attrs.evolve(
                            title,
                            field=Field.MODEL_NUMBER,
                            raw=raw,
                            normalised=wanted,
                            role=Role.MAIN,
                            note="model found inside the listing title",
                        )
                    ]
    return []


def build_context(
    documents: Sequence[Document],
    evidence: Sequence[Evidence],
    errors: Sequence[DocumentError],
    config: Config,
    readings: Sequence[Reading] = (),
    unused: Sequence[tuple[str, str]] = (),
) -> CheckContext:
    """Analyse every compared field and bundle what rules need.

    Declared component documents are shown but never compared nor checked for readiness
    (their evidence and readings stay out of the context); unreadable documents are not
    witnesses (CR501 reports them) but leave a field they were needed for unverified.
    """
    all_evidence = list(evidence) + mine_title_for_models(evidence)
    failed = frozenset(err.file for err in errors)
    readable = [d for d in documents if str(d.path) not in failed and not d.component]
    unreadable = frozenset(
        str(d.path) for d in documents if str(d.path) in failed and not d.component
    )
    unread = frozenset(
        unread_photos(readable, all_evidence, readings, config.thresholds.ocr_confidence / 100)
    )
    components = _component_files(documents)
    compared = [e for e in all_evidence if e.file not in components]
    readings = [r for r in readings if str(r.document.path) not in components]
    lines = {str(r.document.path): r.lines for r in readings if r.lines}
    analysis = {
        f: analyse_field(f, compared, readable, config, unread, unreadable, lines)
        for f in COMPARED_FIELDS
    }
    return CheckContext(
        tuple(documents),
        tuple(compared),
        tuple(errors),
        analysis,
        config,
        readings=tuple(readings),
        unused=tuple(unused),
        unread=unread,
    )


def _component_files(documents: Sequence[Document]) -> frozenset[str]:
    return frozenset(str(d.path) for d in documents if d.component)
