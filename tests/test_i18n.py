"""Reports in Simplified Chinese (issue 13): complete catalogue, no English left, same verdict.

The leak test renders every rule's Bad case with `lang = "zh"` in every human format and
removes what is never translated (document values and their words, file names, rule codes
and names, format syntax, the few acronyms Chinese text uses as they are); no English word
may remain.  Goldens pin one package's Chinese output per format.
"""

from __future__ import annotations

import html as html_lib
import importlib.util
import io
import json
import re
import shutil
import string
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from PIL import Image

from consistency.batch.results import CaseResult, Outcome
from consistency.cli import main
from consistency.config import Config
from consistency.i18n import LOCALE_DIR, translator
from consistency.model import COMPARED_FIELDS, Comparison, Level, Report
from consistency.pipeline import field_result
from consistency.pytest_plugin import assert_consistent
from consistency.registry import formatter, rules
from consistency.report import batch_summary, sarif
from consistency.report import json as json_format
from consistency.rules import run_rules
from consistency.rules.cases import RuleCase, build
from consistency.rules.checklist import readiness_checklist
from consistency.rules.context import CheckContext
from goldens import golden
from sample_reports import LISTING, manifest, write_report_pdf

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "consistency.po"
HUMAN_FORMATS = ("text", "markdown", "html", "junit", "sarif")
#: Words Chinese compliance text writes as they are: file formats, OCR, the tool's own name.
KEPT_AS_IS = frozenset(
    {"pdf", "jpeg", "jpg", "png", "csv", "xlsx", "ocr", "consistency", "sku"}
    # the regulation and the codes Chinese compliance text writes in Latin letters
    | {"gpsr", "gtin", "upc", "ean", "gs", "iec", "iso", "etsi"}
)
#: Syntax a user types (a CLI flag, a config table, a manifest key): shown as written.
TYPED_SYNTAX = re.compile(
    r"--[a-z-]+|\[tool\.consistency[.a-z]*\]|component = \[\.\.\.\]"
    r"|\b[a-z]+(?:[._][a-z0-9]+)+\b"  # a configuration key or listing column (snake_case)
    r"|\b[a-z_]+ = "  # a configuration key being set (marketplace = )
    r"|\b[A-Z]{2}\b"  # a country or marketplace code (CN, DE, EU)
    r"|\(ed\. \d+\)"  # a standard's edition, as the standards table writes it
)
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")

BAD_CASES = [
    pytest.param(case, id=f"{rule.code}-{i}")
    for rule in rules()
    for i, case in enumerate(getattr(rule, "cases", ()))
    if case.verdict == "bad"
]
ALL_CASES = [
    pytest.param(case, id=f"{rule.code}-{case.verdict}-{i}")
    for rule in rules()
    for i, case in enumerate(getattr(rule, "cases", ()))
]


def report_of(context: CheckContext) -> Report:
    """The report `pipeline.check` would make from this context (no file is read)."""
    findings = run_rules(context, context.config)
    rows = tuple(
        field_result(context.analysis[field], findings, context.config) for field in COMPARED_FIELDS
    )
    return Report(
        fields=rows,
        findings=tuple(findings),
        documents=context.documents,
        sku=None,
        evidence=context.evidence,
        unused=context.unused,
        checklist=readiness_checklist(context),
    )


def render(name: str, report: Report, config: Config) -> str:
    if name == "sarif":  # pinned rule list and version: the golden does not follow installs
        log = sarif.build_log(report, rules=[], version="0.0.0-test", lang=config.lang)
        return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
    return formatter(name)(report, config)


# --- the catalogue -----------------------------------------------------------------------


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_msgid_has_a_chinese_translation() -> None:
    """No empty msgstr; a translation uses only its msgid's placeholders and keeps rule codes."""
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="zh_Hans")
    messages = [m for m in catalogue if m.id]
    assert len(messages) > 100
    for message in messages:
        assert isinstance(message.id, str) and isinstance(message.string, str)
        assert message.string, f"untranslated: {message.id!r}"
        assert _placeholders(message.string) <= _placeholders(message.id), message.id
        assert re.findall(r"CR\d{3}", message.string) == re.findall(r"CR\d{3}", message.id)


def test_catalogue_is_current() -> None:
    """The .po holds exactly the msgids in the code and the .mo is compiled from it."""
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0


def test_translator_uses_the_compiled_catalogue() -> None:
    """`translator("zh")` reads the shipped .mo; English is the msgid itself."""
    assert translator("zh")("model number") == "型号"
    assert translator("zh")("mismatch") == "不一致"
    assert translator("en")("model number") == "model number"


