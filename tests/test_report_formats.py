"""The html, junit, sarif and markdown formats: goldens, escaping, validity, pictures."""

from __future__ import annotations

import base64
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import junitparser
import pytest
import sarif_pydantic
from PIL import Image

from consistency.config import Config
from consistency.model import BBox, Document, Evidence, FieldResult, Kind, Report
from consistency.registry import formatter
from consistency.report import html, junit, markdown, sarif
from consistency.report.diff import Segment, caret_line, highlight
from consistency.report.sarif import RuleInfo
from goldens import golden
from sample_reports import (
    LISTING,
    consistent_report,
    manifest,
    sample_report,
    write_report_pdf,
    write_sample_files,
)

PINNED_RULES = [
    RuleInfo("CR101", "model-number-mismatch", "A source shows a different model number."),
    RuleInfo("CR201", "manufacturer-mismatch", "A source names a different manufacturer."),
    RuleInfo("CR401", "field-missing", "A source that should show a field does not."),
]


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from an empty folder, so the golden report's relative paths name no real file."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def render(name: str, report: Report) -> str:
    if name == "sarif":
        log = sarif.build_log(report, rules=PINNED_RULES, version="0.0.0-test")
        return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
    return formatter(name)(report, Config())


FORMATS = {"html": "html", "junit": "xml", "sarif": "sarif.json", "markdown": "md"}
#: Every format has a golden file, the JSON machine contract and the text output included.
GOLDEN_FORMATS = FORMATS | {"json": "json", "text": "txt"}


@pytest.mark.parametrize("name", sorted(GOLDEN_FORMATS))
@pytest.mark.parametrize("which", ["mismatch", "consistent"])
def test_format_matches_golden(
    name: str, which: str, elsewhere: Path, update_goldens: bool
) -> None:
    """Every format renders the hand-made reports exactly as its reviewed golden file."""
    report = sample_report() if which == "mismatch" else consistent_report()
    golden(f"{which}.{GOLDEN_FORMATS[name]}", render(name, report), update_goldens)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_formats_are_registered_entry_points(name: str) -> None:
    """Each format is found through the consistency.formats entry-point group."""
    module = {"html": html, "junit": junit, "sarif": sarif, "markdown": markdown}[name]
    assert formatter(name) is module.render


# --- HTML --------------------------------------------------------------------------------


def test_html_escapes_every_input_string(elsewhere: Path) -> None:
    """A listing title with <script>, quotes and control characters is shown, never run."""
    page = html.render(sample_report(), Config())
    assert "<script" not in page
    assert "&lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt;" in page
    assert "&quot;Alexa&quot;" in page
    assert "\x00" not in page and "\x1b" not in page


def test_html_is_self_contained(elsewhere: Path) -> None:
    """No attribute points outside the page and a CSP forbids fetches and scripts."""
    page = html.render(sample_report(), Config())
    assert re.findall(r'(?:src|href)="(?!data:)', page) == []
    assert "url(" not in page and "@import" not in page
    assert "default-src &#x27;none&#x27;" in page


def decode_data_uri(uri: str) -> Image.Image:
    header, payload = uri.split(",", 1)
    assert header in ("data:image/png;base64", "data:image/jpeg;base64")
    return Image.open(io.BytesIO(base64.b64decode(payload)))


def test_html_crops_and_thumbnails_from_real_files(tmp_path: Path) -> None:
    """With real files, each located value gets a crop and each picture document a thumbnail."""
    write_sample_files(tmp_path)
    page = html.render(sample_report(tmp_path), Config())
    crops = re.findall(r'<img class="crop" src="(data:[^"]+)"', page)
    # report: product name, model, manufacturer; packaging: model (series values get none)
    assert len(crops) == 4
    pictures = [decode_data_uri(uri) for uri in crops]
    assert all(0 < p.width <= 520 and p.height > 10 for p in pictures)
    thumbs = re.findall(r'<figure class="doc"><img src="(data:[^"]+)"', page)
    assert len(thumbs) == 2  # the PDF and box.jpg; the listing and the broken photo get none
    assert decode_data_uri(thumbs[1]).format == "JPEG"


