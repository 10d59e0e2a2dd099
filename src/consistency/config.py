"""Configuration: packaged defaults, then a config file, then command-line flags.

Files: `[tool.consistency]` in `pyproject.toml`, or the top level of a `consistency.toml`
(a case manifest may carry the same tables).  Every key is checked; a wrong key or
value is a `ConfigError` naming the file and the key.
"""

from __future__ import annotations

import datetime
import os
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from consistency import plugins
from consistency.errors import ConfigError
from consistency.model import SEVERITY_RANK, Field, Finding, Kind, Severity

#: Thresholds are percentages on rapidfuzz's 0-100 scale.
THRESHOLD_RANGE = (0.0, 100.0)
#: The severities `fail_on` accepts: a note never fails a check.
FAIL_ON = (Severity.ERROR, Severity.WARNING)
#: Report languages.
LANGUAGES = ("en", "zh")
#: Codes that are not rules but may be named in select/ignore/severity (the batch runner's
#: CR599 `batch-case-failed`, which configuration cannot switch off but may name).
RUNNER_CODES = ("CR599",)


@attrs.frozen
class Thresholds:
    """Fuzzy thresholds (0-100, rapidfuzz scale) per field."""

    #: Share (0-100) of the shorter product name's weighted words found in the longer one.
    product_name: float = 75.0
    #: Similarity of the distinctive part of two company names (after legal forms are dropped).
    manufacturer: float = 92.0
    #: Below this OCR confidence (0-100) a photo's value is "could not read reliably".
    ocr_confidence: float = 60.0


@attrs.frozen
class Limits:
    """Resource limits that keep hostile inputs from hanging or exhausting the machine."""

    max_pages: int = 8  #: pages of a report read while looking for the identity block
    max_image_pixels: int = 80_000_000  #: Pillow's decompression-bomb limit
    max_ocr_pixels: int = 16_000_000  #: larger images are downscaled before OCR
    ocr_timeout: float = 60.0  #: seconds per OCR call
    document_timeout: float = 300.0  #: seconds per document
    max_listing_rows: int = 500_000
    max_listing_bytes: int = 512 * 1024 * 1024  #: uncompressed size of a listing (xlsx parts)
    #: pages of a report whose header and footer bands are read for the self-checks
    #: (report number on every page, "Page x of y"); scans beyond it are not OCR'd.
    readiness_pages: int = 60


@attrs.frozen
class OcrSettings:
    """Which OCR engines read photos (region readers in order: later ones re-read only the
    regions the earlier read badly) and scans."""

    photo_engines: tuple[str, ...] = ("tesseract", "rapidocr")
    scan_engines: tuple[str, ...] = ("tesseract",)
    languages: str = "eng+chi_sim"  #: tesseract languages for scanned reports
    #: tesseract languages for photos: English only is ~1.3x faster; Chinese on a photo is
    #: read by the next engine (RapidOCR reads Chinese and English with one model).
    photo_languages: str = "eng"
    scan_dpi: int = 300


@attrs.frozen
class Readiness:
    """What the appeal-readiness checks (CR6xx-CR8xx) accept."""

    #: A report older than this many years (at `as_of`) is flagged by CR603; 0 = no limit
    #: (only an explicit expiry date fires CR603 by default).
    max_report_age_years: float = 0.0


def _default_expect() -> dict[Kind, frozenset[Field]]:
    every = frozenset({Field.PRODUCT_NAME, Field.MODEL_NUMBER, Field.MANUFACTURER})
    return {
        Kind.LISTING: every,
        Kind.TEST_REPORT: frozenset({Field.MODEL_NUMBER, Field.MANUFACTURER, Field.PRODUCT_NAME}),
        Kind.PACKAGING: frozenset({Field.MODEL_NUMBER, Field.MANUFACTURER}),
        Kind.PRODUCT: frozenset({Field.MODEL_NUMBER}),
    }


