#!/usr/bin/env python3
"""Field accuracy of `consistency.extract` on real public documents, against hand-made truth.

Every entry of `tests/real/truth.json` (documents found for this benchmark, `set` "new", kept
out of git under `tests/real/files/`) and of `tests/real/shared_truth.json` (the 33 documents of
`../shared/real-reports`, `set` "shared") whose file is present is read with the public API,
`consistency.extract(path, kind)`, and scored field by field:

- model number: the tool's main model (field `model_number`, role `main`) is right when it
  normalises (upper case; spaces, hyphens, dots, slashes and underscores dropped) to one of the
  truth's acceptable main models, or when the truth is null and the tool gives no main model
  (a `null` inside the list of acceptable values means "none printed" is acceptable too, for
  documents where a careful reader could go either way, such as an FCC grant without a model);
- manufacturer: the tool's main manufacturer is right when, legal forms (`Co., Ltd.`, `GmbH`,
  `S.A.`, `d.o.o.`, `有限公司`...), case and punctuation dropped, it equals one acceptable name,
  or when the truth is null and the tool gives none;
- product name (reported, not gated): right when the tool's main product name holds every word
  of the truth's plain product noun (`product_type`), case-insensitive.

A document the tool cannot read scores wrong on every field.  Prints accuracy per set, per
document type and per text layer, then every miss with both values; writes
`benchmarks/results/accuracy_real.json`.

    .venv/bin/python benchmarks/accuracy_real.py                 # both sets
    .venv/bin/python benchmarks/accuracy_real.py --set new -k debix   # a subset, by file name

`CONSISTENCY_REAL_REPORTS` points at the shared folder when it is not `../shared/real-reports`
beside the repository (nor `/work/shared/real-reports`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import consistency

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "real"
NEW_TRUTH = REAL / "truth.json"
SHARED_TRUTH = REAL / "shared_truth.json"
NEW_FILES = REAL / "files"
RESULTS = ROOT / "benchmarks" / "results" / "accuracy_real.json"
KNOWN_MISSES = REAL / "known_misses.json"
GATED_FIELDS = ("model_number", "manufacturer")
ALL_FIELDS = (*GATED_FIELDS, "product_name")

# Characters that never distinguish two model numbers (the README's comparison contract).
_MODEL_NOISE = re.compile(r"[\s\-./_]+")
# Legal forms, as tokens left once dots are gone and other punctuation is a space: "S.A." is
# "sa", "d.o.o." is "doo", "Co.,Ltd." is "co ltd".  Dropped anywhere in the name, since labs
# write them before a branch in brackets as often as at the end.
_LEGAL_FORMS = frozenset(
    [
        "co",
        "ltd",
        "limited",
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "company",
        "llc",
        "gmbh",
        "ag",
        "kg",
        "mbh",
        "sa",
        "bv",
        "nv",
        "doo",
        "as",
        "srl",
        "spa",
        "sas",
        "sarl",
        "plc",
        "pty",
        "pte",
        "oy",
        "ab",
        "kk",
        "sro",
        "spzoo",
        "lp",
        "llp",
    ]
)
# Chinese legal forms, longest first so that 股份有限公司 goes as one piece.
_CJK_LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "公司")


def shared_root() -> Path:
    """Where the shared real documents live: the environment, beside the repo, or /work/shared."""
    configured = os.environ.get("CONSISTENCY_REAL_REPORTS")
    if configured:
        return Path(configured)
    beside = ROOT.parent / "shared" / "real-reports"
    return beside if beside.is_dir() else Path("/work/shared/real-reports")


def normalise_model(value: str) -> str:
    """A model number as compared: upper case, without spaces, hyphens, dots, slashes, underscores."""
    return _MODEL_NOISE.sub("", unicodedata.normalize("NFKC", value)).upper()


def normalise_company(value: str) -> str:
    """A company name as compared: no legal form, case or punctuation."""
    text = unicodedata.normalize("NFKC", value).casefold()
    for form in _CJK_LEGAL_FORMS:
        text = text.replace(form, " ")
    text = text.replace(".", "")
    words = re.sub(r"[^\w]+", " ", text).split()
    return " ".join(word for word in words if word not in _LEGAL_FORMS)


def product_words(value: str) -> list[str]:
    """The words of a product noun, lower case, for the containment test."""
    return re.findall(r"\w+", unicodedata.normalize("NFKC", value).casefold())


def load_truth(which: Sequence[str] = ("shared", "new")) -> list[dict[str, Any]]:
    """The truth entries of the chosen sets, each with `path` resolved to where its file lives."""
    entries: list[dict[str, Any]] = []
    sources = {"shared": (SHARED_TRUTH, shared_root()), "new": (NEW_TRUTH, NEW_FILES)}
    for name in which:
        truth_file, folder = sources[name]
        for entry in json.loads(truth_file.read_text(encoding="utf-8")):
            entries.append({**entry, "path": str(folder / entry["file"])})
    return entries


def _first_main(evidence: Iterable[Any], field: str) -> str | None:
    """The raw value of the first main-role evidence for a field, or None."""
    for item in evidence:
        if item.field.value == field and item.role.value == "main":
            return str(item.raw)
    return None


def read_document(entry: dict[str, Any]) -> dict[str, Any]:
    """What the tool finds in one document: main values per field, or the error it raised."""
    started = time.perf_counter()
    try:
        evidence = consistency.extract(entry["path"], entry["kind"])
    except consistency.ConsistencyError as error:
        return {
            "error": f"{type(error).__name__}: {error}",
            "seconds": round(time.perf_counter() - started, 2),
        }
    found: dict[str, Any] = {field: _first_main(evidence, field) for field in ALL_FIELDS}
    found["series"] = [
        str(e.raw) for e in evidence if e.field.value == "model_number" and e.role.value == "series"
    ]
    found["seconds"] = round(time.perf_counter() - started, 2)
    return found


def _acceptable(value: str | None, accepted: Sequence[str | None], normalise: Any) -> bool:
    """Whether a tool value is one of the accepted ones; a None among them accepts no value."""
    if value is None:
        return None in accepted
    return normalise(value) in {normalise(a) for a in accepted if a is not None}


def score_fields(entry: dict[str, Any], found: dict[str, Any]) -> dict[str, bool]:
    """Right or wrong per field for one document (see the module docstring for the rules)."""
    if "error" in found:
        return dict.fromkeys(ALL_FIELDS, False)
    main_models = (entry.get("models") or {}).get("main") or [None]
    makers = entry.get("manufacturer") or [None]
    model_right = _acceptable(found["model_number"], main_models, normalise_model)
    maker_right = _acceptable(found["manufacturer"], makers, normalise_company)
    noun = entry.get("product_type")
    tool_name = found["product_name"]
    if not noun:
        name_right = tool_name is None
    else:
        have = set(product_words(tool_name or ""))
        name_right = tool_name is not None and all(w in have for w in product_words(noun))
    return {"model_number": model_right, "manufacturer": maker_right, "product_name": name_right}


def expected(entry: dict[str, Any], field: str) -> Any:
    """The truth for a field, as shown in the list of misses."""
    if field == "model_number":
        return (entry.get("models") or {}).get("main")
    if field == "manufacturer":
        return entry.get("manufacturer")
    return entry.get("product_type")


def score(entries: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Reads and scores every present document; returns tallies, misses and per-document rows."""
    rows: list[dict[str, Any]] = []
    absent: list[str] = []
    for entry in entries:
        if not Path(entry["path"]).is_file():
            absent.append(entry["file"])
            continue
        found = read_document(entry)
        print(
            f"  read {entry['set']}/{entry['file']} in {found['seconds']:.1f} s",
            file=sys.stderr,
            flush=True,
        )
        rows.append(
            {
                "file": entry["file"],
                "set": entry["set"],
                "kind": entry["kind"],
                "doc_type": entry["doc_type"],
                "text_layer": entry["text_layer"],
                "found": found,
                "right": score_fields(entry, found),
                "expected": {f: expected(entry, f) for f in ALL_FIELDS},
            }
        )
    return {"rows": rows, "absent": absent, "tallies": tally(rows)}


