"""Property and fuzz tests for the parsers that read strangers' bytes (issue 6).

The listing readers must turn any input into a `Listing` or a `DocumentError` /
`UsageError`; the label grammar must never raise on any line; the normalisers must be
idempotent.  Examples per property: 40 in CI, `CONSISTENCY_FUZZ_EXAMPLES=20000 pytest
tests/test_fuzz.py` for a long run (hypothesis keeps the failures it finds in
`.hypothesis/` and replays them first).
"""

from __future__ import annotations

import io
import itertools
import json
import os
import random
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consistency.config import Config, Limits
from consistency.errors import DocumentError, UsageError
from consistency.extract.listing import read_listing
from consistency.fields import normalise
from consistency.fields.grammar import find_candidates, split_models, split_name_and_model
from consistency.model import BBox, Field
from consistency.words import Line, Word

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "fixtures"))
import broken

EXAMPLES = int(os.environ.get("CONSISTENCY_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
#: Small limits so a generated input cannot make one example slow.
CONFIG = Config(limits=Limits(max_listing_rows=2_000, max_listing_bytes=4 * 1024 * 1024))
_names = itertools.count()


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """A folder for the generated listing files (fresh names: the reader caches by path)."""
    with tempfile.TemporaryDirectory(prefix="consistency-fuzz-") as folder:
        yield Path(folder)


def read_bytes_as_listing(folder: Path, payload: bytes, suffix: str) -> None:
    """Write `payload` to a new file and read it as a listing; only our errors may escape."""
    path = folder / f"listing-{next(_names)}{suffix}"
    path.write_bytes(payload)
    try:
        listing = read_listing(path, CONFIG)
    except (DocumentError, UsageError) as error:
        assert str(path) in str(error) or path.name in str(error)
        return
    finally:
        assert path.read_bytes() == payload, "the reader modified its input"
    for row in listing.rows:
        assert row.row >= 1
        assert all(isinstance(v.raw, str) for values in row.values.values() for v in values)


SUFFIXES = st.sampled_from([".csv", ".txt", ".tsv", ".json", ".xlsx", ".xlsm", ""])


@FUZZ
@given(payload=st.binary(max_size=4096), suffix=SUFFIXES)
def test_arbitrary_bytes_are_a_listing_or_a_document_error(
    scratch: Path, payload: bytes, suffix: str
) -> None:
    """Random bytes under any listing name never raise anything but our two errors."""
    read_bytes_as_listing(scratch, payload, suffix)


_CELL = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)


@FUZZ
@given(
    cells=st.lists(st.lists(_CELL, min_size=1, max_size=8), max_size=12),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "gb18030", "shift_jis"]),
    delimiter=st.sampled_from([",", "\t", ";", "|"]),
    line_end=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_delimited_listings_with_a_real_header_and_random_cells_never_crash(
    scratch: Path, cells: list[list[str]], encoding: str, delimiter: str, line_end: str
) -> None:
    """A seller header over random rows, in any supported encoding and delimiter."""
    header = delimiter.join(["SKU", "Title", "Brand", "Manufacturer", "Model"])
    body = line_end.join(delimiter.join(row) for row in cells)
    text = header + line_end + body
    payload = text.encode(encoding, errors="replace")
    read_bytes_as_listing(scratch, payload, ".csv" if delimiter != "\t" else ".txt")


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _CELL,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "sku",
                    "summaries",
                    "attributes",
                    "item_name",
                    "value",
                    "brand",
                    "model_number",
                    "manufacturer",
                    "items",
                    "asin",
                    "x",
                ]
            )
            | _CELL,
            inner,
            max_size=5,
        )
    ),
    max_leaves=30,
)


@FUZZ
@given(document=_JSON)
def test_json_listings_of_any_shape_never_crash(scratch: Path, document: object) -> None:
    """SP-API-like JSON of any shape: a listing or a DocumentError."""
    read_bytes_as_listing(scratch, json.dumps(document).encode(), ".json")


def _valid_workbook() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "listing.xlsx"
        broken.write_xlsx(path, broken.listing_rows())
        return path.read_bytes()


_WORKBOOK = _valid_workbook()


@FUZZ
@given(seed=st.integers(0, 2**32 - 1), flips=st.integers(1, 40), cut=st.booleans())
def test_a_damaged_workbook_is_a_document_error(
    scratch: Path, seed: int, flips: int, cut: bool
) -> None:
    """A real .xlsx with random bytes overwritten (or cut short) never crashes the reader."""
    rng = random.Random(seed)
    damaged = bytearray(_WORKBOOK)
    for _ in range(flips):
        damaged[rng.randrange(len(damaged))] = rng.randrange(256)
    if cut:
        damaged = damaged[: rng.randrange(1, len(damaged))]
    read_bytes_as_listing(scratch, bytes(damaged), ".xlsx")