@attrs.frozen
class Config:
    """Everything that can be configured; the defaults are the packaged defaults."""

    #: Rule codes (or code prefixes such as "CR1") to run; empty means all.
    select: tuple[str, ...] = ()
    #: Rule codes (or prefixes) never to run.
    ignore: tuple[str, ...] = ()
    #: Severity overrides by rule code.
    severity: Mapping[str, Severity] = attrs.field(factory=dict)
    thresholds: Thresholds = attrs.field(factory=Thresholds)
    limits: Limits = attrs.field(factory=Limits)
    ocr: OcrSettings = attrs.field(factory=OcrSettings)
    #: Which fields each source kind is expected to show (absent ones are `missing`).
    expect: Mapping[Kind, frozenset[Field]] = attrs.field(factory=_default_expect)
    readiness: Readiness = attrs.field(factory=Readiness)
    cache: bool = True
    cache_dir: Path | None = None
    #: The lowest severity that fails a check (exit 1, a failed pytest item): "error" by
    #: default; "warning" makes warnings (an unverified field, say) fail too.
    fail_on: Severity = Severity.ERROR
    #: The date expiry and report age are judged at (None: today), so results reproduce.
    as_of: datetime.date | None = None
    #: The marketplace the listing is for, when the listing does not say (`DE`, `amazon.de`,
    #: `A1PA6795UKMFR9`); the label-content rules (CR7xx) depend on it.
    marketplace: str | None = None
    #: The language reports are written in ("en", "zh").
    lang: str = "en"
    #: The file the configuration came from, for messages.
    origin: str | None = None

    def fails(self, findings: Iterable[Finding]) -> bool:
        """True when a finding is at or above `fail_on`: exit 1, a failed pytest item."""
        floor = SEVERITY_RANK[self.fail_on]
        return any(SEVERITY_RANK[f.severity] >= floor for f in findings)

    def rule_enabled(self, code: str) -> bool:
        """True when `code` is selected (or nothing is) and not ignored."""
        selected = not self.select or any(code.startswith(s) for s in self.select)
        return selected and not any(code.startswith(s) for s in self.ignore)

    def resolved_cache_dir(self) -> Path:
        """Where the OCR cache lives: config, then `CONSISTENCY_CACHE_DIR`, then the user cache."""
        if self.cache_dir is not None:
            return self.cache_dir
        env = os.environ.get("CONSISTENCY_CACHE_DIR")
        if env:
            return Path(env)
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return Path(base) / "consistency"


_SECTIONS: dict[str, type[Any]] = {
    "thresholds": Thresholds,
    "limits": Limits,
    "ocr": OcrSettings,
    "readiness": Readiness,
}


def _fail(origin: str, key: str, why: str) -> ConfigError:
    return ConfigError(f"{origin}: key '{key}': {why}")


