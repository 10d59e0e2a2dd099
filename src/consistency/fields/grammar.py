"""Positioned text in, labelled evidence out: the entry point of the key-value layer.

Every text source — a PDF text layer, pypdfium2 text, tesseract or RapidOCR words —
arrives as `PageText` of `Line`s of `Word`s.  `fields.candidates` turns them into
scored (label, value) pairs; this module turns the pairs into `Evidence`: model lists
split into main and series models, `Same as applicant` resolved, a regulatory model
kept as an alternate, the best pair per field first, each with the relation and score
that made it win and how its characters were read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from consistency.fields import normalise, product_types
from consistency.fields.candidates import find_candidates
from consistency.fields.manufacturer import mend_legal_forms
from consistency.fields.scoring import Candidate
from consistency.fields.tables import table_candidates
from consistency.fields.values import company_like, cut_company, is_empty, plausible, split_models
from consistency.fields.values import split_name_and_model as split_name_and_model
from consistency.fields.vocabulary import SAME_AS_APPLICANT, LabelClass, is_issued_to, is_weak
from consistency.model import Document, Evidence, Field, HowRead, Role
from consistency.words import PageText

__all__ = [
    "Candidate",
    "assemble",
    "find_candidates",
    "identity_complete",
    "plausible",
    "read_fields",
    "split_models",
    "split_name_and_model",
    "table_candidates",
]

#: Label classes that become evidence, with their field.
_FIELD_OF: dict[LabelClass, Field] = {
    LabelClass.PRODUCT_NAME: Field.PRODUCT_NAME,
    LabelClass.MODEL_NUMBER: Field.MODEL_NUMBER,
    LabelClass.SERIES_MODELS: Field.MODEL_NUMBER,
    LabelClass.MANUFACTURER: Field.MANUFACTURER,
    LabelClass.APPLICANT: Field.APPLICANT,
    LabelClass.FACTORY: Field.FACTORY,
    LabelClass.BRAND: Field.BRAND,
    LabelClass.DISTRIBUTOR: Field.DISTRIBUTOR,
}
_PARTY_FIELDS = frozenset(
    {Field.MANUFACTURER, Field.APPLICANT, Field.FACTORY, Field.DISTRIBUTOR, Field.BRAND}
)
#: A value under a generic product label names the product only when it is this short
#: and holds no number ("Radio equipment for Article 2-1-19 of ..." is a category).
_GENERIC_NAME_WORDS = 6
#: A later pair wins the main role over an earlier one only when it scores this much more:
#: reading order (the cover page first) is itself strong evidence of the main value.
_MAIN_MARGIN = 0.25


def read_fields(
    pages: Sequence[PageText],
    *,
    document: Document,
    extractor: str,
    candidates: Sequence[Candidate] | None = None,
) -> list[Evidence]:
    """Evidence for every labelled field on the pages, main values first per field."""
    if candidates is None:
        found: list[Candidate] = []
        for page in pages:
            found.extend(find_candidates(page.lines, start_order=len(found)))
    else:
        found = list(candidates)
    sizes = {p.page: (p.width, p.height) for p in pages}
    how = {p.page: p.how_read for p in pages}
    return assemble(found, document=document, extractor=extractor, page_sizes=sizes, page_how=how)


def _main_first(candidates: Sequence[Candidate]) -> list[Candidate]:
    """Candidates in reading order, except that a clearly better-scored pair of a field
    goes before the earlier pairs of that field (the best pair wins the main role)."""
    ordered = sorted(candidates, key=lambda c: (c.page, c.order))
    best: dict[LabelClass, Candidate] = {}
    for cand in ordered:
        if cand.relation == "unlabelled" or is_weak(cand.label, cand.label_class):
            continue
        first = best.get(cand.label_class)
        if first is None or cand.score > first.score + _MAIN_MARGIN:
            best[cand.label_class] = cand
    leaders = set(map(id, best.values()))
    return [c for c in ordered if id(c) in leaders] + [c for c in ordered if id(c) not in leaders]


#: Characters a company's name never starts with, which OCR reads from separators.
_NAME_DEBRIS = "+:;,.|_=~*>»·• "


def assemble(
    candidates: Iterable[Candidate],
    *,
    document: Document,
    extractor: str,
    page_sizes: dict[int, tuple[float, float]] | None = None,
    page_how: dict[int, HowRead] | None = None,
) -> list[Evidence]:
    """Turn candidates into evidence: split model lists, resolve `Same as applicant`,
    order main values first and drop duplicates."""
    sizes = page_sizes or {}
    ordered = _main_first(list(candidates))
    applicants = [
        c
        for c in ordered
        if c.label_class == LabelClass.APPLICANT and not SAME_AS_APPLICANT.match(c.value)
    ]
    evidence: list[Evidence] = []
    seen: set[tuple[Field, str]] = set()
    main_taken: set[Field] = set()

    def add(field: Field, raw: str, cand: Candidate, role: Role, note: str | None = None) -> None:
        raw = raw.strip()
        if not raw or is_empty(raw):
            return
        how_read = (page_how or {}).get(cand.page, HowRead.TEXT)
        if how_read == HowRead.OCR and field == Field.PRODUCT_NAME:
            raw = product_types.mend_ocr_words(raw)  # "BT loT Module" is an IoT module
        if how_read == HowRead.OCR and field in _PARTY_FIELDS:
            # OCR's debris of a separator before a name ("+: Polyhex ...") is no part of it.
            raw = mend_legal_forms(raw.lstrip(_NAME_DEBRIS))
            if not raw:
                return
        key = (field, normalise(field, raw))
        if not key[1] or key in seen:
            return
        seen.add(key)
        if role == Role.MAIN and field in main_taken:
            role = Role.SERIES if field == Field.MODEL_NUMBER else Role.ALTERNATE
        if role == Role.MAIN:
            main_taken.add(field)
        evidence.append(
            Evidence(
                field=field,
                raw=raw,
                normalised=key[1],
                source=document.kind,
                file=str(document.path),
                extractor=extractor,
                page=cand.page,
                bbox=cand.bbox,
                label=cand.label or None,
                confidence=cand.confidence,
                role=role,
                page_size=sizes.get(cand.page),
                note=note,
                how_read=how_read,
                relation=cand.relation,
                score=cand.score,
            )
        )

    # Main values of every field first, then series models, so a report's main model
    # always comes before the models it merely lists.
    for cand in ordered:
        field = _FIELD_OF.get(cand.label_class)
        if field is None or cand.label_class == LabelClass.SERIES_MODELS:
            continue
        if cand.relation == "unlabelled" or is_weak(cand.label, cand.label_class):
            continue
        if field == Field.MODEL_NUMBER:
            for i, model in enumerate(split_models(cand.value)):
                add(field, model, cand, Role.MAIN if i == 0 else Role.SERIES)
        elif field in _PARTY_FIELDS:
            if SAME_AS_APPLICANT.match(cand.value):
                if field == Field.APPLICANT or not applicants:
                    continue
                source = applicants[0]
                add(
                    field,
                    cut_company(source.value),
                    source,
                    Role.MAIN,
                    note=f"'{cand.label}: {cand.value}' resolved to the applicant",
                )
                continue
            add(field, cut_company(cand.value), cand, Role.MAIN)
        else:
            add(field, cand.value, cand, Role.MAIN)
    for cand in ordered:
        if is_weak(cand.label, cand.label_class) and cand.label_class in _FIELD_OF:
            field = _FIELD_OF[cand.label_class]
            values = split_models(cand.value) if field == Field.MODEL_NUMBER else [cand.value]
            # A regulatory model is another identifier than the product's own model: kept,
            # with its label, as an alternate (a photo read only that far is not sure).
            # A generic product label ("Description", "Equipment") names the product when
            # no product label does and its value names a product type the lexicon knows.
            for value in values:
                named = (
                    field == Field.PRODUCT_NAME
                    and field not in main_taken
                    and len(value.split()) <= _GENERIC_NAME_WORDS
                    and not re.search(r"\d", value)
                    and product_types.product_type(value) is not None
                )
                add(
                    field,
                    value,
                    cand,
                    Role.MAIN if named else Role.ALTERNATE,
                    note="a product type under a generic label; no product label"
                    if named
                    else None,
                )
    if applicants and Field.MANUFACTURER not in main_taken:
        # No manufacturer is named: certificates often name only the holder or grantee,
        # usually the maker.  Shown as a weaker reading, never as the manufacturer itself,
        # unless the certification itself is issued to it ("This Certification is issued
        # to: Red Pitaya d.o.o."): the party a certification names as its own is the maker.
        # Only a company named by its legal form: a logo's slogan beside the label ("This
        # Certification is issued to: First in Certification") names no one.
        holder = next(
            (a for a in applicants if is_issued_to(a.label) and company_like(a.value)), None
        )
        if holder is not None:
            note = "no manufacturer is named; the certification is issued to this party"
            add(Field.MANUFACTURER, cut_company(holder.value), holder, Role.MAIN, note=note)
        else:
            add(
                Field.MANUFACTURER,
                cut_company(applicants[0].value),
                applicants[0],
                Role.ALTERNATE,
                note=f"no manufacturer is named; this is the {applicants[0].label}",
            )
    # A company line no label claims is the maker of a rating label or artwork that names
    # no party at all (its low score says how it was found).
    for cand in ordered:
        if (
            cand.relation == "unlabelled"
            and not applicants
            and Field.MANUFACTURER not in main_taken
        ):
            add(
                Field.MANUFACTURER,
                cand.value,
                cand,
                Role.MAIN,
                note="an unlabelled company line near the product's identity",
            )
    for cand in ordered:
        if cand.label_class == LabelClass.SERIES_MODELS:
            for model in split_models(cand.value):
                add(Field.MODEL_NUMBER, model, cand, Role.SERIES)
    field_rank = {f: i for i, f in enumerate(Field)}
    role_rank = {Role.MAIN: 0, Role.SERIES: 1, Role.ALTERNATE: 2}
    return sorted(evidence, key=lambda e: (field_rank[e.field], role_rank[e.role]))


def identity_complete(candidates: Sequence[Candidate]) -> bool:
    """True once a model, a maker (or the applicant it refers to) and a name were read."""
    classes = {c.label_class for c in candidates if c.relation != "unlabelled"}
    has_maker = LabelClass.MANUFACTURER in classes
    if any(
        SAME_AS_APPLICANT.match(c.value)
        for c in candidates
        if c.label_class == LabelClass.MANUFACTURER
    ):
        has_maker = LabelClass.APPLICANT in classes
    return LabelClass.MODEL_NUMBER in classes and has_maker and LabelClass.PRODUCT_NAME in classes
