"""The JSON output: the machine contract (schema in docs/json-schema.md)."""

from __future__ import annotations

import json

from consistency.config import Config
from consistency.model import Report

#: 2: statuses gain "unverified"; fields carry witnesses, reasons, discounted, odd_one_out;
#: evidence carries how_read, relation and score; documents carry component; "unused".
SCHEMA_VERSION = 2


def render(report: Report, config: Config) -> str:
    """`Report.to_record()` as indented JSON, with a schema version."""
    record = {"schema_version": SCHEMA_VERSION, **report.to_record()}
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"
