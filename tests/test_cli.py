"""End to end through `consistency-report`: real files, real engines, exit codes."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from consistency.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "fixtures" / "example"
# The real documents sit beside the repository (../shared), also when it is a worktree.
REAL = next(
    (
        p / "shared" / "real-reports"
        for p in ROOT.parents
        if (p / "shared" / "real-reports").is_dir()
    ),
    ROOT.parent / "shared" / "real-reports",
)


def test_example_package_reports_its_deliberate_mismatch(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The bundled example has a model digit swap: exit 1, CR101 in the text report."""
    assert main([str(EXAMPLE)]) == 1
    out = capsys.readouterr().out
    assert "Model number: MISMATCH" in out
    assert "CR101" in out


def test_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    """`--format json` has ok, fields with status and values (main first), findings."""
    assert main([str(EXAMPLE), "--format", "json"]) == 1
    record = json.loads(capsys.readouterr().out)
    assert record["ok"] is False
    assert set(record["fields"]) == {"product_name", "model_number", "manufacturer"}
    model = record["fields"]["model_number"]
    assert model["status"] == "mismatch"
    report_values = [v for v in model["values"] if v["source"] == "test_report"]
    assert report_values[0]["role"] == "main"
    assert report_values[0]["value"] == "XF-6915C"
    assert {"source", "value", "file", "page"} <= set(report_values[0])
    assert record["fields"]["manufacturer"]["status"] == "consistent"
    # CR705 (warning): the example package has no packaging photo.
    assert [f["code"] for f in record["findings"]] == ["CR101", "CR705"]


