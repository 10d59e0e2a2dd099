"""OCR benchmark: photos through the stages against raw tesseract and raw RapidOCR.

    .venv/bin/python benchmarks/bench_ocr.py [--photos N] [--pages 60] [--no-real]

Photos: N generated per difficulty (easy, medium, hard, extreme; fresh seeds, so the
committed test photos are not what is measured; hard ones are 4-12 MP) plus the real
label photos in ../shared/real-reports/labels.  For every photo, in the same run:

1. **cold**: a new Python process with an empty cache reads the photo through the
   stages with the default engines (`ocr.photo_engines`); it reports its wall and CPU
   seconds from the start of the script (imports included) to the evidence, CPU and
   wall seconds per stage (imports, models, open, detect, orient, deskew, recognise,
   lines, barcode, fields), engine calls, peak RSS (VmHWM) and the model number read;
   then a **warm** re-run in that process (cache hit) and the other engine choices
   (`--ocr-engine tesseract`, `--ocr-engine rapidocr`) for accuracy;
2. **raw tesseract**: one `tesseract IMG stdout` process (OMP_THREAD_LIMIT=1);
3. **raw RapidOCR**: a new Python process that imports RapidOCR and reads the image
   with its default pipeline (the same definition of cold as 1).

CPU seconds are user+sys of the process and of the children it waited for (tesseract):
on a shared 2-core machine the wall clock also measures the neighbours, so the ratios
to raw tesseract and raw RapidOCR are given in CPU seconds as well as in wall seconds,
each pair measured back to back in the same run.

Targets (issue 14): cold p90 <= 2.5 s and median <= 1.5 s up to 12 MP; easy photos <=
1.3x raw tesseract; warm <= 5 % of cold; peak RSS <= 400 MiB.  Also a scanned report
of N pages: time and pages OCR'd.

Prints a table and writes `benchmarks/results/ocr.json`.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from consistency.config import Config
from consistency.extract import ocr
from consistency.model import Document, Field, Kind

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "ocr.json"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#: The shared real documents sit beside the repository (or beside the worktrees folder).
LABELS = next(
    (
        base / "shared" / "real-reports" / "labels"
        for base in (ROOT.parent, ROOT.parent.parent)
        if (base / "shared" / "real-reports").is_dir()
    ),
    ROOT.parent / "shared" / "real-reports" / "labels",
)
#: The real label photos and the model number each shows (MANIFEST.md, section B).
REAL_TRUTH: dict[str, str | None] = {
    "hp_psu_PS-3701-1C_label_bigjohnson.jpg": "PS-3701-1C",
    "smiths_azimuth_gyro_KCA-1903_label_DavidJRichards.jpg": "KCA/1903",
    "china_energy_label_KF-35GW_Y-IA_R2_crop_YIJIANGS.jpg": "KF-35GW/Y-IA(R2)",
    "china_energy_label_plus_unit_sticker_KF-35GW_Y-IA_R2_photo_YIJIANGS.jpg": "KF-35GW/Y-IA(R2)",
    "polkahome_packaging_CE_no_model_NEGATIVE.jpg": None,
}
DIFFICULTIES = ("easy", "medium", "hard", "extreme")

#: What a cold child process runs: argv = photo, kind, cache folder, truth (or "").
_CHILD = r"""
import time
started = time.perf_counter()
cpu_started = time.process_time()
import json, resource, sys
from pathlib import Path
import attrs
from consistency.config import Config, OcrSettings
from consistency.extract.image import read_photo
from consistency.fields import compare
from consistency.model import Document, Field, Kind, Role

path, kind, cache_dir, truth = Path(sys.argv[1]), Kind(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]

def cpu():
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime

def model_of(reading):
    main = [e for e in reading.evidence if e.field == Field.MODEL_NUMBER and e.role == Role.MAIN]
    return main[0].raw if main else None

def ok(read):
    if not truth:
        return read is None
    return read is not None and compare(Field.MODEL_NUMBER, truth, read, ocr=True).agrees

def peak_mib():
    with open("/proc/self/status", encoding="ascii") as status:
        return int(next(l.split()[1] for l in status if l.startswith("VmHWM:"))) / 1024

