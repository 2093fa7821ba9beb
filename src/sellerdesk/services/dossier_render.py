"""The laid-out dossier (:mod:`services.dossier_layout`) as printable HTML or CommonMark.

All user text is escaped: HTML through :func:`html.escape` (the page has no script, no
external asset), Markdown through :func:`md_escape`, which backslash-escapes only what
CommonMark (or a GitHub viewer's bare links) would turn into markup, so a ``<script>``,
``![x](http://…)`` or ``> quote`` in a subject, message or file name stays text in any
viewer, and ``Inventory > Add a product`` is still written as typed.
"""

from __future__ import annotations

import html
import re

from sellerdesk.core.zh_spacing import colon, list_separator
from sellerdesk.services.dossier_model import DossierDocument, DossierSection, Table

# --- Markdown (CommonMark: headings, paragraphs, lists, hard line breaks; no tables) --------

# anywhere: the escape character, code spans, emphasis, links and images, strike-through,
# raw HTML and autolinks (``<``)
_MD_ALWAYS = re.compile(r"([\\`*\[\]~<])")
# ``_`` opens emphasis only at a word's edge: ``SKU_12_A`` stays as typed
_MD_EDGE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# what GitHub-flavoured viewers turn into links by themselves: ``scheme://``, ``www.``,
# ``name@host``; one escaped character keeps each plain text
_MD_AUTOLINKS = re.compile(r"(?i):(?=//)|(?<=\bwww)\.|(?<=\w)@(?=\w)")
# an entity reference (``&amp;``, ``&#60;``) would be read as the character it names
_MD_ENTITY = re.compile(r"&(?=#\d{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
# what opens a block at a line's start: a quote, a heading, a list item, a thematic break or
# a setext underline (``15.00 h`` or ``-5 %`` open nothing and stay as they are)
_MD_LINE_START = re.compile(
    r"^(>|#{1,6}(?=\s|$)|[-+](?=\s|$)|[-=](?=[-= ]*$))|^(\d{1,9})([.)])(?=\s|$)"
)


def _md_line(line: str) -> str:
    line = line.strip()
    line = _MD_ALWAYS.sub(r"\\\1", line)
    line = _MD_EDGE_UNDERSCORE.sub(r"\\_", line)
    line = _MD_AUTOLINKS.sub(lambda m: "\\" + m.group(0), line)
    line = _MD_ENTITY.sub(r"\\&", line)
    return _MD_LINE_START.sub(
        lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3),
        line,
        count=1,
    )


def md_escape(text: str, indent: str = "") -> str:
    """User text as CommonMark paragraph text that reads back exactly as typed (each line's
    surrounding blanks aside): lines joined by hard breaks, blank lines kept as paragraph
    breaks, continuation lines indented by ``indent`` (inside a list item)."""
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n").strip())
    out = []
    for paragraph in paragraphs:
        lines = [_md_line(line) for line in paragraph.split("\n") if line.strip()]
        out.append(("\\\n" + indent).join(lines))
    return ("\n\n" + indent).join(p for p in out if p)


def _md_table(table: Table, lang: str) -> list[str]:
    lines = []
    for row in table.rows:
        head, rest = row[0], list(zip(table.headers[1:], row[1:], strict=True))
        text = f"- **{md_escape(head)}**"
        text += "".join(f" · {md_escape(h)}{colon(lang)}{md_escape(v, '  ')}" for h, v in rest)
        lines.append(text)
    return lines