def tally(rows: Iterable[dict[str, Any]]) -> dict[str, dict[str, dict[str, list[int]]]]:
    """[right, total] per grouping (set, doc type, text layer) and group value, per field."""
    groups: dict[str, dict[str, dict[str, list[int]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(lambda: [0, 0]))
    )
    for row in rows:
        keys = {
            "set": row["set"],
            "doc_type": f"{row['set']}/{row['doc_type']}",
            "text_layer": f"{row['set']}/{row['text_layer']}",
        }
        for grouping, value in keys.items():
            for field in ALL_FIELDS:
                cell = groups[grouping][value][field]
                cell[0] += int(row["right"][field])
                cell[1] += 1
    return json.loads(json.dumps(groups))


def gated_accuracy(rows: Iterable[dict[str, Any]], which_set: str) -> float | None:
    """Right model and manufacturer fields over all such fields of a set; None when it is empty."""
    right = total = 0
    for row in rows:
        if row["set"] == which_set:
            right += sum(row["right"][f] for f in GATED_FIELDS)
            total += len(GATED_FIELDS)
    return right / total if total else None


def known_misses(rows: Iterable[dict[str, Any]]) -> dict[str, dict[str, list[str]]]:
    """The gated fields each document gets wrong, per set: what the tests expect to stay wrong."""
    misses: dict[str, dict[str, list[str]]] = {"shared": {}, "new": {}}
    for row in rows:
        wrong = [field for field in GATED_FIELDS if not row["right"][field]]
        if wrong:
            misses[row["set"]][row["file"]] = wrong
    return misses


def _print(result: dict[str, Any]) -> None:
    """The human summary: accuracy tables, then the misses."""
    for grouping, values in result["tallies"].items():
        print(f"\nby {grouping}:")
        print(f"  {'':38} {'model':>9} {'maker':>9} {'gated':>7} {'name*':>9}")
        for value, fields in sorted(values.items()):
            model, maker, name = (fields[f] for f in ALL_FIELDS)
            gated = (model[0] + maker[0]) / (model[1] + maker[1])
            print(
                f"  {value:38} {model[0]:>4}/{model[1]:<4} {maker[0]:>4}/{maker[1]:<4} "
                f"{gated:7.3f} {name[0]:>4}/{name[1]:<4}"
            )
    print("  (* product name: reported, not gated)")
    print("\nmisses:")
    for row in result["rows"]:
        if "error" in row["found"]:
            print(f"  [{row['set']}] {row['file']}: ERROR {row['found']['error']}")
            continue
        for field in ALL_FIELDS:
            if not row["right"][field]:
                print(
                    f"  [{row['set']}] {row['file']}: {field}: tool {row['found'][field]!r}"
                    f" / truth {row['expected'][field]!r}"
                )
    for name in result["absent"]:
        print(f"  absent (not scored): {name}")
    for which in ("shared", "new"):
        accuracy = gated_accuracy(result["rows"], which)
        if accuracy is not None:
            print(f"\n{which}: model+manufacturer accuracy {accuracy:.3f}")


def main(argv: Sequence[str] | None = None) -> int:
    """Scores the chosen sets, prints the tables and writes the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--set", choices=("shared", "new", "both"), default="both")
    parser.add_argument("-k", dest="match", help="only files whose name contains this text")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--write-known-misses",
        action="store_true",
        help=f"record today's misses in {KNOWN_MISSES.relative_to(ROOT)} (both sets)",
    )
    args = parser.parse_args(argv)
    entries = load_truth(("shared", "new") if args.set == "both" else (args.set,))
    if args.match:
        entries = [e for e in entries if args.match.casefold() in e["file"].casefold()]
    if args.write_known_misses and (args.match or args.set != "both"):
        parser.error("--write-known-misses records both whole sets; drop --set and -k")
    result = score(entries)
    _print(result)
    result["accuracy"] = {s: gated_accuracy(result["rows"], s) for s in ("shared", "new")}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"results: {args.output}")
    if args.write_known_misses:
        if result["absent"]:
            parser.error("some documents are absent; known misses need every document")
        text = json.dumps(
            known_misses(result["rows"]), indent=1, ensure_ascii=False, sort_keys=True
        )
        KNOWN_MISSES.write_text(text + "\n", encoding="utf-8")
        print(f"known misses: {KNOWN_MISSES}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
