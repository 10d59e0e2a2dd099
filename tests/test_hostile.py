"""Broken, hostile and awkward inputs through the real CLI (issue 6).

The corpus is made by `fixtures/broken.py` into a temporary folder once per session.
Every run goes through `consistency.cli.main([...])` (and once through a subprocess)
and checks what a user sees: the exit code, one stderr line for usage errors, a CR501
finding naming the file and the reason in every output format, no traceback, and the
input files' bytes unchanged.
"""

from __future__ import annotations

import contextlib
import hashlib
import html.parser
import io
import json
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest

from consistency.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "fixtures"))
import broken

#: Broken documents and a phrase the CR501 message must hold (checked against the corpus).
BROKEN = {
    "empty.pdf": "empty",
    "empty listing.csv": "empty",
    "truncated.pdf": "truncated",
    "encrypted.pdf": "encrypted",
    "error_page.pdf": "html",
    "report_renamed.xlsx": "pdf",
    "zip_bomb.xlsx": "zip bomb",
    "binary.csv": "binary",
    "bomb.png": "decompression bomb",
    "truncated.jpg": "truncated",
    "photo_renamed.pdf": "not a listing",
    "not_an_image.png": "not an image",
}
AWKWARD_LISTINGS = (
    "listing_utf_8_sig.csv",
    "listing_cp1252.csv",
    "listing_gb18030.csv",
    "listing_shift_jis.csv",
    "listing_utf_16.csv",
    "listing_crlf.txt",
    "listing with macro.xlsm",
    "wide sheet.xlsx",
    "商品 一覧 Übersicht.csv",
)
AWKWARD_REPORT_NAMES = (
    "test report (final) 2024.pdf",
    "Prüfbericht Gerät é.pdf",
    "检测报告 テスト.pdf",
)
AWKWARD_PHOTOS = ("label cmyk.jpg", "label_16bit.png", "label_alpha.png", "label_exif_rotated.jpg")
FORMATS = ("text", "json", "junit", "sarif", "markdown", "html")


@attrs.frozen
class Run:
    """What one CLI run showed the user."""

    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        """The stdout parsed as JSON."""
        return json.loads(self.stdout)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> broken.Corpus:
    """The generated corpus plus a config that keeps OCR to one fast engine."""
    built = broken.build_corpus(tmp_path_factory.mktemp("hostile"))
    (built.root / "fast.toml").write_text(
        '[ocr]\nphoto_engines = ["tesseract"]\nlanguages = "eng"\n', encoding="utf-8"
    )
    return built


def _digests(paths: Sequence[Path]) -> dict[Path, str]:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths if p.is_file()}


def run_cli(argv: Sequence[str]) -> Run:
    """`consistency-report ARGV` in-process; asserts the inputs' bytes are unchanged."""
    inputs = [Path(a) for a in argv if not a.startswith("-") and Path(a).is_file()]
    before = _digests(inputs)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    assert _digests(inputs) == before, "an input file was modified"
    assert "Traceback" not in err.getvalue() + out.getvalue()
    return Run(code, out.getvalue(), err.getvalue())


def package_args(
    corpus: broken.Corpus,
    *extra: tuple[str, Path],
    fmt: str = "json",
    listing: Path | None = None,
    config: Path | None = None,
) -> list[str]:
    """Arguments checking the valid package plus `extra` (role, path) documents."""
    argv = [
        "--sku",
        broken.SKU,
        "--format",
        fmt,
        "--no-cache",
        "--config",
        str(config or corpus.root / "fast.toml"),
        "--listing",
        str(listing or corpus.listing),
    ]
    if listing is None or listing != corpus.listing:
        argv += ["--report", str(corpus.report)]
    for role, path in extra:
        argv += [f"--{role}", str(path)]
    return argv


def broken_args(corpus: broken.Corpus, name: str, fmt: str = "json") -> list[str]:
    """The valid package with the broken file `name` in its role (a listing replaces it)."""
    entry = corpus.entry(name)
    path = entry.path(corpus.root)
    if entry.role == "listing":
        return package_args(corpus, fmt=fmt, listing=path)
    return package_args(corpus, (entry.role, path), fmt=fmt)