document = Document(path, kind)
config = Config(cache_dir=cache_dir)
imported, imported_cpu = time.perf_counter(), cpu()
cold = read_photo(document, config)
cold_cpu = cpu()
stage_cpu = dict(cold.photo.cpu_seconds)
out = {
    "cold_seconds": time.perf_counter() - started,
    "cold_extract_seconds": time.perf_counter() - imported,
    "cold_cpu_seconds": cold_cpu - cpu_started,
    "peak_rss_mib": peak_mib(),
    "stages": {"imports": imported - started} | dict(cold.photo.seconds)
    | {"fields": cold.fields_seconds},
    # Fields and whatever else the extraction did besides the photo stages.
    "stages_cpu": {"imports": imported_cpu - cpu_started} | stage_cpu
    | {"fields": cold_cpu - imported_cpu - sum(stage_cpu.values())},
    "engine_calls": dict(cold.photo.engine_calls),
    "regions": cold.photo.regions,
    "confidence": cold.reading.confidence,
    "read": {"default": model_of(cold.reading)},
}
start, start_cpu = time.perf_counter(), cpu()
warm = read_photo(document, config)
out["warm_seconds"] = time.perf_counter() - start
out["warm_cpu_seconds"] = cpu() - start_cpu
out["warm_cached"] = warm.photo.cached
for name in ("tesseract", "rapidocr"):
    chosen = attrs.evolve(config, cache=False, ocr=attrs.evolve(config.ocr, photo_engines=(name,)))
    other = read_photo(document, chosen)
    out["read"][name] = model_of(other.reading)
    out.setdefault("confidence_by_engine", {})[name] = other.reading.confidence
out["ok"] = {name: ok(read) for name, read in out["read"].items()}
print(json.dumps(out))
"""

_RAW_RAPIDOCR = r"""
import time
started = time.perf_counter()
cpu_started = time.process_time()
import json, sys
from rapidocr import RapidOCR
engine = RapidOCR(params={"Global.log_level": "error"})
loaded = time.perf_counter()
result = engine(sys.argv[1])
print(json.dumps({"seconds": time.perf_counter() - started,
                  "cpu_seconds": time.process_time() - cpu_started,
                  "call_seconds": time.perf_counter() - loaded,
                  "text": " | ".join(result.txts or ())}))
"""


def _photos_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fixture_photos", ROOT / "fixtures" / "photos.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["fixture_photos"] = module
    spec.loader.exec_module(module)
    return module


def _specs(photos: ModuleType, n: int, rng: random.Random) -> list[Any]:
    brands = ["VOLTARA", "AEROLUX", "TORQX", "MEIKO", "LUMEN", "WARMIX", "SONIQ", "HOMEWELL"]
    products = [
        "Electric Kettle",
        "Tower Fan",
        "Cordless Drill",
        "Rice Cooker",
        "Desk Lamp",
        "Oil Filled Radiator",
        "Bluetooth Speaker",
        "Steam Iron",
        "Hair Dryer",
    ]
    makers = [
        "Shenzhen Huaxin Technology Co., Ltd.",
        "Ningbo Fengli Electric Appliance Co., Ltd.",
        "NORDLICHT ELEKTRO GMBH",
        "Zhongshan Warmix Electrical Co., Ltd.",
    ]
    labels = ["Model No.:", "Model:", "MODEL:", "Type:", "MOD."]
    specs = []
    for _ in range(n):
        letters = "".join(rng.choice("ABCDEFGHJKMNPRSTUVWXYZ") for _ in range(2))
        model = f"{letters}-{rng.randint(100, 9999)}{rng.choice(['', 'B', 'S', 'W', 'T'])}"
        specs.append(
            photos.LabelSpec(
                brand=rng.choice(brands),
                product_name=rng.choice(products),
                model_number=model,
                manufacturer=rng.choice(makers),
                model_label=rng.choice(labels),
                ean13="".join(str(rng.randint(0, 9)) for _ in range(12))
                if rng.random() < 0.5
                else None,
                chinese_manufacturer="深圳华芯科技有限公司" if rng.random() < 0.3 else None,
            )
        )
    return specs


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _raw_tesseract(path: Path) -> tuple[float, float]:
    """One plain `tesseract IMG stdout` pass (OMP_THREAD_LIMIT=1, as the extractor runs it):
    wall and CPU seconds."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run(["tesseract", str(path), "stdout"], env=env, check=True, capture_output=True)
    return time.perf_counter() - start, _children_cpu() - cpu