def test_a_comparison_explains_itself_in_the_output_language() -> None:
    """`why` stays English (JSON); `explain` fills the translated msgid with the same values."""
    comparison = Comparison.because(
        Level.DIFFERENT,
        40.0,
        "letters or digits differ ({a} vs {b}); every character of a model counts",
        a="XK2041B",
        b="XK2014B",
    )
    assert comparison.why == (
        "letters or digits differ (XK2041B vs XK2014B); every character of a model counts"
    )
    assert comparison.explain(translator("en")) == comparison.why
    assert comparison.explain(translator("zh")) == (
        "字母或数字不同（XK2041B 与 XK2014B）；型号的每个字符都必须一致"
    )


# --- no English left ---------------------------------------------------------------------


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, Mapping):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


#: Tags inside a run of text (a value's differing characters are marked): removed, not spaced.
INLINE_TAGS = re.compile(r"</?(?:mark|strong|em|b|span)\b[^>]*>")


def human_text(name: str, rendered: str) -> str:
    """The sentences a person reads in a rendered report, without the format's syntax."""
    if name == "html":
        body = re.sub(r"<(style|script)\b.*?</\1>", " ", rendered, flags=re.S)
        body = re.sub(r"<code>.*?</code>", " ", body, flags=re.S)  # rule codes
        body = INLINE_TAGS.sub("", body)
        return html_lib.unescape(re.sub(r"<[^>]+>", " ", body))
    if name == "markdown":
        text = rendered.replace("**", "").replace("`", "")
        text = re.sub(r"\\(.)", r"\1", text)  # backslash escapes
        return re.sub(r"<[^>]+>", " ", text)  # <details>, <summary>, <br>
    if name == "junit":
        root = ET.fromstring(rendered)
        parts = [root.get("name", "")]
        for element in root.iter():
            if element.tag in ("failure",):
                parts.append(element.get("message", ""))
            parts.append(element.text or "")
        return "\n".join(parts)
    if name == "sarif":
        run = json.loads(rendered)["runs"][0]
        texts: list[str] = []
        for result in run["results"]:
            texts.append(result["message"]["text"])
            texts.extend(_strings(result.get("properties", {}).get("fix", "")))
            for location in result["locations"]:
                texts.extend(_strings(location.get("message", {})))
        return "\n".join(texts)
    return rendered


def leftover_english(text: str, context: CheckContext, report: Report) -> list[str]:
    """English words in `text` that are none of: document values (and their words), file
    names, rule codes and names, typed syntax, the kept acronyms."""
    # What documents say (and the readers' own reasons): removed, and so are their words,
    # which comparison reasons quote one by one ('kettle', 'huaxin').
    values: set[str] = set()
    for evidence in context.evidence:
        values |= {evidence.raw, evidence.normalised}
    values |= {error.reason for error in context.errors}
    values |= {line.text for reading in context.readings for line in reading.lines}
    values |= {reason for _, reason in context.unused}
    # Names: removed as wholes only, so a file called listing.csv hides no word "listing".
    names: set[str] = set()
    for document in context.documents:
        names |= {str(document.path), document.path.name}
    names |= {path for path, _ in context.unused} | {Path(p).name for p, _ in context.unused}
    for finding in report.findings:
        names |= {finding.code, finding.name}
    names |= {evidence.extractor for evidence in context.evidence}  # an engine's name
    for value in sorted(values | names, key=len, reverse=True):
        if value:
            text = text.replace(value, " ")
    text = TYPED_SYNTAX.sub(" ", text)
    value_words = {word.lower() for value in values for word in ENGLISH_WORD.findall(value)}
    return [
        word
        for word in ENGLISH_WORD.findall(text)
        if word.lower() not in value_words and word.lower() not in KEPT_AS_IS
    ]