def md_code_block(text: str) -> list[str]:
    """``text`` as an indented code block: shown line for line, nothing in it escaped or
    read as markup (a blank line inside stays within the block)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(4).split("\n")
    return [("    " + line).rstrip() for line in lines]


def _md_label(label: str, lang: str) -> str:
    """``**Label:** `` / ``**标签**：`` (core/zh_spacing: a full-width colon, no space after
    it; outside the bold, as CommonMark closes ``**`` before a Chinese letter only then)."""
    if lang == "zh":
        return f"**{md_escape(label)}**{colon(lang)}"
    return f"**{md_escape(label)}:** "


def _md_section(s: DossierSection, lang: str) -> list[str]:
    lines = [f"## {md_escape(s.title)}", ""]
    if s.intro:
        lines += [md_escape(s.intro), ""]
    if s.warning:
        lines += [f"**{md_escape(s.warning)}**", ""]
    if s.preformatted:  # before any list: after one, indented lines would continue its item
        lines += [*md_code_block(s.preformatted), ""]
    if s.is_empty:
        return [*lines, md_escape(s.empty), ""]
    for f in s.fields:
        lines.append(f"- {_md_label(f.label, lang)}{md_escape(f.value, '  ')}")
    for e in s.entries:
        marker = f"{e.number}. "
        pad = " " * len(marker)
        head = " · ".join(md_escape(p) for p in (e.who, e.channel, e.kind))
        lines.append(f"{marker}**{md_escape(e.when)}** ({md_escape(e.when_utc)}) · {head}\\")
        text = md_escape(e.what, pad)
        if e.files:
            text += "\\\n" + pad + md_escape(list_separator(lang).join(e.files))
        lines.append(pad + text)
    if s.table is not None:
        lines += _md_table(s.table, lang)
    return [*lines, ""]


def render_markdown(doc: DossierDocument) -> str:
    lines = [f"# {md_escape(doc.title)}", "", md_escape(doc.generated), ""]
    if doc.notice:
        lines += [f"*{md_escape(doc.notice)}*", ""]
    for s in doc.sections:
        lines += _md_section(s, doc.lang)
    return "\n".join(lines)


# --- HTML (A4, page numbers in the margin, no external asset, no broken words) -------------

CSS = """
@page{size:A4;margin:16mm 14mm 18mm 14mm;
@bottom-left{content:"%(footer)s";font-size:8pt;color:#555}
@bottom-right{content:%(pages)s;font-size:8pt;color:#555}}
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",
-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:60em;color:#111;font-size:10.5pt;
line-height:1.45}
h1{font-size:16pt;margin:0 0 .2em}
h2{font-size:12.5pt;margin:1.4em 0 .4em;border-bottom:1px solid #999;break-after:avoid}
.muted{color:#555}.intro{margin:.2em 0 .5em}
dl.fields{display:grid;grid-template-columns:max-content 1fr;gap:.15em 1.2em;margin:.3em 0}
dl.fields dt{font-weight:600;max-width:14em;word-break:keep-all;overflow-wrap:normal;
hyphens:manual}
dl.fields dd{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%%;margin:.3em 0}
th,td{border:1px solid #bbb;padding:3px 6px;vertical-align:top;text-align:left}
th{background:#eee;word-break:keep-all;overflow-wrap:normal}
td{white-space:pre-wrap;overflow-wrap:anywhere}
td.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:8.5pt;word-break:break-all}
table.timeline col.when{width:11.5em}table.timeline col.who{width:8.5em}
table.timeline col.channel{width:5em}
td .utc,td .kind,td .files{display:block;color:#555;font-size:9pt}
td .files{word-break:keep-all;overflow-wrap:normal}
table.files{table-layout:fixed}table.files col.no{width:3.4em}table.files col.type{width:10em}
table.files col.size{width:9.5em}table.files col.appended{width:13em}
table.files td.name,table.files td.type{white-space:normal;overflow-wrap:normal;
word-break:keep-all}
table.files td.size{word-break:keep-all;overflow-wrap:normal}
table.files tbody{break-inside:avoid}table.files tr.file td{border-bottom:0}
table.files tr.hash td{border-top:0;padding-top:0;color:#555;white-space:nowrap;
overflow-wrap:normal;word-break:normal;font-size:8pt}
table.files tr.hash td::before{content:attr(data-label) "\\a0\\a0";
font-family:-apple-system,"Segoe UI",sans-serif}
p.warning{font-weight:600;color:#8a1c00;margin:.3em 0}p.notice{font-style:italic;margin:.2em 0}
pre.paste{white-space:pre-wrap;overflow-wrap:anywhere;font-family:inherit;font-size:10pt;
background:#f6f6f6;border:1px solid #ccc;padding:.6em .8em;margin:.4em 0}
tr{break-inside:avoid}
@media print{body{margin:0;max-width:none}}
@media screen and (max-width:40em){body{margin:.8em;font-size:11pt}
dl.fields{grid-template-columns:1fr;gap:0}dl.fields dt{max-width:none;margin-top:.35em}
table,tbody,tr,td{display:block;width:auto}thead,colgroup{display:none}
tr{border:1px solid #bbb;margin:.5em 0;padding:.25em .5em}
td{border:0;padding:.1em 0;overflow-wrap:break-word}
td::before{content:attr(data-label);display:block;font-weight:600;color:#555;font-size:9pt}
table.files tbody{display:block;border:1px solid #bbb;margin:.5em 0;padding:.25em .5em}
table.files tr{border:0;margin:0;padding:0}
table.files tr.hash td{font-size:min(8pt,2.2vw);padding-top:.1em}
table.files tr.hash td::before{content:attr(data-label);font-size:9pt}}
"""


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _pages_css(words: str) -> str:
    """``Page {page} of {pages}`` as CSS content: strings around the page counters."""
    parts = []
    for piece in re.split(r"(\{page\}|\{pages\})", words):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append(_css_string(piece))
    return " ".join(parts)


def _td(label: str, text: str, extra: str = "") -> str:
    """A cell that names its column: on a phone the table stacks as cards (CSS), each value
    under its label, instead of squeezing a column to a letter a line."""
    return f'<td data-label="{_h(label)}"{extra}>{text}</td>'


# where a file name or a media type may wrap: after a separator, never inside a word (a
# name's extension stays on its word: "invoice.pdf"; a media type's parts may part at a dot)
_NAME_BREAKS = re.compile(r"(?<=[_\-+ ])")
_TYPE_BREAKS = re.compile(r"(?<=[/.\-+])")


def _breakable(text: str, at: re.Pattern[str]) -> str:
    return "<wbr>".join(_h(part) for part in at.split(text))


def _html_table(table: Table) -> list[str]:
    if table.layout == "files":
        return _html_files(table)
    out = ["<table><thead><tr>", "".join(f"<th>{_h(h)}</th>" for h in table.headers)]
    out.append("</tr></thead><tbody>")
    for row in table.rows:
        cells = "".join(
            _td(table.headers[i], _h(c), ' class="mono"' if i in table.mono else "")
            for i, c in enumerate(row)
        )
        out.append(f"<tr>{cells}</tr>")
    return [*out, "</tbody></table>"]


_FILES_COLUMNS = ("no", "name", "type", "size", "sha", "appended")


def _html_files(table: Table) -> list[str]:
    """The attachments: fixed columns (the name takes what the others leave), names and
    media types wrapped only after a separator; each file's SHA-256 on a line of its own
    under it, in a small fixed font that holds all 64 digits, so none is ever split."""
    kept = [i for i in range(len(table.headers)) if i not in table.below]
    cols = "".join(f'<col class="{_FILES_COLUMNS[i]}">' for i in kept)
    heads = "".join(f"<th>{_h(table.headers[i])}</th>" for i in kept)
    out = [f'<table class="files"><colgroup>{cols}</colgroup><thead><tr>{heads}</tr></thead>']
    for row in table.rows:
        cells = []
        for i in kept:
            kind = _FILES_COLUMNS[i]
            breaks = {"name": _NAME_BREAKS, "type": _TYPE_BREAKS}.get(kind)
            text = _h(row[i]) if breaks is None else _breakable(row[i], breaks)
            cells.append(_td(table.headers[i], text, f' class="{kind}"'))
        out.append(f'<tbody><tr class="file">{"".join(cells)}</tr>')
        for i in sorted(table.below):
            label = table.headers[i]
            out.append(
                f'<tr class="hash"><td colspan="{len(kept)}" data-label="{_h(label)}"'
                f' class="mono">{_h(row[i])}</td></tr>'
            )
        out.append("</tbody>")
    return [*out, "</table>"]


def _html_section(s: DossierSection, headers: tuple[str, ...], lang: str) -> list[str]:
    out = [f"<h2>{_h(s.title)}</h2>"]
    if s.intro:
        out.append(f'<p class="intro muted">{_h(s.intro)}</p>')
    if s.warning:
        out.append(f'<p class="warning">{_h(s.warning)}</p>')
    if s.preformatted:
        out.append(f'<pre class="paste">{_h(s.preformatted)}</pre>')
    if s.is_empty:
        return [*out, f"<p>{_h(s.empty)}</p>"]
    if s.fields:
        out.append('<dl class="fields">')
        out += [f"<dt>{_h(f.label)}</dt><dd>{_h(f.value)}</dd>" for f in s.fields]
        out.append("</dl>")
    if s.entries:
        out.append('<table class="timeline"><colgroup><col class="when"><col class="who">')
        out.append('<col class="channel"><col class="what"></colgroup><thead><tr>')
        out.append("".join(f"<th>{_h(h)}</th>" for h in headers) + "</tr></thead><tbody>")
        for e in s.entries:
            names = list_separator(lang).join(e.files)
            files = f'<span class="files">{_h(names)}</span>' if e.files else ""
            when, who, channel, what = headers
            out.append(
                "<tr>"
                + _td(when, f'{_h(e.when)}<span class="utc">{_h(e.when_utc)}</span>')
                + _td(who, f'{_h(e.who)}<span class="kind">{_h(e.kind)}</span>')
                + _td(channel, _h(e.channel))
                + _td(what, f"{_h(e.what)}{files}")
                + "</tr>"
            )
        out.append("</tbody></table>")
    if s.table is not None:
        out += _html_table(s.table)
    return out


def render_html(doc: DossierDocument) -> str:
    css = CSS % {"footer": _css_string(doc.footer)[1:-1], "pages": _pages_css(doc.page_words)}
    page = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if doc.lang == "zh" else "en"}">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(doc.title)}</title>",
        f"<style>{css}</style></head>",
        "<body>",
        f"<h1>{_h(doc.title)}</h1>",
        f'<p class="muted">{_h(doc.generated)}</p>',
    ]
    if doc.notice:
        page.append(f'<p class="notice">{_h(doc.notice)}</p>')
    for s in doc.sections:
        page += _html_section(s, doc.timeline_headers, doc.lang)
    page += ["</body>", "</html>", ""]
    return "\n".join(page)