def _child(code: str, *args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=900
    )
    if done.returncode != 0:
        raise RuntimeError(f"benchmark child failed: {done.stderr.strip()[-800:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _items(n: int, work: Path, real: bool) -> list[tuple[Path, str, str | None, Kind]]:
    photos = _photos_module()
    rng = random.Random(2041)
    items: list[tuple[Path, str, str | None, Kind]] = []
    for difficulty in DIFFICULTIES:
        for i, spec in enumerate(_specs(photos, n, rng)):
            path = photos.render_label_photo(
                spec, work / f"{difficulty}_{i:02d}.jpg", difficulty=difficulty, seed=1000 + i
            )
            items.append((path, difficulty, spec.model_number, Kind.PACKAGING))
    if real and LABELS.is_dir():
        for name, truth in REAL_TRUTH.items():
            kind = Kind.PACKAGING if "packaging" in name else Kind.PRODUCT
            items.append((LABELS / name, "real", truth, kind))
    return items


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def bench_photos(n: int, work: Path, real: bool) -> dict[str, Any]:
    rows = []
    for path, difficulty, truth, kind in _items(n, work, real):
        with Image.open(path) as probe:
            megapixels = probe.width * probe.height / 1e6
        cache = work / f"cache-{len(rows)}"
        ours = _child(_CHILD, str(path), kind.value, str(cache), truth or "")
        raw_t, raw_t_cpu = _raw_tesseract(path)
        raw_r = _child(_RAW_RAPIDOCR, str(path))
        rows.append(
            {
                "image": path.name,
                "difficulty": difficulty,
                "megapixels": round(megapixels, 1),
                "truth": truth,
                **ours,
                "raw_tesseract_seconds": raw_t,
                "raw_tesseract_cpu_seconds": raw_t_cpu,
                "raw_rapidocr_seconds": raw_r["seconds"],
                "raw_rapidocr_cpu_seconds": raw_r["cpu_seconds"],
                "raw_rapidocr_call_seconds": raw_r["call_seconds"],
                "vs_raw_tesseract": ours["cold_seconds"] / raw_t,
                "vs_raw_rapidocr": ours["cold_seconds"] / raw_r["seconds"],
                "cpu_vs_raw_tesseract": ours["cold_cpu_seconds"] / raw_t_cpu,
                "cpu_vs_raw_rapidocr": ours["cold_cpu_seconds"] / raw_r["cpu_seconds"],
                "extract_vs_raw_tesseract": ours["cold_extract_seconds"] / raw_t,
            }
        )
        print(
            f"  {path.name[:50]:50} {difficulty:8} {megapixels:5.1f} MP cold {ours['cold_seconds']:5.2f} s"
            f" cpu {ours['cold_cpu_seconds']:5.2f} s (raw tesseract cpu {raw_t_cpu:5.2f}, raw rapidocr"
            f" cpu {raw_r['cpu_seconds']:5.2f}) warm {ours['warm_seconds']:.3f} s"
            f" rss {ours['peak_rss_mib']:.0f} MiB read {ours['read']} ok {ours['ok']}",
            flush=True,
        )
    return summarise(rows)


def _medians(rows: list[dict[str, Any]], key: str) -> dict[str, float]:
    """Per-key medians of a dict-valued column (stages, engine calls), in first-seen order."""
    keys: dict[str, None] = {}
    for row in rows:
        keys.update(dict.fromkeys(row[key]))
    return {k: statistics.median(r[key].get(k, 0.0) for r in rows) for k in keys}


def _timing(sel: list[dict[str, Any]]) -> dict[str, Any]:
    """Cold wall and CPU (median, p90), ratios to the raw engines, warm share, peak RSS."""
    wall = [r["cold_seconds"] for r in sel]
    cpu = [r["cold_cpu_seconds"] for r in sel]
    return {
        "photos": len(sel),
        "cold_median_s": statistics.median(wall),
        "cold_p90_s": _quantile(wall, 0.9),
        "cold_cpu_median_s": statistics.median(cpu),
        "cold_cpu_p90_s": _quantile(cpu, 0.9),
        "raw_tesseract_median_s": statistics.median(r["raw_tesseract_seconds"] for r in sel),
        "raw_tesseract_cpu_median_s": statistics.median(
            r["raw_tesseract_cpu_seconds"] for r in sel
        ),
        "raw_rapidocr_median_s": statistics.median(r["raw_rapidocr_seconds"] for r in sel),
        "raw_rapidocr_cpu_median_s": statistics.median(r["raw_rapidocr_cpu_seconds"] for r in sel),
        "vs_raw_tesseract_median": statistics.median(r["vs_raw_tesseract"] for r in sel),
        "vs_raw_rapidocr_median": statistics.median(r["vs_raw_rapidocr"] for r in sel),
        "cpu_vs_raw_tesseract_median": statistics.median(r["cpu_vs_raw_tesseract"] for r in sel),
        "cpu_vs_raw_rapidocr_median": statistics.median(r["cpu_vs_raw_rapidocr"] for r in sel),
        "extract_vs_raw_tesseract_median": statistics.median(
            r["extract_vs_raw_tesseract"] for r in sel
        ),
        "warm_share_median": statistics.median(r["warm_seconds"] / r["cold_seconds"] for r in sel),
        "warm_share_max": max(r["warm_seconds"] / r["cold_seconds"] for r in sel),
        "peak_rss_max_mib": max(r["peak_rss_mib"] for r in sel),
    }


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians, p90 and read rates per difficulty, and the targets' figures over all photos."""
    order = [*DIFFICULTIES, "real"]
    groups = sorted({r["difficulty"] for r in rows}, key=order.index)
    per: dict[str, Any] = {}
    for group in groups:
        sel = [r for r in rows if r["difficulty"] == group]
        per[group] = {
            **_timing(sel),
            "model_read_rate": {
                name: sum(r["ok"][name] for r in sel) / len(sel) for name in sel[0]["ok"]
            },
            "stage_median_s": _medians(sel, "stages"),
            "stage_cpu_median_s": _medians(sel, "stages_cpu"),
            "engine_calls_median": _medians(sel, "engine_calls"),
        }
    return {
        "per_difficulty": per,
        "all": {
            **_timing(rows),
            "stage_cpu_median_s": _medians(rows, "stages_cpu"),
            "largest_megapixels": max(r["megapixels"] for r in rows),
        },
        "images": rows,
    }


def _scan_pdf(path: Path, pages: int) -> Path:
    """An image-only report: identity block on page 1, boilerplate test pages after it."""
    font = ImageFont.truetype(FONT, 28)
    small = ImageFont.truetype(FONT, 22)
    images = []
    for number in range(1, pages + 1):
        page = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
        draw = ImageDraw.Draw(page)
        draw.text((160, 140), "TEST REPORT  No. HX2604-0117", font=font, fill=0)
        if number == 1:
            rows = [
                ("Applicant", "Shenzhen Huaxin Technology Co., Ltd."),
                ("Manufacturer", "Shenzhen Huaxin Technology Co., Ltd."),
                ("Product Name", "Electric Kettle"),
                ("Model No.", "XK-2041B"),
                ("Trade Mark", "VOLTARA"),
                ("Standard", "EN 60335-1:2012"),
            ]
            for i, (label, value) in enumerate(rows):
                draw.text((160, 320 + i * 70), f"{label}:", font=font, fill=0)
                draw.text((560, 320 + i * 70), value, font=font, fill=0)
        else:
            for i in range(30):
                draw.text(
                    (160, 300 + i * 60),
                    f"Clause {number}.{i}  Requirement verified  "
                    f"Result: P  Measured {i * 3.7:.1f} V",
                    font=small,
                    fill=0,
                )
        draw.text((160, 2200), f"Page {number} of {pages}", font=small, fill=0)
        images.append(page)
    images[0].save(path, save_all=True, append_images=images[1:], resolution=200)
    return path


def bench_scan(pages: int, work: Path) -> dict[str, Any]:
    from consistency.extract import pdf as pdf_extractor

    path = _scan_pdf(work / f"scan_{pages}p.pdf", pages)
    calls: list[int] = []
    original = ocr.ocr_pdf_page

    def counting(path: Path, page_number: int, config: Config) -> Any:
        calls.append(page_number)
        return original(path, page_number, config)

    # The PDF extractor looks `ocr.ocr_pdf_page` up at call time: counting every OCR pass.
    ocr.ocr_pdf_page = counting  # type: ignore[assignment]
    try:
        start = time.perf_counter()
        evidence = pdf_extractor.extract_test_report(
            Document(path, Kind.TEST_REPORT), Config(cache=False)
        )
        elapsed = time.perf_counter() - start
    finally:
        ocr.ocr_pdf_page = original  # type: ignore[assignment]
    model = next((e.raw for e in evidence.evidence if e.field == Field.MODEL_NUMBER), None)
    return {
        "pages": pages,
        "seconds": elapsed,
        "pages_ocrd": sorted(set(calls)),
        "model_read": model,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--photos", type=int, default=5, help="photos per difficulty")
    parser.add_argument("--pages", type=int, default=60, help="pages of the scanned report")
    parser.add_argument("--no-real", action="store_true", help="skip the real label photos")
    args = parser.parse_args(argv)
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as tmp:
        work = Path(tmp)
        results = {
            "photos": bench_photos(args.photos, work, not args.no_real),
            "scan": bench_scan(args.pages, work) if args.pages else None,
            "tesseract": ocr.engine("tesseract").version(),
            "rapidocr": ocr.engine("rapidocr").version(),
            "cpus": os.cpu_count(),
            "load_average": load,
        }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    _print_table(results)
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")
    return 0


def _print_table(results: dict[str, Any]) -> None:
    photos = results["photos"]
    print(
        "\nper difficulty: model read rate (default / tesseract / rapidocr); cold wall and CPU"
        "\n(median, p90, s); ratio to raw tesseract and raw RapidOCR (medians, CPU and wall);"
        "\nwarm share of cold; peak RSS; CPU seconds per stage (medians); engine calls"
    )
    for group, row in photos["per_difficulty"].items():
        rate = row["model_read_rate"]
        print(
            f"  {group:8} n={row['photos']:<3} read {rate['default']:4.0%} / {rate['tesseract']:4.0%}"
            f" / {rate['rapidocr']:4.0%}  wall {row['cold_median_s']:5.2f} p90 {row['cold_p90_s']:5.2f}"
            f"  cpu {row['cold_cpu_median_s']:5.2f} p90 {row['cold_cpu_p90_s']:5.2f}"
            f"\n           cpu x raw tesseract {row['cpu_vs_raw_tesseract_median']:4.2f}"
            f" ({row['raw_tesseract_cpu_median_s']:.2f} s), x raw rapidocr"
            f" {row['cpu_vs_raw_rapidocr_median']:4.2f} ({row['raw_rapidocr_cpu_median_s']:.2f} s);"
            f" wall x tesseract {row['vs_raw_tesseract_median']:4.2f}, x rapidocr"
            f" {row['vs_raw_rapidocr_median']:4.2f}; warm {row['warm_share_median']:5.1%};"
            f" rss {row['peak_rss_max_mib']:4.0f} MiB"
        )
        stages = "  ".join(f"{k} {v:.2f}" for k, v in row["stage_cpu_median_s"].items())
        calls = ", ".join(f"{k} {v:g}" for k, v in row["engine_calls_median"].items())
        print(f"           cpu per stage: {stages}\n           engine calls: {calls}")
    every = photos["all"]
    print(
        f"\nall {every['photos']} photos (up to {every['largest_megapixels']} MP), load average "
        f"{results['load_average'][0]:.1f} on {results['cpus']} cores:\n"
        f"  cold wall median {every['cold_median_s']:.2f} s (target <= 1.5), p90 "
        f"{every['cold_p90_s']:.2f} s (target <= 2.5); cold CPU median "
        f"{every['cold_cpu_median_s']:.2f} s, p90 {every['cold_cpu_p90_s']:.2f} s\n"
        f"  CPU x raw tesseract {every['cpu_vs_raw_tesseract_median']:.2f}, x raw RapidOCR "
        f"{every['cpu_vs_raw_rapidocr_median']:.2f} (medians; easy photos: target <= 1.3x "
        f"tesseract)\n  warm at most {every['warm_share_max']:.1%} of cold (target <= 5 %); "
        f"peak RSS {every['peak_rss_max_mib']:.0f} MiB (target <= 400)"
    )
    stages = "  ".join(f"{k} {v:.2f}" for k, v in every["stage_cpu_median_s"].items())
    print(f"  cpu per stage (medians): {stages}")
    scan = results["scan"]
    if scan:
        print(
            f"scanned report, {scan['pages']} pages: {scan['seconds']:.1f} s, OCR'd pages "
            f"{scan['pages_ocrd']}, model read: {scan['model_read']}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
