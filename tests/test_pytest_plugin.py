"""The pytest plugin, through pytester: case folders as items, the fixture, the assertion.

The catalogue here is real: a CSV listing export and text-layer PDFs made with
reportlab, checked by the real pipeline.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from consistency import registry
from consistency.pytest_plugin import assert_consistent, describe
from sample_reports import (
    LISTING,
    consistent_report,
    manifest,
    sample_report,
    write_report_pdf,
)

# pytester's in-process runs forget modules first imported inside them, so each run would
# import (and assertion-rewrite) the pipeline and hypothesis again: ~3 s a run.  Importing
# the extractors and rules here keeps them, and the inner runs leave hypothesis out.
registry.extractor("listing"), registry.extractor("test_report"), registry.rules()
QUIET = ("-p", "no:hypothesispytest", "-p", "no:cacheprovider")


@pytest.fixture
def catalogue(pytester: pytest.Pytester) -> Path:
    """catalogue/: HX-1 consistent, HX-2 a swapped-digit model, HX-3 a broken manifest."""
    root = pytester.path / "catalogue"
    root.mkdir()
    (root / "listing.csv").write_text(LISTING, encoding="utf-8")
    write_report_pdf(root / "HX-1" / "Test_Report_EMC.pdf", "XK-2041B")
    (root / "HX-1" / "consistency.toml").write_text(manifest("HX-1"), encoding="utf-8")
    write_report_pdf(root / "HX-2" / "Test_Report.pdf", "XK-2014C")
    (root / "HX-2" / "consistency.toml").write_text(manifest("HX-2"), encoding="utf-8")
    (root / "HX-3").mkdir()
    (root / "HX-3" / "consistency.toml").write_text(manifest("HX-3"), encoding="utf-8")
    return root


def test_cases_are_not_collected_without_the_flag(
    pytester: pytest.Pytester, catalogue: Path
) -> None:
    """The plugin is opt-in: a plain pytest run collects no case folders."""
    result = pytester.runpytest(*QUIET, "catalogue")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_one_item_per_case_named_after_its_sku(pytester: pytest.Pytester, catalogue: Path) -> None:
    """--consistency collects each consistency.toml as one item named after the SKU."""
    result = pytester.runpytest(*QUIET, "--consistency", "--collect-only", "-q", "catalogue")
    result.stdout.fnmatch_lines(
        [
            "catalogue/HX-1::HX-1",
            "catalogue/HX-2::HX-2",
            "catalogue/HX-3::HX-3",
        ]
    )


def test_passing_failing_and_broken_cases(pytester: pytest.Pytester, catalogue: Path) -> None:
    """A consistent case passes; a mismatch fails like the text report; a broken one says why."""
    result = pytester.runpytest(*QUIET, "--consistency", "catalogue")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(
        [
            "*_ consistency case HX-2 _*",
            "*NOT CONSISTENT*",
            "Model number: MISMATCH",
            "*XK-2041C*",
            "*XK-2014C*",
            "*CR101 model-number-mismatch*",
            "*_ consistency case HX-3 _*",
            "case catalogue/HX-3: cannot be checked: catalogue/HX-3/consistency.toml: "
            "documents.test_report pattern "
            "'Test_Report*.pdf' matches no file",
        ]
    )
    assert "Traceback" not in result.stdout.str()
    assert "def runtest" not in result.stdout.str()  # no plugin source in failure reports


def test_k_and_markers_select_cases(pytester: pytest.Pytester, catalogue: Path) -> None:
    """-k selects by SKU, and every case carries the `consistency` marker."""
    pytester.runpytest(*QUIET, "--consistency", "-k", "HX-1", "catalogue").assert_outcomes(passed=1)
    marked = pytester.runpytest(*QUIET, "--consistency", "-m", "consistency", "catalogue")
    marked.assert_outcomes(passed=1, failed=2)
    unmarked = pytester.runpytest(*QUIET, "--consistency", "-m", "not consistency", "catalogue")
    assert unmarked.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_ini_option_enables_collection(pytester: pytest.Pytester, catalogue: Path) -> None:
    """`consistency = true` in the ini file works like --consistency."""
    pytester.makeini("[pytest]\nconsistency = true\n")
    pytester.runpytest(*QUIET, "catalogue/HX-1").assert_outcomes(passed=1)


def test_shared_listing_option(pytester: pytest.Pytester, catalogue: Path) -> None:
    """--consistency-listing serves cases whose manifest names no listing."""
    case = catalogue / "HX-4"
    write_report_pdf(case / "Test_Report.pdf", "XK-2041B")
    (case / "consistency.toml").write_text(manifest("HX-1", listing=None), encoding="utf-8")
    result = pytester.runpytest(
        *QUIET, "--consistency", "--consistency-listing", "catalogue/listing.csv", "catalogue/HX-4"
    )
    result.assert_outcomes(passed=1)
    # Without the shared listing the report alone cannot contradict itself: still a pass,
    # but the listing column is gone; with a wrong shared listing row it fails.
    (case / "consistency.toml").write_text(manifest("HX-2", listing=None), encoding="utf-8")
    failing = pytester.runpytest(
        *QUIET, "--consistency", "--consistency-listing", "catalogue/listing.csv", "catalogue/HX-4"
    )
    failing.assert_outcomes(failed=1)


def test_config_option_and_manifest_overrides(pytester: pytest.Pytester, catalogue: Path) -> None:
    """--consistency-config and a manifest's own rule table both change the verdict."""
    (pytester.path / "lenient.toml").write_text('ignore = ["CR101"]\n', encoding="utf-8")
    lenient = pytester.runpytest(
        *QUIET, "--consistency", "--consistency-config", "lenient.toml", "catalogue/HX-2"
    )
    lenient.assert_outcomes(passed=1)

    (catalogue / "HX-2" / "consistency.toml").write_text(
        manifest("HX-2", extra='[rules.CR101]\nseverity = "warning"\n'), encoding="utf-8"
    )
    pytester.runpytest(*QUIET, "--consistency", "catalogue/HX-2").assert_outcomes(passed=1)


