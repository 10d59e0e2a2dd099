"""`consistency`: check that an appeal package names one product, one model, one maker.

The public API::

    import consistency
    report = consistency.check([consistency.Document("listing.xlsx", "listing"),
                                consistency.Document("report.pdf", "test_report")], sku="HX-2041")
    report.ok, report.field("model_number").status
    consistency.extract("report.pdf", "test_report")   # -> list[Evidence]
"""

from __future__ import annotations

# Load the `extract` subpackage first: importing it later would rebind the name
# `consistency.extract` from the function to the subpackage.
import consistency.extract as _extract_package  # noqa: F401
from consistency.batch import CaseResult, check_many
from consistency.config import Config
from consistency.errors import ConfigError, ConsistencyError, DocumentError, UsageError
from consistency.model import (
    BBox,
    Case,
    Comparison,
    Document,
    Evidence,
    Field,
    FieldResult,
    Finding,
    Kind,
    Level,
    Report,
    Role,
    Severity,
    Status,
)
from consistency.pipeline import check, extract

__all__ = [
    "BBox",
    "Case",
    "CaseResult",
    "Comparison",
    "Config",
    "ConfigError",
    "ConsistencyError",
    "Document",
    "DocumentError",
    "Evidence",
    "Field",
    "FieldResult",
    "Finding",
    "Kind",
    "Level",
    "Report",
    "Role",
    "Severity",
    "Status",
    "UsageError",
    "check",
    "check_many",
    "extract",
]
