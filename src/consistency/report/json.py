"""The JSON output: the machine contract (schema in docs/json-schema.md)."""

from __future__ import annotations

import json

from consistency.config import Config
from consistency.model import Report

SCHEMA_VERSION = 1


def render(report: Report, config: Config) -> str:
    """`Report.to_record()` as indented JSON, with a schema version."""
    record = {"schema_version": SCHEMA_VERSION, **report.to_record()}
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"
