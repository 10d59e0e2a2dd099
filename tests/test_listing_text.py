"""Sellers' own CSV/TSV listings: headers in any case and language, encodings, delimiters.

Every file is real text written in tmp_path in the encoding a seller's tool uses.
"""

from __future__ import annotations

import csv
import io
import itertools
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from PIL import Image

from consistency.config import Config
from consistency.extract.listing import read_listing
from consistency.extract.sniff import sniff
from consistency.model import Field, Role
from listing_files import FUZZ_EXAMPLES, extract, write_delimited, write_tsv_raw

# --- sellers' own CSV/TSV, encodings --------------------------------------------------------

HEADER_VARIANTS = [
    (["SKU", "Title", "Brand", "Manufacturer", "Model", "Part Number", "UPC"], ","),
    (["seller sku", "PRODUCT NAME", "brand", "Maker", "Model Number", "part_number", "EAN"], ";"),
    (
        ["Seller_SKU", "Item Name", "Brand Name", "Manufactured by", "Model No.", "MPN", "GTIN"],
        "\t",
    ),
    (["  sku ", "product_title", "BRAND", "manufacturer", "model #", "Part No", "ASIN"], ","),
]


@pytest.mark.parametrize(("headers", "delimiter"), HEADER_VARIANTS)
def test_seller_csv_headers_in_any_case_and_spacing(
    tmp_path: Path, headers: list[str], delimiter: str
) -> None:
    row = [
        "S-1",
        "VOLTIQ Smart Plug, 2-Pack",
        "VOLTIQ",
        "Voltiq Tech Ltd.",
        "XK-2041B",
        "XK2041B-2P",
        "012345678905",
    ]
    path = write_delimited(tmp_path / "mine.csv", [headers, row], "utf-8", delimiter)
    found = extract(path)
    assert [(e.field.value, e.role.value, e.raw) for e in found] == [
        ("product_name", "main", "VOLTIQ Smart Plug, 2-Pack"),
        ("brand", "main", "VOLTIQ"),
        ("manufacturer", "main", "Voltiq Tech Ltd."),
        ("model_number", "main", "XK-2041B"),
        ("model_number", "alternate", "XK2041B-2P"),
        ("product_id", "main", "012345678905"),
        ("sku", "main", "S-1"),
    ]
    assert [e.label for e in found] == [h.strip() for h in headers[1:]] + [headers[0].strip()]
    assert {e.extractor for e in found} == {"listing/csv"}
    assert {e.locator for e in found} == {"row 2"}


ENCODED_TITLES = [
    ("utf-8", "Wasserkocher Edelstahl – 1,7 L “Premium”"),
    ("utf-8-sig", "Bouilloire électrique 1,7 L"),
    ("cp1252", "Bouilloire électrique – 1,7 L, 2200 W ½ prix ™"),
    ("gb18030", "电热水壶 不锈钢 1.7升 快速烧水"),
    ("gbk", "智能插座 无线遥控 定时开关"),
    ("shift_jis", "電気ケトル ステンレス 1.7リットル"),
    ("utf-16", "Чайник электрический 电热水壶 ケトル"),
    # Excel's "Unicode text" without a byte-order mark.
    ("utf-16-le", "Wasserkocher Edelstahl 1,7 L – 电热水壶"),
    ("utf-16-be", "Bouilloire électrique 1,7 L"),
]


@pytest.mark.parametrize(("encoding", "title"), ENCODED_TITLES)
@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_encodings_are_detected(tmp_path: Path, encoding: str, title: str, newline: str) -> None:
    path = write_delimited(
        tmp_path / "enc.csv",
        [["SKU", "Product Name", "Model"], ["K-1", title, "AK-1700"]],
        encoding,
        newline=newline,
    )
    assert [(e.field, e.raw) for e in extract(path)[:2]] == [
        (Field.PRODUCT_NAME, title),
        (Field.MODEL_NUMBER, "AK-1700"),
    ]


