"""The label grammar on lines as OCR gives them from scans (no leaders, no text layer)."""

from __future__ import annotations

from consistency.fields.candidates import find_candidates
from consistency.fields.vocabulary import LabelClass
from consistency.model import BBox
from consistency.words import Line, Word


def _line(*words: tuple[str, float], top: float) -> Line:
    return Line(tuple(Word(t, BBox(x, top, x + 6 * len(t), top + 8)) for t, x in words))


def test_a_report_number_line_is_not_the_head_of_the_label_below_it() -> None:
    """OCR read the leader as a lone colon: "Test Report No. :  GTS..." over "EUT
    Description:" is a pair and a label, not one label wrapped over two lines."""
    lines = [
        _line(
            ("Test", 56), ("Report", 81), ("No.", 117), (":", 138), ("GTS7773450624", 226), top=102
        ),
        _line(("EUT", 57), ("Description:", 82), top=118),
        _line(("Tamsin", 68), ("Desk", 108), ("Fan", 136), top=132),
    ]
    names = [c for c in find_candidates(lines) if c.label_class == LabelClass.PRODUCT_NAME]
    assert [(c.label, c.value, c.relation) for c in names] == [
        ("EUT Description", "Tamsin Desk Fan", "below")
    ]


def test_a_label_wrapped_under_its_head_still_reads_its_value() -> None:
    """ "Sample  BT-1, BT-2" over "Model(规格型号)": the head names a field, the label goes on."""
    lines = [
        _line(("Sample", 56), ("BT-3615A3,", 266), ("BT-3615", 330), top=245),
        _line(("Model(规格型号)", 56), top=263),
    ]
    models = [c for c in find_candidates(lines) if c.label_class == LabelClass.MODEL_NUMBER]
    assert [(c.label, c.relation) for c in models] == [("Sample Model(规格型号)", "wrapped")]
