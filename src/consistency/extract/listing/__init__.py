"""Listing exports: Amazon flat files, 2025 templates, reports, SP-API JSON and sellers' sheets.

A listing export is parsed once into a `Listing` (its format, its encoding, one
`ListingRow` per product) and cached per process, so a 100k-row export shared by many
SKUs of a batch run costs one parse.  `extract_listing` then picks the row of the
document's SKU and turns it into `Evidence`: the identity (title, brand, manufacturer,
model numbers, identifiers, SKU) and what the readiness checks need (the GPSR
manufacturer e-mail, the EU responsible person, the safety attestation, compliance
documents, the marketplace).

Formats are recognised by content, not by file name (`sniff.container`): a zip or OLE
file is a workbook (.xlsx/.xlsm through openpyxl; .xls, .xlsb and .ods through
calamine), `{`/`[` is JSON, anything else is delimited text whose header row is found
among its first rows by the column names it holds (`item_sku`, `item-name`,
`Model No.`, `商品名`, or bilingual ones such as `商品标题 Title` and `Model No.(型号)`).
The header row of an Amazon template is the row of attribute keys, not the row of human
labels above it, because the keys do not change with the seller's language.

One concern per module: `encoding` (which text encoding), `headers` (which row is the
header, which format), `rows` (product rows), `export` (the parsed listing, SKU
selection, evidence), `delimited`, `workbook` and `sp_api` (the readers), `reader`
(dispatch and cache), `probe` (is this file a listing?) and `formats` (names, and what
to tell a seller whose file is none of them).  The header words are data, in
`consistency.fields.listing_headers`.
"""

from __future__ import annotations

from consistency.extract.listing.export import Listing
from consistency.extract.listing.formats import (
    ALL_LISTINGS_REPORT,
    CATEGORY_LISTINGS,
    CSV,
    FLAT_FILE,
    SP_API_JSON,
    SPREADSHEET,
    TEMPLATE_2025,
)
from consistency.extract.listing.headers import HEADER_SEARCH_ROWS
from consistency.extract.listing.probe import ListingProbe, probe
from consistency.extract.listing.reader import (
    _read_cached as _read_cached,  # test_batch counts its hits
)
from consistency.extract.listing.reader import extract_listing, read_listing
from consistency.extract.listing.rows import ListingRow, ListingValue

__all__ = [
    "ALL_LISTINGS_REPORT",
    "CATEGORY_LISTINGS",
    "CSV",
    "FLAT_FILE",
    "HEADER_SEARCH_ROWS",
    "SPREADSHEET",
    "SP_API_JSON",
    "TEMPLATE_2025",
    "Listing",
    "ListingProbe",
    "ListingRow",
    "ListingValue",
    "extract_listing",
    "probe",
    "read_listing",
]