def test_chinese_headers_in_gbk(tmp_path: Path) -> None:
    path = write_delimited(
        tmp_path / "产品.csv",
        [
            ["卖家SKU", "产品名称", "品牌", "制造商", "型号"],
            ["CN-1", "电热水壶", "美的", "广东美的生活电器制造有限公司", "MK-17S"],
        ],
        "gbk",
    )
    assert [(e.label, e.raw) for e in extract(path)] == [
        ("产品名称", "电热水壶"),
        ("品牌", "美的"),
        ("制造商", "广东美的生活电器制造有限公司"),
        ("型号", "MK-17S"),
        ("卖家SKU", "CN-1"),
    ]
    assert read_listing(path, Config()).encoding == "gb18030"


BILINGUAL_ROW = [
    "KT-17",
    "Electric Kettle 1.7L, Stainless Steel",
    "VOLTIQ",
    "Ningbo Voltiq Electric Appliance Co., Ltd.",
    "AK-1700",
    "012345678905",
]
BILINGUAL_HEADERS = [
    # Chinese first, the way the Chinese ERP exports write them, in GB18030.
    (
        ["SKU", "商品标题 Title", "品牌 Brand", "制造商 Manufacturer", "型号 Model", "UPC"],
        "gb18030",
        ",",
    ),
    # English first, with slashes, ASCII and full-width brackets, in UTF-8.
    (
        [
            "SKU 编号",
            "Title/商品标题",
            "Brand（品牌）",
            "Manufacturer / 生产商",
            "Model No.(型号)",
            "条码 UPC",
        ],
        "utf-8",
        ";",
    ),
    # Both orders in one header row, glued and spaced, CJK brackets, in GB18030.
    (
        [
            "卖家SKU Seller SKU",
            "Title/商品标题",
            "品牌 Brand",
            "Manufacturer【制造商】",
            "规格型号 Model",
            "UPC 条码",
        ],
        "gb18030",
        ",",
    ),
    (
        [
            "货号",
            "产品名称Product Name",
            "商标 Brand",
            "厂家 Manufacturer",
            "型号 *必填",
            "条形码 UPC",
        ],
        "utf-8-sig",
        "\t",
    ),
]


@pytest.mark.parametrize(("headers", "encoding", "delimiter"), BILINGUAL_HEADERS)
def test_bilingual_headers_are_read_in_either_order(
    tmp_path: Path, headers: list[str], encoding: str, delimiter: str
) -> None:
    """A header is read when all its labels, English or Chinese, name the same column."""
    path = write_delimited(
        tmp_path / "卖家.csv",
        [headers, BILINGUAL_ROW, ["KT-18", "Kettle 1.5L", "VOLTIQ", "", "AK-1500", ""]],
        encoding,
        delimiter,
    )
    found = extract(path, "KT-17")
    assert [(e.field.value, e.raw, e.label) for e in found] == [
        ("product_name", BILINGUAL_ROW[1], headers[1]),
        ("brand", BILINGUAL_ROW[2], headers[2]),
        ("manufacturer", BILINGUAL_ROW[3], headers[3]),
        ("model_number", BILINGUAL_ROW[4], headers[4]),
        (
            "product_id",
            BILINGUAL_ROW[5],
            headers[5] if "UPC" in headers[5] else f"{headers[5]} (UPC)",
        ),
        ("sku", "KT-17", headers[0]),
    ]
    assert found[4].role is Role.MAIN
    assert read_listing(path, Config()).encoding == encoding


def test_bilingual_upc_column_keeps_its_barcode_type(tmp_path: Path) -> None:
    """`条码 UPC` is a UPC column; `条码/EAN/UPC` is some barcode, type unknown."""
    path = write_delimited(
        tmp_path / "ids.csv",
        [
            ["SKU", "Title 标题", "条码 UPC", "条码/EAN/UPC"],
            ["A-1", "Kettle", "012345678905", "4006381333931"],
        ],
        "gb18030",
    )
    row = read_listing(path, Config()).select("A-1")
    assert [(v.raw, v.column, v.id_type) for v in row.values[Field.PRODUCT_ID]] == [
        ("4006381333931", "product_id", None),
        ("012345678905", "upc", "UPC"),
    ]


