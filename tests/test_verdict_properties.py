"""Properties of the field matrix (rules/context.py), on synthetic evidence."""

from __future__ import annotations

from pathlib import Path

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from consistency.config import Config
from consistency.fields import normalise
from consistency.fields.model_number import ocr_fold
from consistency.model import (
    Document,
    Evidence,
    Field,
    HowRead,
    Kind,
    Reading,
    Role,
    Status,
    TextLine,
)
from consistency.rules.context import build_context

MODELS = st.from_regex(r"[A-Z]{2,3}-[0-9]{3,4}[A-Z]?", fullmatch=True)
KINDS = st.sampled_from([Kind.TEST_REPORT, Kind.PACKAGING, Kind.PRODUCT])


def evidence(doc: Document, model: str, how: HowRead, role: Role = Role.MAIN) -> Evidence:
    return Evidence(
        field=Field.MODEL_NUMBER,
        raw=model,
        normalised=normalise(Field.MODEL_NUMBER, model),
        source=doc.kind,
        file=str(doc.path),
        extractor="test",
        how_read=how,
        role=role,
    )


def status(docs: list[tuple[Document, list[Evidence]]]) -> Status:
    documents = [d for d, _ in docs]
    found = [e for _, evs in docs for e in evs]
    context = build_context(documents, found, [], Config())
    return context.analysis[Field.MODEL_NUMBER].status


@settings(max_examples=60, deadline=None)
@given(
    model=MODELS,
    other=MODELS,
    kinds=st.lists(KINDS, min_size=1, max_size=4),
    intruder_kind=KINDS,
    ocr=st.booleans(),
)
def test_a_document_of_another_product_never_leaves_a_package_consistent(
    model: str, other: str, kinds: list[Kind], intruder_kind: Kind, ocr: bool
) -> None:
    """Whatever consistent package, adding a document that states another model breaks it."""
    if ocr_fold(normalise(Field.MODEL_NUMBER, other)) == ocr_fold(
        normalise(Field.MODEL_NUMBER, model)
    ):
        return  # an OCR-confusable twin is not another product's model
    listing = Document(Path("listing.csv"), Kind.LISTING)
    package = [(listing, [evidence(listing, model, HowRead.TYPED)])]
    for i, kind in enumerate(kinds):
        doc = Document(Path(f"doc{i}.pdf"), kind)
        package.append((doc, [evidence(doc, model, HowRead.OCR if ocr else HowRead.TEXT)]))
    assert status(package) is Status.CONSISTENT
    intruder = Document(Path("other.pdf"), intruder_kind)
    package.append((intruder, [evidence(intruder, other, HowRead.OCR if ocr else HowRead.TEXT)]))
    assert status(package) is not Status.CONSISTENT


@settings(max_examples=40, deadline=None)
@given(model=MODELS, series=st.lists(MODELS, max_size=5), kind=KINDS)
def test_a_series_list_covers_the_listing_model(model: str, series: list[str], kind: Kind) -> None:
    """A document whose series models include the listing's model agrees with it."""
    listing = Document(Path("listing.csv"), Kind.LISTING)
    doc = Document(Path("report.pdf"), kind)
    main = "ZZ-0000"
    found = [evidence(doc, main, HowRead.TEXT)]
    found += [evidence(doc, m, HowRead.TEXT, Role.SERIES) for m in [*series, model]]
    package = [(listing, [evidence(listing, model, HowRead.TYPED)]), (doc, found)]
    assert status(package) is Status.CONSISTENT


def test_one_source_alone_is_unverified() -> None:
    """A model stated by the listing only (the report is silent, not expected to say) is
    unverified, never consistent."""
    listing = Document(Path("listing.csv"), Kind.LISTING)
    photo = Document(Path("box.jpg"), Kind.PACKAGING)
    config = Config(expect={Kind.LISTING: frozenset({Field.MODEL_NUMBER})})
    found = [evidence(listing, "XK-2041B", HowRead.TYPED)]
    context = build_context([listing, photo], found, [], config)
    analysis = context.analysis[Field.MODEL_NUMBER]
    assert analysis.status is Status.UNVERIFIED
    assert [r.value for r in analysis.reasons] == ["single source"]


def test_typed_against_text_layer_is_never_forgiven() -> None:
    """CHE5TER typed in the listing against CHESTER in a born-digital report: a mismatch."""
    listing = Document(Path("listing.csv"), Kind.LISTING)
    report = Document(Path("report.pdf"), Kind.TEST_REPORT)
    package = [
        (listing, [evidence(listing, "CHE5TER", HowRead.TYPED)]),
        (report, [evidence(report, "CHESTER", HowRead.TEXT)]),
    ]
    assert status(package) is Status.MISMATCH
    package[1] = (report, [evidence(report, "CHESTER", HowRead.OCR)])
    assert status(package) is Status.UNVERIFIED


def _reading(doc: Document, found: list[Evidence], text: list[str], how: HowRead) -> Reading:
    lines = [TextLine(t, page=1, how_read=how) for t in text]
    return Reading(doc, tuple(found), tuple(lines))


def _verified(
    report_text: list[str],
    found_model: str | None,
    relation: str = "right",
    how: HowRead = HowRead.TEXT,
) -> Status:
    listing = Document(Path("listing.csv"), Kind.LISTING)
    report = Document(Path("report.pdf"), Kind.TEST_REPORT)
    found = [evidence(listing, "XK-2041B", HowRead.TYPED)]
    in_report: list[Evidence] = []
    if found_model is not None:
        in_report = [attrs.evolve(evidence(report, found_model, how), relation=relation)]
    readings = [Reading(listing, tuple(found)), _reading(report, in_report, report_text, how)]
    context = build_context([listing, report], found + in_report, [], Config(), readings)
    return context.analysis[Field.MODEL_NUMBER].status


def test_search_finds_what_extraction_missed() -> None:
    """The listing's model printed under a model label agrees though extraction found none."""
    assert _verified(["Product: Kettle", "Model No.: XK-2041B"], None) is Status.CONSISTENT


def test_a_document_stating_two_models_under_labels_is_unverified() -> None:
    """Extraction read XK-2014B under its label, the listing's model is under another label:
    the document says both, a person must look; never a silent pass, never a false mismatch."""
    text = ["Model No.: XK-2014B", "Type reference: XK-2041B"]
    assert _verified(text, "XK-2014B") is Status.UNVERIFIED


def test_an_unlabelled_guess_yields_to_the_labelled_listing_value() -> None:
    """An unlabelled code extraction guessed gives way to the listing's model under a label."""
    text = ["REF 6A/6732", "Model: XK-2041B"]
    assert _verified(text, "6A/6732", relation="unlabelled") is Status.CONSISTENT


def test_the_listing_model_in_a_support_table_does_not_verify() -> None:
    """A report of another product that lists the listing's model as support equipment is
    still a mismatch."""
    text = ["Model No.: ZP-7730", "Support equipment", "Adapter | XK-2041B | SN 1234"]
    assert _verified(text, "ZP-7730") is Status.MISMATCH


def test_search_forgives_ocr_confusions_only_on_ocr_text() -> None:
    """On a scan, 'XK-2O41B' under the model label is a forgiven confusion (unverified); on a
    text layer it is not the listing's model."""
    text = ["Model No.: XK-2O41B"]
    assert _verified(text, None, how=HowRead.OCR) is Status.UNVERIFIED
    assert _verified(text, None, how=HowRead.TEXT) is Status.MISSING
