"""The HTML report in a real headless Chromium: shown, escaped, and never running input.

Marked `browser`: deselect with `-m "not browser"`.  Skipped only where no Chromium
binary exists (`scripts/bootstrap.sh --test` installs Debian's `chromium`).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from consistency.config import Config
from consistency.report import html
from sample_reports import consistent_report, sample_report, write_sample_files

pytestmark = pytest.mark.browser

CHROMIUM = next(
    (
        found
        for name in ("chromium", "chromium-browser", "google-chrome")
        if (found := shutil.which(name))
    ),
    None,
)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary on this machine")


def chromium(tmp_path: Path, page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on `page` with no network, no profile, no background services."""
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--virtual-time-budget=3000",
        *extra,
        page.as_uri(),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


def dump_dom(tmp_path: Path, page: Path) -> str:
    return chromium(tmp_path, page, "--dump-dom").stdout


@needs_chromium
@pytest.mark.slow
def test_browser_harness_detects_a_running_script(tmp_path: Path) -> None:
    """Control: an unescaped script in a page without CSP does change the title here."""
    page = tmp_path / "control.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>before</title></head><body>"
        "<script>document.title='pwned'</script></body></html>",
        encoding="utf-8",
    )
    assert "<title>pwned</title>" in dump_dom(tmp_path, page)


@needs_chromium
@pytest.mark.slow
def test_injected_script_in_listing_title_does_not_run(tmp_path: Path) -> None:
    """A listing title holding <script> and quotes is shown as text; it neither runs nor parses."""
    write_sample_files(tmp_path / "case")
    page = tmp_path / "report.html"
    page.write_text(html.render(sample_report(tmp_path / "case"), Config()), encoding="utf-8")

    dom = dump_dom(tmp_path, page)

    assert "<title>consistency · HX-2041: NOT CONSISTENT (2 errors, 1 warning)</title>" in dom
    assert "pwned</title>" not in dom
    assert "<script" not in dom  # the title became text, not an element
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt; \"Alexa\"" in dom
    assert dom.count('<img class="crop" src="data:image/') == 4


@needs_chromium
@pytest.mark.slow
def test_screenshot_shows_the_verdict_banner(tmp_path: Path) -> None:
    """A screenshot renders: red banner for a mismatch, green for a consistent package."""
    write_sample_files(tmp_path / "case")
    colours = {}
    for name, report in (
        ("mismatch", sample_report(tmp_path / "case")),
        ("consistent", consistent_report(tmp_path / "case")),
    ):
        page = tmp_path / f"{name}.html"
        page.write_text(html.render(report, Config()), encoding="utf-8")
        shot = tmp_path / f"{name}.png"
        chromium(tmp_path, page, f"--screenshot={shot}", "--window-size=1280,2200")
        with Image.open(shot) as picture:
            assert picture.size == (1280, 2200)
            colours[name] = picture.convert("RGB").getpixel((5, 5))
    red, green = colours["mismatch"], colours["consistent"]
    assert isinstance(red, tuple) and isinstance(green, tuple)
    assert red[0] > 150 and red[1] < 60  # var(--bad) #b91c1c
    assert green[1] > 100 and green[0] < 60  # var(--ok) #15803d