@pytest.mark.parametrize(
    ("headers", "encoding"),
    [
        (
            [
                "出品者SKU",
                "商品名 Title",
                "ブランド名 Brand",
                "メーカー名 Manufacturer",
                "型番 Model",
                "JANコード",
            ],
            "shift_jis",
        ),
        (
            [
                "Händler-SKU",
                "Artikelname / Title",
                "Marke (Brand)",
                "Hersteller / Manufacturer",
                "Modellnummer Model Number",
                "EAN",
            ],
            "cp1252",
        ),
    ],
)
def test_japanese_and_german_bilingual_headers(
    tmp_path: Path, headers: list[str], encoding: str
) -> None:
    path = write_delimited(
        tmp_path / "labels.csv",
        [
            headers,
            ["J-1", "Kettle", "VOLTIQ", "Voltiq GmbH", "AK-1700", "4006381333931"],
            ["J-2", "Toaster", "", "", "", ""],
        ],
        encoding,
    )
    assert [(e.field.value, e.raw) for e in extract(path, "J-1")] == [
        ("product_name", "Kettle"),
        ("brand", "VOLTIQ"),
        ("manufacturer", "Voltiq GmbH"),
        ("model_number", "AK-1700"),
        ("product_id", "4006381333931"),
        ("sku", "J-1"),
    ]


def test_a_known_word_inside_another_header_is_not_that_column(tmp_path: Path) -> None:
    """`Parent SKU`, `Model Year`, `价格 Price`, `Brand/Manufacturer` are not read as columns.

    Only a header made entirely of known labels (and words like `No.` or `编号`) counts:
    a qualifier must not turn a parent SKU into the SKU or an address into the maker.
    """
    headers = [
        "Parent SKU",
        "SKU",
        "Title",
        "Manufacturer Contact 制造商联系方式",
        "Model Year",
        "价格 Price",
        "Brand/Manufacturer",
        "备注 Notes",
    ]
    path = write_delimited(
        tmp_path / "qualified.csv",
        [headers, ["P-1", "C-1", "Kettle", "1 Road, Ningbo", "2024", "19.99", "VOLTIQ", "新品"]],
        "gb18030",
    )
    assert [(e.field.value, e.raw, e.label) for e in extract(path)] == [
        ("product_name", "Kettle", "Title"),
        ("sku", "C-1", "SKU"),
    ]


def test_gb18030_with_trademark_signs_in_english_titles_is_not_cyrillic(tmp_path: Path) -> None:
    """™ and ® are four-byte GB18030; many of them next to few Chinese characters still
    read as GB18030 (it was once taken for cp1251 and the bilingual headers were lost)."""
    rows = [
        ["SKU", "商品标题 Title", "品牌 Brand", "制造商 Manufacturer", "型号 Model", "备注"],
        [
            "S-1",
            "Steam Cleaner by Miravo™, 9 Accessories",
            "Miravo®",
            "Suzhou Fuda Co., Ltd.",
            "F-32",
            "新品",
        ],
    ]
    rows += [
        [f"S-{n}", f"Miravo® Item™ {n}", "Miravo®", "Suzhou Fuda Co., Ltd.", f"F-{n}", ""]
        for n in range(2, 5)
    ]
    path = write_delimited(tmp_path / "marks.csv", rows, "gb18030")
    listing = read_listing(path, Config())
    assert listing.encoding == "gb18030"
    assert [(e.field.value, e.raw) for e in extract(path, "S-1")][:2] == [
        ("product_name", "Steam Cleaner by Miravo™, 9 Accessories"),
        ("brand", "Miravo®"),
    ]


def test_excel_sep_hint_line_names_the_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_text("sep=;\r\nSKU;Title;Model\r\nA;Kettle, steel;AK-1\r\n", encoding="utf-8")
    assert [e.raw for e in extract(path)] == ["Kettle, steel", "AK-1", "A"]


def test_placeholders_and_empty_cells_give_no_evidence(tmp_path: Path) -> None:
    path = write_delimited(
        tmp_path / "p.csv",
        [
            ["SKU", "Title", "Brand", "Manufacturer", "Model", "Part Number"],
            ["P-1", "Smart Plug", "N/A", "-", "none", "  "],
        ],
        "utf-8",
    )
    assert [(e.field, e.raw) for e in extract(path)] == [
        (Field.PRODUCT_NAME, "Smart Plug"),
        (Field.SKU, "P-1"),
    ]


# --- properties -----------------------------------------------------------------------------

_counter = itertools.count()

