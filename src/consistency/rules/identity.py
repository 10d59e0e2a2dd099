"""Identity beyond the three names (CR801-CR802): brand and GTIN.

The brand a listing names must be the trade mark the report was issued for and the
brand on the packaging; the listing's UPC/EAN must be the barcode on the packaging.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from rapidfuzz import fuzz
from stdnum import ean

from consistency.fields import clean
from consistency.i18n import N_
from consistency.model import Evidence, Field, Finding, HowRead, Kind, Severity
from consistency.rules._common import Translate, gettext_for, quote, source_name
from consistency.rules._readiness import (
    PASS,
    UNKNOWN,
    Assessment,
    brand_key,
    failed,
    iter_label_texts,
    make_finding,
    values,
)
from consistency.rules.cases import bad, good
from consistency.rules.context import CheckContext

#: Printed values that mean "no brand stated" ("Trade Mark: N/A").
NOT_STATED = frozenset({"", "n/a", "na", "n.a.", "/", "-", "--", "—", "none", "nil", "无", "/ "})
#: Two brands are the same above this similarity of their normalised forms (0-100): a
#: dropped space or hyphen ("Hardware-for Cyberpunks"), not another word.
BRAND_SIMILARITY = 90.0
#: Lengths of GTIN-8, UPC-A (GTIN-12), EAN-13 and GTIN-14.
GTIN_LENGTHS = frozenset({8, 12, 13, 14})


def _stated(ev: Evidence) -> bool:
    return clean(ev.raw).casefold().strip() not in NOT_STATED


def _same_brand(a: str, b: str) -> bool:
    x, y = brand_key(a), brand_key(b)
    if not x or not y:
        return False
    return x == y or x in y or y in x or fuzz.ratio(x, y) >= BRAND_SIMILARITY


class BrandMismatch:
    """The listing's brand differs from the report's trade mark or the packaging's brand.

    "N/A", "/" and "—" mean not stated and are not compared.  The packaging's text is
    searched for the brand too (a brand printed as a logo word has no label).

    Bad:
        listing brand `VOLTARA`, report `Trade Mark: KITCHENPRO`.

    Good:
        listing `VOLTARA`, report `Trade Mark: VOLTARA` (or `N/A`), box printed `VOLTARA`.
    """

    code = "CR801"
    name = "brand-mismatch"
    severity = Severity.WARNING
    field: ClassVar[Field | None] = Field.BRAND
    item = "brand"
    looks_for = N_("the listing's brand on the report (Trade Mark) and on the packaging")
    cases = (
        bad(
            "listing brand `VOLTARA`, report `Trade Mark: KITCHENPRO`",
            {"listing": {"brand": "VOLTARA"}, "test_report": {"brand": "KITCHENPRO"}},
        ),
        good(
            "report `Trade Mark: N/A`, box printed `VOLTARA`",
            {
                "listing": {"brand": "VOLTARA"},
                "test_report": {"brand": "N/A"},
                "packaging": {"brand": "Voltara"},
            },
        ),
    )

    def assess(self, context: CheckContext) -> Assessment:
        """Compare every stated brand with the listing's (else the report's)."""
        _ = gettext_for(context)
        stated = [e for e in values(context, Field.BRAND) if _stated(e)]
        if not stated:
            return Assessment(UNKNOWN, _("no brand is stated"))
        reference = stated[0]
        findings: list[Finding] = []
        for source in (Kind.TEST_REPORT, Kind.PACKAGING, Kind.PRODUCT):
            if source == reference.source:
                continue
            own = [e for e in stated if e.source == source]
            if not own or any(_same_brand(reference.raw, e.raw) for e in own):
                continue
            if source in (Kind.PACKAGING, Kind.PRODUCT) and any(
                brand_key(reference.raw) in brand_key(text)
                for reading, lines in iter_label_texts(context)
                if reading.document.kind == source
                for text in lines
            ):
                continue
            findings.append(
                make_finding(
                    self,
                    _("{source} names the brand {brand} but {reference} says {value}").format(
                        source=source_name(source, _),
                        brand=quote(own[0]),
                        reference=source_name(reference.source, _),
                        value=quote(reference),
                    ),
                    _(
                        "use one brand: correct the listing's brand, or ask for {source} to "
                        "name '{brand}'"
                    ).format(source=source_name(source, _), brand=reference.raw),
                    [reference, own[0]],
                    source=source,
                )
            )
        if findings:
            return failed("; ".join(f.message for f in findings), findings)
        if len({e.source for e in stated}) < 2:
            return Assessment(
                UNKNOWN,
                _("only {source} states a brand").format(source=source_name(reference.source, _)),
                evidence=(reference,),
            )
        return Assessment(
            PASS, _("'{brand}' throughout").format(brand=reference.raw), evidence=(reference,)
        )

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """The findings of `assess`."""
        yield from self.assess(context).findings


def _gtin(raw: str) -> str | None:
    """The digits of a GTIN-shaped value (8, 12, 13 or 14 digits), else None (an ASIN...)."""
    digits = "".join(ch for ch in clean(raw) if not ch.isspace() and ch != "-")
    return digits if digits.isdigit() and len(digits) in GTIN_LENGTHS else None


def _gtin14(digits: str) -> str:
    return digits.zfill(14)


def _check_digit_note(digits: str, _: Translate) -> str:
    expected = ean.calc_check_digit(digits[:-1])
    return _("its check digit is {digit}, the digits before it give {expected}").format(
        digit=digits[-1], expected=expected
    )


class GtinMismatch:
    """The listing's UPC/EAN/GTIN differs from the barcode on the packaging (or is invalid).

    The listing's `external_product_id` must be the barcode printed on the product's
    packaging; its check digit is validated on both sides.  No barcode read: not judged.

    Bad:
        listing `external_product_id` 4006381333932 (wrong check digit), or a box whose
        barcode reads 4006381333931 for a listing saying 5901234123457.

    Good:
        the listing's GTIN is the one under the bars on the box.
    """

    code = "CR802"
    name = "gtin-mismatch"
    severity = Severity.ERROR
    field: ClassVar[Field | None] = Field.PRODUCT_ID
    item = "gtin"
    looks_for = N_("the listing's UPC/EAN matching the barcode on the packaging")
    cases = (
        bad(
            "listing GTIN `4006381333932` (wrong check digit)",
            {"listing": {"product_id": "4006381333932"}},
        ),
        bad(
            "listing `5901234123457`, the box's barcode `4006381333931`",
            {
                "listing": {"product_id": "5901234123457"},
                "packaging": {"product_id": "4006381333931", "how_read": "barcode"},
            },
        ),
        good(
            "listing UPC-A `036000291452`, the box's EAN-13 `0036000291452`",
            {
                "listing": {"product_id": "036000291452"},
                "packaging": {"product_id": "0036000291452", "how_read": "barcode"},
            },
        ),
    )

    def assess(self, context: CheckContext) -> Assessment:
        """Validate the listing's GTINs and compare them with the barcodes read."""
        _ = gettext_for(context)
        listed = [
            (e, g) for e in values(context, Field.PRODUCT_ID, Kind.LISTING) if (g := _gtin(e.raw))
        ]
        if not listed:
            return Assessment(UNKNOWN, _("the listing has no UPC/EAN/GTIN"))
        findings: list[Finding] = []
        valid_listed = []
        for ev, digits in listed:
            if ean.is_valid(digits):
                valid_listed.append((ev, digits))
            else:
                findings.append(
                    make_finding(
                        self,
                        _("the listing's GTIN {gtin} is not a valid UPC/EAN: {why}").format(
                            gtin=quote(ev), why=_check_digit_note(digits, _)
                        ),
                        _(
                            "correct the listing's external_product_id to the GTIN GS1 issued "
                            "for the product"
                        ),
                        [ev],
                        source=Kind.LISTING,
                    )
                )
        barcodes = [
            (e, g)
            for e in context.evidence
            if e.field == Field.PRODUCT_ID
            and e.source in (Kind.PACKAGING, Kind.PRODUCT)
            and (g := _gtin(e.raw))
        ]
        for ev, digits in barcodes:
            if not ean.is_valid(digits):
                findings.append(
                    make_finding(
                        self,
                        _("the barcode digits {gtin} are not a valid UPC/EAN: {why}").format(
                            gtin=quote(ev), why=_check_digit_note(digits, _)
                        ),
                        _(
                            "photograph the barcode again (sharp, straight on); if it really "
                            "reads so, the packaging must be reprinted"
                        ),
                        [ev],
                        source=ev.source,
                    )
                )
        good_codes = [(e, g) for e, g in barcodes if ean.is_valid(g)]
        if valid_listed and good_codes:
            wanted = {_gtin14(g) for _, g in valid_listed}
            if not any(_gtin14(g) in wanted for _, g in good_codes):
                ev, _digits = good_codes[0]
                if ev.how_read == HowRead.BARCODE:
                    template = _(
                        "the listing's GTIN {gtin} is not the barcode decoded from the bars on "
                        "{source}: {barcode}"
                    )
                else:
                    template = _(
                        "the listing's GTIN {gtin} is not the barcode read on {source}: {barcode}"
                    )
                findings.append(
                    make_finding(
                        self,
                        template.format(
                            gtin=quote(valid_listed[0][0]),
                            source=source_name(ev.source, _),
                            barcode=quote(ev),
                        ),
                        _(
                            "correct the listing's external_product_id, or photograph the "
                            "packaging of the product you list"
                        ),
                        [valid_listed[0][0], ev],
                        source=ev.source,
                    )
                )
        if findings:
            return failed("; ".join(f.message for f in findings), findings)
        if not good_codes:
            return Assessment(
                UNKNOWN, _("no barcode was read from the photos"), evidence=(listed[0][0],)
            )
        return Assessment(
            PASS,
            _("{gtin} on the listing and the packaging").format(gtin=valid_listed[0][1]),
            evidence=(valid_listed[0][0],),
        )

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """The findings of `assess`."""
        yield from self.assess(context).findings