def test_explicit_flags_and_consistent_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--listing/--sku/--report on a listing that agrees gives exit 0."""
    listing = tmp_path / "listing.csv"
    listing.write_text(
        "SKU,Title,Brand,Manufacturer,Model\n"
        'PEA-1,"PEAKCELL Eye-Caring LED Desk Lamp, Touch Control",PEAKCELL,'
        "Vantor Electronics B.V.,XF-6915M\n",
        encoding="utf-8",
    )
    code = main(
        ["--listing", str(listing), "--sku", "PEA-1", "--report", str(EXAMPLE / "test_report.pdf")]
    )
    assert code == 0, capsys.readouterr().out


def test_output_file_is_written(tmp_path: Path) -> None:
    """--output writes the report to a file (atomically) instead of stdout."""
    target = tmp_path / "report.json"
    assert main([str(EXAMPLE), "--format", "json", "--output", str(target)]) == 1
    assert json.loads(target.read_text(encoding="utf-8"))["ok"] is False


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--report", "nope.pdf", "--listing", "nope.csv"], "no such file"),
        (["--format", "yaml", "fixtures/example"], "unknown format"),
        (["--bogus"], "unrecognized arguments"),
        ([], "nothing to check"),
        (["fixtures/example", "--sku", "NOT-A-SKU"], "NOT-A-SKU"),
    ],
)
def test_usage_errors_are_one_line_exit_2(
    argv: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Usage errors print one line on stderr, no traceback, and exit 2."""
    monkeypatch.chdir(ROOT)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_unreadable_report_is_a_finding_and_inputs_are_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An HTML page saved as .pdf becomes CR501; the listing is still read; files unchanged."""
    bad = tmp_path / "report.pdf"
    bad.write_bytes(b"<!DOCTYPE html><html><body>Session expired</body></html>")
    listing = tmp_path / "listing.xlsx"
    shutil.copy(EXAMPLE / "listing.xlsx", listing)
    before = (bad.read_bytes(), listing.read_bytes())
    code = main(
        [
            "--listing",
            str(listing),
            "--sku",
            "PEA-XF6915C-01",
            "--report",
            str(bad),
            "--format",
            "json",
        ]
    )
    record = json.loads(capsys.readouterr().out)
    assert code == 1
    assert any(f["code"] == "CR501" and "report.pdf" in f["message"] for f in record["findings"])
    assert record["fields"]["model_number"]["values"][0]["source"] == "listing"
    assert (bad.read_bytes(), listing.read_bytes()) == before


@pytest.mark.slow
def test_console_script_runs() -> None:
    """The installed `consistency-report` entry point runs as a program."""
    result = subprocess.run(
        [sys.executable, "-m", "consistency.cli", str(EXAMPLE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "CR101" in result.stdout


@pytest.mark.real
@pytest.mark.skipif(not REAL.exists(), reason="../shared/real-reports is not present")
@pytest.mark.parametrize(
    ("name", "model", "manufacturer"),
    [
        (
            "keys_ce_lvd_coc_air-fryer_RS-AF1268Y.pdf",
            "RS-AF1268Y",
            "Ningbo Qinlin Electric Appliance technology Co., Ltd",
        ),
        (
            "doc_eu_headset_895B_lxm93599.pdf",
            "895B",
            "Shenzhen George Zebra network technology Co., LTD",
        ),
        ("htw_iec62368_trf_CHESTER_CHTSE22060159.pdf", "CHESTER", "HARDWARIO a.s."),
        ("gts_fcc15b_AltruistInsight_GTS2026010271F01.pdf", "ES-ALTRUIST-INST-1", "Pinout LTD"),
        ("applus_red_eu-type-exam_SIM7670G.pdf", "SIM7670G", "SIMCom Wireless Solutions Limited"),
        (
            "sporton_red_eu-type-exam_ESP32-C6-WROOM-1.pdf",
            "ESP32-C6-WROOM-1",
            "Espressif Systems (Shanghai) Co.,Ltd.",
        ),
        ("teknikio_eu_doc_Bluebird_V2.0.pdf", "V2.0", "Invent-abling LLC dba Teknikio"),
        (
            "ulj_telec_type-cert_ESP32-C6-MINI-1.pdf",
            "ESP32-C6-MINI-1",
            "Espressif Systems (Shanghai) Co., Ltd.",
        ),
        ("ccic_rohs_CHESTER_QHJ2206002801.pdf", "CHESTER", "HARDWARIO a.s."),
        (
            "ecm_certificate_of_compliance_mask_ZS-A950.pdf",
            "ZS-A950",
            "Chongqing Zaisheng Technology Co., Ltd.",
        ),
        ("redpitaya_ce_fcc_doc_2023_STEMlab.pdf", "STEMlab 125-10", "Red Pitaya d.o.o."),
        ("htw_red_tvoc_CHESTER_CTEW2209008101.pdf", "CHESTER", "HARDWARIO a.s."),
        ("anz_rcm_sdoc_ESP32-C6-MINI-1.pdf", "ESP32-C6-MINI-1", "ESPRESSIF"),
        (
            "gts_iec62368_trf_AltruistInsight_GTS2026010271S01.pdf",
            "ES-ALTRUIST-INST-1",
            "Pinout LTD",
        ),
    ],
)
@pytest.mark.slow
def test_real_reports_main_model_and_manufacturer_come_first(
    name: str, model: str, manufacturer: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    """On real reports the main model and the manufacturer are the first test-report values."""
    main(["--report", str(REAL / "reports" / name), "--format", "json"])
    record = json.loads(capsys.readouterr().out)
    models = [v["value"] for v in record["fields"]["model_number"]["values"]]
    assert models[0] == model
    if manufacturer is not None:
        makers = [v["value"] for v in record["fields"]["manufacturer"]["values"]]
        assert makers[0] == manufacturer


@pytest.mark.ocr
def test_a_photo_with_no_readable_label_is_unread_not_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A photo that yields no identity text gives CR403 and leaves the field statuses alone."""
    from PIL import Image

    blank = tmp_path / "box.jpg"
    Image.new("RGB", (1200, 900), (180, 150, 110)).save(blank)
    code = main([str(EXAMPLE), "--packaging", str(blank), "--format", "json", "--no-cache"])
    record = json.loads(capsys.readouterr().out)
    assert code == 1  # the example's deliberate model mismatch is still an error
    assert record["fields"]["manufacturer"]["status"] == "consistent"
    assert "packaging" not in record["fields"]["manufacturer"]["missing_sources"]
    assert [f["file"] for f in record["findings"] if f["code"] == "CR403"] == [str(blank)]


# --- one parser with subcommands ---------------------------------------------------------------


def test_help_shows_both_subcommands_and_version_prints(capsys: pytest.CaptureFixture[str]) -> None:
    """`--help` lists check and batch; `--version` prints the installed version; both exit 0."""
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "check" in out and "batch" in out
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("consistency-report 0.")
    assert main(["batch", "--help"]) == 0
    assert "--executor" in capsys.readouterr().out


def test_check_is_the_default_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    """`consistency-report check PATH` and `consistency-report PATH` are the same command."""
    assert main(["check", str(EXAMPLE), "--format", "json"]) == 1
    explicit = capsys.readouterr().out
    assert main([str(EXAMPLE), "--format", "json"]) == 1
    assert capsys.readouterr().out == explicit