_ASCII = st.text(
    alphabet=st.sampled_from(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,;\t\"'=+-@/()."
    ),
    min_size=1,
    max_size=8,
)
# Western titles as Western text is written: accented letters and typographic marks
# between plain letters, never two in a row (two in a row are also valid GB18030, and
# "ÀÉ" in cp1252 is byte for byte the hanzi "乩" in GBK: no reader can tell them apart).
WESTERN = st.lists(
    st.tuples(_ASCII, st.sampled_from(["", *"éèêëàâäöüßçñÉÀÖÜ–—‘’“”½°™€"])),
    min_size=1,
    max_size=8,
).map(lambda parts: "".join(plain + accent for plain, accent in parts))
CJK = st.text(
    alphabet=st.sampled_from(
        '电热水壶智能插座无线遥控定时开关不锈钢快速烧水品牌型号制造商 ,"=ABC123-'
    ),
    min_size=1,
    max_size=40,
)
JAPANESE = st.text(
    alphabet=st.sampled_from('電気ケトルステンレスのはをにスマートプラグ充電式 ,"=ABC123-'),
    min_size=1,
    max_size=40,
)


def _utf8_valid(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@st.composite
def encoded_titles(draw: st.DrawFn) -> tuple[str, str]:
    encoding = draw(
        st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "gb18030", "shift_jis"])
    )
    alphabet = {"gb18030": CJK, "shift_jis": JAPANESE}.get(encoding, WESTERN)
    if encoding in ("utf-8", "utf-8-sig", "utf-16"):
        alphabet = st.one_of(WESTERN, CJK, JAPANESE)
    title = draw(alphabet)
    if encoding in ("gb18030", "shift_jis"):
        # One CJK character is two bytes that read as two cp1252 letters just as well, and a
        # repeated pair ("気気" = "‹C‹C") is as plausible in either: ask for three distinct.
        assume(len({char for char in title if ord(char) > 0x7F}) >= 3)
    return encoding, title


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(encoded_titles(), st.sampled_from([",", ";", "\t"]))
def test_csv_titles_round_trip_in_every_encoding(case: tuple[str, str], delimiter: str) -> None:
    """Whatever the title (quotes, delimiters, CJK, a leading `=`), it comes back as written."""
    encoding, title = case
    expected = title.strip()
    if not expected or expected.casefold() in (
        "-",
        "--",
        "---",
        "—",
        "–",
        "none",
        "n/a",
        "na",
        "?",
    ):
        return
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(
        [["SKU", "Product Name", "Model"], ["K-1", title, "AK-1700"]]
    )
    data = buffer.getvalue().encode(encoding)
    # Legacy bytes that happen to form valid UTF-8 cannot be told apart by anyone: cp1252
    # "Ã©", or GB18030 "时遥" (CA B1 D2 A3), which is the UTF-8 of "ʱң".
    assume(not (encoding in ("cp1252", "gb18030", "shift_jis") and _utf8_valid(data)))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"titles-{next(_counter)}.csv"
        path.write_bytes(data)
        found = extract(path)
    assert (found[0].field, found[0].raw) == (Field.PRODUCT_NAME, expected)


def test_html_in_a_description_near_the_top_is_still_a_listing(tmp_path: Path) -> None:
    """All Listings Reports carry sellers' HTML descriptions; only a page opening with
    markup is an HTML page."""
    rows = [
        ["item-name", "item-description", "seller-sku", "asin1"],
        ["Smart Plug", "<html><body><b>2-pack</b></body></html>", "P-1", "B0C1234567"],
    ]
    path = write_tsv_raw(tmp_path / "All+Listings+Report.txt", rows, "utf-8")
    assert [e.raw for e in extract(path)] == ["Smart Plug", "B0C1234567", "P-1"]


def test_a_header_starting_with_bm_is_not_a_bitmap(tmp_path: Path) -> None:
    path = write_delimited(
        tmp_path / "bm.csv", [["BMS code", "SKU", "Title"], ["7", "S-1", "Kettle"]], "utf-8"
    )
    assert [e.raw for e in extract(path)] == ["Kettle", "S-1"]
    bitmap = tmp_path / "photo.bmp"
    Image.new("RGB", (4, 4)).save(bitmap)
    assert sniff(bitmap) == "image"
