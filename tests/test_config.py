"""Configuration: every documented table combines, every value is checked, files are found."""

from __future__ import annotations

import datetime
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from consistency import plugins, registry
from consistency.config import (
    Config,
    Limits,
    OcrSettings,
    Readiness,
    Thresholds,
    apply_table,
    find_file,
    load,
)
from consistency.errors import ConfigError
from consistency.model import Field, Finding, Kind, Severity

EVERY_TABLE = """\
[tool.consistency]
select = ["CR1", "CR2", "CR4"]
ignore = ["CR103"]
fail_on = "warning"
as_of = 2026-06-30
marketplace = "DE"
lang = "zh"
cache = false
cache_dir = "/tmp/consistency-cache"

[tool.consistency.severity]
CR102 = "error"

[tool.consistency.rules.CR202]
severity = "info"

[tool.consistency.rules.CR401]
enabled = false

[tool.consistency.thresholds]
product_name = 80
manufacturer = 90.5

[tool.consistency.limits]
max_pages = 4
readiness_pages = 20

[tool.consistency.ocr]
photo_engines = ["rapidocr"]
languages = "eng"

[tool.consistency.readiness]
max_report_age_years = 3

[tool.consistency.expect]
packaging = ["model_number"]
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_documented_table_combines_in_one_file(tmp_path: Path) -> None:
    """All tables of docs/configuration.md in one pyproject.toml: each one takes effect."""
    config = load(write(tmp_path, "pyproject.toml", EVERY_TABLE))
    defaults = Config()
    assert config.select == ("CR1", "CR2", "CR4")
    # `rules.CR401.enabled = false` adds to `ignore` whatever order the tables come in.
    assert config.ignore == ("CR103", "CR401")
    # The severity table and the rules table both apply (the second used to drop the first).
    assert config.severity == {"CR102": Severity.ERROR, "CR202": Severity.INFO}
    assert config.thresholds == Thresholds(product_name=80.0, manufacturer=90.5)
    assert config.limits == Limits(max_pages=4, readiness_pages=20)
    assert config.ocr == OcrSettings(photo_engines=("rapidocr",), languages="eng")
    assert config.readiness == Readiness(max_report_age_years=3.0)
    assert config.expect == {**defaults.expect, Kind.PACKAGING: frozenset({Field.MODEL_NUMBER})}
    assert (config.fail_on, config.as_of, config.marketplace, config.lang) == (
        Severity.WARNING,
        datetime.date(2026, 6, 30),
        "DE",
        "zh",
    )
    assert (config.cache, config.cache_dir) == (False, Path("/tmp/consistency-cache"))


def test_severity_and_rules_tables_combine_in_either_order() -> None:
    """`[severity]` and `[rules.CODE]` both apply, whichever comes first."""
    for table in (
        {"severity": {"CR101": "warning"}, "rules": {"CR201": {"severity": "info"}}},
        {"rules": {"CR201": {"severity": "info"}}, "severity": {"CR101": "warning"}},
    ):
        config = apply_table(Config(), table, "test")
        assert config.severity == {"CR101": Severity.WARNING, "CR201": Severity.INFO}


def test_layers_add_to_each_other() -> None:
    """A later layer (a manifest, the flags) adds severities to an earlier one's."""
    base = apply_table(Config(), {"severity": {"CR101": "warning"}}, "file")
    layered = apply_table(base, {"rules": {"CR201": {"severity": "info"}}}, "manifest")
    assert layered.severity == {"CR101": Severity.WARNING, "CR201": Severity.INFO}