def test_html_crop_shows_the_value_region(tmp_path: Path) -> None:
    """The crop of the report's model is the page region around the printed model, outlined."""
    write_sample_files(tmp_path)
    images = html.PageImages()
    evidence = sample_report(tmp_path).field("model_number").values[1]
    picture = decode_data_uri(images.crop(evidence) or "").convert("RGB")
    # The red outline drawn around the value's box is there.
    colours = picture.getcolors(picture.width * picture.height) or []
    assert any(r > 200 and g < 80 and b < 80 for _, (r, g, b) in colours)
    # Rendered at 2x, the crop spans the margin plus the box: wider than the value itself.
    assert picture.width > (evidence.bbox.x1 - evidence.bbox.x0) * 2  # type: ignore[union-attr]


def hostile_report(tmp_path: Path) -> Report:
    encrypted = tmp_path / "encrypted.pdf"
    encrypted.write_bytes(b"%PDF-1.7\n1 0 obj<</Encrypt 2 0 R>>endobj\ntrailer<</Root 1 0 R>>")
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 truncated")
    evidence = [
        Evidence(
            field="model_number",
            raw="A-1",
            normalised="A1",
            source="test_report",
            file=str(path),
            extractor="test",
            page=page,
            bbox=bbox,
            page_size=(595.0, 842.0),
        )
        for path, page, bbox in [
            (encrypted, 1, BBox(10, 10, 50, 20)),
            (broken, None, BBox(10, 10, 50, 20)),
            (tmp_path / "missing.pdf", 3, BBox(10, 10, 50, 20)),
            (tmp_path / "Test_Report.pdf", 99, BBox(10, 10, 50, 20)),  # no such page
            (tmp_path / "Test_Report.pdf", 1, BBox(9000, 9000, 9100, 9100)),  # off the page
            (tmp_path / "Test_Report.pdf", 1, BBox(-50, -50, -10, -10)),
        ]
    ]
    return Report(
        fields=[FieldResult("model_number", "consistent", evidence)],
        findings=[],
        documents=[
            Document(encrypted, Kind.TEST_REPORT),
            Document(broken, Kind.PRODUCT),
            Document(tmp_path / "missing.pdf", Kind.TEST_REPORT),
        ],
    )


def test_html_survives_unreadable_documents_and_bad_boxes(tmp_path: Path) -> None:
    """Missing, encrypted or corrupt files and boxes off the page only lose their pictures."""
    write_sample_files(tmp_path)
    page = html.render(hostile_report(tmp_path), Config())
    assert page.count('<div class="value">A-1') == 6
    assert 'class="crop"' not in page
    assert page.count('<div class="placeholder">') == 3


# --- JUnit -------------------------------------------------------------------------------


def test_junit_is_valid_xml_with_one_case_per_field_and_document(elsewhere: Path) -> None:
    """JUnit parses, has a test case per field and document, and fails the erroring ones."""
    text = junit.render(sample_report(), Config())
    root = ET.fromstring(text.encode("utf-8"))
    cases = root.findall("./testsuite/testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        ("HX-2041", "product_name"),
        ("HX-2041", "model_number"),
        ("HX-2041", "manufacturer"),
        ("HX-2041", "document listing_export.txt"),
        ("HX-2041", "document Test_Report.pdf"),
        ("HX-2041", "document box.jpg"),
        ("HX-2041", "document product.jpg"),
    ]
    failed = {c.get("name"): c.find("failure") for c in cases if c.find("failure") is not None}
    assert set(failed) == {"model_number", "document product.jpg"}
    assert failed["model_number"].get("type") == "CR101"  # type: ignore[union-attr]
    assert "XK-2014B" in failed["model_number"].get("message", "")  # type: ignore[union-attr]
    assert root.get("tests") == "7" and root.get("failures") == "2"


