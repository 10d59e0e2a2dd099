"""Hand-made `Report` values for the output-format tests, and real files to crop from.

The reports are built directly from `Evidence`, `Finding` and `FieldResult`, so the
format tests do not depend on the pipeline, and they carry hostile text on purpose: a
listing title with `<script>` and quotes, Markdown table and link syntax, backticks and
characters XML 1.0 forbids.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from consistency.model import (
    BBox,
    Comparison,
    Document,
    Evidence,
    FieldResult,
    Finding,
    Kind,
    Report,
)

HOSTILE_TITLE = (
    "VOLTIQ Smart Plug <script>document.title='pwned'</script> \"Alexa\" | `rm -rf` "
    "[click](http://evil.example) & more\x00\x1b"
)

PDF_PAGE = (595.0, 842.0)  # A4 in points
MODEL_BOX = BBox(170.0, 196.0, 236.0, 208.0)  # where sample files print the report's model
PHOTO_SIZE = (900, 600)
PHOTO_BOX = BBox(360.0, 250.0, 620.0, 300.0)  # where the sample photo prints its model


def sample_report(root: Path | str = "HX-2041") -> Report:
    """A package with a model-number mismatch, a manufacturer mismatch and a missing field.

    Documents live under `root`; with the default relative root the files do not exist,
    which is what the golden files use (no pictures, so the output is stable).
    """
    root = Path(root)
    listing, pdf, box = root / "listing_export.txt", root / "Test_Report.pdf", root / "box.jpg"

    def listing_ev(field: str, raw: str, normalised: str, column: str) -> Evidence:
        return Evidence(
            field=field,
            raw=raw,
            normalised=normalised,
            source=Kind.LISTING,
            file=str(listing),
            extractor="listing.flat_file",
            label=column,
            locator=f"row 4, column {column}",
        )

    title = listing_ev("product_name", HOSTILE_TITLE, "voltiq smart plug alexa", "item_name")
    model_listing = listing_ev("model_number", "XK-2041B", "XK2041B", "model")
    maker_listing = listing_ev(
        "manufacturer",
        "Shenzhen Huaxin Technology Co., Ltd.",
        "shenzhen huaxin technology",
        "manufacturer",
    )
    report_name = Evidence(
        field="product_name",
        raw="Smart Wi-Fi Plug",
        normalised="smart wi-fi plug",
        source=Kind.TEST_REPORT,
        file=str(pdf),
        extractor="pdf.pdfplumber",
        page=1,
        bbox=BBox(170.0, 176.0, 262.0, 188.0),
        label="Product Name",
        page_size=PDF_PAGE,
    )
    model_report = Evidence(
        field="model_number",
        raw="XK-2014B",
        normalised="XK2014B",
        source=Kind.TEST_REPORT,
        file=str(pdf),
        extractor="pdf.pdfplumber",
        page=1,
        bbox=MODEL_BOX,
        label="Model No.",
        page_size=PDF_PAGE,
    )
    series_report = Evidence(
        field="model_number",
        raw="XK-2041C",
        normalised="XK2041C",
        source=Kind.TEST_REPORT,
        file=str(pdf),
        extractor="pdf.pdfplumber",
        page=1,
        bbox=BBox(170.0, 216.0, 236.0, 228.0),
        label="Series Model(s)",
        page_size=PDF_PAGE,
        role="series",
    )
    maker_report = Evidence(
        field="manufacturer",
        raw="Shenzhen Huaxing Technology Co.,Ltd",
        normalised=("shenzhen huaxing technology"),
        source=Kind.TEST_REPORT,
        file=str(pdf),
        extractor="pdf.pdfplumber",
        page=1,
        bbox=BBox(170.0, 236.0, 360.0, 248.0),
        label="Manufacturer",
        page_size=PDF_PAGE,
        note="resolved 'Same as applicant'",
    )
    model_box = Evidence(
        field="model_number",
        raw="XK-2041B",
        normalised="XK2041B",
        source=Kind.PACKAGING,
        file=str(box),
        extractor="ocr.tesseract",
        bbox=PHOTO_BOX,
        label="MODEL",
        confidence=0.91,
        page_size=(float(PHOTO_SIZE[0]), float(PHOTO_SIZE[1])),
    )
    model_mismatch = Finding(
        code="CR101",
        name="model-number-mismatch",
        severity="error",
        field="model_number",
        message="The test report's model XK-2014B is not the listing's XK-2041B (digits 4 and 1 "
        "swapped); the packaging agrees with the listing.",
        fix="Ask the lab to correct the report's model to `XK-2041B`, or list the model that "
        "was tested.",
        evidence=(model_listing, model_report),
        source=Kind.TEST_REPORT,
        comparison=Comparison("different", 85.7, "digits differ: 2041 vs 2014"),
    )
    maker_mismatch = Finding(
        code="CR201",
        name="manufacturer-mismatch",
        severity="warning",
        field="manufacturer",
        message='Manufacturer <Huaxing> in the report differs from the listing\'s "Huaxin".',
        fix="Correct the listing's manufacturer | or ask the lab for a revised report.",
        evidence=(maker_listing, maker_report),
        source=Kind.TEST_REPORT,
    )
    unreadable = Finding(
        code="CR501",
        name="document-unreadable",
        severity="error",
        message="product.jpg: cannot identify image file",
        file=str(root / "product.jpg"),
        fix="Re-export the photo as JPEG or PNG.",
    )
    fields = (
        FieldResult("product_name", "consistent", (title, report_name), reference=title),
        FieldResult(
            "model_number",
            "mismatch",
            (model_listing, model_report, series_report, model_box),
            reference=model_listing,
        ),
        FieldResult(
            "manufacturer",
            "mismatch",
            (maker_listing, maker_report),
            reference=maker_listing,
            missing_sources=(Kind.PACKAGING,),
        ),
    )
    documents = (
        Document(listing, Kind.LISTING, "HX-2041"),
        Document(pdf, Kind.TEST_REPORT),
        Document(box, Kind.PACKAGING),
        Document(root / "product.jpg", Kind.PRODUCT),
    )
    return Report(
        fields=fields,
        findings=(model_mismatch, maker_mismatch, unreadable),
        documents=documents,
        sku="HX-2041",
    )


def consistent_report(root: Path | str = "HX-2041") -> Report:
    """The same package after the lab corrected its report: no findings."""
    base = sample_report(root)
    listing_model = base.field("model_number").values[0]
    fixed = (
        base.fields[0],
        FieldResult("model_number", "consistent", (listing_model,), reference=listing_model),
    )
    return Report(fields=fixed, findings=(), documents=base.documents[:2], sku="HX-2041")


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    for candidate in (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ):
        if Path(candidate).is_file():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size)


def write_sample_files(root: Path) -> None:
    """Real files behind `sample_report(root)`: a one-page PDF, a box photo, a listing."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    root.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(str(root / "Test_Report.pdf"), pagesize=A4)
    height = A4[1]
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(72, height - 120, "TEST REPORT  No. SZ-2024-0117")
    pdf.setFont("Helvetica", 11)
    rows = [
        (186, "Product Name:", "Smart Wi-Fi Plug"),
        (206, "Model No.:", "XK-2014B"),
        (226, "Series Model(s):", "XK-2041C"),
        (246, "Manufacturer:", "Shenzhen Huaxing Technology Co.,Ltd"),
    ]
    for baseline, label, value in rows:
        pdf.drawString(72, height - baseline, label)
        pdf.drawString(170, height - baseline, value)
    pdf.showPage()
    pdf.save()

    photo = Image.new("RGB", PHOTO_SIZE, (205, 170, 125))
    draw = ImageDraw.Draw(photo)
    draw.rectangle((120, 150, 780, 450), fill=(250, 250, 245))
    draw.text((150, 180), "VOLTIQ Smart Plug", fill=(20, 20, 20), font=_font(40))
    draw.text((150, 255), "MODEL:", fill=(20, 20, 20), font=_font(36))
    draw.text((PHOTO_BOX.x0, PHOTO_BOX.top + 5), "XK-2041B", fill=(20, 20, 20), font=_font(36))
    photo.save(root / "box.jpg", quality=90)

    (root / "listing_export.txt").write_text(
        "item_sku\titem_name\tmodel\nHX-2041\tVOLTIQ Smart Plug\tXK-2041B\n", encoding="utf-8"
    )
    (root / "product.jpg").write_bytes(b"not a picture")


