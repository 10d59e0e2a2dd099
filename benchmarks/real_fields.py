#!/usr/bin/env python3
"""Field accuracy of the test-report extractor on the shared real documents.

Reads every report in `../shared/real-reports/reports` with `consistency.extract` and
compares the first (main) value of model number, manufacturer and product name with what
`MANIFEST.md` says a careful reader finds.  A field counts as right when the main value
equals one of the accepted answers after the field's normaliser; `None` in the truth means
"no such field is printed" (right when nothing, or only an alternate reading, is found).

    python benchmarks/real_fields.py            # prints per-document rows and the score
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The shared set sits at `../shared` from the project's root (or CONSISTENCY_REAL_REPORTS
#: says where; a worktree elsewhere falls back to /work/shared).
_CANDIDATES = [
    os.environ.get("CONSISTENCY_REAL_REPORTS", ""),
    str(ROOT.parent / "shared" / "real-reports"),
    "/work/shared/real-reports",
]
_SHARED = next((Path(c) for c in _CANDIDATES if c and Path(c).is_dir()), Path(_CANDIDATES[1]))
REAL = _SHARED / "reports"

#: file -> (models, manufacturers, product names); each a tuple of accepted answers, or None
#: when the document prints no such field.  Transcribed from MANIFEST.md.
TRUTH: dict[str, tuple[tuple[str, ...] | None, tuple[str, ...] | None, tuple[str, ...] | None]] = {
    "dace_fcc_sdoc_straightening-comb_818.pdf": (
        ("818",),
        ("Dongguan Shijie Hongyu Electronics Factory",),
        ("Straightening comb",),
    ),
    "keys_ce_lvd_coc_air-fryer_RS-AF1268Y.pdf": (
        ("RS-AF1268Y",),
        ("Ningbo Qinlin Electric Appliance technology Co., Ltd",),
        ("air fryer",),
    ),
    "doc_eu_headset_895B_lxm93599.pdf": (
        ("895B",),
        ("Shenzhen George Zebra network technology Co., LTD",),
        ("Bluetooth wireless headset",),
    ),
    "doc_eu_steam-cleaner_WH-QX006_lxm93599.pdf": (
        ("WH-QX006",),
        ("Jinhua Heshun Electric Co., LTD",),
        ("Steam cleaner",),
    ),
    "doc_eu_goggles_A-16_lxm93599.pdf": (
        ("A-16",),
        ("Dongguan Koneta Sporting Goods Co.",),
        ("Bluetooth wireless headset", "swimming goggles"),
    ),
    "crownstone_eu_doc_scanned_ACR01B1E_ACR01B2C.pdf": (
        ("ACR01B1E", "ACR01B2C"),
        ("Crownstone B.V.",),
        ("Crownstone Builtin", "Crownstone Plug"),
    ),
    "applus_red_eu-type-exam_SIM7670G.pdf": (
        ("SIM7670G",),
        ("SIMCom Wireless Solutions Limited",),
        ("Wireless Module", "Wireless Module with 4G"),
    ),
    "htw_fcc15247_ble_CHESTER_CHTEW22090076.pdf": (
        ("CHESTER",),
        ("HARDWARIO a.s.",),
        ("CHESTER",),
    ),
    "htw_iec62368_trf_CHESTER_CHTSE22060159.pdf": (
        ("CHESTER",),
        ("HARDWARIO a.s.",),
        ("CHESTER",),
    ),
    "htw_red_tvoc_CHESTER_CTEW2209008101.pdf": (("CHESTER",), None, ("CHESTER",)),
    "hardwario_ec_doc_CHESTER.pdf": (None, ("HARDWARIO a.s.",), ("CHESTER",)),
    "ccic_rohs_CHESTER_QHJ2206002801.pdf": (("CHESTER",), ("HARDWARIO a.s.",), ("CHESTER",)),
    "teknikio_eu_doc_Bluebird_V2.0.pdf": (
        ("V2.0", "Bluebird V2.0"),
        ("Invent-abling LLC dba Teknikio",),
        ("Teknikio Bluebird",),
    ),
    "ecm_certificate_of_compliance_mask_ZS-A950.pdf": (
        ("ZS-A950",),
        None,
        ("Daily protective mask",),
    ),
    "gts_fcc15b_AltruistInsight_GTS2026010271F01.pdf": (
        ("ES-ALTRUIST-INST-1",),
        ("Pinout LTD",),
        ("Altruist Insight",),
    ),
    "gts_etsi301489_AltruistInsight_GTS2026010271E02.pdf": (
        ("ES-ALTRUIST-INST-1",),
        ("Pinout LTD",),
        ("Altruist Insight",),
    ),
    "gts_iec62368_trf_AltruistInsight_GTS2026010271S01.pdf": (
        ("ES-ALTRUIST-INST-1",),
        ("Pinout LTD",),
        ("Altruist Insight",),
    ),
    "pinout_eu_doc_scanned_AltruistInsight.pdf": (
        ("ES-ALTRUIST-INST-1",),
        ("Pinout LTD",),
        ("indoor air quality monitor with 2.4 GHz Wi-Fi interface", "Altruist Insight"),
    ),
    "sporton_red_eu-type-exam_ESP32-C6-WROOM-1.pdf": (
        ("ESP32-C6-WROOM-1",),
        ("Espressif Systems (Shanghai) Co.,Ltd.",),
        ("2.4GHz Wi-Fi & BT IoT Module",),
    ),
    "sporton_fcc_grant_2AC7Z-ESPC6WROOM1.pdf": (
        None,
        None,
        None,
    ),
    "ulj_telec_type-cert_ESP32-C6-MINI-1.pdf": (
        ("ESP32-C6-MINI-1",),
        ("Espressif Systems (Shanghai) Co., Ltd.",),
        None,
    ),
    "anz_rcm_sdoc_ESP32-C6-MINI-1.pdf": (
        ("ESP32-C6-MINI-1",),
        ("ESPRESSIF",),
        ("2.4GHz Wi-Fi & BT IoT Module",),
    ),
    "sporton_ised_tac_ESP32-C6-MINI-1.pdf": (
        ("ESP32-C6-MINI-1",),
        None,
        ("2.4GHz Wi-Fi & BT IoT Module",),
    ),
    "siq_cb_emc_scanned_RedPitaya_SI-4169.pdf": (
        ("V1.x",),
        ("Red Pitaya d.o.o.",),
        ("Data acquisition and processing unit",),
    ),
    "siq_cb_safety_scanned_RedPitaya_SI-4208.pdf": (
        ("V1",),
        ("Red Pitaya d.o.o.",),
        ("Data acquisition and processing unit",),
    ),
    "redpitaya_ce_fcc_doc_2023_STEMlab.pdf": (
        ("STEMlab 125-10",),
        ("Red Pitaya d.o.o.",),
        ("STEMlab, SDRlab, SIGNALlab", "STEMlab"),
    ),
    "met_nrtl_certification_record_RedPitaya_E113765.jpg": (
        ("V1",),
        None,
        ("Data Acquisition and Data Processing Unit",),
    ),
}

FIELDS = ("model_number", "manufacturer", "product_name")


def score(names: list[str] | None = None) -> float:
    """Print one row per document and field; return the share of fields right."""
    import consistency
    from consistency.fields import compare, normalise
    from consistency.model import Role

    right = total = 0
    for name, answers in TRUTH.items():
        if names and not any(n in name for n in names):
            continue
        started = time.perf_counter()
        try:
            evidence = consistency.extract(REAL / name, "test_report")
        except Exception as error:  # a crash is wrong on every field, and worth seeing
            print(f"{name}: ERROR {error}")
            total += sum(a is not None for a in answers)
            continue
        seconds = time.perf_counter() - started
        for field, accepted in zip(FIELDS, answers, strict=True):
            found = [e for e in evidence if e.field.value == field]
            main = next((e for e in found if e.role == Role.MAIN), None)
            if accepted is None:
                ok = main is None
                want = "(none)"
            else:
                # OCR'd values may differ by OCR's confusions, as in every comparison.
                ok = bool(found) and any(
                    normalise(field, a) == found[0].normalised
                    or (
                        field == "model_number"
                        and compare(field, a, found[0].raw, ocr=found[0].ocr).agrees
                    )
                    for a in accepted
                )
                want = " | ".join(accepted)
            right += ok
            total += 1
            got = found[0].raw if found else "-"
            how = f"[{found[0].label} {found[0].relation}]" if found else ""
            mark = "ok " if ok else "BAD"
            print(f"{mark} {name[:44]:44} {field[:5]} {got[:48]!r:50} {how[:36]} want {want[:40]}")
        print(f"    {seconds:.1f}s")
    share = right / total if total else 0.0
    print(f"\nfields right: {right}/{total} = {share:.3f}")
    return share


if __name__ == "__main__":
    score(sys.argv[1:])