def test_junit_reads_in_a_ci_consumer(elsewhere: Path, tmp_path: Path) -> None:
    """junitparser, as CI tools use it, reads the suite, its failures and their messages."""
    path = tmp_path / "consistency.xml"
    path.write_text(junit.render(sample_report(), Config()), encoding="utf-8")
    xml = junitparser.JUnitXml.fromfile(str(path))
    suites = list(xml)
    assert len(suites) == 1 and suites[0].tests == 7 and suites[0].failures == 2
    results = {case.name: case.result for case in suites[0]}
    model_failure = results["model_number"][0]
    assert isinstance(model_failure, junitparser.Failure)
    assert model_failure.type == "CR101"
    assert "Ask the lab to correct" in (model_failure.text or "")
    assert results["product_name"] == []


@pytest.mark.parametrize(
    "text", ["\x00\x01\x0b\x1f", "\ud800 lone surrogate", "\ufffe\uffff", "]]>"]
)
def test_junit_stays_valid_xml_under_any_input_text(text: str) -> None:
    """Characters XML 1.0 forbids are dropped, so a hostile value cannot break the file."""
    evidence = Evidence(
        field="product_name",
        raw=f"Plug {text}",
        normalised="plug",
        source="listing",
        file=f"list{text}.csv",
        extractor="test",
    )
    report = Report(
        fields=[FieldResult("product_name", "consistent", [evidence])],
        findings=[],
        documents=[],
        sku=f"SKU{text}",
    )
    rendered = junit.render(report, Config())
    root = ET.fromstring(rendered.encode("utf-8", "surrogatepass"))
    assert root.find("./testsuite/testcase").get("classname").startswith("SKU")  # type: ignore[union-attr]


def test_junit_many_reports_make_one_suite_each(elsewhere: Path) -> None:
    """A catalogue run renders one suite per SKU with totals on the root."""
    root = ET.fromstring(junit.render_many([sample_report(), consistent_report()]))
    assert [s.get("name") for s in root] == ["consistency: HX-2041", "consistency: HX-2041"]
    assert root.get("tests") == "11" and root.get("failures") == "2"


# --- SARIF -------------------------------------------------------------------------------


