"""Case folders and `consistency.toml` manifests: from a seller's folder to a `Case`.

A seller keeps one folder per SKU.  Either a `consistency.toml` manifest names the SKU,
the listing export (often shared by every SKU, so it may live in a parent folder) and the
documents with their kinds, or the folder's files are classified by extension and name.

Manifest form (paths relative to the manifest; globs allowed)::

    sku = "HX-2041"
    listing = "../listing_export.xlsx"

    [documents]
    test_report = ["Test_Report*.pdf"]
    packaging = ["IMG_1001.jpg"]
    product = ["IMG_1002.jpg"]

    [thresholds]            # any configuration table, as in [tool.consistency]
    product_name = 80

A pattern that matches nothing, a missing file and an unknown key are `UsageError`s that
name the manifest and the pattern or key.
"""

from __future__ import annotations

import glob
import itertools
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from consistency.config import MANIFEST_KEYS, Config, apply_table
from consistency.errors import ConfigError, UsageError
from consistency.model import Case, Document, Kind

#: The manifest's file name inside a case folder.
MANIFEST_NAME = "consistency.toml"

LISTING_SUFFIXES = frozenset({".xlsx", ".xlsm", ".csv", ".tsv", ".json"})
PDF_SUFFIXES = frozenset({".pdf"})
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp", ".gif"})

#: Configuration tables a manifest may carry at its top level (see `consistency.config`).
CONFIG_KEYS = frozenset(
    {
        "select",
        "ignore",
        "severity",
        "rules",
        "thresholds",
        "limits",
        "ocr",
        "expect",
        "cache",
        "cache_dir",
    }
)

# Files that live in case folders but are not documents of the package: the manifest
# itself, the fixture generator's answer key, and notes for humans.
_IGNORED_NAMES = frozenset({MANIFEST_NAME, "truth.json", "pyproject.toml"})

# Words in a file name that say what a photo shows.  Packaging is tested first because
# a "box label" is a photo of the box, and report words before product words because a
# "test report label page" is a page of the report.  Each entry matches a whole word or
# a word that starts with it ("certificate" and "cert", "declaration" and "declar").
_PACKAGING_WORDS = ("box", "package", "packaging", "packag", "carton", "outer", "giftbox")
_REPORT_WORDS = ("report", "cert", "doc", "declar", "test", "coc")
_PRODUCT_WORDS = ("label", "product", "nameplate", "rating", "unit", "device", "item")
# Chinese file names are common from factories: 包装 packaging, 外箱 outer carton,
# 报告 report, 证书 certificate, 标签 label, 铭牌 nameplate, 产品 product.
_PACKAGING_CJK = ("包装", "外箱", "彩盒", "纸箱")
_REPORT_CJK = ("报告", "報告", "证书", "證書", "检测", "測試", "测试")
_PRODUCT_CJK = ("标签", "標籤", "铭牌", "銘牌", "产品", "產品")
_LISTING_WORDS = ("listing", "listings", "inventory", "export", "flatfile")

_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def _words(name: str) -> list[str]:
    """The lower-cased words of a file name, split on punctuation, digits and camelCase.

    Both splittings are kept: camelCase splits `TestReport`, plain splitting keeps
    `DoC` (declaration of conformity) whole.
    """
    stem = Path(name).stem
    camel = [w.lower() for w in _WORD.findall(stem)]
    plain = [w for w in re.split(r"[^0-9a-z]+", stem.lower()) if w]
    return camel + [w for w in plain if w not in camel]


def _says(words: Iterable[str], stems: Iterable[str]) -> bool:
    stems = tuple(stems)
    return any(w.startswith(stem) for w in words for stem in stems)


def _name_says_listing(name: str) -> bool:
    words = _words(name)
    if _says(words, _LISTING_WORDS):
        return True
    # "Flat File", "flat_file", "flat-file" as two words.
    return any(a == "flat" and b == "file" for a, b in itertools.pairwise(words))


