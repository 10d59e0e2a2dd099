"""Output formats: one module per format, each rendering the same `Report` value.

No format computes a verdict of its own: they all read `Report.to_record()` or the
Report's fields, so text, JSON, JUnit, SARIF, Markdown and HTML always agree.  Formats
are found through the registry (`consistency.registry.formatter`); this package imports
nothing itself, so that writing a report (`report.output`) stays cheap to import.
"""
