"""The `sarif` format: SARIF 2.1.0, as code-scanning dashboards and linters' users expect.

`tool.driver.rules` lists the installed rules (code, name, first docstring line); each
finding is a result with its rule, level, message (fix included) and the locations of
its evidence.  A PDF has no lines, so a PDF location carries its page and box in the
location's `properties` rather than a textual region; a listing cell carries its
locator the same way.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import metadata
from pathlib import PurePath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import attrs

from consistency.i18n import translator
from consistency.model import Evidence, Finding, Report, Severity
from consistency.report.labels import Translate

if TYPE_CHECKING:
    from consistency.config import Config

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


@attrs.frozen
class RuleInfo:
    """What SARIF says about a rule: its code, slug, one-line description, default level."""

    code: str
    name: str
    description: str
    severity: Severity = Severity.ERROR


def installed_rules() -> list[RuleInfo]:
    """The rules registered in the `consistency.rules` entry-point group."""
    from consistency.errors import ConsistencyError
    from consistency.registry import rules

    try:
        classes = rules()
    except ConsistencyError:  # a broken plugin: its findings still get ad-hoc rule entries
        return []
    infos = []
    for rule in classes:
        doc = (rule.__doc__ or "").strip().splitlines()
        infos.append(
            RuleInfo(rule.code, rule.name, doc[0].strip() if doc else rule.name, rule.severity)
        )
    return infos


def _version() -> str:
    try:
        return metadata.version("consistency")
    except metadata.PackageNotFoundError:
        return "0"


def render(report: Report, config: Config) -> str:
    """One report as a SARIF 2.1.0 log (JSON text)."""
    log = build_log(report, rules=installed_rules(), version=_version(), lang=config.lang)
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def artifact_uri(file: str) -> str:
    """A URI for a document: `file://` for absolute paths, relative and %-encoded otherwise."""
    path = PurePath(file)
    if path.is_absolute():
        return "file://" + quote(path.as_posix())
    return quote(path.as_posix())


def _location(evidence: Evidence | None, file: str, _: Translate) -> dict[str, Any]:
    location: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": {"uri": artifact_uri(file)}}
    }
    if evidence is None:
        return location
    properties: dict[str, Any] = {"source": evidence.source.value}
    if evidence.page is not None:
        properties["page"] = evidence.page
    if evidence.bbox is not None:
        properties["bbox"] = evidence.bbox.as_list()
    if evidence.locator:
        properties["locator"] = evidence.locator
    if evidence.label:
        properties["label"] = evidence.label
    properties["value"] = evidence.raw
    location["message"] = {"text": f"{_(evidence.source.value)}: {evidence.raw}"}
    location["properties"] = properties
    return location


def _result(finding: Finding, index: dict[str, int], _: Translate) -> dict[str, Any]:
    text = (
        _("{message} Fix: {fix}").format(message=finding.message, fix=finding.fix)
        if finding.fix
        else finding.message
    )
    locations = [_location(e, e.file, _) for e in finding.evidence]
    if not locations and finding.file:
        locations = [_location(None, finding.file, _)]
    properties: dict[str, Any] = {}
    if finding.field is not None:
        properties["field"] = finding.field.value
    if finding.source is not None:
        properties["source"] = finding.source.value
    if finding.fix:
        properties["fix"] = finding.fix
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": LEVELS[finding.severity],
        "message": {"text": text},
        "locations": locations,
    }
    if properties:
        result["properties"] = properties
    return result


def build_log(
    report: Report, *, rules: Sequence[RuleInfo], version: str, lang: str = "en"
) -> dict[str, Any]:
    """The SARIF log as a dict; `rules` and `version` are explicit so tests can pin them.

    Result and location messages are in `lang`; rule ids, names and descriptions are not.
    """
    _ = translator(lang)
    known = {r.code: r for r in rules}
    for finding in report.findings:  # a finding from a rule not installed here still gets one
        if finding.code not in known:
            known[finding.code] = RuleInfo(
                finding.code, finding.name, finding.name, finding.severity
            )
    ordered = sorted(known.values(), key=lambda r: r.code)
    index = {r.code: i for i, r in enumerate(ordered)}
    driver = {
        "name": "consistency",
        "version": version,
        "rules": [
            {
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.description},
                "defaultConfiguration": {"level": LEVELS[r.severity]},
            }
            for r in ordered
        ],
    }
    files = sorted({str(d.path) for d in report.documents})
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "artifacts": [{"location": {"uri": artifact_uri(f)}} for f in files],
        "results": [_result(f, index, _) for f in report.findings],
        "properties": {
            "sku": report.sku,
            "ok": report.ok,
            "checklist": [
                {"item": i.item, "state": i.state, "why": i.why, "codes": list(i.codes)}
                for i in report.checklist
            ],
        },
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
