"""Extractors: one module per source kind (listing, pdf reports, image photos) and the OCR engines."""
