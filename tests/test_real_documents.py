"""What `consistency.extract` reads from real public documents, against hand-made truth.

One test per document and gated field (model number, manufacturer) of `tests/real/truth.json`
and `tests/real/shared_truth.json`, scored by `benchmarks/accuracy_real.py` (the rules are in
its docstring).  A field in `tests/real/known_misses.json` is a known miss today: its test is
an expected failure, so a regression fails and a fix shows up as XPASS (then refresh the file
with `python benchmarks/accuracy_real.py --write-known-misses`).  One aggregate test per set
gates the accuracy.  Documents that are absent (the new set is kept out of git) are skipped.
"""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_scorer() -> ModuleType:
    """The scorer module, loaded from its file so the test and the benchmark share one set of rules."""
    spec = importlib.util.spec_from_file_location(
        "accuracy_real", ROOT / "benchmarks" / "accuracy_real.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


scorer = _load_scorer()
ENTRIES: list[dict[str, Any]] = scorer.load_truth(("shared", "new"))
KNOWN_MISSES: dict[str, dict[str, list[str]]] = json.loads(
    scorer.KNOWN_MISSES.read_text(encoding="utf-8")
)

# Accuracy (right model and manufacturer fields / all such fields), measured 2026-12-01
# after session 4: shared 0.970 (64/66), new 0.960 (144/150) - minus a margin of one or two
# fields, so that one OCR wobble does not fail the suite; these floors are issue 10's goals
# (0.95 shared, 0.90 unseen) or above. Raise them as the extractor improves
# (python benchmarks/accuracy_real.py --write-known-misses).
MIN_ACCURACY_SHARED = 0.95
MIN_ACCURACY_NEW = 0.94

# Scans and photos go through tesseract/RapidOCR and take seconds each.
_OCR_LAYERS = frozenset({"scan", "scan+ocr"})


def _marks(entry: dict[str, Any]) -> list[pytest.MarkDecorator]:
    """`real` always; `ocr` and `slow` for documents read by OCR."""
    marks = [pytest.mark.real]
    if entry["text_layer"] in _OCR_LAYERS:
        marks += [pytest.mark.ocr, pytest.mark.slow]
    return marks


@functools.cache
def _found(path: str, kind: str) -> dict[str, Any]:
    """What the tool finds in one document, read once per session whatever asks."""
    return scorer.read_document({"path": path, "kind": kind})  # type: ignore[no-any-return]


def _field_cases() -> list[Any]:
    """One case per (document, gated field); known misses are expected failures."""
    cases = []
    for entry in ENTRIES:
        for field in scorer.GATED_FIELDS:
            marks = _marks(entry)
            if field in KNOWN_MISSES[entry["set"]].get(entry["file"], []):
                truth = scorer.expected(entry, field)
                marks.append(
                    pytest.mark.xfail(reason=f"known miss (truth {truth!r})", strict=False)
                )
            case_id = f"{entry['set']}-{entry['file']}-{field}"
            cases.append(pytest.param(entry, field, marks=marks, id=case_id))
    return cases


def _require(entry: dict[str, Any]) -> None:
    """Skips when the document is not on this machine, saying where it comes from."""
    if not Path(entry["path"]).is_file():
        pytest.skip(f"{entry['file']} absent (source: {entry['source']}, see tests/real/)")


@pytest.mark.parametrize(("entry", "field"), _field_cases())
@pytest.mark.slow
def test_real_document_field(entry: dict[str, Any], field: str) -> None:
    """The tool's main value for the field is one the truth accepts."""
    _require(entry)
    found = _found(entry["path"], entry["kind"])
    right = scorer.score_fields(entry, found)
    tool_value = found.get(field, found.get("error"))
    assert right[field], f"tool {tool_value!r}, truth {scorer.expected(entry, field)!r}"


def _set_accuracy(which: str) -> float:
    """Model and manufacturer accuracy over one whole set; skips unless every file is present."""
    entries = [entry for entry in ENTRIES if entry["set"] == which]
    for entry in entries:
        _require(entry)
    rows = [
        {"set": which, "right": scorer.score_fields(e, _found(e["path"], e["kind"]))}
        for e in entries
    ]
    accuracy = scorer.gated_accuracy(rows, which)
    assert accuracy is not None
    return float(accuracy)


@pytest.mark.real
@pytest.mark.ocr
@pytest.mark.slow
def test_shared_set_accuracy() -> None:
    """The 33 shared real documents keep at least today's accuracy."""
    assert _set_accuracy("shared") >= MIN_ACCURACY_SHARED


@pytest.mark.real
@pytest.mark.ocr
@pytest.mark.slow
def test_new_set_accuracy() -> None:
    """The documents found for this benchmark keep at least today's accuracy."""
    assert _set_accuracy("new") >= MIN_ACCURACY_NEW


_ENTRY_KEYS = frozenset(
    [
        "file",
        "set",
        "kind",
        "doc_type",
        "text_layer",
        "product_name",
        "product_type",
        "models",
        "manufacturer",
        "applicant",
        "brand",
        "report_number",
        "issued",
        "expires",
        "standards",
        "addresses",
        "notes",
        "source",
        "commit",
        "licence",
    ]
)


@pytest.mark.parametrize("which", ["shared", "new"])
def test_truth_entries_are_well_formed(which: str) -> None:
    """Every truth entry has every key, a known kind and text layer, and a unique file."""
    entries = [entry for entry in ENTRIES if entry["set"] == which]
    assert entries
    for entry in entries:
        assert set(entry) - {"path"} == _ENTRY_KEYS, entry["file"]
        assert entry["kind"] in {"test_report", "packaging", "product"}, entry["file"]
        assert entry["text_layer"] in {"text", "scan", "scan+ocr"}, entry["file"]
        assert entry["models"] is None or entry["models"]["main"], entry["file"]
    assert len({entry["file"] for entry in entries}) == len(entries)
    assert set(KNOWN_MISSES[which]) <= {entry["file"] for entry in entries}


@pytest.mark.parametrize(
    ("tool", "truth", "right"),
    [
        ("RS-AF1268Y", ["RS-AF1268Y"], True),
        ("rs af1268y", ["RS-AF1268Y"], True),
        ("KF-35GW/Y-IA(R2)", ["KF35GW YIA(R2)"], True),
        ("RS-AF1268", ["RS-AF1268Y"], False),
        ("0818", ["818"], False),
        (None, ["818"], False),
        (None, [None], True),
        ("CHESTER", ["CHESTER", None], True),
        ("2AC7Z-ESPC6WROOM1", [None, "ESP32-C6-WROOM-1"], False),
    ],
)
def test_model_rule(tool: str | None, truth: list[str | None], right: bool) -> None:
    """Model numbers match whatever their separators and case, never with a digit changed."""
    assert scorer._acceptable(tool, truth, scorer.normalise_model) is right


@pytest.mark.parametrize(
    ("tool", "truth", "right"),
    [
        ("ESPRESSIF SYSTEMS (SHANGHAI) CO., LTD", ["Espressif Systems (Shanghai) Co.,Ltd."], True),
        ("Red Pitaya", ["Red Pitaya d.o.o."], True),
        ("HARDWARIO", ["HARDWARIO a.s."], True),
        ("Polyhex Technology", ["Polyhex Technology Company Limited"], True),
        ("广东美的制冷设备", ["广东美的制冷设备有限公司"], True),
        ("Huaxing Electric Co., Ltd.", ["Huaxin Electric Co., Ltd."], False),
        ("DEBIX Technology Inc.", ["Polyhex Technology Company Limited"], False),
        ("Same as applicant", ["HARDWARIO a.s."], False),
        ("Pinout LTD", [None], False),
    ],
)
def test_manufacturer_rule(tool: str | None, truth: list[str | None], right: bool) -> None:
    """Legal forms, case and punctuation never matter; the distinctive name does."""
    assert scorer._acceptable(tool, truth, scorer.normalise_company) is right


def test_product_name_rule() -> None:
    """A product name is right when it holds every word of the truth's product noun."""
    entry = {"models": None, "manufacturer": None, "product_type": "air fryer"}
    found = {"model_number": None, "manufacturer": None, "product_name": "Digital Air Fryer 5L"}
    assert scorer.score_fields(entry, found) == {
        "model_number": True,
        "manufacturer": True,
        "product_name": True,
    }
    found["product_name"] = "Air purifier"
    assert not scorer.score_fields(entry, found)["product_name"]


def test_unreadable_document_is_wrong_on_every_field() -> None:
    """A document the tool cannot read scores wrong, even where the truth is empty."""
    entry = {"models": None, "manufacturer": None, "product_type": None}
    assert scorer.score_fields(entry, {"error": "DocumentError: truncated"}) == dict.fromkeys(
        scorer.ALL_FIELDS, False
    )