@pytest.mark.parametrize(
    ("table", "key", "words"),
    [
        ({"select": ["CR9"]}, "select", "'CR9' matches no rule code; valid codes: CR101"),
        ({"select": "XYZ"}, "select", "'XYZ' matches no rule code"),
        ({"ignore": ["CR999"]}, "ignore", "'CR999' matches no rule code"),
        ({"severity": {"CR777": "warning"}}, "severity", "'CR777' matches no rule code"),
        ({"rules": {"CR000": {"enabled": False}}}, "rules", "'CR000' matches no rule code"),
        ({"thresholds": {"manufacturer": 920}}, "thresholds.manufacturer", "from 0 to 100"),
        ({"thresholds": {"product_name": -1}}, "thresholds.product_name", ">= 0"),
        ({"limits": {"max_pages": -3}}, "limits.max_pages", ">= 0"),
        ({"fail_on": "info"}, "fail_on", "expected one of error, warning"),
        ({"severity": {"CR101": "fatal"}}, "severity.CR101", "expected one of error"),
        ({"lang": "fr"}, "lang", "expected one of en, zh"),
        ({"as_of": "30/06/2026"}, "as_of", "expected a date YYYY-MM-DD"),
        ({"marketplace": " "}, "marketplace", "expected a marketplace code"),
        ({"rules": {"CR101": {"enabled": "no"}}}, "rules.CR101.enabled", "true or false"),
        ({"colour": "blue"}, "colour", "unknown key"),
    ],
)
def test_a_wrong_value_names_the_file_the_key_and_what_is_valid(
    table: dict[str, object], key: str, words: str
) -> None:
    """Typos and out-of-range values are errors naming the origin, the key and the valid values."""
    with pytest.raises(ConfigError) as caught:
        apply_table(Config(), table, "pyproject.toml")
    message = str(caught.value)
    assert message.startswith(f"pyproject.toml: key '{key}': ")
    assert words in message


def test_prefixes_and_the_batch_code_are_valid() -> None:
    """A prefix that matches registered codes, and CR599 (emitted by batch), are accepted."""
    config = apply_table(Config(), {"select": "cr1,CR2", "ignore": ["CR599"]}, "flags")
    assert (config.select, config.ignore) == (("CR1", "CR2"), ("CR599",))


def test_a_rule_installed_at_run_time_is_seen_after_registry_clear(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`registry.clear()` (docs/plugins.md) forgets discovered plugins so a new one is found."""
    plugin = EntryPoint(name="XX101", value="example:Rule", group=registry.RULES)
    real = plugins.entry_points

    def with_plugin(group: str) -> list[EntryPoint]:
        return [*real(group=group), *([plugin] if group == registry.RULES else [])]

    assert "XX101" not in registry.rule_codes()
    monkeypatch.setattr(plugins, "entry_points", with_plugin)
    assert "XX101" not in registry.rule_codes()  # still the cached discovery
    registry.clear()
    try:
        assert "XX101" in registry.rule_codes()
        assert apply_table(Config(), {"select": ["XX1"]}, "test").select == ("XX1",)
    finally:
        monkeypatch.undo()
        registry.clear()
    assert "XX101" not in registry.rule_codes()


def test_fails_applies_fail_on() -> None:
    """A finding at or above `fail_on` fails; below it passes."""
    warning = Finding(code="CR102", name="x", severity=Severity.WARNING, message="m")
    info = Finding(code="CR103", name="x", severity=Severity.INFO, message="m")
    assert not Config().fails([warning, info])
    assert Config(fail_on=Severity.WARNING).fails([warning])
    assert not Config(fail_on=Severity.WARNING).fails([info])


def test_find_file_nearest_first_skipping_case_manifests(tmp_path: Path) -> None:
    """Nearest folder first; a case manifest is not a config file; a bare pyproject.toml is skipped."""
    top = write(tmp_path, "consistency.toml", 'fail_on = "warning"\n')
    middle = tmp_path / "a"
    write(middle, "pyproject.toml", "[project]\nname = 'x'\n")  # no [tool.consistency]
    case = middle / "case"
    write(case, "consistency.toml", 'sku = "HX-1"\n[thresholds]\nproduct_name = 80\n')
    assert find_file(case) == top
    project = write(middle, "pyproject.toml", "[tool.consistency]\nlang = 'zh'\n")
    assert find_file(case) == project
    write(case, "pyproject.toml", "[tool.consistency]\nlang = 'en'\n")
    assert find_file(case) == case / "pyproject.toml"
    assert load(search_from=case).origin == str(case / "pyproject.toml")


def test_a_config_file_in_a_folder_wins_over_the_pyproject_beside_it(tmp_path: Path) -> None:
    """In one folder a configuration-only consistency.toml comes before pyproject.toml."""
    write(tmp_path, "pyproject.toml", "[tool.consistency]\nlang = 'en'\n")
    config_file = write(tmp_path, "consistency.toml", "lang = 'zh'\n")
    assert find_file(tmp_path) == config_file
    assert load(search_from=tmp_path).lang == "zh"