def write_config(folder: Path, text: str) -> Path:
    path = folder / "strict.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_fail_on_warning_fails_a_case_with_only_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A warning passes by default (exit 0) and fails with --fail-on warning (exit 1)."""
    config = write_config(tmp_path, '[severity]\nCR101 = "warning"\n')
    assert main([str(EXAMPLE), "--config", str(config)]) == 0
    assert "CR101" in capsys.readouterr().out
    assert main([str(EXAMPLE), "--config", str(config), "--fail-on", "warning"]) == 1
    config.write_text('fail_on = "warning"\n[severity]\nCR101 = "warning"\n', encoding="utf-8")
    assert main([str(EXAMPLE), "--config", str(config)]) == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--select", "CR9"], "'CR9' matches no rule code; valid codes: CR101"),
        (["--ignore", "XYZ"], "'XYZ' matches no rule code"),
        (["--ocr-engine", "tesseractt"], "unknown OCR engine 'tesseractt'"),
        (["--as-of", "2026-13-01"], "expected a date YYYY-MM-DD"),
        (["--lang", "fr"], "invalid choice: 'fr'"),
        (["--fail-on", "info"], "invalid choice: 'info'"),
        (["--component", "nope.pdf"], "nope.pdf: --component: no such file"),
    ],
)
def test_flags_mean_what_they_say(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A code that matches no rule, an unknown engine, a bad date: exit 2 naming the problem."""
    assert main([str(EXAMPLE), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_config_file_with_unknown_code_or_bad_threshold_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ignore = ["CR999"]` and `thresholds.manufacturer = 920` in a file are usage errors."""
    for text, message in (
        ('ignore = ["CR999"]\n', "key 'ignore': 'CR999' matches no rule code"),
        (
            "[thresholds]\nmanufacturer = 920\n",
            "key 'thresholds.manufacturer': expected a percentage",
        ),
    ):
        config = write_config(tmp_path, text)
        assert main([str(EXAMPLE), "--config", str(config)]) == 2
        assert message in capsys.readouterr().err


def test_output_naming_a_folder_is_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--output DIR` says it is a folder (not an internal IsADirectoryError)."""
    assert main([str(EXAMPLE), "--output", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "--output names a folder; give a file name inside it" in err
    assert "internal error" not in err


def test_output_file_gets_the_users_umask(tmp_path: Path) -> None:
    """A written report has the permissions a new file gets (0644 under umask 022), not 0600."""
    target = tmp_path / "report.json"
    old = os.umask(0o022)
    try:
        main([str(EXAMPLE), "--format", "json", "--output", str(target)])
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_listing_flag_wins_and_two_listings_are_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--listing replaces the folder's own listing; a folder with two listings is exit 2."""
    case = tmp_path / "case"
    shutil.copytree(EXAMPLE, case)
    fixed = tmp_path / "fixed.csv"
    fixed.write_text(
        "SKU,Title,Brand,Manufacturer,Model\n"
        'PEA-XF6915C-01,"PEAKCELL Eye-Caring LED Desk Lamp",PEAKCELL,'
        "Vantor Electronics B.V.,XF-6915C\n",
        encoding="utf-8",
    )
    assert main([str(case), "--listing", str(fixed), "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["documents"][0]["path"] == str(fixed)

    (case / "consistency.toml").unlink()
    shutil.copy(fixed, case / "second.csv")
    assert main([str(case)]) == 2
    err = capsys.readouterr().err
    assert "listing.xlsx and second.csv" in err and "--listing" in err


@pytest.mark.slow
def test_batch_into_a_closed_pipe_exits_quietly(tmp_path: Path) -> None:
    """`batch ... | head -c 0` ends without a BrokenPipeError traceback or message.

    The batch takes seconds before it writes, so `head` has long closed the pipe: the
    write fails every time, as `| head` on a summary longer than the pipe buffer does."""
    catalogue = tmp_path / "catalogue"
    for number in range(3):
        shutil.copytree(EXAMPLE, catalogue / f"case-{number}")
    command = (
        f"{shlex.quote(sys.executable)} -m consistency.cli batch {shlex.quote(str(catalogue))} "
        "--jobs 1 --format json | head -c 0"
    )
    result = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {command}"], capture_output=True, text=True, check=False
    )
    assert (result.stdout, result.stderr) == ("", "")
    assert result.returncode == 141  # 128 + SIGPIPE, as `yes | head` reports it


HEAVY_ENGINES = ("rapidocr", "onnxruntime", "pdfplumber", "dask", "distributed", "openpyxl")


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_import_no_heavy_engine(flag: str) -> None:
    """`--help` and `--version` start fast: no OCR, PDF, spreadsheet or Dask module is loaded."""
    program = (
        "import sys\nfrom consistency.cli import main\n"
        f"main([{flag!r}])\nprint(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    loaded = {name.split(".")[0] for name in run.stderr.split()}
    assert loaded.isdisjoint(HEAVY_ENGINES)
    assert "consistency.pipeline" not in run.stderr.split()