@pytest.mark.parametrize("name", HUMAN_FORMATS)
@pytest.mark.parametrize("case", ALL_CASES)
def test_no_english_left_in_chinese_output(
    case: RuleCase, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every rule's Bad case (and Good case: the passing verdicts), rendered in Chinese:
    only values, names and codes stay Latin."""
    monkeypatch.chdir(tmp_path)  # the case's relative file names name no real file
    config = Config(lang="zh")
    context = build(case.package, config)
    report = report_of(context)
    assert bool(report.findings) or case.verdict == "good"
    text = human_text(name, render(name, report, config))
    assert re.search(r"[\u4e00-\u9fff]", text) or (name == "sarif" and not report.findings)
    assert leftover_english(text, context, report) == []


@pytest.mark.parametrize("case", BAD_CASES)
def test_json_keeps_its_contract_and_carries_chinese_messages(case: RuleCase) -> None:
    """JSON keys, statuses and codes are the English ones; `message` and `fix` are Chinese."""
    english = json.loads(json_format.render(report_of(build(case.package)), Config()))
    config = Config(lang="zh")
    chinese = json.loads(json_format.render(report_of(build(case.package, config)), config))

    def shape(node: Any) -> Any:
        if isinstance(node, Mapping):
            return {key: shape(value) for key, value in node.items()}
        if isinstance(node, list):
            return [shape(value) for value in node]
        return type(node).__name__

    assert shape(english) == shape(chinese)
    for en, zh in zip(english["findings"], chinese["findings"], strict=True):
        assert (en["code"], en["severity"], en.get("field")) == (
            zh["code"],
            zh["severity"],
            zh.get("field"),
        )
        assert re.search(r"[\u4e00-\u9fff]", zh["message"]), zh["message"]
        if zh.get("fix"):
            assert re.search(r"[\u4e00-\u9fff]", zh["fix"]), zh["fix"]
    statuses = {name: row["status"] for name, row in chinese["fields"].items()}
    assert statuses == {name: row["status"] for name, row in english["fields"].items()}
    assert set(statuses.values()) <= {"consistent", "mismatch", "missing", "unverified"}


@pytest.mark.parametrize("case", ALL_CASES)
def test_same_statuses_and_verdict_in_both_languages(case: RuleCase) -> None:
    """The language changes words only: statuses, codes, severities and the exit code agree."""
    english = report_of(build(case.package, Config()))
    chinese = report_of(build(case.package, Config(lang="zh")))
    assert [(r.field, r.status) for r in english.fields] == [
        (r.field, r.status) for r in chinese.fields
    ]
    assert [(f.code, f.severity, f.field) for f in english.findings] == [
        (f.code, f.severity, f.field) for f in chinese.findings
    ]
    assert english.ok == chinese.ok


# --- goldens -----------------------------------------------------------------------------

#: One package with a model mismatch (and a series), a manufacturer only in Chinese on the
#: report, and a packaging photo: the Chinese goldens show every part of a report.
GOLDEN_PACKAGE: Mapping[str, Any] = {
    "listing": {
        "product_name": "VOLTARA 1.7L Electric Kettle",
        "model_number": "XK-2041B",
        "manufacturer": "Shenzhen Huaxin Technology Co., Ltd.",
    },
    "test_report": {
        "product_name": "Electric Kettle",
        "model_number": ["XK-2014B", "XK-2041C"],
        "manufacturer": "深圳华信科技有限公司",
        "labels": {"model_number": "型号/Model", "manufacturer": "制造商/Manufacturer"},
    },
    "packaging": {"model_number": "XK-2041B"},
}
GOLDEN_NAMES = {
    "text": "txt",
    "markdown": "md",
    "html": "html",
    "junit": "xml",
    "sarif": "sarif.json",
    "json": "json",
}


@pytest.mark.parametrize("name", sorted(GOLDEN_NAMES))
def test_chinese_output_matches_golden(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, update_goldens: bool
) -> None:
    """Each format renders the golden package in Chinese exactly as its reviewed file."""
    monkeypatch.chdir(tmp_path)
    config = Config(lang="zh")
    report = report_of(build(GOLDEN_PACKAGE, config))
    golden(f"mismatch.zh.{GOLDEN_NAMES[name]}", render(name, report, config), update_goldens)


# --- end to end: the command line, the browser, batch summaries, the pytest plugin --------

EXAMPLE = ROOT / "fixtures" / "example"


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "junit", "sarif"])
def test_command_line_gives_the_same_exit_code_and_statuses_in_chinese(
    fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The bundled example (a real PDF, a model digit swap) exits 1 in both languages."""
    assert main([str(EXAMPLE), "--format", "json"]) == 1
    english = json.loads(capsys.readouterr().out)
    assert main([str(EXAMPLE), "--format", fmt, "--lang", "zh"]) == 1
    out = capsys.readouterr().out
    assert "型号" in out or fmt == "json"
    if fmt == "json":
        chinese = json.loads(out)
        assert {k: v["status"] for k, v in chinese["fields"].items()} == {
            k: v["status"] for k, v in english["fields"].items()
        }
        assert [f["code"] for f in chinese["findings"]] == [f["code"] for f in english["findings"]]
        assert all(re.search(r"[\u4e00-\u9fff]", f["message"]) for f in chinese["findings"])
    if fmt == "text":
        assert "型号: 不一致" in out and "CR101" in out


def test_chinese_config_file_gives_chinese_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`lang = "zh"` in the configuration file works like --lang zh."""
    config = tmp_path / "consistency.toml"
    config.write_text('lang = "zh"\n', encoding="utf-8")
    assert main([str(EXAMPLE), "--config", str(config)]) == 1
    assert "型号: 不一致" in capsys.readouterr().out


CHROMIUM = next(
    (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))),
    None,
)


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary on this machine")
@pytest.mark.slow
def test_chromium_renders_the_chinese_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Headless Chromium draws the Chinese page to a screenshot without an error, and the
    page's DOM holds the Chinese verdict, field names, statuses and fix (no pixel test)."""
    assert CHROMIUM is not None
    monkeypatch.chdir(tmp_path)
    config = Config(lang="zh")
    page = tmp_path / "report.html"
    page.write_text(render("html", report_of(build(GOLDEN_PACKAGE, config)), config), "utf-8")
    common = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--host-resolver-rules=MAP * ~NOTFOUND",
    ]
    shot = tmp_path / "shot.png"
    subprocess.run(
        [*common, f"--screenshot={shot}", "--window-size=1200,1600", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    with Image.open(shot) as image:
        assert image.size == (1200, 1600)
        darkest, lightest = image.convert("L").getextrema()
        assert darkest < lightest  # something was drawn
    dom = subprocess.run(
        [*common, "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert '<html lang="zh-Hans">' in dom
    for words in ("不一致", "型号", "制造商", "产品名称", "检测报告", "建议修改", "缺失"):
        assert words in dom, words
    assert "深圳华信科技有限公司" in dom  # a value from a document, as printed


def _outcome(index: int, package: Mapping[str, Any], config: Config) -> Outcome:
    report = report_of(build(package, config))
    return Outcome(
        CaseResult(sku=f"SKU-{index}", path=Path(f"case{index}"), report=report, index=index)
    )


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_batch_summary_in_chinese(fmt: str, tmp_path: Path) -> None:
    """The catalogue summary's words are Chinese; SKUs, codes and CSS classes are not."""
    config = Config(lang="zh")
    stream = io.StringIO()
    output = tmp_path / "site" if fmt == "html" else None
    summary = batch_summary.writer(fmt, output, stream, config)
    totals = batch_summary.Totals()
    consistent = {
        "listing": {"model_number": "XK-2041B"},
        "test_report": {"model_number": "XK-2041B"},
    }
    for index, package in enumerate([GOLDEN_PACKAGE, consistent]):
        outcome = _outcome(index, package, config)
        totals.add(outcome.result)
        summary.add(outcome)
    summary.finish(totals)
    summary.close()
    text = stream.getvalue() if output is None else (output / "index.html").read_text("utf-8")
    assert "共 2 个案例：0 个一致" in text
    assert "结论" in text and "不一致" in text and "型号" in text
    assert "SKU-0" in text and "CR101" in text
    if fmt == "html":
        assert '<html lang="zh-Hans">' in text and "批量检查" in text
        assert '<td class="mismatch">不一致</td>' in text
    leftover = re.sub(r"<style>.*?</style>", " ", text, flags=re.S)
    leftover = re.sub(r"<[^>]+>|SKU-\d|CR\d{3}|case\d(?:\.html)?|consistency", " ", leftover)
    # The first error's message quotes values and files (the leak test covers messages).
    leftover = re.sub(
        r"&#x27;.*?&#x27;|'[^']*'|\([^)]*\.(?:pdf|csv|jpg)[^)]*\)|XK\d+[A-Z]?", " ", leftover
    )
    assert [w for w in ENGLISH_WORD.findall(leftover) if w.lower() not in KEPT_AS_IS] == []


def test_pytest_plugin_failure_text_in_chinese() -> None:
    """`assert_consistent(report, lang="zh")` fails with a Chinese per-field diff."""
    config = Config(lang="zh")
    report = report_of(build(GOLDEN_PACKAGE, config))
    with pytest.raises(AssertionError) as failure:
        assert_consistent(report, lang="zh")
    text = str(failure.value)
    assert text.startswith("consistency：本材料包 共有 2 个问题；2 个字段不一致")
    assert "型号: 不一致" in text and "（基准）" in text and "建议修改：" in text
    assert "检测报告" in text and "XK-2014B" in text


def test_pytest_case_items_fail_in_chinese(pytester: pytest.Pytester) -> None:
    """`--consistency-lang zh`: a failing case item's report and a broken case's line are
    Chinese; the outcomes are those of an English run."""
    root = pytester.path / "catalogue"
    root.mkdir()
    (root / "listing.csv").write_text(LISTING, encoding="utf-8")
    write_report_pdf(root / "HX-2" / "Test_Report.pdf", "XK-2014C")
    (root / "HX-2" / "consistency.toml").write_text(manifest("HX-2"), encoding="utf-8")
    (root / "HX-3").mkdir()
    (root / "HX-3" / "consistency.toml").write_text(manifest("HX-3"), encoding="utf-8")
    quiet = ("-p", "no:hypothesispytest", "-p", "no:cacheprovider")
    english = pytester.runpytest(*quiet, "--consistency", "catalogue")
    chinese = pytester.runpytest(*quiet, "--consistency", "--consistency-lang", "zh", "catalogue")
    english.assert_outcomes(failed=2)
    chinese.assert_outcomes(failed=2)
    output = chinese.stdout.str()
    assert "型号: 不一致" in output and "建议修改" in output
    assert "案例 catalogue/HX-3：无法检查：" in output
