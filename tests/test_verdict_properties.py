"""Properties of the field matrix (rules/context.py), on synthetic evidence."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from consistency.config import Config
from consistency.fields import normalise
from consistency.fields.model_number import ocr_fold
from consistency.model import Document, Evidence, Field, HowRead, Kind, Role, Status
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