def _looks_tab_separated(path: Path) -> bool:
    """True when a .txt file's first lines are tab-separated columns (an Amazon export)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(16384)
    except OSError:
        return False
    lines = [line for line in head.splitlines()[:5] if line.strip()]
    if not lines:
        return False
    if lines[0].lstrip(b"\xef\xbb\xbf").startswith(b"TemplateType="):
        return True
    # A header and at least one more row, each with several tab-separated columns.
    return len(lines) >= 2 and all(line.count(b"\t") >= 2 for line in lines[:2])


def classify(path: Path) -> Kind | None:
    """The kind of a document from its extension and name, or None when it is not one.

    - listing: `.xlsx`, `.xlsm`, `.csv`, `.tsv`, `.json`, and a `.txt` that is a
      tab-separated export or whose name says listing/inventory/export/flat file;
    - test_report: `.pdf`, and images whose name says report/certificate/doc/declaration/test;
    - packaging: images whose name says box/package/packaging/carton/outer;
    - product: images whose name says label/product/nameplate/rating/unit, and every
      other image.  An unnamed photo (`IMG_1002.jpg`) is most often the unit or its
      rating label; and `product` expects the least (a model number), so a wrong guess
      costs the least.  Name it, or use a manifest, to say otherwise.

    Hidden files, `consistency.toml`, `truth.json`, `README*` and other extensions are None.
    """
    name = path.name
    if name.startswith((".", "~$")) or name in _IGNORED_NAMES or name.upper().startswith("README"):
        return None
    suffix = path.suffix.lower()
    if suffix in LISTING_SUFFIXES:
        return Kind.LISTING
    if suffix == ".txt":
        if _name_says_listing(name) or _looks_tab_separated(path):
            return Kind.LISTING
        return None
    if suffix in PDF_SUFFIXES:
        return Kind.TEST_REPORT
    if suffix in IMAGE_SUFFIXES:
        words = _words(name)
        if _says(words, _PACKAGING_WORDS) or any(w in name for w in _PACKAGING_CJK):
            return Kind.PACKAGING
        if _says(words, _REPORT_WORDS) or any(w in name for w in _REPORT_CJK):
            return Kind.TEST_REPORT
        return Kind.PRODUCT
    return None


def classify_folder(folder: Path, *, sku: str | None = None) -> list[Document]:
    """Every document directly inside `folder` (not its subfolders), sorted by name."""
    documents: list[Document] = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not path.is_file():
            continue
        kind = classify(path)
        if kind is not None:
            documents.append(Document(path, kind, sku if kind is Kind.LISTING else None))
    return documents


def find_manifest(path: Path) -> Path | None:
    """The manifest a path stands for: the path itself if it is a .toml file, else the
    folder's `consistency.toml`, else None."""
    if path.is_file() and path.suffix.lower() == ".toml":
        return path
    candidate = path / MANIFEST_NAME
    return candidate if candidate.is_file() else None


def _read_manifest(manifest: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{manifest}: case manifest not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{manifest}: cannot read the case manifest: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{manifest}: not valid TOML: {exc}") from None


def _config_table(manifest: Path, data: Mapping[str, Any]) -> dict[str, Any]:
    """The configuration part of a manifest: top-level config keys and `[tool.consistency]`."""
    table: dict[str, Any] = {}
    for key, value in data.items():
        if key in MANIFEST_KEYS:
            continue
        if key == "tool":
            nested = value.get("consistency") if isinstance(value, dict) else None
            if not isinstance(nested, dict) or set(value) != {"consistency"}:
                raise ConfigError(
                    f"{manifest}: key 'tool': only a [tool.consistency] table is allowed here"
                )
            for sub, subvalue in nested.items():
                if sub in table:
                    raise ConfigError(
                        f"{manifest}: key 'tool.consistency.{sub}': also set at the top level"
                    )
                table[sub] = subvalue
        elif key in CONFIG_KEYS:
            table[key] = value
        else:
            known = sorted(MANIFEST_KEYS | CONFIG_KEYS | {"tool"})
            raise ConfigError(f"{manifest}: key '{key}': unknown; expected one of {known}")
    # Let the configuration cascade check every key and value now, so a typo in a
    # manifest is reported when the case is loaded, naming this file and the key.
    apply_table(Config(), table, str(manifest))
    return table


def manifest_config(path: Path) -> dict[str, Any]:
    """The configuration tables a case manifest carries (empty when there is no manifest).

    `path` is a case folder or the manifest itself.  The result has the shape of
    `[tool.consistency]` and is ready for `consistency.config.apply_table`.
    """
    manifest = find_manifest(Path(path))
    if manifest is None:
        return {}
    return _config_table(manifest, _read_manifest(manifest))


def _patterns(manifest: Path, key: str, value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, str) and v.strip() for v in value)
    ):
        raise ConfigError(
            f"{manifest}: key '{key}': expected a file name or a list of file names (globs allowed)"
        )
    return list(value)


def _expand(manifest: Path, key: str, pattern: str) -> list[Path]:
    """The files one manifest pattern names, resolved relative to the manifest."""
    base = manifest.parent
    joined = os.path.normpath(os.path.join(base, os.path.expanduser(pattern)))
    if glob.has_magic(pattern):
        matches = sorted(Path(m) for m in glob.glob(joined, recursive=True) if Path(m).is_file())
        if not matches:
            raise UsageError(f"{manifest}: {key} pattern '{pattern}' matches no file")
        return matches
    path = Path(joined)
    if not path.exists():
        raise UsageError(f"{manifest}: {key} file '{pattern}' does not exist ({path})")
    if not path.is_file():
        raise UsageError(f"{manifest}: {key} '{pattern}' is not a file ({path})")
    return [path]