def values_by_file(report: Any, field: str) -> dict[str, list[str]]:
    """Raw values of one field in a JSON report, by the file they were read from."""
    out: dict[str, list[str]] = {}
    for value in report["fields"][field]["values"]:
        out.setdefault(Path(value["file"]).name, []).append(value["value"])
    return out


# --- the corpus -----------------------------------------------------------------------------


@pytest.mark.slow
def test_the_corpus_holds_every_kind_this_file_checks(corpus: broken.Corpus) -> None:
    """The names tested here are exactly the corpus's broken and awkward entries."""
    assert sorted(e.name for e in corpus.broken()) == sorted(BROKEN)
    awkward = {e.name for e in corpus.awkward()}
    assert awkward == {
        *AWKWARD_LISTINGS,
        *AWKWARD_REPORT_NAMES,
        *AWKWARD_PHOTOS,
        "rotated page.pdf",
        "hostile title.csv",
    }


def test_the_bombs_are_real(corpus: broken.Corpus) -> None:
    """The PNG really declares 400 MP and the workbook really inflates past 512 MiB."""
    import zipfile

    from PIL import Image

    bomb = corpus.root / "bomb.png"
    assert bomb.stat().st_size < 100_000
    with bomb.open("rb") as handle:
        head = handle.read(24)
    assert int.from_bytes(head[16:20], "big") * int.from_bytes(head[20:24], "big") == 400_000_000
    Image.MAX_IMAGE_PIXELS = None  # only the header is read below
    try:
        with Image.open(bomb) as image:
            assert image.size == (20_000, 20_000)
    finally:
        Image.MAX_IMAGE_PIXELS = 80_000_000
    with zipfile.ZipFile(corpus.root / "zip_bomb.xlsx") as archive:
        assert sum(m.file_size for m in archive.infolist()) > 512 * 1024 * 1024
    assert (corpus.root / "zip_bomb.xlsx").stat().st_size < 2_000_000


# --- broken documents ------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_document_is_a_cr501_finding_and_the_others_are_still_checked(
    corpus: broken.Corpus, name: str
) -> None:
    """Exit 1, a CR501 naming the file and the reason, the other documents' values read."""
    entry = corpus.entry(name)
    run = run_cli(broken_args(corpus, name))
    assert run.code == 1
    assert run.stderr == ""
    report = run.json()
    unreadable = [f for f in report["findings"] if f["code"] == "CR501"]
    assert len(unreadable) == 1, report["findings"]
    finding = unreadable[0]
    assert Path(finding["file"]).name == name
    assert name in finding["message"]
    assert BROKEN[name] in finding["message"].lower()
    if entry.limit:
        assert entry.limit in finding["message"] + finding["fix"]
        assert "[tool.consistency.limits]" in finding["fix"]
    models = values_by_file(report, "model_number")
    assert name not in models
    partner = "test_report.pdf" if entry.role == "listing" else "listing.csv"
    assert models[partner] == [broken.MODEL_NUMBER]


class _Text(html.parser.HTMLParser):
    """Text content and tags of an HTML document (what a browser would show and run)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self.text.extend(v for k, v in attrs if k == "title" and v)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(document: str) -> _Text:
    """The HTML parsed by the standard library's tokenizer."""
    parser = _Text()
    parser.feed(document)
    parser.close()
    return parser


def markdown_tokens(document: str) -> list[Any]:
    """Markdown tokens (block and inline, flattened) as a CommonMark renderer sees them."""
    from markdown_it import MarkdownIt

    flat: list[Any] = []
    for token in MarkdownIt("commonmark").enable("table").parse(document):
        flat.append(token)
        flat.extend(token.children or ())
    return flat


