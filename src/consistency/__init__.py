"""`consistency`: check that an appeal package names one product, one model, one maker.

The public API::

    import consistency
    report = consistency.check("catalogue/HX-2041")          # a case folder or manifest
    report = consistency.check([consistency.Document("listing.xlsx", "listing"),
                                consistency.Document("report.pdf", "test_report")], sku="HX-2041")
    report.ok, report.field("model_number").status
    consistency.extract("report.pdf", "test_report")   # -> list[Evidence]
    for result in consistency.check_many(folders): ...

The names below are loaded on first use (PEP 562): every `consistency.*` import runs
this file first, and the command line's `--help` must not pay for the engines that
`check` and `check_many` bring in.
"""

from __future__ import annotations

import importlib

# Load the `extract` subpackage now and drop the name it binds here, so that
# `consistency.extract` is the function of `_HOMES`, whenever the subpackage is imported.
import consistency.extract as _extract_package  # noqa: F401

del extract  # noqa: F821

#: The package version (pyproject.toml reads it from here: `[tool.setuptools.dynamic]`).
__version__ = "0.1.0"

# `typing` costs as much to import as the rest of `--help`; mypy reads this name as true.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Any

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

#: Where each public name lives.
_HOMES = {
    "CaseResult": "consistency.batch",
    "check_many": "consistency.batch",
    "Config": "consistency.config",
    "ConfigError": "consistency.errors",
    "ConsistencyError": "consistency.errors",
    "DocumentError": "consistency.errors",
    "UsageError": "consistency.errors",
    **dict.fromkeys(
        (
            "BBox",
            "Case",
            "Comparison",
            "Document",
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
        ),
        "consistency.model",
    ),
    "check": "consistency.pipeline",
    "extract": "consistency.pipeline",
}

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


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use, then keep it here."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'consistency' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
