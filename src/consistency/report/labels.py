"""Words shared by every output format, so they read alike and never contradict each other.

The headline and each field's status label are computed here, once, from the `Report`:
a field is shown as a pass only when it is `consistent`; `unverified` is never a pass
(amber, ⚠); a mismatch the configuration does not count says so.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Callable
from pathlib import Path, PurePath

import attrs

from consistency.i18n import translator
from consistency.model import Evidence, Field, FieldResult, Kind, Report, Severity, Status

Translate = Callable[[str], str]

#: The English "translator" (the msgids themselves), the default of every function here.
ENGLISH: Translate = translator("en")

SEVERITY_ORDER: tuple[Severity, ...] = (Severity.ERROR, Severity.WARNING, Severity.INFO)


class Tone(enum.StrEnum):
    """How a verdict or status is shown: a pass, a second look, or a failure."""

    PASS = "pass"  #: green, ✓
    CHECK = "check"  #: amber, ⚠: no error, but something a person should look at
    FAIL = "fail"  #: red, ✗


TONE_MARKS: dict[Tone, str] = {Tone.PASS: "✅", Tone.CHECK: "⚠️", Tone.FAIL: "❌"}


@attrs.frozen
class Headline:
    """The one-line verdict every format shows first."""

    tone: Tone
    text: str


def source_label(kind: Kind, _: Translate) -> str:
    """`Listing`, `Test report`, ... in the output language."""
    labels = {
        Kind.LISTING: _("Listing"),
        Kind.TEST_REPORT: _("Test report"),
        Kind.PACKAGING: _("Packaging"),
        Kind.PRODUCT: _("Product label"),
    }
    return labels[kind]


def field_label(field: Field, _: Translate = ENGLISH) -> str:
    """`model_number` as people write it: `Model number`."""
    labels = {
        Field.PRODUCT_NAME: _("Product name"),
        Field.MODEL_NUMBER: _("Model number"),
        Field.MANUFACTURER: _("Manufacturer"),
    }
    if field in labels:
        return labels[field]
    translated = _(field.value)  # other fields: their key's msgid, else the key as words
    return translated if translated != field.value else field.value.replace("_", " ").capitalize()


def status_word(status: Status, _: Translate) -> str:
    """The status as a word in the output language (JSON keeps the English value)."""
    words = {
        Status.CONSISTENT: _("consistent"),
        Status.MISMATCH: _("mismatch"),
        Status.MISSING: _("missing"),
        Status.UNVERIFIED: _("unverified"),
    }
    return words[status]


def status_tone(row: FieldResult) -> Tone:
    """Only a consistent field is a pass; unverified and discounted statuses ask for a look."""
    if row.status == Status.CONSISTENT:
        return Tone.PASS
    if row.status == Status.UNVERIFIED or row.discounted:
        return Tone.CHECK
    return Tone.FAIL


def status_text(row: FieldResult, _: Translate) -> str:
    """`mismatch`, or `mismatch — CR101 ignored by configuration`, or `unverified (single
    source)`."""
    word = status_word(row.status, _)
    if row.discounted:
        return f"{word} — {'; '.join(_(d) for d in row.discounted)}"
    if row.status == Status.UNVERIFIED and row.reasons:
        return f"{word} ({', '.join(_(r) for r in row.reasons)})"
    return word


def where(evidence: Evidence, _: Translate = ENGLISH) -> str:
    """Where a value was read: file name, page or locator, and the label it sat under."""
    parts = [PurePath(evidence.file).name or evidence.file]
    if evidence.page is not None:
        parts.append(_("page {page}").format(page=evidence.page))
    elif evidence.locator:
        parts.append(evidence.locator)
    text = ", ".join(parts)
    if evidence.label:
        text += ", " + _("under “{label}”").format(label=evidence.label)
    return text


def severity_counts(report: Report, _: Translate = ENGLISH) -> str:
    """`2 errors, 1 warning` (or `no findings`), in severity order."""
    counts = Counter(f.severity for f in report.findings)
    words = {
        Severity.ERROR: (_("{n} error"), _("{n} errors")),
        Severity.WARNING: (_("{n} warning"), _("{n} warnings")),
        Severity.INFO: (_("{n} note"), _("{n} notes")),
    }
    parts = [
        words[s][0 if counts[s] == 1 else 1].format(n=counts[s])
        for s in SEVERITY_ORDER
        if counts[s]
    ]
    return ", ".join(parts) or _("no findings")


def headline(report: Report, _: Translate = ENGLISH) -> Headline:
    """The verdict: NOT CONSISTENT with errors; CONSISTENT with what still needs a look;
    CONSISTENT alone only when every field is consistent and nothing was discounted."""
    counts = severity_counts(report, _)
    if not report.ok:
        return Headline(Tone.FAIL, _("NOT CONSISTENT ({counts})").format(counts=counts))
    unverified = len(report.unverified)
    discounted = [r for r in report.fields if r.discounted]
    if unverified:
        text = (
            _("CONSISTENT — 1 field unverified, check by eye ({counts})")
            if unverified == 1
            else _("CONSISTENT — {n} fields unverified, check by eye ({counts})")
        ).format(n=unverified, counts=counts)
        return Headline(Tone.CHECK, text)
    if discounted:
        what = ", ".join(
            f"{field_label(r.field, _)} {status_word(r.status, _)} ({'; '.join(r.discounted)})"
            for r in discounted
        )
        return Headline(
            Tone.CHECK,
            _("CONSISTENT by configuration — not counted: {what}").format(what=what),
        )
    if not report.clean:
        return Headline(Tone.CHECK, _("CONSISTENT ({counts})").format(counts=counts))
    return Headline(Tone.PASS, _("CONSISTENT ({counts})").format(counts=counts))


def case_name(report: Report, default: str = "package") -> str:
    """What to call the package: its SKU, else its name, else its documents' folder."""
    if report.sku:
        return report.sku
    folders = {Path(d.path).parent.name for d in report.documents}
    if len(folders) == 1:
        (folder,) = folders
        if folder:
            return folder
    return default
