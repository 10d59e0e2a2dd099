"""The unlabelled product name of a box or a rating label: headlines, not brands or marks."""

from __future__ import annotations

from consistency.extract.photo.product_name import name_lines
from consistency.fields import normalise
from consistency.model import BBox, Evidence, Field, Kind
from consistency.words import Line, PageText, Word


def _line(text: str, top: float, height: float, confidence: float = 0.95) -> Line:
    words = []
    x = 10.0
    for token in text.split():
        width = len(token) * height * 0.6
        words.append(Word(token, BBox(x, top, x + width, top + height), confidence))
        x += width + height * 0.4
    return Line(tuple(words))


def _page(*lines: tuple[str, float]) -> PageText:
    """A page whose lines are stacked top to bottom at the given heights."""
    top = 10.0
    built = []
    for text, height in lines:
        built.append(_line(text, top, height))
        top += height * 1.6
    return PageText(1, 1000, top + 10, built, "rapidocr")


def _names(page: PageText, evidence: tuple[Evidence, ...] = ()) -> list[str]:
    return [line.text for line in name_lines(page, evidence)]


BODY = [
    ("Model No.: XK-2041B", 20.0),
    ("220-240V~ 50Hz 1800W", 20.0),
    ("Manufacturer: Acme Co., Ltd.", 20.0),
    ("Keep away from children", 20.0),
]


def test_the_headline_is_the_product_name_not_the_brand_above_it() -> None:
    page = _page(("VOLTARA", 40.0), ("Hair Dryer", 36.0), *BODY)
    assert _names(page) == ["Hair Dryer"]


def test_certification_marks_are_never_part_of_a_product_name() -> None:
    """ "NEXLUX CE FC RoHS": the marks go, and a lone capitalised word left is the brand."""
    page = _page(("NEXLUX CE FC RoHS", 40.0), *BODY)
    assert _names(page) == []
    page = _page(("CE UKCA Tower Fan", 40.0), *BODY)
    assert _names(page) == ["Tower Fan"]


def test_a_rating_or_a_legend_is_never_a_product_name() -> None:
    page = _page(("220-240V~ 50Hz 1800W", 40.0), ("耗能低", 40.0), ("中国能效标识", 44.0), *BODY)
    assert _names(page) == []


def test_a_labelled_brand_is_not_taken_for_the_product_name() -> None:
    page = _page(("Quelle Home", 40.0), ("Steam Iron", 30.0), *BODY)
    brand = Evidence(
        field=Field.BRAND,
        raw="Quelle Home",
        normalised=normalise(Field.BRAND, "Quelle Home"),
        source=Kind.PACKAGING,
        file="box.jpg",
        extractor="image/rapidocr",
    )
    assert _names(page, (brand,)) == ["Steam Iron"]


def test_a_chinese_headline_is_a_product_name_too() -> None:
    """A bilingual box names its product in both scripts: both are evidence."""
    page = _page(("Hair Dryer", 36.0), ("电吹风", 34.0), *BODY)
    assert _names(page) == ["Hair Dryer", "电吹风"]
    page = _page(("电吹风", 34.0), *BODY)
    assert _names(page) == ["电吹风"]


def test_a_rating_label_set_in_one_size_names_its_product_in_its_first_plain_line() -> None:
    """Product labels name the product as boxes do, only not bigger than the rest."""
    assert _names(_page(("VOLTARA", 30.0), ("Hair Dryer", 20.0), *BODY)) == ["Hair Dryer"]
    assert _names(_page(("Power Bank", 20.0), *BODY)) == ["Power Bank"]


def test_a_label_of_labels_ratings_and_warnings_gets_no_guess() -> None:
    assert _names(_page(*BODY)) == []
    long_sentence = ("This device complies with part 15 of the FCC rules", 20.0)
    assert _names(_page(long_sentence, *BODY)) == []


def test_a_badly_read_headline_is_no_product_name() -> None:
    page = _page(*BODY)
    shaky = _line("Hair Dryer", 300.0, 40.0, confidence=0.4)
    assert name_lines(PageText(1, 1000, 400, [*page.lines, shaky], "tesseract")) == []


def test_a_country_patent_or_fcc_line_is_never_a_product_name() -> None:
    """ "Made in / Vietnam" on two lines, "U.S. Patent", the FCC statement: none names one."""
    assert _names(_page(("Vietnam", 40.0), *BODY)) == []
    assert _names(_page(("U.S. Patent", 40.0), *BODY)) == []
    assert _names(_page(("This device complies with Part 15", 40.0), *BODY)) == []
