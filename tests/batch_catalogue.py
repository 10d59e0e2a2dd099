"""A generated catalogue for batch tests and benchmarks: one listing export, a folder per SKU.

`build_catalogue(root, count)` writes `root/listing_export.csv` (a seller's CSV with
SKU, Title, Brand, Manufacturer, Model columns, one row per SKU) and one case folder
per SKU holding a one-page text-layer test report made with reportlab.  Every
`mismatch_every`-th SKU's report prints a digit-swapped model number (a real
mismatch); the others agree.  Half the folders carry a `consistency.toml` manifest
pointing at the shared listing, the others are plain folders named by their SKU, so
both ways of laying out a catalogue are exercised.  `broken` SKUs get a truncated PDF;
`photos` copies label photos from `fixtures/photos/` into the first SKUs' folders
(OCR-bound work).

Kept independent of `fixtures/generate.py` on purpose: batch tests need many cheap,
predictable cases that share one listing export, not layout variety.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Collection
from pathlib import Path

import attrs

PHOTOS = Path(__file__).resolve().parent.parent / "fixtures" / "photos"

_PRODUCTS = (
    ("Electric Kettle", "Kettle"),
    ("Smart Wi-Fi Plug", "Smart Plug"),
    ("Tower Fan", "Fan"),
    ("LED Desk Lamp", "Desk Lamp"),
    ("Bluetooth Headset", "Headset"),
    ("Hand Blender", "Blender"),
    ("Ceramic Heater", "Heater"),
    ("Cordless Drill", "Drill"),
)
_MAKERS = (
    "Shenzhen Huaxin Technology Co., Ltd.",
    "Ningbo Fengli Electric Appliance Co., Ltd.",
    "Dongguan Lumen Lighting Co., Ltd.",
    "Zhejiang Tongda Electrical Co., Ltd.",
    "Guangzhou Sonic Audio Co., Ltd.",
)
_BRANDS = ("VOLTARA", "AEROLUX", "LUMINA", "SONIQ", "KITCHO")


@attrs.frozen
class CatalogueCase:
    """What one generated SKU holds and what a correct check says about it."""

    sku: str
    folder: Path
    model_number: str
    report_model: str
    manufacturer: str
    product_name: str
    manifest: bool
    broken: bool
    photo: str | None

    @property
    def consistent(self) -> bool:
        """True when the listing and the report agree on every field (and the PDF opens)."""
        return self.model_number == self.report_model and not self.broken and self.photo is None


def _model(index: int) -> str:
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    return (
        f"{letters[index % 23]}{letters[(index // 23) % 23]}-{2000 + index:04d}{letters[index % 7]}"
    )


def _swap_digits(model: str) -> str:
    """`XK-2041B` -> `XK-2014B`: the last two digits swapped (or one changed if equal)."""
    digits = [i for i, c in enumerate(model) if c.isdigit()]
    a, b = digits[-2], digits[-1]
    chars = list(model)
    if chars[a] == chars[b]:
        chars[b] = str((int(chars[b]) + 1) % 10)
    else:
        chars[a], chars[b] = chars[b], chars[a]
    return "".join(chars)


def write_report_pdf(
    path: Path, product_name: str, model_number: str, manufacturer: str, report_no: str
) -> None:
    """A one-page test report with `Label: value` lines in a general-information block."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=True)
    pdf.setTitle(f"Test Report {report_no}")
    height = A4[1]
    y = height - 72
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(72, y, "TEST REPORT")
    y -= 22
    pdf.setFont("Helvetica", 10)
    pdf.drawString(72, y, f"Report No.: {report_no}")
    y -= 16
    pdf.drawString(72, y, "Standard: EN 60335-1:2012+A15:2021")
    y -= 30
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawString(72, y, "General information")
    pdf.setFont("Helvetica", 10)
    for label, value in (
        ("Product Name", product_name),
        ("Model No.", model_number),
        ("Manufacturer", manufacturer),
        ("Address", "No. 18 Industrial Road, Bao'an District"),
        ("Rated voltage", "220-240V~ 50/60Hz"),
    ):
        y -= 18
        pdf.drawString(72, y, f"{label}:")
        pdf.drawString(200, y, value)
    y -= 40
    pdf.drawString(72, y, "The sample tested complies with the requirements of the standard.")
    pdf.showPage()
    pdf.save()


def build_catalogue(
    root: Path,
    count: int,
    *,
    mismatch_every: int = 5,
    broken: Collection[int] = (),
    photos: int = 0,
    listing_name: str = "listing_export.csv",
) -> list[CatalogueCase]:
    """Write a catalogue of `count` SKUs under `root`; return what each case holds.

    Index `i` is consistent unless `i % mismatch_every == mismatch_every - 1` (a
    digit-swapped model in the report), `i in broken` (a truncated PDF) or `i < photos`
    (a label photo whose model differs from the listing's: OCR work, and a finding).
    """
    root.mkdir(parents=True, exist_ok=True)
    photo_files = sorted(p for p in PHOTOS.glob("*.jpg")) if photos else []
    cases: list[CatalogueCase] = []
    rows: list[dict[str, str]] = []
    for index in range(count):
        model = _model(index)
        sku = f"SKU-{index:05d}"
        product, short = _PRODUCTS[index % len(_PRODUCTS)]
        maker = _MAKERS[index % len(_MAKERS)]
        brand = _BRANDS[index % len(_BRANDS)]
        mismatch = mismatch_every > 0 and index % mismatch_every == mismatch_every - 1
        report_model = _swap_digits(model) if mismatch else model
        folder = root / sku
        folder.mkdir(parents=True, exist_ok=True)
        pdf = folder / "test_report.pdf"
        write_report_pdf(pdf, product, report_model, maker, f"R{index:06d}")
        is_broken = index in broken
        if is_broken:
            data = pdf.read_bytes()
            pdf.write_bytes(data[: len(data) // 3])
        photo = None
        if index < photos and photo_files:
            source = photo_files[index % len(photo_files)]
            photo = source.name
            shutil.copyfile(source, folder / "product_label.jpg")
        manifest = index % 2 == 0
        if manifest:
            documents = ['test_report = ["test_report.pdf"]']
            if photo:
                documents.append('product = ["product_label.jpg"]')
            (folder / "consistency.toml").write_text(
                f'sku = "{sku}"\nlisting = "../{listing_name}"\n\n[documents]\n'
                + "\n".join(documents)
                + "\n",
                encoding="utf-8",
            )
        rows.append(
            {
                "SKU": sku,
                "Title": f"{brand} {product}, {short} for Home and Office",
                "Brand": brand,
                "Manufacturer": maker,
                "Model": model,
            }
        )
        cases.append(
            CatalogueCase(
                sku, folder, model, report_model, maker, product, manifest, is_broken, photo
            )
        )
    with (root / listing_name).open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=["SKU", "Title", "Brand", "Manufacturer", "Model"])
        writer.writeheader()
        writer.writerows(rows)
    return cases


class KillsItsWorker(type(Path())):  # type: ignore[misc]
    """A case path that kills the worker process checking it (as the kernel's OOM killer
    would), but behaves as a plain path in the process named by `PARENT_PID_VARIABLE`."""

    def is_dir(self) -> bool:
        import os

        if os.environ.get(PARENT_PID_VARIABLE) != str(os.getpid()):
            os._exit(3)
        return bool(super().is_dir())


PARENT_PID_VARIABLE = "CONSISTENCY_TEST_PARENT_PID"