def visible_text(fmt: str, rendered: str) -> str:
    """What a reader of one output format reads: parsed, unescaped text."""
    if fmt == "text":
        return rendered
    if fmt == "json":
        return json.dumps(json.loads(rendered), ensure_ascii=False)
    if fmt == "sarif":
        results = json.loads(rendered)["runs"][0]["results"]
        return "\n".join(r["message"]["text"] + json.dumps(r, ensure_ascii=False) for r in results)
    if fmt == "junit":
        root = ET.fromstring(rendered)
        return "\n".join(
            [
                *(e.text or "" for e in root.iter()),
                *(v for e in root.iter() for v in e.attrib.values()),
            ]
        )
    if fmt == "markdown":
        return "".join(
            t.content for t in markdown_tokens(rendered) if t.type in ("text", "code_inline")
        )
    return " ".join(parse_html(rendered).text)


_BROKEN_TOGETHER = (
    "empty.pdf",
    "truncated.pdf",
    "encrypted.pdf",
    "error_page.pdf",
    "bomb.png",
    "truncated.jpg",
    "not_an_image.png",
)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_names_each_broken_file_and_its_reason(
    corpus: broken.Corpus, fmt: str
) -> None:
    """One package with seven broken documents: each file and reason in every format."""
    extra = [(corpus.entry(n).role, corpus.entry(n).path(corpus.root)) for n in _BROKEN_TOGETHER]
    run = run_cli(package_args(corpus, *extra, fmt=fmt))
    assert run.code == 1
    assert run.stderr == ""
    shown = visible_text(fmt, run.stdout)
    for name in _BROKEN_TOGETHER:
        assert name in shown, name
    for reason in (
        "empty",
        "truncated",
        "encrypted",
        "html",
        "decompression bomb",
        "not an image",
        "max_image_pixels",
        "[tool.consistency.limits]",
    ):
        assert reason in shown.lower(), reason


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_names_a_tripped_listing_limit_and_how_to_raise_it(
    corpus: broken.Corpus, fmt: str
) -> None:
    """The zip-bomb workbook: its name, the limit and where to raise it, in every format."""
    run = run_cli(broken_args(corpus, "zip_bomb.xlsx", fmt=fmt))
    assert run.code == 1
    shown = visible_text(fmt, run.stdout)
    for phrase in ("zip_bomb.xlsx", "zip bomb", "max_listing_bytes", "[tool.consistency.limits]"):
        assert phrase in shown, phrase


