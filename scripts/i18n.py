"""Keep the output-language catalogues current: extract, update, compile (Babel).

    python scripts/i18n.py            # extract msgids, update every .po, compile the .mo files
    python scripts/i18n.py --check    # exit 1 when the catalogues are not current (CI, tests)

Msgids are the English sentences passed to `_()` in `src/consistency`; the catalogues live
in `src/consistency/locale/<lang>/LC_MESSAGES/consistency.po` and ship compiled (`.mo`) as
package data, so `gettext` finds them at run time with no build step.
"""

from __future__ import annotations

import datetime
import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "consistency"
LOCALE = PACKAGE / "locale"
DOMAIN = "consistency"
#: Output languages with a catalogue (English is the msgids themselves).
LOCALES = ("zh_Hans",)
_EPOCH = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
#: A `_("...")` call written inside an f-string's braces.  Before Python 3.12 an f-string is
#: one token, so Babel's Python extractor never sees the calls in it (`{esc(_("Fix"))}`);
#: this finds them (a literal without escapes, which is what such calls use).
_CALL_IN_FSTRING = re.compile(r"""\b_\(\s*(?:"([^"\\\n]*)"|'([^'\\\n]*)')\s*\)""")


def extract() -> Catalog:
    """Every `_()` msgid in the package, with where it is used."""
    # A fixed creation date keeps the catalogues byte-stable between runs (--check).
    template = Catalog(
        project="consistency",
        domain=DOMAIN,
        creation_date=_EPOCH,
        revision_date=_EPOCH,
        fuzzy=False,
    )
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords={"_": None, "N_": None}
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    for path in sorted(PACKAGE.rglob("*.py")):
        filename = path.relative_to(PACKAGE).as_posix()
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in _CALL_IN_FSTRING.finditer(line):
                message = match.group(1) if match.group(1) is not None else match.group(2)
                if message and message not in template:
                    template.add(message, None, [(filename, lineno)])
    return template


def updated(template: Catalog, locale: str) -> Catalog:
    """The locale's catalogue merged with the template (new msgids empty, old ones obsolete)."""
    path = LOCALE / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    if path.is_file():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale, domain=DOMAIN)
    else:
        catalog = Catalog(
            locale=locale,
            domain=DOMAIN,
            project="consistency",
            creation_date=_EPOCH,
            revision_date=_EPOCH,
            fuzzy=False,
        )
    catalog.update(
        template, update_header_comment=False, no_fuzzy_matching=True, update_creation_date=False
    )
    return catalog


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        width=100,
        omit_header=False,
        sort_output=True,
        include_lineno=False,
        ignore_obsolete=True,
    )
    return buffer.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    """Write (or, with --check, compare) the catalogues; 1 when something is stale."""
    check = "--check" in argv
    template = extract()
    stale: list[str] = []
    for locale in LOCALES:
        folder = LOCALE / locale / "LC_MESSAGES"
        catalog = updated(template, locale)
        po = _po_bytes(catalog)
        po_path = folder / f"{DOMAIN}.po"
        current_po = po_path.read_bytes() if po_path.is_file() else b""
        # The .mo is what runs: compiled from the .po as written (translations included).
        mo = _mo_bytes(read_po(io.BytesIO(po), locale=locale, domain=DOMAIN))
        mo_path = folder / f"{DOMAIN}.mo"
        if check:
            if current_po != po:
                stale.append(f"{po_path.relative_to(ROOT)} is not current")
            elif not mo_path.is_file() or mo_path.read_bytes() != mo:
                stale.append(f"{mo_path.relative_to(ROOT)} is not compiled from its .po")
            continue
        folder.mkdir(parents=True, exist_ok=True)
        po_path.write_bytes(po)
        mo_path.write_bytes(mo)
    for line in stale:
        print(f"i18n: {line}: run python scripts/i18n.py", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