def test_manifest_with_unknown_key_fails_its_item_only(
    pytester: pytest.Pytester, catalogue: Path
) -> None:
    """A typo in one manifest fails that case with file and key; the others still run."""
    (catalogue / "HX-2" / "consistency.toml").write_text(
        manifest("HX-2", extra="[thresholds]\nproduct_nam = 80\n"), encoding="utf-8"
    )
    result = pytester.runpytest(*QUIET, "--consistency", "catalogue/HX-1", "catalogue/HX-2")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*consistency.toml: key 'thresholds.product_nam': unknown*"])


def test_fixture_and_assert_consistent_in_user_tests(
    pytester: pytest.Pytester, catalogue: Path
) -> None:
    """consistency_check reads a case; assert_consistent fails with a per-field diff."""
    pytester.makepyfile(
        test_pipeline="""
        from pathlib import Path
        from consistency import Document
        from consistency.pytest_plugin import assert_consistent

        def test_good(consistency_check):
            report = consistency_check(Path("catalogue/HX-1"))
            assert report.sku == "HX-1"
            assert_consistent(report)

        def test_documents(consistency_check):
            report = consistency_check(
                [Document("catalogue/listing.csv", "listing"),
                 Document("catalogue/HX-1/Test_Report_EMC.pdf", "test_report")],
                sku="HX-1",
            )
            assert_consistent(report)

        def test_bad(consistency_check):
            assert_consistent(consistency_check("catalogue/HX-2"))
        """
    )
    result = pytester.runpytest(*QUIET, "test_pipeline.py")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(
        [
            "E*AssertionError: consistency: 1 finding(s) for SKU HX-2; 1 field(s) not consistent",
            "E*model_number: mismatch",
            "E*listing      XK-2041C*(reference)",
            "E*test_report  XK-2014C*",
            "E" + " " * 28 + "^",
            "E*CR101 error model_number:*",
        ]
    )
    assert "{'" not in result.stdout.str()  # a diff, not a dict dump


def test_assert_consistent_passes_a_consistent_report() -> None:
    """A report without findings passes, strict or not."""
    assert_consistent(consistent_report())
    assert_consistent(consistent_report(), strict=True)


def test_assert_consistent_message_is_a_per_field_diff() -> None:
    """The failure names each disagreeing field, every source's value, carets and fixes."""
    with pytest.raises(AssertionError) as caught:
        assert_consistent(sample_report())
    message = str(caught.value)
    assert message == describe(sample_report())
    lines = message.splitlines()
    assert lines[0] == "consistency: 2 finding(s) for SKU HX-2041; 2 field(s) not consistent"
    model = lines.index("model_number: mismatch")
    assert lines[model + 2].startswith("  test_report  XK-2014B")
    assert lines[model + 3] == "               " + "      ^"
    assert "  packaging    (no value found)" in lines
    assert any(line.startswith("    fix: Ask the lab") for line in lines)


def test_a_case_with_warnings_passes_and_shows_them_unless_fail_on_warning(
    pytester: pytest.Pytester, catalogue: Path
) -> None:
    """Warnings pass (shown in the item's report section); --consistency-fail-on warning fails."""
    (catalogue / "HX-2" / "consistency.toml").write_text(
        manifest("HX-2", extra='[severity]\nCR101 = "warning"\n'), encoding="utf-8"
    )
    passed = pytester.runpytest(*QUIET, "--consistency", "-rP", "catalogue/HX-2")
    passed.assert_outcomes(passed=1)
    passed.stdout.fnmatch_lines(["*Captured consistency call*", "*CR101*"])
    failed = pytester.runpytest(
        *QUIET, "--consistency", "--consistency-fail-on", "warning", "catalogue/HX-2"
    )
    failed.assert_outcomes(failed=1)


def test_folders_named_by_sku_are_cases_without_a_manifest(
    pytester: pytest.Pytester, catalogue: Path
) -> None:
    """As in `batch`, a folder with a report and no manifest is a case named by its folder,
    served by the catalogue's shared listing, whose row its name picks."""
    write_report_pdf(catalogue / "HX-1" / "HX-1" / "Test_Report.pdf", "XK-2041B")
    write_report_pdf(catalogue / "HX-9" / "Test_Report.pdf", "XK-2041B")
    result = pytester.runpytest(*QUIET, "--consistency", "-v", "catalogue", "-k", "HX-9 or HX-1")
    result.stdout.fnmatch_lines(
        [
            "*catalogue/HX-1::HX-1 PASSED*",  # its subfolder belongs to it
            "*catalogue/HX-9::HX-9 FAILED*",
            "*cannot be checked: listing.csv holds * products*",
        ]
    )
