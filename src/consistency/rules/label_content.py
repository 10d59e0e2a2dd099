"""Label content (CR701-CR705): what the product and its packaging must show.

Regulation (EU) 2023/988 (GPSR) Art. 9(6) and 11(3): the manufacturer's (and importer's)
name, postal and electronic address on the product or its packaging; Art. 19 and
Regulation (EU) 2019/1020 Art. 4: for products of makers outside the Union, the EU
responsible person's name and contact details.  On the UK marketplace the GB General
Product Safety Regulations 2005 ask for the producer's name and address (CR701 only).
Which marketplace applies comes from the listing, else `--marketplace`; unknown, these
rules are not applied and the checklist says "set --marketplace".

They read the text lines of the photos' readings.  A photo without text lines (not read,
or an extractor that passes no lines) is not judged: "unknown", never "missing".
CR705 (a photo of the label with the model, and of the packaging) is Amazon's appeal
requirement on every marketplace.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from consistency.fields import normalise
from consistency.fields.address import (
    find_electronic_addresses,
    find_postal_addresses,
    find_responsible_persons,
    valid_email,
)
from consistency.fields.marketplace import Marketplace, Region, is_eu
from consistency.i18n import N_
from consistency.model import Evidence, Field, Finding, Kind, Severity
from consistency.rules._common import file_name, gettext_for
from consistency.rules._readiness import (
    PASS,
    UNKNOWN,
    Assessment,
    failed,
    iter_label_texts,
    line_evidence,
    make_finding,
    maker_country,
    marketplace,
    rp_lines,
    values,
)
from consistency.rules.cases import bad, good
from consistency.rules.context import CheckContext


def _applies(
    context: CheckContext, regions: frozenset[Region]
) -> tuple[Marketplace | None, str | None]:
    """(marketplace, None) when the rule applies; (None or place, why not) otherwise."""
    _ = gettext_for(context)
    place, _evidence = marketplace(context)
    if place is None:
        if context.config.marketplace:
            why = _("unknown marketplace '{value}': set --marketplace").format(
                value=context.config.marketplace
            )
        else:
            why = _(
                "marketplace unknown: set --marketplace (or marketplace = in the configuration)"
            )
        return None, why
    if place.region not in regions:
        return place, _("not required on {marketplace}").format(marketplace=place.describe())
    return place, None


def _no_text(context: CheckContext) -> Assessment:
    _ = gettext_for(context)
    return Assessment(UNKNOWN, _("no text was read from a product or packaging photo"))


def _on(context: CheckContext, value: str, file: str, evidence: Evidence) -> Assessment:
    """A PASS saying where the value was found."""
    _ = gettext_for(context)
    why = _("'{value}' on {file}").format(value=value, file=file)
    return Assessment(PASS, why, evidence=(evidence,))


class PostalAddressMissing:
    """No postal address of the manufacturer on the product or its packaging.

    GPSR Art. 9(6): manufacturers indicate "their name, registered trade name or
    registered trade mark and the postal and electronic address" on the product or its
    packaging; on the UK marketplace the GB General Product Safety Regulations 2005,
    reg. 7, ask for the producer's name and address.

    Bad:
        a carton showing only `Pinout LTD / Made in Cyprus`.

    Good:
        `Pinout LTD, 1 Example Street, 3035 Limassol, Cyprus` on the carton or label.
    """

    code = "CR701"
    name = "postal-address-missing"
    severity = Severity.WARNING
    field: ClassVar[Field | None] = Field.POSTAL_ADDRESS
    item = "postal-address"
    looks_for = N_("the manufacturer's postal address on the product or its packaging")
    cases = (
        bad(
            "on amazon.de, a carton showing only `Pinout LTD / Made in Cyprus`",
            {
                "config": {"marketplace": "DE"},
                "packaging": {"lines": ["Model: XK-2041B", "Pinout LTD", "Made in Cyprus"]},
            },
        ),
        good(
            "`Add: 18 Keji Road, Nanshan District, Shenzhen, China` on the carton",
            {
                "config": {"marketplace": "DE"},
                "packaging": {
                    "lines": [
                        "Model: XK-2041B",
                        "Add: 18 Keji Road, Nanshan District, Shenzhen, China",
                    ]
                },
            },
        ),
    )

    def assess(self, context: CheckContext) -> Assessment:
        """Look for a postal address outside responsible-person blocks on the photos."""
        place, why_not = _applies(context, frozenset({Region.EU, Region.UK}))
        if why_not:
            return Assessment(UNKNOWN if place is None else PASS, why_not)
        read = list(iter_label_texts(context))
        if not read:
            return _no_text(context)
        for reading, lines in read:
            skip = rp_lines(lines)
            for address in find_postal_addresses(lines):
                if address.first_line in skip:
                    continue
                line = reading.lines[address.first_line]
                ev = line_evidence(reading, line, Field.POSTAL_ADDRESS, address.text)
                return _on(context, address.text, reading.document.name, ev)
        _ = gettext_for(context)
        finding = make_finding(
            self,
            _(
                "no photo shows the manufacturer's postal address (required on {marketplace})"
            ).format(marketplace=place.describe() if place else ""),
            _(
                "print the manufacturer's postal address (street, postcode, town, country) on "
                "the product or its packaging, and photograph it"
            ),
            source=Kind.PACKAGING,
        )
        return failed(finding.message, [finding])

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """The findings of `assess`."""
        yield from self.assess(context).findings


class ElectronicAddressMissing:
    """No electronic address (e-mail or web address) of the manufacturer on product or packaging.

    GPSR Art. 9(6) and 11(3) ask for the postal *and* electronic address.  Applied on
    EU/EEA marketplaces.

    Bad:
        a label with the maker's street address but no e-mail or website.

    Good:
        `service@example.com` or `www.example.com` next to the address.
    """

    code = "CR702"
    name = "electronic-address-missing"
    severity = Severity.WARNING
    field: ClassVar[Field | None] = Field.ELECTRONIC_ADDRESS
    item = "electronic-address"
    looks_for = N_("the manufacturer's e-mail or web address on the product or its packaging")
    cases = (
        bad(
            "on amazon.de, a label with the maker's street address but no e-mail or website",
            {
                "config": {"marketplace": "DE"},
                "packaging": {"lines": ["Add: 18 Keji Road, Nanshan District, Shenzhen, China"]},
            },
        ),
        good(
            "`service@huaxin-tech.com` next to the address",
            {
                "config": {"marketplace": "DE"},
                "packaging": {
                    "lines": [
                        "Add: 18 Keji Road, Nanshan District, Shenzhen, China",
                        "service@huaxin-tech.com",
                    ]
                },
            },
        ),
    )

    def assess(self, context: CheckContext) -> Assessment:
        """Look for an e-mail or web address on the photos."""
        place, why_not = _applies(context, frozenset({Region.EU}))
        if why_not:
            return Assessment(UNKNOWN if place is None else PASS, why_not)
        read = list(iter_label_texts(context))
        if not read:
            return _no_text(context)
        for reading, lines in read:
            found = find_electronic_addresses(lines)
            if found:
                ev = line_evidence(
                    reading, reading.lines[found[0].line], Field.ELECTRONIC_ADDRESS, found[0].raw
                )
                return _on(context, found[0].raw, reading.document.name, ev)
        _ = gettext_for(context)
        finding = make_finding(
            self,
            _(
                "no photo shows an e-mail or web address of the manufacturer (required on "
                "{marketplace}, GPSR Art. 9(6))"
            ).format(marketplace=place.describe() if place else ""),
            _("print the manufacturer's e-mail or web address on the product or its packaging"),
            source=Kind.PACKAGING,
        )
        return failed(finding.message, [finding])

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """The findings of `assess`."""
        yield from self.assess(context).findings


class ResponsiblePersonMissing:
    """A manufacturer outside the EU sells on an EU marketplace without an EU responsible person.

    Regulation (EU) 2019/1020 Art. 4 and GPSR Art. 16: a product of a maker established
    outside the Union needs an economic operator in the Union, whose name and postal
    address are on the product, its packaging or an accompanying document (usually an
    "EU REP" block).  The maker's country comes from its address on the labels or in
    the reports; unknown, the rule is not applied.

    Bad:
        a Shenzhen maker's carton on amazon.de with no `EU REP` block.

    Good:
        `EU REP: Example GmbH, Hauptstraße 5, 10115 Berlin, Germany`.
    """

    code = "CR703"
    name = "responsible-person-missing"
    severity = Severity.WARNING
    field: ClassVar[Field | None] = Field.RESPONSIBLE_PERSON
    item = "responsible-person"
    looks_for = N_("an EU responsible person (name and postal address) for makers outside the EU")
    cases = (
        bad(
            "on amazon.de, a Shenzhen maker's carton with no `EU REP` block",
            {
                "config": {"marketplace": "DE"},
                "packaging": {
                    "lines": [
                        "Manufacturer: Shenzhen Huaxin Technology Co., Ltd.",
                        "Add: 18 Keji Road, Nanshan District, Shenzhen, China",
                    ]
                },
            },
        ),
        good(
            "the same carton with `EC REP: Lotus NL B.V., Koningin Julianaplein 10, 2595 AA The Hague, Netherlands`",
            {
                "config": {"marketplace": "DE"},
                "packaging": {
                    "lines": [
                        "Manufacturer: Shenzhen Huaxin Technology Co., Ltd.",
                        "Add: 18 Keji Road, Nanshan District, Shenzhen, China",
                        "EC REP: Lotus NL B.V.",
                        "Koningin Julianaplein 10, 2595 AA The Hague, Netherlands",
                    ]
                },
            },
        ),
    )

    def assess(self, context: CheckContext) -> Assessment:
        """Look for a complete responsible person block when the maker is outside the EU."""
        place, why_not = _applies(context, frozenset({Region.EU}))
        if why_not:
            return Assessment(UNKNOWN if place is None else PASS, why_not)
        _ = gettext_for(context)
        country, country_ev = maker_country(context)
        if country is None:
            return Assessment(UNKNOWN, _("the manufacturer's country is not known from an address"))
        if is_eu(country):
            return Assessment(
                PASS,
                _("the manufacturer is established in the EU/EEA ({country})").format(
                    country=country
                ),
            )
        read = list(iter_label_texts(context))
        if not read:
            return _no_text(context)
        partial = None
        for reading, lines in read:
            for person in find_responsible_persons(lines):
                ev = line_evidence(reading, reading.lines[person.line], Field.RESPONSIBLE_PERSON)
                if person.complete:
                    return Assessment(
                        PASS,
                        _("'{name}' ({marker}) on {file}").format(
                            name=person.name, marker=person.marker, file=reading.document.name
                        ),
                        evidence=(ev,),
                    )
                partial = (person, ev)
        evidence: list[Evidence] = [country_ev] if country_ev else []
        message = _(
            "the manufacturer is outside the EU ({country}) and no photo shows an EU "
            "responsible person with name and postal address (required on {marketplace})"
        ).format(country=country, marketplace=place.describe() if place else "")
        if partial is not None:
            person, ev = partial
            if person.name:
                missing = _("the '{marker}' block has no postal address")
            else:
                missing = _("the '{marker}' block has no name")
            message += "; " + missing.format(marker=person.marker)
            evidence.append(ev)
        finding = make_finding(
            self,
            message,
            _(
                "appoint an EU responsible person (importer or authorised representative) and "
                "print their name and postal address on the product or packaging"
            ),
            evidence,
            source=Kind.PACKAGING,
        )
        return failed(message, [finding])

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """The findings of `assess`."""
        yield from self.assess(context).findings


class GpsrContactDiffers:
    """The listing's GPSR contact e-mail differs from the label's electronic address.

    Amazon's `gpsr_manufacturer_reference` names the manufacturer's e-mail; the label must
    name the same contact.  Only when both are present (a label with none is CR702); a
    web address on the label agrees with an e-mail of the same domain.

    Bad:
        listing `support@acme-eu.com`, label `service@acme.cn`.

    Good:
        listing and label both `support@acme-eu.com`.
    """

    code = "CR704"
    name = "gpsr-contact-differs"
    severity = Severity.WARNING
    field: ClassVar[Field | None] = Field.ELECTRONIC_ADDRESS
    item = "gpsr-contact"
    looks_for = N_("the listing's GPSR contact e-mail matching the label's")
    cases = (
        bad(
            "listing `support@acme-eu.com`, label `service@huaxin-tech.com`",
            {
                "config": {"marketplace": "DE"},
                "listing": {"electronic_address": "support@acme-eu.com"},
                "packaging": {"lines": ["service@huaxin-tech.com"]},
            },
        ),
        good(
            "listing `Service@Huaxin-Tech.com`, label `www.huaxin-tech.com`",
            {
                "config": {"marketplace": "DE"},
                "listing": {"electronic_address": "Service@Huaxin-Tech.com"},
                "packaging": {"lines": ["www.huaxin-tech.com"]},
            },
        ),
    )

    def assess(self, context: CheckContext) -> Assessment:
        """Compare the listing's e-mail with the label's e-mail and web addresses."""
        _ = gettext_for(context)
        place, why_not = _applies(context, frozenset({Region.EU}))
        if why_not:
            return Assessment(UNKNOWN if place is None else PASS, why_not)
        listed = [
            (e, email)
            for e in values(context, Field.ELECTRONIC_ADDRESS, Kind.LISTING)
            if (email := valid_email(e.raw.strip())) is not None
        ]
        if not listed:
            return Assessment(UNKNOWN, _("the listing has no GPSR contact e-mail"))
        on_labels = [
            (reading, found)
            for reading, lines in iter_label_texts(context)
            for found in find_electronic_addresses(lines)
        ]
        if not on_labels:
            return Assessment(UNKNOWN, _("no electronic address on the photos (see CR702)"))
        for listing_ev, email in listed:
            domain = email.rsplit("@", 1)[-1]
            for _reading, found in on_labels:
                if found.normalised == email or (found.kind == "web" and found.domain == domain):
                    return Assessment(
                        PASS,
                        _("'{email}' on the listing and the label").format(email=email),
                        evidence=(listing_ev,),
                    )
        listing_ev, email = listed[0]
        reading, found = on_labels[0]
        label_ev = line_evidence(
            reading, reading.lines[found.line], Field.ELECTRONIC_ADDRESS, found.raw
        )
        finding = make_finding(
            self,
            _(
                "the listing's GPSR contact '{email}' differs from the label's '{label}' ({file})"
            ).format(email=email, label=found.raw, file=reading.document.name),
            _(
                "make the listing's gpsr_manufacturer_reference and the label name the same "
                "electronic address"
            ),
            [listing_ev, label_ev],
            source=Kind.LISTING,
        )
        return failed(finding.message, [finding])

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """The findings of `assess`."""
        yield from self.assess(context).findings


class LabelPhotoMissing:
    """No photo shows a product label with the model number, or the package has no packaging photo.

    Amazon's appeal checklist asks for an "image of product label displaying model
    number matching the test reports and Amazon's detail page" and of the packaging.
    A photo's text is searched for the model too, so a model read but not labelled counts.

    Bad:
        a package with the listing and the report only; or photos of the box front
        without the rating label.

    Good:
        a photo of the rating label showing `Model: XK-2041B`, and one of the packaging.
    """

    code = "CR705"
    name = "label-photo-missing"
    severity = Severity.WARNING
    field: ClassVar[Field | None] = Field.MODEL_NUMBER
    item = "label-photo"
    looks_for = N_("a photo of the product label showing the model number, and of the packaging")
    cases = (
        bad(
            "a package with the listing and the report only",
            {"listing": {"model_number": "XK-2041B"}, "test_report": {"model_number": "XK-2041B"}},
        ),
        good(
            "a packaging photo and a rating-label photo showing `Model: XK-2041B`",
            {
                "listing": {"model_number": "XK-2041B"},
                "packaging": {"lines": ["VOLTARA Electric Kettle"]},
                "product": {"model_number": "XK-2041B"},
            },
        ),
    )

    def assess(self, context: CheckContext) -> Assessment:
        """Look for a packaging photo and a photo with the model number."""
        _ = gettext_for(context)
        kinds = {d.kind for d in context.documents}
        problems: list[str] = []
        if Kind.PACKAGING not in kinds:
            problems.append(_("the package has no packaging photo"))
        shown = [
            e
            for e in context.evidence
            if e.field == Field.MODEL_NUMBER and e.source in (Kind.PACKAGING, Kind.PRODUCT)
        ]
        if not shown:
            models = {
                normalise(Field.MODEL_NUMBER, e.raw) for e in values(context, Field.MODEL_NUMBER)
            }
            models.discard("")
            for reading, lines in iter_label_texts(context):
                if any(m in normalise(Field.MODEL_NUMBER, line) for line in lines for m in models):
                    shown.append(line_evidence(reading, reading.lines[0], Field.MODEL_NUMBER))
                    break
        if not shown:
            photos = kinds & {Kind.PACKAGING, Kind.PRODUCT}
            problems.append(
                _("no photo shows the model number")
                if photos
                else _("no photo of the product label")
            )
        if not problems:
            return Assessment(
                PASS,
                _("{file} shows the model").format(file=file_name(shown[0].file)),
                evidence=shown[:1],
            )
        finding = make_finding(
            self,
            "; ".join(problems),
            _(
                "add a photo of the product's rating label showing the model number, and one "
                "of the packaging"
            ),
            source=Kind.PACKAGING,
        )
        return failed(finding.message, [finding])

    def check(self, context: CheckContext) -> Iterator[Finding]:
        """The findings of `assess`."""
        yield from self.assess(context).findings