def test_sarif_has_the_essential_2_1_0_structure(elsewhere: Path) -> None:
    """The log validates against a SARIF 2.1.0 object model and links results to rules."""
    log = json.loads(sarif.render(sample_report(), Config()))
    sarif_pydantic.Sarif.model_validate(log)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert ids == sorted(set(ids))
    assert all(r["shortDescription"]["text"] for r in rules)
    assert [r["ruleId"] for r in run["results"]] == ["CR101", "CR201", "CR501"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        assert result["message"]["text"]
        for location in result["locations"]:
            assert location["physicalLocation"]["artifactLocation"]["uri"]
    pdf_location = run["results"][0]["locations"][1]
    assert pdf_location["physicalLocation"]["artifactLocation"]["uri"] == "HX-2041/Test_Report.pdf"
    assert pdf_location["properties"]["page"] == 1
    assert "Fix: Ask the lab" in run["results"][0]["message"]["text"]


def test_sarif_rules_come_from_the_installed_rules() -> None:
    """tool.driver.rules lists every installed rule with its docstring's first line."""
    from consistency.registry import rules

    infos = {r.code: r for r in sarif.installed_rules()}
    for rule in rules():
        assert infos[rule.code].name == rule.name
        assert infos[rule.code].description == (rule.__doc__ or "").strip().splitlines()[0]


def test_sarif_uri_of_absolute_paths_is_a_file_uri() -> None:
    """Absolute paths become file:// URIs and odd characters are percent-encoded."""
    assert sarif.artifact_uri("/cases/HX 1/report#2.pdf") == "file:///cases/HX%201/report%232.pdf"
    assert sarif.artifact_uri("HX 1/a.pdf") == "HX%201/a.pdf"


# --- Markdown ----------------------------------------------------------------------------


def unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def test_markdown_escapes_table_code_html_and_link_syntax(elsewhere: Path) -> None:
    """A hostile title cannot add table cells, code spans, HTML or links."""
    text = markdown.render(sample_report(), Config())
    table = [line for line in text.splitlines() if line.startswith("| ")]
    assert len({unescaped_pipes(line) for line in table}) == 1
    assert "<script>" not in text and r"\<script\>" in text
    # Backslash escapes, never HTML entities: pasted as plain text, an appeal note reads right.
    assert "&lt;" not in text and "&amp;" not in text
    assert r"\`rm -rf\`" in text
    assert r"\[click\](http://evil.example)" in text
    assert "](" not in text.replace(r"\](", "")


def test_markdown_marks_differing_characters_in_bold(elsewhere: Path) -> None:
    """The report's XK-2014B shows its differing character in bold against XK-2041B."""
    text = markdown.render(sample_report(), Config())
    assert "XK-201**4**B" in text
    assert "Shenzhen Huaxin**g** Technology" in text


# --- character diff ----------------------------------------------------------------------


def test_highlight_ignores_what_the_normaliser_dropped() -> None:
    """Hyphens and case never show as differences; swapped digits do."""
    assert highlight("xk-2041 b", "XK2041B", "XK2041B") == [Segment("xk-2041 b", False)]
    assert highlight("XK-2014B", "XK2014B", "XK2041B") == [
        Segment("XK-201", False),
        Segment("4", True),
        Segment("B", False),
    ]
    assert caret_line("XK-2041C", "XK2041C", "XK2041B") == "       ^"


def test_highlight_projects_full_width_characters() -> None:
    """Full-width characters fold to their ASCII forms, so only the real difference shows."""
    segments = highlight("ＸＫ-２０４１Ｂ", "XK2041B", "XK2041C")
    assert [s.text for s in segments if s.differs] == ["Ｂ"]


def test_highlight_falls_back_when_normalised_is_not_a_subsequence() -> None:
    """A normaliser that rewrites the value (a translation) falls back to the printed value."""
    segments = highlight("Huaxin Co.", "huaxin company", "huaxing company")
    assert "".join(s.text for s in segments) == "Huaxin Co."
    assert highlight("", "", "X") == []


# --- end to end through the CLI ---------------------------------------------------------


@pytest.fixture
def real_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A case folder with a real CSV listing and a real text-layer PDF whose model differs."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "listing.csv").write_text(LISTING, encoding="utf-8")
    write_report_pdf(tmp_path / "HX-2" / "Test_Report.pdf", "XK-2014C")
    (tmp_path / "HX-2" / "consistency.toml").write_text(manifest("HX-2"), encoding="utf-8")
    return tmp_path / "HX-2"


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_cli_writes_each_format_from_the_real_pipeline(
    name: str, real_case: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """consistency-report CASE --format NAME --output FILE exits 1 and writes a valid file."""
    from consistency.cli import main

    out = real_case.parent / f"report.{FORMATS[name]}"
    assert main(["HX-2", "--format", name, "--output", str(out)]) == 1
    text = out.read_text(encoding="utf-8")
    if name == "junit":
        failing = ET.fromstring(text).find(".//testcase[@name='model_number']/failure")
        assert failing is not None and failing.get("type") == "CR101"
    elif name == "sarif":
        log = json.loads(text)
        sarif_pydantic.Sarif.model_validate(log)
        assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["CR101", "CR705"]
    elif name == "html":
        assert text.count('<img class="crop" src="data:image/png;base64,') == 3
        assert '<mark class="diff">4</mark>' in text
    else:
        assert "XK-201**4**C" in text


REAL = Path(__file__).resolve().parents[2] / "shared" / "real-reports"


@pytest.mark.real
@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real-reports is not present")
@pytest.mark.slow
def test_html_crops_the_real_report_where_the_values_were_read() -> None:
    """On a real lab report (dotted leaders, 'Same as applicant'), each value gets its crop."""
    import consistency
    from consistency.model import Document

    pdf = REAL / "reports" / "htw_iec62368_trf_CHESTER_CHTSE22060159.pdf"
    report = consistency.check([Document(pdf, "test_report")])
    page = html.render(report, Config())
    crops = re.findall(r'<img class="crop" src="(data:image/png;base64,[^"]+)"', page)
    located = [e for row in report.fields for e in row.values if e.bbox and e.role == "main"]
    assert len(crops) == len(located) >= 3
    assert all(decode_data_uri(uri).width > 100 for uri in crops)
    assert "HARDWARIO a.s." in page and "CHESTER" in page