@pytest.mark.slow
def test_through_a_real_process_a_broken_file_is_exit_1_and_a_bad_flag_exit_2(
    corpus: broken.Corpus,
) -> None:
    """The installed entry point: no traceback on stderr in either case."""
    command = [sys.executable, "-m", "consistency.cli"]
    done = subprocess.run(
        [*command, *broken_args(corpus, "encrypted.pdf", fmt="text")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "encrypted.pdf" in done.stdout and "encrypted" in done.stdout
    assert "Traceback" not in done.stderr + done.stdout
    bad = subprocess.run(
        [*command, "--no-such-flag"], capture_output=True, text=True, timeout=60, check=False
    )
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1 and "--no-such-flag" in bad.stderr
    assert "Traceback" not in bad.stderr


# --- usage errors --------------------------------------------------------------------------


def _usage_cases(corpus: broken.Corpus) -> Iterator[tuple[str, list[str], tuple[str, ...]]]:
    root = corpus.root
    base = ["--no-cache", "--sku", broken.SKU, "--report", str(corpus.report)]
    yield "missing listing", ["--listing", str(root / "nope.csv"), *base], ("nope.csv",)
    yield "missing positional", [str(root / "absent folder")], ("absent folder",)
    yield "folder as listing", ["--listing", str(root), *base], (root.name, "folder")
    yield "folder as report", ["--listing", str(corpus.listing), "--report", str(root)], ("folder",)
    yield (
        "unknown SKU",
        [*base, "--sku", "VX-NOPE-1", "--listing", str(corpus.listing)],
        ("VX-NOPE-1", broken.SKU),
    )
    yield "bad flag", ["--frobnicate"], ("--frobnicate",)
    yield "bad format", [*base, "--listing", str(corpus.listing), "--format", "pdf"], ("pdf",)
    for name, body, key in (
        ("wrong type", '[limits]\nmax_pages = "many"\n', "limits.max_pages"),
        ("unknown key", "[limits]\nmax_pixels = 5\n", "limits.max_pixels"),
        ("negative", "[limits]\ndocument_timeout = -1\n", "limits.document_timeout"),
        ("not toml", "[limits\nmax_pages = 3\n", "TOML"),
    ):
        config = root / f"bad config {name}.toml"
        config.write_text(body, encoding="utf-8")
        yield (
            f"config {name}",
            ["--config", str(config), "--listing", str(corpus.listing), *base],
            (config.name, key),
        )
    yield (
        "output folder missing",
        ["--listing", str(corpus.listing), *base, "--output", str(root / "no folder" / "out.json")],
        ("no folder",),
    )


def test_every_usage_error_is_one_stderr_line_and_exit_2(corpus: broken.Corpus) -> None:
    """Missing path, folder for a file, unknown SKU, bad flag, format or config file."""
    for label, argv, phrases in _usage_cases(corpus):
        run = run_cli(argv)
        assert run.code == 2, label
        assert run.stderr.endswith("\n") and run.stderr.count("\n") == 1, (label, run.stderr)
        assert run.stderr.startswith("consistency-report: error:"), (label, run.stderr)
        for phrase in phrases:
            assert phrase in run.stderr, (label, phrase, run.stderr)
        assert run.stdout == "", label


def test_an_unknown_sku_lists_skus_that_exist(corpus: broken.Corpus) -> None:
    """The message offers real SKUs from the listing, so the user can correct the typo."""
    run = run_cli(
        ["--sku", "VX-KT-2014", "--listing", str(corpus.listing), "--report", str(corpus.report)]
    )
    assert run.code == 2
    assert sum(sku in run.stderr for sku in (broken.SKU, *broken.OTHER_SKUS)) >= 2


# --- valid but awkward inputs --------------------------------------------------------------


@pytest.mark.parametrize("name", AWKWARD_LISTINGS)
@pytest.mark.slow
def test_an_awkward_listing_is_read_with_its_title_decoded(
    corpus: broken.Corpus, name: str
) -> None:
    """Legacy encodings, BOM, UTF-16, CRLF, macros, 2,000 columns, a CJK file name."""
    entry = corpus.entry(name)
    run = run_cli(package_args(corpus, listing=entry.path(corpus.root)))
    assert run.code in (0, 1)
    report = run.json()
    assert not [f for f in report["findings"] if f["code"] == "CR501"]
    assert values_by_file(report, "product_name")[name] == [entry.title]
    assert values_by_file(report, "model_number")[name] == [broken.MODEL_NUMBER]
    assert values_by_file(report, "manufacturer")[name] == [broken.MANUFACTURER]


def test_report_file_names_with_spaces_accents_and_cjk_are_read(corpus: broken.Corpus) -> None:
    """Three copies of the report under awkward names: each one's model number is read."""
    extra = [("report", corpus.root / n) for n in AWKWARD_REPORT_NAMES]
    run = run_cli(package_args(corpus, *extra))
    assert run.code == 0, run.stdout
    models = values_by_file(run.json(), "model_number")
    for name in AWKWARD_REPORT_NAMES:
        assert models[name] == [broken.MODEL_NUMBER]


def test_a_pdf_whose_page_is_rotated_is_read(corpus: broken.Corpus) -> None:
    """A report whose only page carries /Rotate 90 yields all three identity values."""
    rotated = corpus.root / "rotated page.pdf"
    run = run_cli([*package_args(corpus, listing=corpus.listing), "--report", str(rotated)])
    report = run.json()
    for field, value in (
        ("model_number", broken.MODEL_NUMBER),
        ("manufacturer", broken.MANUFACTURER),
        ("product_name", broken.PRODUCT_NAME),
    ):
        assert values_by_file(report, field).get("rotated page.pdf") == [value], field


@pytest.mark.ocr
@pytest.mark.slow
def test_cmyk_16_bit_alpha_and_exif_rotated_photos_are_read(corpus: broken.Corpus) -> None:
    """Real tesseract reads the model number on each awkward photo (upright, flattened)."""
    extra = [("product", corpus.root / n) for n in AWKWARD_PHOTOS]
    run = run_cli(package_args(corpus, *extra))
    report = run.json()
    assert not [f for f in report["findings"] if f["code"] == "CR501"], report["findings"]
    models = values_by_file(report, "model_number")
    for name in AWKWARD_PHOTOS:
        assert models.get(name) == [broken.MODEL_NUMBER], (name, models)
    assert run.code == 0


# --- injection -----------------------------------------------------------------------------


def _hostile_run(corpus: broken.Corpus, fmt: str) -> str:
    run = run_cli(package_args(corpus, fmt=fmt, listing=corpus.root / "hostile title.csv"))
    # The title names a tea maker, the report a kettle: CR301 quotes the title in a message.
    assert run.code == 1
    return run.stdout


def test_a_hostile_title_survives_json_exactly(corpus: broken.Corpus) -> None:
    """JSON carries the value byte for byte (escaping is the reader's JSON parser's job)."""
    report = json.loads(_hostile_run(corpus, "json"))
    assert values_by_file(report, "product_name")["hostile title.csv"] == [broken.HOSTILE_TITLE]
    assert any(broken.HOSTILE_TITLE in f["message"] for f in report["findings"])


def test_a_hostile_title_is_inert_in_html(corpus: broken.Corpus) -> None:
    """No script element, no javascript: link, the title shown as text."""
    parsed = parse_html(_hostile_run(corpus, "html"))
    assert "script" not in {tag for tag, _ in parsed.tags}
    for _, attributes in parsed.tags:
        for key, value in attributes:
            assert not (value or "").strip().lower().startswith("javascript:"), key
            assert not key.startswith("on"), key
    assert "<script>alert('x')</script> VOLTARA \"Tea\" Maker" in " ".join(parsed.text)


def test_a_hostile_title_is_well_formed_text_in_junit_xml(corpus: broken.Corpus) -> None:
    """The XML parses and the title comes back as text (an ESC cannot be put in XML 1.0)."""
    rendered = _hostile_run(corpus, "junit")
    root = ET.fromstring(rendered)
    texts = [
        *(e.text or "" for e in root.iter()),
        *(v for e in root.iter() for v in e.attrib.values()),
    ]
    assert any("<script>alert('x')</script>" in t and "=HYPERLINK(" in t for t in texts)
    assert "\x1b" not in rendered


def test_a_hostile_title_is_escaped_in_sarif(corpus: broken.Corpus) -> None:
    """SARIF is JSON: it parses and the CR301 message holds the title verbatim."""
    sarif = json.loads(_hostile_run(corpus, "sarif"))
    messages = [r["message"]["text"] for r in sarif["runs"][0]["results"]]
    assert any("<script>alert('x')</script>" in m and "`rm -rf`" in m for m in messages)


def test_a_hostile_title_is_plain_text_in_markdown(corpus: broken.Corpus) -> None:
    """No raw HTML, link, code span or bold from the title; the pipe does not split a cell."""
    rendered = _hostile_run(corpus, "markdown")
    tokens = markdown_tokens(rendered)
    raw_html = [t.content for t in tokens if t.type in ("html_inline", "html_block")]
    assert not [h for h in raw_html if "script" in h or "HYPERLINK" in h], raw_html
    assert not [
        t for t in tokens if t.type == "link_open" and "javascript" in str(t.attrGet("href"))
    ]
    assert not [t for t in tokens if t.type == "code_inline" and "rm -rf" in t.content]
    assert not [
        t
        for t in tokens
        if t.type == "strong_open"
        and "bold" in "".join(x.content for x in tokens[tokens.index(t) :][:3])
    ]
    header_cells = None
    for token in tokens:
        if token.type == "tr_open":
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close":
            header_cells = header_cells or cells
            assert cells == header_cells
    assert header_cells is not None
    assert "<script>alert('x')</script>" in visible_text("markdown", rendered)


def test_a_hostile_title_cannot_drive_the_terminal(corpus: broken.Corpus) -> None:
    """The text output carries no ESC or bidi override from the title."""
    rendered = _hostile_run(corpus, "text")
    assert "\x1b" not in rendered and "\u202e" not in rendered
    assert "<script>alert('x')</script>" in rendered


# --- limits and timeouts -------------------------------------------------------------------


def _config(corpus: broken.Corpus, name: str, limits: str) -> Path:
    path = corpus.root / f"{name}.toml"
    path.write_text(
        f'[ocr]\nphoto_engines = ["tesseract"]\nlanguages = "eng"\n[limits]\n{limits}\n',
        encoding="utf-8",
    )
    return path


def _only_cr501(report: Any, name: str) -> dict[str, Any]:
    found = [f for f in report["findings"] if f["code"] == "CR501" and Path(f["file"]).name == name]
    assert len(found) == 1, report["findings"]
    return dict(found[0])


@pytest.mark.parametrize(
    ("limits", "role", "name", "limit"),
    [
        ("max_listing_rows = 2", "listing", "listing.csv", "max_listing_rows"),
        ("max_image_pixels = 100000", "product", "label cmyk.jpg", "max_image_pixels"),
    ],
)
def test_a_lowered_limit_trips_as_a_finding_naming_it_and_how_to_raise_it(
    corpus: broken.Corpus, limits: str, role: str, name: str, limit: str
) -> None:
    """A limit set in [tool.consistency.limits] is enforced and named in the finding."""
    config = _config(corpus, limit, limits)
    path = corpus.root / name
    if role == "listing":
        argv = package_args(corpus, config=config)
    else:
        argv = package_args(corpus, (role, path), config=config)
    run = run_cli(argv)
    assert run.code == 1
    finding = _only_cr501(run.json(), name)
    assert limit in finding["message"]
    assert f"'{limit}' in [tool.consistency.limits]" in finding["fix"]


@pytest.mark.ocr
def test_an_ocr_call_over_its_timeout_is_a_finding(corpus: broken.Corpus) -> None:
    """A real tesseract call killed after `limits.ocr_timeout` names that limit."""
    config = _config(corpus, "ocr_timeout", "ocr_timeout = 0.001")
    run = run_cli(package_args(corpus, ("product", corpus.root / "label cmyk.jpg"), config=config))
    assert run.code == 1
    finding = _only_cr501(run.json(), "label cmyk.jpg")
    assert "ocr_timeout" in finding["message"] and "ocr_timeout" in finding["fix"]


@pytest.mark.ocr
def test_a_document_over_its_timeout_is_a_finding_and_the_run_goes_on(
    corpus: broken.Corpus,
) -> None:
    """`limits.document_timeout` stops the wait for a slow real OCR read; others are read."""
    config = _config(corpus, "document_timeout", "document_timeout = 0.05")
    photo = corpus.root / "label_exif_rotated.jpg"
    started = time.monotonic()
    run = run_cli(package_args(corpus, ("product", photo), config=config))
    elapsed = time.monotonic() - started
    assert run.code == 1
    finding = _only_cr501(run.json(), photo.name)
    assert "document_timeout" in finding["message"]
    assert "'document_timeout' in [tool.consistency.limits]" in finding["fix"]
    assert elapsed < 5.0


def test_a_zero_document_timeout_waits_for_the_reader(corpus: broken.Corpus) -> None:
    """`document_timeout = 0` turns the watchdog off (the extractor runs in the caller)."""
    config = _config(corpus, "no_timeout", "document_timeout = 0")
    run = run_cli(package_args(corpus, config=config))
    assert run.code == 0, run.stdout