def _load_manifest(manifest: Path, *, sku: str | None, listing: Path | None) -> Case:
    data = _read_manifest(manifest)
    _config_table(manifest, data)  # unknown keys and bad config values fail here

    manifest_sku = data.get("sku")
    if manifest_sku is not None and not (isinstance(manifest_sku, str) and manifest_sku.strip()):
        raise ConfigError(f"{manifest}: key 'sku': expected a non-empty string")
    # A SKU given by the caller (the CLI's --sku) wins over the file, as flags win over
    # configuration files everywhere else.
    case_sku = sku or (manifest_sku.strip() if isinstance(manifest_sku, str) else None)
    name = data.get("name")
    if name is not None and not isinstance(name, str):
        raise ConfigError(f"{manifest}: key 'name': expected a string")

    wanted: list[tuple[Kind, str, str]] = []  # (kind, key for messages, pattern)
    if "listing" in data:
        patterns = _patterns(manifest, "listing", data["listing"])
        wanted += [(Kind.LISTING, "listing", p) for p in patterns]
    documents = data.get("documents", {})
    if not isinstance(documents, dict):
        raise ConfigError(f"{manifest}: key 'documents': expected a table of kind = [files]")
    for key, value in documents.items():
        try:
            kind = Kind(key)
        except ValueError:
            kinds = [k.value for k in Kind]
            raise ConfigError(
                f"{manifest}: key 'documents.{key}': unknown document kind; expected one of {kinds}"
            ) from None
        patterns = _patterns(manifest, f"documents.{key}", value)
        wanted += [(kind, f"documents.{key}", p) for p in patterns]

    kinds_of: dict[Path, tuple[Kind, str]] = {}
    ordered: list[Path] = []
    for kind, key, pattern in wanted:
        for path in _expand(manifest, key, pattern):
            seen = kinds_of.get(path)
            if seen is None:
                kinds_of[path] = (kind, key)
                ordered.append(path)
            elif seen[0] is not kind:
                raise UsageError(
                    f"{manifest}: '{path.name}' is named both in {seen[1]} and in {key}; "
                    "give each file one kind"
                )
    if listing is not None and not any(k is Kind.LISTING for k, _ in kinds_of.values()):
        kinds_of[Path(listing)] = (Kind.LISTING, "listing")
        ordered.insert(0, Path(listing))
    if not ordered:
        raise UsageError(
            f"{manifest}: the manifest names no documents (set listing and [documents])"
        )

    docs = tuple(
        Document(path, kinds_of[path][0], case_sku if kinds_of[path][0] is Kind.LISTING else None)
        for path in ordered
    )
    root = manifest.parent
    return Case(docs, sku=case_sku, name=name or case_sku or _folder_name(root), root=root)


def _folder_name(folder: Path) -> str:
    return folder.name or folder.resolve().name


def load_case(path: Path, *, sku: str | None = None, listing: Path | None = None) -> Case:
    """Read a case: a folder with a `consistency.toml`, a manifest file, or a plain folder.

    A plain folder's files are classified by `classify`, non-recursively.  Its SKU is
    `sku` when given; the folder name is not taken for a SKU (folders are named freely),
    so a listing export holding many products then needs `sku`.  `listing` is a listing
    export shared by many cases, used when the case names none of its own.  Listing
    documents carry the case's SKU so the listing extractor can pick the row.
    """
    path = Path(path)
    if not path.exists():
        raise UsageError(f"{path}: no such case folder or manifest")
    manifest = find_manifest(path)
    if manifest is not None:
        return _load_manifest(manifest, sku=sku, listing=listing)
    if not path.is_dir():
        raise UsageError(f"{path}: not a case folder or a {MANIFEST_NAME} manifest")
    documents = classify_folder(path, sku=sku)
    if listing is not None and not any(d.kind is Kind.LISTING for d in documents):
        documents.insert(0, Document(Path(listing), Kind.LISTING, sku))
    if not documents:
        raise UsageError(
            f"{path}: no documents found (expected a listing export, PDFs or photos, "
            f"or a {MANIFEST_NAME} manifest)"
        )
    return Case(tuple(documents), sku=sku, name=sku or _folder_name(path), root=path)


def find_cases(root: Path) -> list[Path]:
    """Every folder under `root` (itself included) holding a `consistency.toml`, sorted."""
    root = Path(root)
    if root.is_file():
        return [root.parent] if root.name == MANIFEST_NAME else []
    return sorted(p.parent for p in root.rglob(MANIFEST_NAME) if p.is_file())