def _coerce(origin: str, key: str, value: Any, target: Any) -> Any:
    """Check a TOML value against the type of the default it replaces."""
    if isinstance(target, bool):
        if not isinstance(value, bool):
            raise _fail(origin, key, f"expected true or false, got {value!r}")
        return value
    if isinstance(target, int | float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _fail(origin, key, f"expected a number, got {value!r}")
        if value < 0:
            raise _fail(origin, key, f"expected a number >= 0, got {value!r}")
        return type(target)(value)
    if isinstance(target, str):
        if not isinstance(value, str):
            raise _fail(origin, key, f"expected a string, got {value!r}")
        return value
    if isinstance(target, tuple):
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _fail(origin, key, f"expected a list of strings, got {value!r}")
        return tuple(value)
    raise _fail(origin, key, "cannot be set from a file")


def apply_table(config: Config, table: Mapping[str, Any], origin: str) -> Config:
    """Return `config` updated from one `[tool.consistency]`-shaped table."""
    changes: dict[str, Any] = {}
    for key, value in table.items():
        if key in _SECTIONS:
            if not isinstance(value, dict):
                raise _fail(origin, key, "expected a table")
            current = getattr(config, key)
            updates = {}
            names = {a.name for a in attrs.fields(type(current))}
            for sub, subvalue in value.items():
                if sub not in names:
                    raise _fail(origin, f"{key}.{sub}", f"unknown; expected one of {sorted(names)}")
                updates[sub] = _coerce(origin, f"{key}.{sub}", subvalue, getattr(current, sub))
                low, high = THRESHOLD_RANGE
                if key == "thresholds" and not low <= updates[sub] <= high:
                    raise _fail(
                        origin,
                        f"{key}.{sub}",
                        f"expected a percentage from {low:g} to {high:g}, got {subvalue!r}",
                    )
            changes[key] = attrs.evolve(current, **updates)
        elif key in ("select", "ignore"):
            codes = tuple(c.upper() for c in _coerce(origin, key, value, ()))
            _check_codes(origin, key, codes)
            # `rules.CODE.enabled = false` may have added to `ignore` already.
            changes[key] = codes + (changes.get(key, ()) if key == "ignore" else ())
        elif key == "rules":
            changes["severity"] = dict(changes.get("severity", config.severity)) | _rule_table(
                value, origin
            )
            disabled = tuple(
                code.upper()
                for code, opts in value.items()
                if isinstance(opts, dict) and opts.get("enabled") is False
            )
            changes["ignore"] = changes.get("ignore", config.ignore) + disabled
        elif key == "severity":
            if not isinstance(value, dict):
                raise _fail(origin, key, 'expected a table of CODE = "error|warning|info"')
            _check_codes(origin, key, tuple(code.upper() for code in value))
            changes["severity"] = dict(changes.get("severity", config.severity)) | {
                code.upper(): _severity(origin, f"severity.{code}", sev)
                for code, sev in value.items()
            }
        elif key == "expect":
            changes["expect"] = dict(config.expect) | _expect_table(value, origin)
        elif key == "cache":
            changes["cache"] = _coerce(origin, key, value, True)
        elif key == "fail_on":
            changes["fail_on"] = _severity(origin, key, value, FAIL_ON)
        elif key == "as_of":
            changes["as_of"] = _date(origin, key, value)
        elif key == "marketplace":
            text = _coerce(origin, key, value, "").strip()
            if not text:
                raise _fail(origin, key, "expected a marketplace code such as DE or amazon.de")
            changes[key] = text
        elif key == "lang":
            text = _coerce(origin, key, value, "").strip().lower()
            if text not in LANGUAGES:
                raise _fail(origin, key, f"expected one of {', '.join(LANGUAGES)}, got {value!r}")
            changes[key] = text
        elif key == "cache_dir":
            changes["cache_dir"] = Path(_coerce(origin, key, value, ""))
        else:
            raise _fail(origin, key, "unknown key")
    return attrs.evolve(config, origin=origin, **changes)


def _date(origin: str, key: str, value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise _fail(origin, key, f"expected a date YYYY-MM-DD, got {value!r}")


def _severity(
    origin: str, key: str, value: Any, allowed: Iterable[Severity] = tuple(Severity)
) -> Severity:
    allowed = tuple(allowed)
    try:
        severity = Severity(value)
    except ValueError:
        severity = None
    if severity is None or severity not in allowed:
        names = ", ".join(s.value for s in allowed)
        raise _fail(origin, key, f"expected one of {names}, got {value!r}")
    return severity


def known_codes() -> list[str]:
    """Every rule code that select, ignore and severity may name, sorted."""
    return sorted({*plugins.rule_codes(), *RUNNER_CODES})


def _check_codes(origin: str, key: str, codes: Iterable[str]) -> None:
    """Each code or prefix must name at least one known code (`CR9`, `XYZ` are typos)."""
    known = known_codes()
    for code in codes:
        if not any(k.startswith(code) for k in known):
            raise _fail(
                origin,
                key,
                f"'{code}' matches no rule code; valid codes: {', '.join(known)} "
                "(or a prefix of them, such as CR1)",
            )


def _rule_table(value: Any, origin: str) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise _fail(origin, "rules", "expected a table of rule codes")
    out: dict[str, Severity] = {}
    for code, opts in value.items():
        if not isinstance(opts, dict):
            raise _fail(origin, f"rules.{code}", "expected a table (severity, enabled)")
        for opt in opts:
            if opt not in ("severity", "enabled"):
                raise _fail(origin, f"rules.{code}.{opt}", "unknown; expected severity or enabled")
        if "severity" in opts:
            out[code.upper()] = _severity(origin, f"rules.{code}.severity", opts["severity"])
        if "enabled" in opts and not isinstance(opts["enabled"], bool):
            raise _fail(origin, f"rules.{code}.enabled", "expected true or false")
    _check_codes(origin, "rules", tuple(code.upper() for code in value))
    return out


def _expect_table(value: Any, origin: str) -> dict[Kind, frozenset[Field]]:
    if not isinstance(value, dict):
        raise _fail(origin, "expect", "expected a table of source = [fields]")
    out: dict[Kind, frozenset[Field]] = {}
    for kind, fields in value.items():
        try:
            source = Kind(kind)
        except ValueError:
            raise _fail(origin, f"expect.{kind}", "unknown source kind") from None
        names = _coerce(origin, f"expect.{kind}", fields, ())
        try:
            out[source] = frozenset(Field(n) for n in names)
        except ValueError as exc:
            raise _fail(origin, f"expect.{kind}", str(exc)) from None
    return out


def read_file(path: Path) -> Mapping[str, Any]:
    """The consistency table of a config file: `[tool.consistency]` or a whole consistency.toml."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("consistency", {})
    else:
        table = data.get("tool", {}).get("consistency", data)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: key 'tool.consistency': expected a table")
    return table


#: Keys a case manifest carries besides configuration.
MANIFEST_KEYS = frozenset({"sku", "listing", "documents", "name", "description", "ignore_files"})
#: Keys that make a `consistency.toml` a case manifest rather than a configuration file.
CASE_KEYS = frozenset({"sku", "listing", "documents", "name"})
#: Configuration keys (the top level of `[tool.consistency]`).
CONFIG_KEYS = frozenset(
    {
        "select",
        "ignore",
        "severity",
        "rules",
        "expect",
        "cache",
        "cache_dir",
        "fail_on",
        "as_of",
        "marketplace",
        "lang",
        *_SECTIONS,
    }
)
#: The configuration file names looked for, nearest folder first, in this order.
CONFIG_NAMES = ("consistency.toml", "pyproject.toml")


def _toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def _is_config_file(path: Path) -> bool:
    """A `pyproject.toml` with `[tool.consistency]`, or a `consistency.toml` that is not a
    case manifest (a case's own manifest is applied as the case's layer, not found here)."""
    if not path.is_file():
        return False
    data = _toml(path)
    if path.name == "pyproject.toml":
        return "consistency" in data.get("tool", {})
    return not CASE_KEYS & set(data)


def find_file(start: Path) -> Path | None:
    """The nearest configuration file from `start` upwards, or None.

    In each folder, nearest first: a `consistency.toml` that is not a case manifest, then
    a `pyproject.toml` with a `[tool.consistency]` table.  A `pyproject.toml` without the
    table does not stop the search.
    """
    start = Path(start).resolve()
    if start.is_file():
        start = start.parent
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if _is_config_file(candidate):
                return candidate
    return None


def load(path: Path | None = None, *, search_from: Path | None = None) -> Config:
    """Defaults updated from `path`, or from the nearest configuration file above `search_from`
    (default: the working directory); see `find_file`."""
    if path is None:
        path = find_file(search_from or Path.cwd())
        if path is None:
            return Config()
    table = {k: v for k, v in read_file(path).items() if k not in MANIFEST_KEYS}
    return apply_table(Config(), table, str(path))
