"""The `html` format: one self-contained page to look at, forward, or attach to an appeal.

Top to bottom: the verdict; the findings with their fixes; the source-by-field matrix;
per field, every source's value side by side with a crop of where it was read and the
differing characters marked; thumbnails of every document.  The page makes no network
request (pictures are `data:` URIs, styles inline, and a Content-Security-Policy forbids
anything else, scripts included) and every string from the inputs is escaped.
It renders the `Report` value only; it never recomputes a verdict.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath
from typing import TYPE_CHECKING

from consistency.i18n import translator
from consistency.model import (
    SEVERITY_RANK,
    SOURCE_ORDER,
    Evidence,
    FieldResult,
    Finding,
    Report,
    Role,
    Status,
)
from consistency.report.diff import highlight
from consistency.report.escape import esc
from consistency.report.images import PageImages
from consistency.report.labels import (
    Tone,
    Translate,
    case_name,
    field_label,
    headline,
    source_label,
    status_text,
    where,
)

if TYPE_CHECKING:
    from consistency.config import Config

#: Forbids scripts, frames, fonts and any fetch; only inline styles and data: images load.
CSP = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; "
    "form-action 'none'"
)

STYLE = """
:root{--ok:#15803d;--bad:#b91c1c;--warn:#b45309;--info:#1d4ed8;--ink:#111827;--mute:#6b7280;
--line:#e5e7eb;--bg:#f9fafb}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",
"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",
"WenQuanYi Micro Hei",sans-serif;
color:var(--ink);background:var(--bg)}
main{max-width:1180px;margin:0 auto;padding:0 20px 40px}
header.verdict{padding:18px 20px;color:#fff}
header.verdict.pass{background:var(--ok)}header.verdict.fail{background:var(--bad)}
header.verdict.check{background:var(--warn)}
header.verdict h1{margin:0 auto;max-width:1140px;font-size:22px}
header.verdict p{margin:4px auto 0;max-width:1140px;opacity:.92}
h2{font-size:18px;margin:28px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
.findings{list-style:none;padding:0;margin:0}
.finding{background:#fff;border:1px solid var(--line);border-left:5px solid var(--mute);
border-radius:6px;padding:10px 14px;margin:0 0 10px}
.finding.error{border-left-color:var(--bad)}.finding.warning{border-left-color:var(--warn)}
.finding.info{border-left-color:var(--info)}
.finding .head{font-size:13px;color:var(--mute)}
.finding .message{margin:4px 0;font-size:16px}
.finding .fix{margin:6px 0 0;padding:6px 10px;background:#ecfdf5;border-radius:4px}
.sev{display:inline-block;padding:0 7px;border-radius:9px;color:#fff;font-weight:600;
font-size:12px;text-transform:uppercase;background:var(--mute)}
.sev.error{background:var(--bad)}.sev.warning{background:var(--warn)}.sev.info{background:var(--info)}
.status{display:inline-block;padding:1px 9px;border-radius:9px;font-size:13px;font-weight:600}
.status.consistent{background:#dcfce7;color:var(--ok)}.status.mismatch{background:#fee2e2;
color:var(--bad)}.status.missing{background:#fef3c7;color:var(--warn)}
.status.unverified,.status.discounted{background:#fef3c7;color:var(--warn)}
.checklist{list-style:none;padding:0}.checklist li{padding:3px 0}
.checklist .pass .sign{color:var(--ok)}.checklist .fail .sign{color:var(--bad)}
.checklist .unknown .sign{color:var(--warn)}.checklist .why{color:var(--mute)}
table.matrix{border-collapse:collapse;width:100%;background:#fff}
.matrix th,.matrix td{border:1px solid var(--line);padding:6px 9px;text-align:left;
vertical-align:top}
.matrix thead th{background:#f3f4f6;font-size:13px}
.field{background:#fff;border:1px solid var(--line);border-radius:6px;padding:10px 14px;
margin:0 0 14px}
.field h3{margin:0 0 8px;font-size:16px}
.sources{display:grid;grid-template-columns:repeat(auto-fit,minmax(250px,1fr));gap:12px}
.source{border:1px solid var(--line);border-radius:6px;padding:8px 10px;min-width:0}
.source h4{margin:0 0 6px;font-size:12px;text-transform:uppercase;letter-spacing:.04em;
color:var(--mute)}
.source.missing{background:#fffbeb}
.value{font-size:17px;font-weight:600;overflow-wrap:anywhere}
.value .tag{font-size:11px;font-weight:500;color:var(--mute);margin-left:6px}
mark.diff{background:#fecaca;color:#7f1d1d;border-radius:2px;padding:0 1px}
.norm,.where{font-size:12px;color:var(--mute);overflow-wrap:anywhere}
.norm code{font-size:12px}
img.crop{display:block;max-width:100%;margin-top:6px;border:1px solid var(--line);border-radius:4px}
.also{margin:6px 0 0;padding:0;list-style:none;font-size:13px}
.also li{display:inline-block;margin:2px 4px 2px 0;padding:1px 7px;background:#f3f4f6;
border-radius:9px}
.docs{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:12px}
figure.doc{margin:0;background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px}
figure.doc img{display:block;max-width:100%;max-height:260px;margin:0 auto}
figure.doc .placeholder{height:120px;display:flex;align-items:center;justify-content:center;
background:#f3f4f6;color:var(--mute);font-weight:600;border-radius:4px}
figcaption{font-size:13px;margin-top:6px;overflow-wrap:anywhere}
figcaption .kind{display:block;color:var(--mute);font-size:12px}
footer{color:var(--mute);font-size:12px;margin-top:30px}
"""


#: C0/C1 control characters (but tab, newline, carriage return): parsers turn NUL into
#: U+FFFD and browsers show the rest as boxes, so they are dropped.


def render(report: Report, config: Config) -> str:
    """The report as one self-contained HTML page."""
    images = PageImages(max_pixels=config.limits.max_image_pixels)
    return render_page(report, images, lang=config.lang)


#: The `lang` attribute per output language (Simplified Chinese is zh-Hans).
HTML_LANG = {"en": "en", "zh": "zh-Hans"}


def render_page(report: Report, images: PageImages, *, lang: str = "en") -> str:
    """The page, with pictures from `images` (which caches rendered pages)."""
    _ = translator(lang)
    name = case_name(report, default=_("package"))
    head = headline(report, _)
    title = f"consistency · {name}: {head.text}"
    documents = _("{n} document(s)").format(n=len(report.documents))
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{HTML_LANG.get(lang, lang)}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{esc(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head><body>",
        f'<header class="verdict {head.tone.value}">',
        f"<h1>{_TONE_SIGNS[head.tone]} {esc(head.text)}</h1>",
        f"<p>{_package(report, _)}{esc(documents)}{_sources_line(report, _)}</p>",
        "</header><main>",
        _findings(report.findings, _),
        _matrix(report, _),
        _checklist(report, _),
        f'<h2 id="fields">{esc(_("Fields, document by document"))}</h2>',
        *(_field(row, images, _) for row in report.fields),
        _documents(report, images, _),
        "<footer>"
        + esc(
            _(
                "Generated by consistency from the report record; every value is shown as "
                "printed in its document."
            )
        )
        + "</footer>",
        "</main></body></html>",
    ]
    return "\n".join(parts) + "\n"


_TONE_SIGNS = {Tone.PASS: "✓", Tone.CHECK: "⚠", Tone.FAIL: "✗"}


def _status_class(row: FieldResult) -> str:
    """The CSS class of a status chip: a discounted mismatch is amber, never green or red."""
    return "discounted" if row.discounted else esc(row.status.value)


def _package(report: Report, _: Translate) -> str:
    name = case_name(report, default="")
    return f"{esc(_('Package'))} <strong>{esc(name)}</strong> · " if name else ""


def _sources_line(report: Report, _: Translate) -> str:
    sources = report.sources()
    if not sources:
        return ""
    return f" · {esc(_('sources'))}: " + ", ".join(esc(source_label(k, _)) for k in sources)


def _findings(findings: Iterable[Finding], _: Translate) -> str:
    items = sorted(findings, key=lambda f: -SEVERITY_RANK[f.severity])
    out = [f'<h2 id="findings">{esc(_("Findings"))}</h2>']
    if not items:
        out.append(f"<p>{esc(_('No findings: every document agrees.'))}</p>")
        return "\n".join(out)
    out.append('<ol class="findings">')
    for finding in items:
        severity = finding.severity.value
        about = [f"<code>{esc(finding.code)}</code> {esc(finding.name)}"]
        if finding.field is not None:
            about.append(esc(field_label(finding.field, _)))
        if finding.source is not None and finding.field is not None:
            about.append(f"{esc(_('disagreeing source'))}: {esc(source_label(finding.source, _))}")
        if finding.file:
            about.append(f"{esc(_('file'))}: {esc(PurePath(finding.file).name or finding.file)}")
        out.append(f'<li class="finding {esc(severity)}">')
        out.append(
            f'<div class="head"><span class="sev {esc(severity)}">{esc(_(severity))}</span> '
            + " · ".join(about)
            + "</div>"
        )
        out.append(f'<p class="message">{esc(finding.message)}</p>')
        if finding.fix:
            out.append(f'<p class="fix"><strong>{esc(_("Fix"))}:</strong> {esc(finding.fix)}</p>')
        if finding.comparison is not None:
            comparison = finding.comparison
            out.append(
                f'<p class="norm">{esc(_("Compared"))}: {esc(_(comparison.level.value))}, '
                f"{comparison.score:.1f}: {esc(comparison.explain(_))}</p>"
            )
        out.append("</li>")
    out.append("</ol>")
    return "\n".join(out)


_CHECK_SIGNS = {"pass": "✓", "fail": "✗", "unknown": "?"}


def _checklist(report: Report, _: Translate) -> str:
    """What a reviewer checks beyond the three names, item by item."""
    if not report.checklist:
        return ""
    out = [
        f'<h2 id="readiness">{esc(_("Readiness (what a reviewer checks)"))}</h2>',
        '<ul class="checklist">',
    ]
    for item in report.checklist:
        sign = _CHECK_SIGNS.get(item.state, "?")
        why = f' <span class="why">{esc(item.why)}</span>' if item.why else ""
        out.append(
            f'<li class="{esc(item.state)}"><span class="sign">{sign}</span> '
            f"{esc(item.looks_for)}{why}</li>"
        )
    out.append("</ul>")
    return "\n".join(out)


def _matrix(report: Report, _: Translate) -> str:
    sources = [
        k
        for k in SOURCE_ORDER
        if k in set(report.sources()) | {e.source for row in report.fields for e in row.values}
    ]
    out = [
        f'<h2 id="matrix">{esc(_("Source by field"))}</h2>',
        '<table class="matrix"><thead><tr>',
        f"<th>{esc(_('Field'))}</th><th>{esc(_('Status'))}</th>",
    ]
    out += [f"<th>{esc(source_label(k, _))}</th>" for k in sources]
    out.append("</tr></thead><tbody>")
    for row in report.fields:
        cells = [
            f'<th scope="row">{esc(field_label(row.field, _))}</th>',
            f'<td><span class="status {_status_class(row)}">{esc(status_text(row, _))}</span></td>',
        ]
        for source in sources:
            mains = [e for e in row.values_from(source) if e.role is Role.MAIN]
            values = mains or list(row.values_from(source))
            if values:
                cells.append("<td>" + "<br>".join(esc(e.raw) for e in values) + "</td>")
            elif source in row.missing_sources:
                cells.append(f"<td><em>{esc(_('not found'))}</em></td>")
            else:
                cells.append("<td>—</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _marked(evidence: Evidence, row: FieldResult) -> str:
    """The printed value, with characters that differ from the reference marked.

    Only in fields that are not consistent: in a consistent field the differences are
    ones the comparison accepted, and marking them would suggest a problem.
    """
    reference = row.reference
    if reference is None or evidence == reference or row.status is Status.CONSISTENT:
        return esc(evidence.raw)
    return "".join(
        f'<mark class="diff">{esc(s.text)}</mark>' if s.differs else esc(s.text)
        for s in highlight(evidence.raw, evidence.normalised, reference.normalised)
    )


def _value(evidence: Evidence, row: FieldResult, images: PageImages, _: Translate) -> str:
    reference = row.reference
    tags = []
    if evidence == reference:
        tags.append(_("reference"))
    if evidence.role is not Role.MAIN:
        tags.append(_(evidence.role.value))
    if evidence.confidence < 1.0:
        tags.append(_("confidence {percent}").format(percent=f"{evidence.confidence:.0%}"))
    tag = f'<span class="tag">{esc(" · ".join(tags))}</span>' if tags else ""
    out = [f'<div class="value">{_marked(evidence, row)}{tag}</div>']
    if evidence.normalised and evidence.normalised != evidence.raw:
        out.append(
            f'<div class="norm">{esc(_("compared as"))} <code>{esc(evidence.normalised)}</code></div>'
        )
    out.append(f'<div class="where">{esc(where(evidence, _))} · {esc(evidence.extractor)}</div>')
    if evidence.note:
        out.append(f'<div class="norm">{esc(_(evidence.note))}</div>')
    crop = images.crop(evidence)
    if crop is not None:
        alt = _("where {value} was read").format(value=evidence.raw)
        out.append(f'<img class="crop" src="{esc(crop)}" alt="{esc(alt)}">')
    return "\n".join(out)


def _field(row: FieldResult, images: PageImages, _: Translate) -> str:
    status = _status_class(row)
    out = [
        f'<section class="field {esc(status)}" id="field-{esc(row.field.value)}">',
        f"<h3>{esc(field_label(row.field, _))} "
        f'<span class="status {esc(status)}">{esc(status_text(row, _))}</span></h3>',
        '<div class="sources">',
    ]
    present = {e.source for e in row.values} | set(row.missing_sources)
    for source in (k for k in SOURCE_ORDER if k in present):
        values = row.values_from(source)
        if not values:
            out.append(
                f'<div class="source missing"><h4>{esc(source_label(source, _))}</h4>'
                f"<p>{esc(_('No value found in this source.'))}</p></div>"
            )
            continue
        mains = [e for e in values if e.role is Role.MAIN] or [values[0]]
        others = [e for e in values if e not in mains]
        out.append(f'<div class="source"><h4>{esc(source_label(source, _))}</h4>')
        out += [_value(e, row, images, _) for e in mains]
        if others:
            out.append('<ul class="also" aria-label="further values">')
            out += [
                f'<li>{_marked(e, row)} <span class="tag">{esc(_(e.role.value))}</span></li>'
                for e in others
            ]
            out.append("</ul>")
        out.append("</div>")
    if not present:
        out.append(f"<p>{esc(_('No source gave a value.'))}</p>")
    out.append("</div></section>")
    return "\n".join(out)


def _documents(report: Report, images: PageImages, _: Translate) -> str:
    out = [f'<h2 id="documents">{esc(_("Documents"))}</h2>', '<div class="docs">']
    for document in report.documents:
        thumb = images.thumbnail(str(document.path))
        if thumb is not None:
            picture = f'<img src="{esc(thumb)}" alt="{esc(document.name)}">'
        else:
            suffix = document.path.suffix.lstrip(".").upper() or "FILE"
            picture = f'<div class="placeholder">{esc(suffix)}</div>'
        out.append(
            f'<figure class="doc">{picture}<figcaption>{esc(document.name)}'
            f'<span class="kind">{esc(source_label(document.kind, _))}</span></figcaption></figure>'
        )
    out.append("</div>")
    if report.unused:
        out.append(f"<p>{esc(_('Not used'))}:</p><ul>")
        out += [
            f"<li>{esc(PurePath(path).name or path)}: {esc(reason)}</li>"
            for path, reason in report.unused
        ]
        out.append("</ul>")
    return "\n".join(out)