# --- a small real catalogue for end-to-end tests ----------------------------------------

LISTING = (
    "SKU,Title,Brand,Manufacturer,Model\n"
    "HX-1,VOLTIQ Smart Wi-Fi Plug,VOLTIQ,Shenzhen Huaxin Technology Co. Ltd.,XK-2041B\n"
    "HX-2,VOLTIQ Smart Wi-Fi Plug Mini,VOLTIQ,Shenzhen Huaxin Technology Co. Ltd.,XK-2041C\n"
)


def write_report_pdf(path: Path, model: str) -> None:
    """A one-page test report with a text layer naming the product, model and maker."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(str(path), pagesize=A4)
    height = A4[1]
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(72, height - 100, "TEST REPORT")
    pdf.setFont("Helvetica", 11)
    rows = (
        ("Product Name:", "Smart Wi-Fi Plug"),
        ("Model No.:", model),
        ("Manufacturer:", "Shenzhen Huaxin Technology Co., Ltd."),
    )
    for offset, (label, value) in enumerate(rows):
        pdf.drawString(72, height - 150 - 20 * offset, label)
        pdf.drawString(180, height - 150 - 20 * offset, value)
    pdf.showPage()
    pdf.save()


def manifest(sku: str, *, listing: str | None = "../listing.csv", extra: str = "") -> str:
    head = f'sku = "{sku}"\n' + (f'listing = "{listing}"\n' if listing else "")
    return head + '[documents]\ntest_report = ["Test_Report*.pdf"]\n' + extra