@FUZZ
@given(seed=st.integers(0, 2**32 - 1), flips=st.integers(1, 20))
def test_a_damaged_workbook_part_is_a_document_error(scratch: Path, seed: int, flips: int) -> None:
    """Valid zip, damaged XML inside: openpyxl's own failures become DocumentErrors."""
    rng = random.Random(seed)
    source = zipfile.ZipFile(io.BytesIO(_WORKBOOK))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        victim = rng.choice([i.filename for i in source.infolist()])
        for info in source.infolist():
            part = bytearray(source.read(info.filename))
            if info.filename == victim and part:
                for _ in range(flips):
                    part[rng.randrange(len(part))] = rng.choice(b"<>&\"'/=\x00 xA9")
            target.writestr(info.filename, bytes(part))
    read_bytes_as_listing(scratch, out.getvalue(), ".xlsx")


def _unsupported_zip_version() -> bytes:
    """The valid workbook with its central directory claiming zip version 10.4."""
    damaged = bytearray(_WORKBOOK)
    central = damaged.find(b"PK\x01\x02")
    damaged[central + 6] = 104  # "version needed to extract"
    return bytes(damaged)


def test_a_workbook_needing_an_unsupported_zip_version_is_a_document_error(scratch: Path) -> None:
    """Found by the fuzz test (seed 322): zipfile refuses the archive; the reader must say so."""
    path = scratch / "version-10.4.xlsx"
    path.write_bytes(_unsupported_zip_version())
    with pytest.raises(DocumentError, match=r"version-10\.4\.xlsx"):
        read_listing(path, CONFIG)


def test_through_the_pipeline_an_unsupported_zip_version_is_a_finding(scratch: Path) -> None:
    """The pipeline's safety net already turns the escaped error into a DocumentError."""
    from consistency.model import Document, Kind
    from consistency.pipeline import read_document

    path = scratch / "version-10.4-pipeline.xlsx"
    path.write_bytes(_unsupported_zip_version())
    with pytest.raises(DocumentError) as caught:
        read_document(Document(path, Kind.LISTING), Config())
    assert caught.value.file == str(path)


# --- the label grammar ------------------------------------------------------------------------


_LABELS = st.sampled_from(
    [
        "Model No.",
        "Model",
        "型号",
        "Type",
        "Manufacturer",
        "制造商",
        "Product Name",
        "Product",
        "Applicant",
        "Factory",
        "Brand",
        "Trade mark",
        "Series",
        "Report No.",
        "",
    ]
)
_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30)
_SEPARATORS = st.sampled_from([":", "：", " ", "....", " / ", "\t", ""])


@st.composite
def label_lines(draw: st.DrawFn) -> list[Line]:
    """Lines mixing real labels with arbitrary text, at arbitrary positions."""
    lines = []
    for index in range(draw(st.integers(0, 8))):
        text = draw(_LABELS) + draw(_SEPARATORS) + draw(_TEXT)
        words = text.split() or [draw(_TEXT) or "x"]
        x = draw(st.floats(0, 500))
        top = index * draw(st.floats(0, 30)) + draw(st.floats(0, 5))
        height = draw(st.floats(0, 20))
        placed = []
        for word in words:
            width = draw(st.floats(0, 80))
            placed.append(Word(word, BBox(x, top, x + width, top + height), draw(st.floats(0, 1))))
            x += width + draw(st.floats(0, 40))
        lines.append(Line(placed, page=1))
    return lines


@FUZZ
@given(lines=label_lines())
def test_the_label_grammar_never_raises_on_any_lines(lines: list[Line]) -> None:
    """find_candidates returns candidates (possibly none) for any text and geometry."""
    for candidate in find_candidates(lines):
        assert isinstance(candidate.value, str)


@FUZZ
@given(text=_TEXT)
def test_value_splitters_never_raise(text: str) -> None:
    """Model lists and `name + model` values split without raising, into strings."""
    assert all(isinstance(m, str) for m in split_models(text))
    name, model = split_name_and_model(text)
    assert isinstance(name, str) and isinstance(model, str)


#: Text without combining marks or the spacing accents NFKC turns into them (see below).
_PRINTED = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Mn", "Mc", "Me", "Sk")), max_size=30
)


@FUZZ
@given(
    raw=_PRINTED,
    field=st.sampled_from(
        [Field.MODEL_NUMBER, Field.MANUFACTURER, Field.PRODUCT_NAME, Field.PRODUCT_ID, Field.BRAND]
    ),
)
def test_normalisers_are_idempotent(raw: str, field: Field) -> None:
    """Normalising a normalised value changes nothing (values can be stored normalised)."""
    once = normalise(field, raw)
    assert normalise(field, once) == once


def test_a_spacing_accent_after_a_letter_normalises_idempotently() -> None:
    """Found by the fuzz test: `A´` in a model number."""
    once = normalise(Field.MODEL_NUMBER, "A\u00b4")
    assert normalise(Field.MODEL_NUMBER, once) == once
